#include "tests/integration/private_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <gtest/gtest.h>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "tests/integration/migrator_harness.h"
#include "tests/integration/process.h"
#include "tests/integration/test_database.h"

namespace cpdns::testing {

namespace fs = std::filesystem;

namespace {

const char* const kServerVariables[] = {"CPDNS_TEST_SOCKET", "CPDNS_TEST_HOST",
                                        "CPDNS_TEST_PORT",   "CPDNS_TEST_USER",
                                        "CPDNS_TEST_SSL_CA", "CPDNS_TEST_PASSWORD"};

// A loopback port nobody listens on now (the OS picks it), to pin the server to.
unsigned int FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("bind: " + std::string(std::strerror(errno)));
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

PrivateServer::PrivateServer(std::string extra_options) : extra_options_(std::move(extra_options)) {
  std::string pattern = (fs::temp_directory_path() / "cpdns-srv-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp: " + std::string(std::strerror(errno)));
  }
  dir_ = pattern;
  port_ = FreeLoopbackPort();
  for (const char* name : kServerVariables) {
    const char* v = std::getenv(name);
    saved_env_.emplace_back(name, v == nullptr ? std::nullopt : std::optional<std::string>(v));
  }
  try {
    Start();
  } catch (...) {
    try {
      RunScript("stop");
    } catch (const std::exception&) {
      // Nothing was started, or it cannot be stopped either: the first error is the one.
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
    throw;
  }
}

PrivateServer::~PrivateServer() {
  try {
    Stop();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "stopping the private server in " << dir_ << ": " << e.what();
  }
  // CPDNS_TEST_KEEP_SERVER keeps the directory (data, mariadbd.err) for a post-mortem.
  if (std::getenv("CPDNS_TEST_KEEP_SERVER") == nullptr) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  } else {
    std::cerr << "kept the private server's directory " << dir_ << "\n";
  }
  for (const auto& [name, value] : saved_env_) {
    if (value) {
      ::setenv(name.c_str(), value->c_str(), 1);
    } else {
      ::unsetenv(name.c_str());
    }
  }
}

std::map<std::string, std::string> PrivateServer::RunScript(const std::string& command) {
  // A tmpdir of its own: at start-up mariadbd deletes every #sql* file in its tmpdir, which
  // in the default /tmp would be the shared server's temporary tables, in use.
  const std::string tmpdir = dir_ + "/tmp";
  fs::create_directories(tmpdir);
  const EnvChanges env = {
      {"CPDNS_MARIADB_DIR", dir_},
      {"CPDNS_MARIADB_PORT", std::to_string(port_)},
      {"CPDNS_MARIADB_BUFFER_POOL", "64M"},
      {"CPDNS_MARIADB_EXTRA_OPTS",
       "--innodb-log-file-size=32M --tmpdir=" + tmpdir + " " + extra_options_}};
  ProcessResult r = RunProcess((SourceDir() / "scripts" / "mariadb").string(), {command}, env);
  if (r.exit_code != 0) {
    throw std::runtime_error("scripts/mariadb " + command + " (" + dir_ + "): " + Describe(r));
  }
  // `export NAME='value'` or `export NAME=value` lines.
  std::map<std::string, std::string> vars;
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("export ", 0) != 0) continue;
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string value = line.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') {
      value = value.substr(1, value.size() - 2);
    }
    vars[line.substr(7, eq - 7)] = value;
  }
  return vars;
}

void PrivateServer::Start(std::optional<std::string> extra_options) {
  if (extra_options) extra_options_ = *extra_options;
  std::map<std::string, std::string> vars = RunScript("start");
  running_ = true;
  if (vars["CPDNS_TEST_PORT"] != std::to_string(port_)) {
    throw std::runtime_error("the private server reports port " + vars["CPDNS_TEST_PORT"] +
                             ", not the pinned " + std::to_string(port_));
  }
  socket_ = vars["CPDNS_TEST_SOCKET"];
  for (const char* name : kServerVariables) ::unsetenv(name);
  for (const auto& [name, value] : vars) ::setenv(name.c_str(), value.c_str(), 1);
}

void PrivateServer::Stop() {
  if (!running_) return;
  RunScript("stop");
  running_ = false;
}

}  // namespace cpdns::testing
