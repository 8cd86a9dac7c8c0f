#include "core/option_files.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>

#include "core/errors.h"

namespace cpdns {

namespace fs = std::filesystem;

namespace {

// The client gives up on deeper !include chains; so do we (a file including itself).
constexpr int kMaxIncludeDepth = 10;

std::string Trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool Readable(const fs::path& p) {
  std::ifstream in(p);
  return static_cast<bool>(in);
}

// The value after `=`: quotes removed, escapes applied, a trailing `# comment` dropped.
std::string ParseValue(std::string_view raw, const std::string& where) {
  std::string v = Trim(raw);
  char quote = 0;
  if (!v.empty() && (v[0] == '"' || v[0] == '\'')) quote = v[0];
  std::string out;
  std::size_t i = quote ? 1 : 0;
  bool closed = false;
  for (; i < v.size(); ++i) {
    const char c = v[i];
    if (quote && c == quote) {
      closed = true;
      ++i;
      break;
    }
    if (!quote && c == '#') break;
    if (c == '\\' && i + 1 < v.size()) {
      const char n = v[++i];
      switch (n) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 's': out += ' '; break;
        case '\\': case '"': case '\'': out += n; break;
        default: out += '\\'; out += n; break;
      }
      continue;
    }
    out += c;
  }
  if (quote) {
    if (!closed) throw UsageError(where + ": the value has no closing " + std::string(1, quote));
    const std::string rest = Trim(v.substr(std::min(i, v.size())));
    if (!rest.empty() && rest[0] != '#') {
      throw UsageError(where + ": text after the quoted value: " + rest);
    }
    return out;
  }
  return Trim(out);
}

struct Reader {
  std::vector<std::string> groups;
  bool ungrouped = false;
  std::vector<OptionSetting> out;

  bool Wanted(const std::string& group) const {
    const std::string g = Lower(group);
    return std::any_of(groups.begin(), groups.end(),
                       [&g](const std::string& w) { return Lower(w) == g; });
  }

  void Include(const std::string& directive, const std::string& where, int depth) {
    const bool dir = directive.rfind("!includedir", 0) == 0;
    const std::string target = Trim(directive.substr(dir ? 11 : 8));
    if (target.empty()) throw UsageError(where + ": " + directive + " names no file");
    if (!dir) {
      if (!Readable(target)) throw UsageError(where + ": cannot read the included file " + target);
      Read(target, depth + 1);
      return;
    }
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(target, ec)) {
      if (entry.path().extension() == ".cnf") files.push_back(entry.path());
    }
    if (ec) throw UsageError(where + ": cannot read the included directory " + target);
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) Read(f, depth + 1);
  }

  void Setting(const std::string& line, const std::string& group, const std::string& where) {
    const auto eq = line.find('=');
    OptionSetting s;
    s.name = Trim(line.substr(0, eq));
    if (s.name.empty()) throw UsageError(where + ": an option without a name");
    std::replace(s.name.begin(), s.name.end(), '_', '-');
    if (s.name.rfind("loose-", 0) == 0) {
      s.loose = true;
      s.name.erase(0, 6);
    }
    if (s.name.find_first_of(" \t") != std::string::npos) {
      throw UsageError(where + ": not an option line: " + line);
    }
    if (eq != std::string::npos) s.value = ParseValue(std::string_view(line).substr(eq + 1), where);
    s.group = group;
    s.where = where;
    out.push_back(std::move(s));
  }

  void Read(const fs::path& file, int depth) {
    if (depth > kMaxIncludeDepth) {
      throw UsageError(file.string() + ": !include nested more than " +
                       std::to_string(kMaxIncludeDepth) + " deep");
    }
    std::ifstream in(file);
    if (!in) throw UsageError("cannot read the option file " + file.string());
    std::string line;
    std::optional<std::string> group;  // nullopt before the first [group]
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      const std::string where = file.string() + ":" + std::to_string(number);
      const std::string t = Trim(line);
      if (t.empty() || t[0] == '#' || t[0] == ';') continue;
      if (t.rfind("!include", 0) == 0) {
        Include(t, where, depth);
        continue;
      }
      if (t[0] == '[') {
        if (t.back() != ']') throw UsageError(where + ": a group line must end with ]: " + t);
        group = Trim(std::string_view(t).substr(1, t.size() - 2));
        continue;
      }
      if (!group && !ungrouped) {
        throw UsageError(where + ": an option before any [group]: " + t);
      }
      if (group && !Wanted(*group)) continue;
      Setting(t, group.value_or(""), where);
    }
  }
};

}  // namespace

OptionFileEnvironment CurrentOptionFileEnvironment() {
  auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return v == nullptr ? std::string() : std::string(v);
  };
  return {env("HOME"), env("MARIADB_HOME"), env("MYSQL_HOME")};
}

std::vector<fs::path> OptionFilesToRead(const OptionFileChoice& choice,
                                        const OptionFileEnvironment& env) {
  if (!choice.defaults_file.empty()) {
    if (!Readable(choice.defaults_file)) {
      throw UsageError("cannot read --defaults-file " + choice.defaults_file);
    }
    return {choice.defaults_file};
  }
  if (!choice.defaults_extra_file.empty() && !Readable(choice.defaults_extra_file)) {
    throw UsageError("cannot read --defaults-extra-file " + choice.defaults_extra_file);
  }
  if (choice.no_defaults) return {};
  std::vector<fs::path> candidates = {"/etc/my.cnf", "/etc/mysql/my.cnf"};
  const std::string& server_home = !env.mariadb_home.empty() ? env.mariadb_home : env.mysql_home;
  if (!server_home.empty()) candidates.push_back(fs::path(server_home) / "my.cnf");
  std::vector<fs::path> out;
  for (const fs::path& p : candidates) {
    if (Readable(p)) out.push_back(p);
  }
  if (!choice.defaults_extra_file.empty()) out.push_back(choice.defaults_extra_file);
  if (!env.home.empty() && Readable(fs::path(env.home) / ".my.cnf")) {
    out.push_back(fs::path(env.home) / ".my.cnf");
  }
  return out;
}

std::vector<OptionSetting> ReadOptionFile(const fs::path& file,
                                          const std::vector<std::string>& groups,
                                          bool ungrouped) {
  Reader r{groups, ungrouped, {}};
  r.Read(file, 0);
  return std::move(r.out);
}

}  // namespace cpdns
