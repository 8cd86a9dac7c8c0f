// Option files as the `mariadb` client reads them (MariaDB 10.11): which files,
// in which order, and the settings of the groups a program reads from them.
//
//   OptionFileChoice choice;                       // --no-defaults, --defaults-file, ...
//   for (const auto& file : OptionFilesToRead(choice, CurrentOptionFileEnvironment()))
//     for (const OptionSetting& s : ReadOptionFile(file, {"client", "dns-migrator"}))
//       use(s.name, s.value, s.where);             // later settings override earlier ones
//
// The syntax is the client's: `[group]` lines, `name`, `name = value` (a value in
// single or double quotes keeps its spaces and `#`; \n \t \r \b \s \\ \" \' are
// escapes), comments from `#` or `;` at the start of a line and from `#` after a
// value, `_` and `-` alike in names, `loose-` prefixes, and `!include FILE` /
// `!includedir DIR` (its *.cnf files in name order). Connector/C's own reader
// (MYSQL_READ_DEFAULT_FILE/GROUP) is not used: it ignores a missing
// --defaults-file, has no --defaults-extra-file, takes MYSQL_PWD over an empty
// `password=` that the client obeys, and cannot name the file and line of a bad
// setting or tell which values a connection will use before it is made.
//
// Thread-safety: free functions over files; no shared state.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cpdns {

struct OptionSetting {
  std::string name;                  // `_` written as `-`, without a `loose-` prefix
  std::optional<std::string> value;  // nullopt: the name alone (`execute`, `password`)
  std::string group;                 // "" for lines before any group (allowed in --config)
  std::string where;                 // "FILE:LINE", for messages
  bool loose = false;                // `loose-name`: ignored when the program does not know it
};

// The client's choice of files: --no-defaults, --defaults-file, --defaults-extra-file.
struct OptionFileChoice {
  bool no_defaults = false;
  std::string defaults_file;        // read only this file
  std::string defaults_extra_file;  // read after the global files, before ~/.my.cnf
};

// What the default file list depends on: $HOME, $MARIADB_HOME, $MYSQL_HOME.
struct OptionFileEnvironment {
  std::string home;
  std::string mariadb_home;
  std::string mysql_home;
};
OptionFileEnvironment CurrentOptionFileEnvironment();

// The files to read, in the order read: /etc/my.cnf, /etc/mysql/my.cnf,
// $MARIADB_HOME/my.cnf (or $MYSQL_HOME/my.cnf), the --defaults-extra-file,
// ~/.my.cnf; default files that do not exist are left out. A --defaults-file or
// --defaults-extra-file that cannot be read is a UsageError.
std::vector<std::filesystem::path> OptionFilesToRead(const OptionFileChoice& choice,
                                                     const OptionFileEnvironment& env);

// The settings of `groups` (compared without regard to case) in `file` and the
// files it includes, in the order they appear. With `ungrouped` true, lines
// before any [group] are settings too (group ""); otherwise they are an error, as
// for the client. Throws UsageError "FILE:LINE: reason".
std::vector<OptionSetting> ReadOptionFile(const std::filesystem::path& file,
                                          const std::vector<std::string>& groups,
                                          bool ungrouped = false);

}  // namespace cpdns
