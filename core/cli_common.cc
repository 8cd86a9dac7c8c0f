#include "core/cli_common.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <string_view>

#include "core/errors.h"

namespace po = boost::program_options;

namespace cpdns {

void AddConnectionOptions(po::options_description& desc) {
  // clang-format off
  desc.add_options()
      ("host,h", po::value<std::string>(), "server host (TCP)")
      ("port,P", po::value<unsigned int>(), "server TCP port")
      ("socket,S", po::value<std::string>(), "server unix socket")
      ("user,u", po::value<std::string>(), "user name")
      ("password,p", po::value<std::string>()->implicit_value(""),
       "password; without a value: prompt. Prefer MYSQL_PWD or an option file")
      ("defaults-file", po::value<std::string>(), "option file with a [client] group")
      ("database,D", po::value<std::string>(), "the Cloudpods region database")
      ("ssl-mode", po::value<std::string>(),
       "DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY")
      ("ssl-ca", po::value<std::string>(), "CA certificate file")
      ("ssl-cert", po::value<std::string>(), "client certificate file")
      ("ssl-key", po::value<std::string>(), "client key file");
  // clang-format on
}

namespace {

std::string PromptPassword() {
  std::cerr << "Enter password: " << std::flush;
  termios old_attr{};
  bool tty = ::tcgetattr(STDIN_FILENO, &old_attr) == 0;
  if (tty) {
    termios quiet = old_attr;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string pwd;
  std::getline(std::cin, pwd);
  if (tty) ::tcsetattr(STDIN_FILENO, TCSANOW, &old_attr);
  std::cerr << "\n";
  return pwd;
}

}  // namespace

ConnectionOptions ConnectionOptionsFrom(const po::variables_map& vm) {
  ConnectionOptions o;
  auto str = [&vm](const char* k) { return vm.count(k) ? vm[k].as<std::string>() : std::string(); };
  o.host = str("host");
  if (vm.count("port")) o.port = vm["port"].as<unsigned int>();
  o.socket = str("socket");
  o.user = str("user");
  o.defaults_file = str("defaults-file");
  o.database = str("database");
  o.ssl_mode = str("ssl-mode");
  for (char& ch : o.ssl_mode) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (!o.ssl_mode.empty() && o.ssl_mode != "DISABLED" && o.ssl_mode != "PREFERRED" &&
      o.ssl_mode != "REQUIRED" && o.ssl_mode != "VERIFY_CA" && o.ssl_mode != "VERIFY_IDENTITY") {
    throw ConfigError(
        "--ssl-mode must be DISABLED, PREFERRED, REQUIRED, VERIFY_CA or "
        "VERIFY_IDENTITY, not " +
        o.ssl_mode);
  }
  o.ssl_ca = str("ssl-ca");
  o.ssl_cert = str("ssl-cert");
  o.ssl_key = str("ssl-key");
  if (vm.count("password")) {
    std::string p = vm["password"].as<std::string>();
    o.password = p.empty() ? PromptPassword() : p;
  }
  ApplyPasswordFromEnvironment(o);
  return o;
}

void ScrubPasswordFromArgv(int argc, char** argv, const std::string& parsed) {
  auto blank = [](char* s) { std::memset(s, 'x', std::strlen(s)); };
  for (int i = 1; i < argc; ++i) {
    char* a = argv[i];
    if (std::strncmp(a, "--password=", 11) == 0) {
      blank(a + 11);
    } else if (std::strncmp(a, "-p", 2) == 0 && a[2] != '\0') {
      blank(a + 2);
    } else if ((std::strcmp(a, "--password") == 0 || std::strcmp(a, "-p") == 0) &&
               i + 1 < argc && argv[i + 1][0] != '-') {
      blank(argv[i + 1]);
    }
  }
  // Whatever spelling the option parser accepted (an abbreviation such as --pass=X, a value
  // after -p): the value it took is blanked wherever it stands.
  if (parsed.empty()) return;
  for (int i = 1; i < argc; ++i) {
    const std::size_t n = std::strlen(argv[i]);
    if (n == parsed.size() && parsed == argv[i]) {
      blank(argv[i]);
    } else if (argv[i][0] == '-' && n > parsed.size() &&
               std::string_view(argv[i] + n - parsed.size()) == parsed) {
      blank(argv[i] + n - parsed.size());
    }
  }
}

void AddCommonOptions(po::options_description& desc) {
  // clang-format off
  desc.add_options()
      ("config", po::value<std::string>(), "read options from FILE (name = value lines)")
      ("log-level", po::value<std::string>()->default_value("info"), "trace|debug|info|warn|error")
      ("help", "show this help")
      ("version", "show the version");
  // clang-format on
}

std::optional<int> ParseCommandLine(int argc, char** argv, const po::options_description& all,
                                    po::variables_map& vm, const std::string& program,
                                    const char* usage, int usage_error) {
  try {
    po::store(po::parse_command_line(argc, argv, all), vm);
    ScrubPasswordFromArgv(argc, argv,
                          vm.count("password") ? vm["password"].as<std::string>() : "");
    if (vm.count("config")) {
      std::ifstream in(vm["config"].as<std::string>());
      if (!in) {
        std::cerr << program << ": cannot read --config " << vm["config"].as<std::string>() << "\n";
        return usage_error;
      }
      po::store(po::parse_config_file(in, all), vm);
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << program << ": " << e.what() << "\nTry '" << program << " --help'.\n";
    return usage_error;
  }
  if (vm.count("help")) {
    std::cout << usage << "\n" << all << "\n";
    return 0;
  }
  if (vm.count("version")) {
    std::cout << program << " " << CPDNS_VERSION << "\n";
    return 0;
  }
  return std::nullopt;
}

void SetUpLogging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("cpdns");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::level::level_enum l = spdlog::level::from_str(level);
  if (l == spdlog::level::off && level != "off") {
    throw ConfigError("--log-level must be trace, debug, info, warn or error, not " + level);
  }
  spdlog::set_level(l);
}

}  // namespace cpdns
