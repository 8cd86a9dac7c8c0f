// Command-line pieces both programs share: the MySQL-client connection
// options, the password prompt and argv scrubbing, logging set-up.
//
//   po::options_description desc;
//   AddConnectionOptions(desc);
//   ... parse ...
//   ConnectionOptions c = ConnectionOptionsFrom(vm);   // prompts when asked to
//   ScrubPasswordFromArgv(argc, argv, password);
//
// Thread-safety: call from main only.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>

#include "core/connection_options.h"

namespace cpdns {

void AddConnectionOptions(boost::program_options::options_description& desc);

// Builds the connection settings; `--password` without a value prompts on the
// terminal; no --password at all takes MYSQL_PWD, then the option file.
ConnectionOptions ConnectionOptionsFrom(const boost::program_options::variables_map& vm);

// Overwrites the value of --password=... / -pXXX / "--password X" / "-p X" in argv, and
// `parsed` (the value the option parser took, when not empty) wherever it stands, so that
// `ps` never shows it.
void ScrubPasswordFromArgv(int argc, char** argv, const std::string& parsed = "");

// Adds --config, --log-level, --help and --version.
void AddCommonOptions(boost::program_options::options_description& desc);

// Parses argv and the --config file into `vm`, blanks a password in argv, and
// answers --help (`usage` then the options) and --version. Returns nullopt when
// the program should run, else the exit code to return (0 after help/version,
// `usage_error` after a bad option, with a message naming `program`).
std::optional<int> ParseCommandLine(int argc, char** argv,
                                    const boost::program_options::options_description& all,
                                    boost::program_options::variables_map& vm,
                                    const std::string& program, const char* usage, int usage_error);

// spdlog to stderr with "level: message"; `level` is trace|debug|info|warn|error.
void SetUpLogging(const std::string& level);

}  // namespace cpdns
