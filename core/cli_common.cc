#include "core/cli_common.h"

#include <mysql.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "core/database.h"
#include "core/sql_files.h"

namespace po = boost::program_options;

namespace cpdns {

void AddConnectionOptions(po::options_description& desc) {
  // clang-format off
  desc.add_options()
      ("host,h", po::value<std::string>(), "server host (TCP unless localhost)")
      ("port,P", po::value<unsigned int>(), "server TCP port")
      ("socket,S", po::value<std::string>(), "server unix socket")
      ("user,u", po::value<std::string>(), "user name")
      ("password", po::value<std::string>(),
       "-pSECRET or --password=SECRET; -p or --password alone: prompt. Prefer an option file "
       "or MYSQL_PWD")
      ("database,D", po::value<std::string>(),
       "the Cloudpods region database (also the one argument without an option)")
      ("init-command", po::value<std::string>(), "SQL run at every connection")
      ("ssl-mode", po::value<std::string>(),
       "DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY")
      ("ssl-ca", po::value<std::string>(), "CA certificate file")
      ("ssl-cert", po::value<std::string>(), "client certificate file")
      ("ssl-key", po::value<std::string>(), "client key file")
      ("no-defaults", "read no option file")
      ("defaults-file", po::value<std::string>(), "read only this option file")
      ("defaults-extra-file", po::value<std::string>(),
       "read this option file after the global ones, before ~/.my.cnf");
  // clang-format on
}

void AddCommonOptions(po::options_description& desc) {
  // clang-format off
  desc.add_options()
      ("config", po::value<std::string>(),
       "read options from FILE: [client] and program groups, name = value lines")
      ("log-level", po::value<std::string>(), "trace|debug|info|warn|error (default info)")
      ("quiet,q", "log only warnings and errors; no progress")
      ("verbose,v", "log debug messages too")
      ("help", "show this help")
      ("version", "show the version");
  // clang-format on
}

namespace {

// As the mariadb client does: prompt and read on the terminal (/dev/tty) with echo off,
// so that `dns-migrator -p ... < file` still asks the person; without a terminal, read
// the first line of standard input.
std::string PromptPassword() {
  FILE* tty = std::fopen("/dev/tty", "r+");
  FILE* in = tty != nullptr ? tty : stdin;
  std::fputs("Enter password: ", tty != nullptr ? tty : stderr);
  std::fflush(tty != nullptr ? tty : stderr);
  termios old_attr{};
  const int fd = ::fileno(in);
  const bool echo_off = ::tcgetattr(fd, &old_attr) == 0;
  if (echo_off) {
    termios quiet = old_attr;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSANOW, &quiet);
  }
  std::string pwd;
  for (int c = std::fgetc(in); c != EOF && c != '\n'; c = std::fgetc(in)) {
    pwd += static_cast<char>(c);
  }
  if (!pwd.empty() && pwd.back() == '\r') pwd.pop_back();
  if (echo_off) ::tcsetattr(fd, TCSANOW, &old_attr);
  std::fputs("\n", tty != nullptr ? tty : stderr);
  if (tty != nullptr) std::fclose(tty);
  return pwd;
}

std::string Upper(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

}  // namespace

ConnectionOptions ConnectionOptionsFrom(const po::variables_map& vm) {
  ConnectionOptions o;
  auto str = [&vm](const char* k) { return vm.count(k) ? vm[k].as<std::string>() : std::string(); };
  o.host = str("host");
  if (vm.count("port")) o.port = vm["port"].as<unsigned int>();
  o.socket = str("socket");
  o.user = str("user");
  o.database = str("database");
  o.init_command = str("init-command");
  o.ssl_mode = Upper(str("ssl-mode"));
  if (!o.ssl_mode.empty() && o.ssl_mode != "DISABLED" && o.ssl_mode != "PREFERRED" &&
      o.ssl_mode != "REQUIRED" && o.ssl_mode != "VERIFY_CA" && o.ssl_mode != "VERIFY_IDENTITY") {
    throw UsageError(
        "--ssl-mode must be DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY, not " +
        o.ssl_mode);
  }
  o.ssl_ca = str("ssl-ca");
  o.ssl_cert = str("ssl-cert");
  o.ssl_key = str("ssl-key");
  if (o.database.empty()) {
    throw UsageError(
        "no database: give --database DB (or DB as the argument), or database= in an option "
        "file's [client] group");
  }
  if (vm.count("password")) {
    const std::string p = vm["password"].as<std::string>();
    o.password = p == kPasswordPrompt ? PromptPassword() : p;
  } else {
    ApplyPasswordFromEnvironment(o);
  }
  return o;
}

void ScrubPasswordFromArgv(int argc, char** argv) {
  static const std::string kName = "password";
  for (int i = 1; i < argc; ++i) {
    char* a = argv[i];
    if (std::strcmp(a, "--") == 0) return;
    char* value = nullptr;
    if (a[0] == '-' && a[1] == 'p' && a[2] != '\0') {
      value = a + 2;
    } else if (std::strncmp(a, "--", 2) == 0) {
      const char* eq = std::strchr(a, '=');
      const std::size_t n = eq == nullptr ? 0 : static_cast<std::size_t>(eq - a - 2);
      if (n > 0 && kName.compare(0, n, a + 2, n) == 0 && n <= kName.size()) value = a + 3 + n;
    }
    if (value != nullptr) std::memset(value, 'x', std::strlen(value));
  }
}

std::optional<int> ParseCommandLine(int argc, char** argv, const CommandLineSpec& spec,
                                    po::variables_map& vm, const char* usage, int usage_error) {
  // Reports go to stdout, logs to stderr: whole lines each, so that `2>&1 | tee` never
  // interleaves them mid-line.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  SetProgramPath(argv[0]);
  const std::vector<std::string> args(argv + 1, argv + argc);
  ScrubPasswordFromArgv(argc, argv);
  try {
    vm = ParseArguments(spec, args);
  } catch (const UsageError& e) {
    PrintUsageError(spec.program, e.what());
    return usage_error;
  }
  if (vm.count("help")) {
    std::cout << usage << "\n" << *spec.options << "\n";
    return 0;
  }
  if (vm.count("version")) {
    std::cout << spec.program << " " << CPDNS_VERSION << "\n";
    return 0;
  }
  return std::nullopt;
}

void PrintUsageError(const std::string& program, const std::string& message) {
  std::cerr << program << ": " << message << "\nTry '" << program << " --help'.\n";
}

ConnectionOptions CheckConnection(ConnectionOptions options) {
  try {
    Connection c = Connection::Open(options, "checking the connection");
    MYSQL* m = c.raw();
    const char* user = nullptr;
    const char* socket = nullptr;
    unsigned int port = 0;
    mariadb_get_infov(m, MARIADB_CONNECTION_USER, &user);
    mariadb_get_infov(m, MARIADB_CONNECTION_UNIX_SOCKET, &socket);
    mariadb_get_infov(m, MARIADB_CONNECTION_PORT, &port);
    if (options.user.empty() && user != nullptr) options.user = user;
    const bool tcp = !options.host.empty() && options.host != "localhost";
    if (!tcp && options.socket.empty() && socket != nullptr) options.socket = socket;
    if (tcp && options.port == 0) options.port = port;
    spdlog::info("connected to {} (server {})", options.Describe(), c.server_version());
    return options;
  } catch (const DatabaseError& e) {
    throw ConnectError(e);
  }
}

void SetUpLogging(const po::variables_map& vm) {
  auto logger = spdlog::stderr_color_mt("cpdns");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$: %v");
  spdlog::set_default_logger(logger);
  const int chosen = static_cast<int>(vm.count("log-level") + vm.count("quiet") +
                                      vm.count("verbose"));
  if (chosen > 1) throw UsageError("give at most one of --log-level, --quiet and --verbose");
  std::string level = vm.count("log-level") ? vm["log-level"].as<std::string>() : "info";
  if (vm.count("quiet")) level = "warn";
  if (vm.count("verbose")) level = "debug";
  spdlog::level::level_enum l = spdlog::level::from_str(level);
  if (l == spdlog::level::off && level != "off") {
    throw UsageError("--log-level must be trace, debug, info, warn or error, not " + level);
  }
  spdlog::set_level(l);
  std::string files;
  for (const std::string& f : OptionFilesRead(vm)) files += (files.empty() ? "" : ", ") + f;
  spdlog::debug("option files read: {}{}", files.empty() ? "none" : files,
                vm.count("config") ? "; --config " + vm["config"].as<std::string>() : "");
}

bool ProgressOnTerminal(const po::variables_map& vm) {
  return vm.count("quiet") == 0 && ::isatty(STDERR_FILENO) != 0;
}

}  // namespace cpdns
