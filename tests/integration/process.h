// Integration-test support: runs a program as a child process with given
// arguments and extra environment, captures its stdout, stderr and exit
// status, and lets a test signal it while it runs (SIGTERM to stop it at a
// batch boundary, SIGKILL to cut it off mid-batch).
//
//   ProcessResult r = RunProcess(CPDNS_MIGRATOR_BIN, {"--help"});
//   EXPECT_EQ(r.exit_code, 0);
//
//   ChildProcess child = ChildProcess::Start(bin, args);
//   ... wait for something the child does ...
//   child.Signal(SIGKILL);
//   ProcessResult killed = child.Wait();   // killed.signal == SIGKILL
//
// Output goes to temporary files, not pipes, so a chatty child never blocks on
// a full pipe while the test is busy elsewhere.
//
// The legacy tables are never written: for every run of dns-migrator or
// dns-verifier, the checksums of the legacy tables of its --database (every
// table of sql/legacy and its --legacy-table) are taken before it starts and
// compared when it has ended (Wait); a change fails the test that ran it.
//
// Thread-safety: a ChildProcess belongs to one test thread.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cpdns::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when the child ended by a signal
  int signal = 0;      // the signal that ended it, 0 when it exited
  std::string out;
  std::string err;
};

// Variables set (or, with nullopt, removed) in the child's environment on top of
// the test's own.
using EnvChanges = std::vector<std::pair<std::string, std::optional<std::string>>>;

class ChildProcess {
 public:
  // Starts `program` with `args` (argv[0] is the program), its standard input
  // `input` (default: /dev/null, so that a child never waits for a prompt). Throws
  // std::runtime_error when the program cannot be started.
  static ChildProcess Start(const std::string& program, const std::vector<std::string>& args,
                            const EnvChanges& env = {}, const std::string& input = "");

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // A child still running is killed (SIGKILL) and reaped; its files are removed.
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  // True until the child has ended (reaps it when it has).
  bool Running();
  void Signal(int signal);
  // Waits for the end and returns the status and the captured output.
  ProcessResult Wait();

 private:
  ChildProcess() = default;
  void Reap(int status);
  void CheckLegacyUnchanged();

  pid_t pid_ = -1;
  // Where the legacy tables are (socket, database) and their checksums before the
  // start; empty when the child is neither program or they could not be read.
  std::optional<std::pair<std::string, std::string>> legacy_where_;
  std::vector<std::string> legacy_tables_;
  std::vector<std::string> legacy_before_;
  std::optional<int> status_;
  std::string out_file_;
  std::string err_file_;
  std::string in_file_;
};

ProcessResult RunProcess(const std::string& program, const std::vector<std::string>& args,
                         const EnvChanges& env = {}, const std::string& input = "");

}  // namespace cpdns::testing
