// Command-line pieces both programs share: the MySQL-client connection options
// and option files (command_line.h parses them), the password prompt and argv
// scrubbing, the first connection that settles which server, user and database a
// run uses, and logging.
//
//   po::options_description conn, all;
//   AddConnectionOptions(conn);  AddCommonOptions(all);  all.add(conn);
//   CommandLineSpec spec{&all, &conn, "dns-migrator"};
//   po::variables_map vm;
//   if (auto code = ParseCommandLine(argc, argv, spec, vm, "Usage: ...", 2)) return *code;
//   ConnectionOptions c = ConnectionOptionsFrom(vm);   // prompts when asked to
//   c = CheckConnection(c);                            // ConnectError when refused
//
// Thread-safety: call from main only.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>

#include "core/command_line.h"
#include "core/connection_options.h"
#include "core/errors.h"

namespace cpdns {

// --host --port --socket --user --password --database --init-command --ssl-*, and
// --no-defaults --defaults-file --defaults-extra-file.
void AddConnectionOptions(boost::program_options::options_description& desc);

// Adds --config, --log-level, --quiet, --verbose, --help and --version.
void AddCommonOptions(boost::program_options::options_description& desc);

// Builds the connection settings. The password: the command line's (or a prompt on
// the terminal for `-p`), else the option files' (a bare `password` line prompts),
// else MYSQL_PWD, else none: the `mariadb` client's order. UsageError for a bad
// --ssl-mode or a missing database.
ConnectionOptions ConnectionOptionsFrom(const boost::program_options::variables_map& vm);

// Overwrites the value of --password=... / -pXXX (and of abbreviations such as
// --pass=...) in argv, so that `ps` never shows it.
void ScrubPasswordFromArgv(int argc, char** argv);

// Scrubs argv, then parses it with the files (command_line.h), and answers --help
// (`usage` then the options) and --version. Returns nullopt when the program should
// run, else the exit code to return (0 after help/version, `usage_error` after a
// UsageError, with a message naming the program).
std::optional<int> ParseCommandLine(int argc, char** argv, const CommandLineSpec& spec,
                                    boost::program_options::variables_map& vm, const char* usage,
                                    int usage_error);

// "PROGRAM: MESSAGE" and "Try 'PROGRAM --help'." on stderr.
void PrintUsageError(const std::string& program, const std::string& message);

// The server refused the first connection, or could not be reached: nothing started.
class ConnectError : public DatabaseError {
 public:
  explicit ConnectError(const DatabaseError& e) : DatabaseError(e) {}
};

// Connects once, as the run will, and returns `options` with the user, socket or
// port the client library chose when they were not given, so that logs, reports and
// the resume key name the effective ones. Throws ConnectError.
ConnectionOptions CheckConnection(ConnectionOptions options);

// spdlog to stderr with "level: message", from --log-level, --quiet (warnings and
// errors only) or --verbose (debug); at most one of them. UsageError otherwise.
void SetUpLogging(const boost::program_options::variables_map& vm);

// True when progress is to be drawn on the terminal (stderr is one, and not --quiet).
bool ProgressOnTerminal(const boost::program_options::variables_map& vm);

// Sets up logging and turns the parsed options into a program's options with
// `build`; a bad value (any cpdns::Error) is printed as a usage error and gives
// nullopt: the program then exits with its usage-error code.
template <typename Options, typename Build>
std::optional<Options> ProgramOptions(const boost::program_options::variables_map& vm,
                                      const std::string& program, Build build) {
  try {
    SetUpLogging(vm);
    return build(vm);
  } catch (const Error& e) {
    PrintUsageError(program, e.what());
    return std::nullopt;
  }
}

}  // namespace cpdns
