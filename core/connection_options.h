// How to reach the Cloudpods region database, in the MySQL client's own
// conventions: host, port, socket, user, password, database, TLS, as the command
// line and the option files settled them (cli_common.h).
//
//   ConnectionOptions opts;
//   opts.socket = "/run/mysqld/mysqld.sock";
//   opts.database = "yunioncloud";
//   auto conn = Connection::Open(opts, "reader");
//
// Describe() never shows the password. Thread-safety: plain value.
#pragma once

#include <optional>
#include <string>

namespace cpdns {

struct ConnectionOptions {
  std::string host;  // empty: the client library's default (localhost / socket)
  unsigned int port = 0;
  std::string socket;
  std::string user;
  std::optional<std::string> password;  // nullopt: none
  std::string database;
  std::string init_command;  // SQL the client library runs at every connection
  std::string ssl_mode;  // "", DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY
  std::string ssl_ca;
  std::string ssl_cert;
  std::string ssl_key;

  // "user@host:port/db" or "user@socket:/path/db", for logs and errors.
  std::string Describe() const;
};

// Fills `password` from MYSQL_PWD when no other source gave one (the client's
// order: the command line, the option files, then MYSQL_PWD).
void ApplyPasswordFromEnvironment(ConnectionOptions& options);

}  // namespace cpdns
