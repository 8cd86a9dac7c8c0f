#include "core/command_line.h"

#include <algorithm>
#include <array>

#include "core/errors.h"
#include "core/option_files.h"

namespace po = boost::program_options;

namespace cpdns {

namespace {

// --resume is one of them: it implies --execute. --intermediate-zones migrate and
// --intermediate-conflicts keep-both widen what --execute writes, as --overwrite-changed does.
constexpr std::array<std::string_view, 6> kNeverAbbreviated = {
    "execute", "resume", "rollback", "overwrite-changed", "intermediate-zones",
    "intermediate-conflicts"};

// Options that choose files or answer at once: meaningful on the command line only.
constexpr std::array<std::string_view, 6> kCommandLineOnly = {
    "config", "help", "version", "no-defaults", "defaults-file", "defaults-extra-file"};

bool In(std::span<const std::string_view> list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// boost refuses an empty value after `=` (`--password=`, an empty password), and takes
// a separate value only when it does not look like an option (`-p-x`).
void PushPassword(const std::string& value, std::vector<std::string>& out) {
  if (value.empty()) {
    out.insert(out.end(), {"--password", ""});
  } else {
    out.push_back("--password=" + value);
  }
}

// `--name`, `--name=value`, `-p`, `-pVALUE`: the long names resolved, the password
// forms made explicit. Everything else goes to boost as it is.
std::vector<std::string> Normalize(const po::options_description& desc,
                                   const std::vector<std::string>& args) {
  std::vector<std::string> out;
  bool options_ended = false;
  for (const std::string& a : args) {
    if (options_ended || a.size() < 2 || a[0] != '-') {
      out.push_back(a);
      continue;
    }
    if (a == "--") {
      options_ended = true;
      out.push_back(a);
      continue;
    }
    if (a[1] != '-') {
      if (a.rfind("-p", 0) == 0) {
        PushPassword(a == "-p" ? kPasswordPrompt : a.substr(2), out);
      } else {
        out.push_back(a);
      }
      continue;
    }
    const auto eq = a.find('=');
    const std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    const std::string full = ResolveOptionName(desc, name, "--" + name);
    if (full == "password") {
      PushPassword(eq == std::string::npos ? kPasswordPrompt : a.substr(eq + 1), out);
    } else {
      out.push_back("--" + full + (eq == std::string::npos ? "" : a.substr(eq)));
    }
  }
  return out;
}

po::variables_map ParseCommandLineOnly(const CommandLineSpec& spec,
                                       const std::vector<std::string>& args) {
  po::options_description with_positional;
  with_positional.add(*spec.options);
  // clang-format off
  with_positional.add_options()
      ("stray-argument", po::value<std::vector<std::string>>(), "");
  // clang-format on
  po::positional_options_description positional;
  positional.add("database", 1).add("stray-argument", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(Normalize(*spec.options, args))
                  .options(with_positional)
                  .positional(positional)
                  .style(po::command_line_style::default_style &
                         ~po::command_line_style::allow_guessing)
                  .run(),
              vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  if (vm.count("stray-argument")) {
    throw UsageError("unexpected argument '" +
                     vm["stray-argument"].as<std::vector<std::string>>().front() +
                     "': the only argument without an option is the database, given once");
  }
  return vm;
}

// Stores one file setting unless a higher-precedence source gave the option already.
void StoreSetting(const CommandLineSpec& spec, const OptionSetting& s, bool from_config,
                  po::variables_map& vm) {
  const bool client_group = !s.group.empty() && s.group != spec.program;
  const po::options_description& desc = client_group ? *spec.client_options : *spec.options;
  std::string full;
  try {
    full = ResolveOptionName(desc, s.name, s.where);
  } catch (const UsageError&) {
    // [client] is shared with every MySQL program: what is not a connection option is theirs.
    if (s.loose || client_group) return;
    throw;
  }
  if (In(kCommandLineOnly, full)) {
    throw UsageError(s.where + ": " + full + " is taken from the command line only");
  }
  if (!from_config && In(kNeverAbbreviated, full)) {
    throw UsageError(s.where + ": " + full +
                     " writes or deletes: give it on the command line or in --config, never in "
                     "an option file every run reads");
  }
  po::option opt;
  opt.string_key = full;
  if (full == "password" && !s.value) {
    opt.value.push_back(kPasswordPrompt);
  } else if (s.value) {
    opt.value.push_back(*s.value);
  }
  po::parsed_options parsed(spec.options);
  parsed.options.push_back(std::move(opt));
  try {
    po::store(parsed, vm);
  } catch (const po::error& e) {
    throw UsageError(s.where + ": " + e.what());
  }
}

std::vector<std::string> Groups(const CommandLineSpec& spec) {
  return {"client", "client-server", "client-mariadb", spec.program};
}

std::string Text(const po::variables_map& vm, const char* name) {
  return vm.count(name) ? vm[name].as<std::string>() : std::string();
}

}  // namespace

const std::string kPasswordPrompt(std::string_view("\0prompt", 7));

std::span<const std::string_view> NeverAbbreviated() { return kNeverAbbreviated; }

std::string ResolveOptionName(const po::options_description& desc, const std::string& name,
                              const std::string& where) {
  std::vector<std::string> prefixed;
  for (const auto& o : desc.options()) {
    const std::string& full = o->long_name();
    if (full == name) return full;
    if (!name.empty() && full.rfind(name, 0) == 0) prefixed.push_back(full);
  }
  if (prefixed.empty()) throw UsageError(where + ": unknown option '" + name + "'");
  if (prefixed.size() > 1) {
    std::string all;
    for (const std::string& p : prefixed) all += " --" + p;
    throw UsageError(where + ": '" + name + "' is ambiguous:" + all);
  }
  if (In(kNeverAbbreviated, prefixed[0])) {
    throw UsageError(where + ": options that write or delete are never abbreviated: spell out --" +
                     prefixed[0]);
  }
  return prefixed[0];
}

std::vector<std::string> OptionFilesRead(const po::variables_map& vm) {
  OptionFileChoice choice;
  choice.no_defaults = vm.count("no-defaults") > 0;
  choice.defaults_file = Text(vm, "defaults-file");
  choice.defaults_extra_file = Text(vm, "defaults-extra-file");
  std::vector<std::string> out;
  for (const auto& f : OptionFilesToRead(choice, CurrentOptionFileEnvironment())) {
    out.push_back(f.string());
  }
  return out;
}

po::variables_map ParseArguments(const CommandLineSpec& spec,
                                 const std::vector<std::string>& args) {
  po::variables_map vm = ParseCommandLineOnly(spec, args);
  if (vm.count("help") || vm.count("version")) return vm;
  // Later settings beat earlier ones, and boost keeps the first value stored: so the
  // settings go in from the last to the first.
  if (vm.count("config")) {
    const std::string config = vm["config"].as<std::string>();
    if (config.empty()) throw UsageError("--config names no file");
    std::vector<OptionSetting> settings = ReadOptionFile(config, Groups(spec), true);
    for (auto it = settings.rbegin(); it != settings.rend(); ++it) {
      OptionSetting s = *it;
      if (s.group.empty()) s.group = spec.program;
      StoreSetting(spec, s, true, vm);
    }
  }
  std::vector<OptionSetting> settings;
  for (const std::string& file : OptionFilesRead(vm)) {
    std::vector<OptionSetting> more = ReadOptionFile(file, Groups(spec));
    settings.insert(settings.end(), more.begin(), more.end());
  }
  for (auto it = settings.rbegin(); it != settings.rend(); ++it) StoreSetting(spec, *it, false, vm);
  try {
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return vm;
}

}  // namespace cpdns
