// The one error hierarchy of the project. Everything thrown by core/ derives
// from Error; `main` catches in one place and maps the kind to an exit code.
// Expected outcomes (a rejected legacy row, a verifier difference) are
// returned values, never exceptions.
//
//   try { Run(); }
//   catch (const cpdns::DatabaseError& e) { spdlog::error("{}", e.what()); return 4; }
//
// Thread-safety: plain immutable values.
#pragma once

#include <stdexcept>
#include <string>

namespace cpdns {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad options, missing files, a schema that is not what Cloudpods creates.
class ConfigError : public Error {
 public:
  using Error::Error;
};

// A bad command line, option value or option file: the run never started (exit 2).
class UsageError : public ConfigError {
 public:
  using ConfigError::ConfigError;
};

// Anything the server or the client library reported. The message reads
// `context: ERROR 1146 (42S02): Table 'x' doesn't exist`; the statement is kept
// separately so that a caller can log it without repeating it.
class DatabaseError : public Error {
 public:
  DatabaseError(std::string context, unsigned int errnum, std::string sqlstate,
                std::string server_message, std::string statement, bool retryable);

  unsigned int errnum() const { return errnum_; }
  const std::string& sqlstate() const { return sqlstate_; }
  const std::string& server_message() const { return server_message_; }
  const std::string& statement() const { return statement_; }
  // Server gone, connection lost, lock wait timeout, deadlock: the same work
  // may succeed if repeated on a fresh connection or transaction.
  bool retryable() const { return retryable_; }

 private:
  unsigned int errnum_;
  std::string sqlstate_;
  std::string server_message_;
  std::string statement_;
  bool retryable_;
};

// Another migration run holds the lock on this database.
class LockedError : public ConfigError {
 public:
  using ConfigError::ConfigError;
};

// Data that cannot be processed as a whole (not a single bad row: those are results).
class DataError : public Error {
 public:
  using Error::Error;
};

// A broken invariant inside the tool: a bug, never the operator's fault.
class InternalError : public Error {
 public:
  using Error::Error;
};

}  // namespace cpdns
