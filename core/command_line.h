// The command line, --config and option files of both programs, parsed into one
// boost::program_options::variables_map with the `mariadb` client's rules:
//
//   - precedence: the command line, then --config, then the option files (a later
//     file, or a later line, beats an earlier one), then the defaults;
//   - [client], [client-server] and [client-mariadb] give connection options (others
//     there belong to other programs and are ignored); [<program>] gives any option;
//   - a long option may be abbreviated to a unique prefix, except those in
//     NeverAbbreviated(): options that write or delete are spelled out, on the
//     command line and in every file, and never come from a default option file;
//   - `-p` or `--password` without an attached value prompts (the next argument
//     stays an argument), `-pSECRET` / `--password=SECRET` give it;
//   - one positional argument is the database; any other is a usage error.
//
//   CommandLineSpec spec{&all, &connection, "dns-migrator"};   // options_descriptions
//   po::variables_map vm = ParseArguments(spec, {"-u", "op", "-p", "yunioncloud"});
//   // vm["database"] == "yunioncloud", vm["password"] == kPasswordPrompt
//
// Every failure is a UsageError naming the option, and for files the file and line.
// Thread-safety: pure functions of their arguments and the files they read.
#pragma once

#include <boost/program_options.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cpdns {

// Options that write or delete. The one list: an option added later that writes or
// deletes is added here, and the rule holds for it everywhere.
std::span<const std::string_view> NeverAbbreviated();

// The value of "password" when the password is to be asked for on the terminal.
extern const std::string kPasswordPrompt;

struct CommandLineSpec {
  const boost::program_options::options_description* options = nullptr;  // everything
  const boost::program_options::options_description* client_options = nullptr;  // [client]
  std::string program;  // its option-file group, and the name in messages
};

// The full name of the long option `name` (exact, or a unique prefix). `where`
// prefixes messages ("--exec", "FILE:LINE"). Throws UsageError for an unknown or
// ambiguous name, and for an abbreviation of a NeverAbbreviated() option.
std::string ResolveOptionName(const boost::program_options::options_description& desc,
                              const std::string& name, const std::string& where);

// The option files `vm` (parsed) names or implies, in the order they are read.
std::vector<std::string> OptionFilesRead(const boost::program_options::variables_map& vm);

// Parses `args` (without argv[0]). Option files are read unless --help or --version
// is asked for.
boost::program_options::variables_map ParseArguments(const CommandLineSpec& spec,
                                                     const std::vector<std::string>& args);

}  // namespace cpdns
