#include "core/sql_files.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/errors.h"

namespace cpdns {

namespace fs = std::filesystem;

namespace {

fs::path& ProgramPath() {
  static fs::path path;
  return path;
}

fs::path Executable() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) return exe;
  const fs::path& argv0 = ProgramPath();
  if (argv0.has_parent_path()) return fs::absolute(argv0, ec);
  return {};
}

}  // namespace

void SetProgramPath(const char* argv0) { ProgramPath() = argv0 == nullptr ? "" : argv0; }

fs::path SqlDirectory() {
  std::vector<fs::path> tried;
  if (const char* env = std::getenv("CPDNS_SQL_DIR"); env != nullptr && *env != '\0') {
    if (fs::is_directory(env)) return env;
    throw ConfigError(std::string("CPDNS_SQL_DIR=") + env + " is not a directory");
  }
  if (const fs::path exe = Executable(); !exe.empty()) {
    for (const fs::path& p : {exe.parent_path().parent_path() / "share" / "cloudpods-dns-migrate" / "sql",
                              exe.parent_path() / "sql"}) {
      if (fs::is_directory(p)) return p;
      tried.push_back(p);
    }
  }
  fs::path source = CPDNS_SOURCE_SQL_DIR;
  if (fs::is_directory(source)) return source;
  tried.push_back(source);
  std::string msg = "cannot find the sql/ directory; set CPDNS_SQL_DIR. Tried:";
  for (const fs::path& p : tried) msg += " " + p.string();
  throw ConfigError(msg);
}

std::string ReadTextFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError("cannot read " + file.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<fs::path> SqlFilesIn(const fs::path& folder) {
  fs::path order = folder / "ORDER";
  if (!fs::exists(order)) throw ConfigError("missing " + order.string());
  std::istringstream lines(ReadTextFile(order));
  std::vector<fs::path> files;
  std::string line;
  while (std::getline(lines, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    fs::path f = folder / line;
    if (!fs::exists(f)) throw ConfigError(order.string() + " names a missing file: " + f.string());
    files.push_back(f);
  }
  return files;
}

std::vector<std::string> SplitSqlStatements(std::string_view script) {
  std::vector<std::string> out;
  std::string current;
  bool has_code = false;
  size_t i = 0;
  auto flush = [&] {
    if (has_code) out.push_back(current);
    current.clear();
    has_code = false;
  };
  while (i < script.size()) {
    char c = script[i];
    if (c == '\'' || c == '"' || c == '`') {
      size_t j = i + 1;
      while (j < script.size()) {
        if (script[j] == '\\' && c != '`') {
          j += 2;
          continue;
        }
        if (script[j] == c) {
          if (j + 1 < script.size() && script[j + 1] == c) {  // doubled quote
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      j = std::min(j + 1, script.size());
      current.append(script.substr(i, j - i));
      has_code = true;
      i = j;
    } else if ((c == '-' && script.substr(i, 3) == "-- ") || c == '#' ||
               (c == '-' && script.substr(i, 3) == "--\n")) {
      size_t j = script.find('\n', i);
      j = (j == std::string_view::npos) ? script.size() : j;
      current.append(script.substr(i, j - i));
      i = j;
    } else if (c == '/' && script.substr(i, 2) == "/*") {
      size_t j = script.find("*/", i + 2);
      j = (j == std::string_view::npos) ? script.size() : j + 2;
      current.append(script.substr(i, j - i));
      i = j;
    } else if (c == ';') {
      flush();
      ++i;
    } else {
      if (!std::isspace(static_cast<unsigned char>(c))) has_code = true;
      current += c;
      ++i;
    }
  }
  flush();
  return out;
}

void ExecuteSqlScript(Connection& conn, std::string_view script, const std::string& context) {
  for (const std::string& statement : SplitSqlStatements(script)) {
    try {
      conn.Execute(statement);
    } catch (const DatabaseError& e) {
      throw DatabaseError(context, e.errnum(), e.sqlstate(), e.server_message(), e.statement(),
                          e.retryable());
    }
    conn.ThrowOnWarnings(context);
  }
}

void LoadSqlFolder(Connection& conn, const fs::path& folder) {
  for (const fs::path& f : SqlFilesIn(folder)) {
    ExecuteSqlScript(conn, ReadTextFile(f), "loading " + f.string());
  }
}

}  // namespace cpdns
