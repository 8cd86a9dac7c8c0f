// A second, private MariaDB server for the tests that stop, restart or reconfigure one
// (the reliability tests); migrator_harness.h includes it.
//
//   PrivateServer server("--max-connections=20");
//   ScratchDatabase db;            // lives on `server`
//   server.Stop();
//   server.Start();
//
// Thread-safety: one test thread (it sets this process's environment).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cpdns::testing {

// A second, private MariaDB server (scripts/mariadb with its own CPDNS_MARIADB_DIR, a small
// buffer pool and a pinned port), for tests that stop, restart or reconfigure a server: the
// shared test server is never touched. While it exists, this process's CPDNS_TEST_*
// variables point at it, so ScratchDatabase, RunMigrator and HeldRun use it; the
// destructor stops it, removes its directory (kept when CPDNS_TEST_KEEP_SERVER is set) and
// restores the variables. Declare it before
// the ScratchDatabases that live on it.
class PrivateServer {
 public:
  // `extra_options`: more mariadbd options (CPDNS_MARIADB_EXTRA_OPTS).
  explicit PrivateServer(std::string extra_options = "");
  ~PrivateServer();
  PrivateServer(const PrivateServer&) = delete;
  PrivateServer& operator=(const PrivateServer&) = delete;

  void Stop();
  // Starts it again on the same datadir and port; `extra_options` replace the earlier ones
  // when given. Throws when the port it reports is not the pinned one.
  void Start(std::optional<std::string> extra_options = std::nullopt);
  unsigned int port() const { return port_; }
  const std::string& socket() const { return socket_; }
  const std::string& dir() const { return dir_; }

 private:
  std::map<std::string, std::string> RunScript(const std::string& command);

  std::string dir_;
  std::string extra_options_;
  unsigned int port_ = 0;
  std::string socket_;
  bool running_ = false;
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_env_;
};

}  // namespace cpdns::testing
