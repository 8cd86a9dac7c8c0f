#include "tests/integration/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "core/database.h"
#include "core/errors.h"
#include "tests/integration/migrator_harness.h"
#include "tests/integration/test_database.h"

extern char** environ;

namespace cpdns::testing {

namespace {

std::string TempFile(const char* tag) {
  std::string pattern = "/tmp/cpdns-test-" + std::to_string(::getpid()) + "-" + tag + "-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  int fd = ::mkstemp(buf.data());
  if (fd < 0) throw std::runtime_error("mkstemp: " + std::string(std::strerror(errno)));
  ::close(fd);
  return buf.data();
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The child's environment: ours, with `changes` applied. Built before fork, so the
// child only calls async-signal-safe functions.
std::vector<std::string> Environment(const EnvChanges& changes) {
  std::map<std::string, std::string> vars;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq == std::string::npos) continue;
    vars[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [name, value] : changes) {
    if (value) {
      vars[name] = *value;
    } else {
      vars.erase(name);
    }
  }
  std::vector<std::string> out;
  for (const auto& [k, v] : vars) out.push_back(k + "=" + v);
  return out;
}

// The value of option `name` in `args` ("--name V" or "--name=V"), last one wins.
std::optional<std::string> OptionValue(const std::vector<std::string>& args,
                                       const std::string& name) {
  std::optional<std::string> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == name && i + 1 < args.size()) out = args[i + 1];
    if (args[i].rfind(name + "=", 0) == 0) out = args[i].substr(name.size() + 1);
  }
  return out;
}

// CHECKSUM TABLE ... EXTENDED of each table ("absent" for a missing one), as the
// test's own user; nullopt when they cannot be read now (the database does not
// exist, the server is down, a table is locked by the test).
std::optional<std::vector<std::string>> LegacyChecksums(const std::string& socket,
                                                        const std::string& database,
                                                        const std::vector<std::string>& tables) {
  try {
    ConnectionOptions o = ServerOptions();
    o.socket = socket;
    o.database = database;
    Connection c = Connection::Open(o, "legacy checksums");
    c.Execute("SET SESSION lock_wait_timeout = 5");
    std::vector<std::string> out;
    for (const std::string& t : tables) {
      auto rows = c.QueryAll("CHECKSUM TABLE " + QuoteIdentifier(t) + " EXTENDED");
      if (!rows.empty() && rows[0].size() >= 2 && rows[0][1]) {
        out.push_back(*rows[0][1]);
        continue;
      }
      // NULL: a missing table, or one the test holds locked (lock wait timeout).
      const auto present = c.QueryValue(
          "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
          "TABLE_NAME = " + c.Literal(t));
      if (present.value_or("0") != "0") return std::nullopt;
      out.push_back("absent");
    }
    return out;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

ChildProcess ChildProcess::Start(const std::string& program, const std::vector<std::string>& args,
                                 const EnvChanges& env, const std::string& input) {
  ChildProcess c;
  if (program == CPDNS_MIGRATOR_BIN || program == CPDNS_VERIFIER_BIN) {
    const auto database = OptionValue(args, "--database");
    if (database && !database->empty()) {
      const std::string socket = OptionValue(args, "--socket").value_or(ServerOptions().socket);
      std::vector<std::string> tables = LegacyTables();
      if (auto t = OptionValue(args, "--legacy-table")) tables.push_back(*t);
      if (auto before = LegacyChecksums(socket, *database, tables)) {
        c.legacy_where_.emplace(socket, *database);
        c.legacy_tables_ = std::move(tables);
        c.legacy_before_ = std::move(*before);
      }
    }
  }
  c.out_file_ = TempFile("out");
  c.err_file_ = TempFile("err");
  std::vector<std::string> argv_text;
  argv_text.push_back(program);
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_text = Environment(env);
  std::vector<char*> envp;
  for (std::string& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);

  int out_fd = ::open(c.out_file_.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  int err_fd = ::open(c.err_file_.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (!input.empty()) {
    c.in_file_ = TempFile("in");
    std::ofstream(c.in_file_, std::ios::binary) << input;
  }
  int null_fd = ::open(input.empty() ? "/dev/null" : c.in_file_.c_str(), O_RDONLY | O_CLOEXEC);
  if (out_fd < 0 || err_fd < 0 || null_fd < 0) {
    throw std::runtime_error("opening output files: " + std::string(std::strerror(errno)));
  }
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork: " + std::string(std::strerror(errno)));
  if (pid == 0) {
    // stdin from /dev/null (or the given input), and a session of its own, with no
    // controlling terminal: a password prompt reads that input, as it would under cron.
    ::setsid();
    ::dup2(null_fd, STDIN_FILENO);
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(err_fd, STDERR_FILENO);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(out_fd);
  ::close(err_fd);
  ::close(null_fd);
  c.pid_ = pid;
  return c;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_),
      legacy_where_(std::move(other.legacy_where_)),
      legacy_tables_(std::move(other.legacy_tables_)),
      legacy_before_(std::move(other.legacy_before_)),
      status_(other.status_),
      out_file_(std::move(other.out_file_)),
      err_file_(std::move(other.err_file_)),
      in_file_(std::move(other.in_file_)) {
  other.pid_ = -1;
  other.out_file_.clear();
  other.err_file_.clear();
  other.in_file_.clear();
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !status_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (!out_file_.empty()) ::unlink(out_file_.c_str());
  if (!err_file_.empty()) ::unlink(err_file_.c_str());
  if (!in_file_.empty()) ::unlink(in_file_.c_str());
}

void ChildProcess::Reap(int status) { status_ = status; }

bool ChildProcess::Running() {
  if (status_) return false;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    Reap(status);
    return false;
  }
  return true;
}

void ChildProcess::Signal(int signal) {
  if (Running()) ::kill(pid_, signal);
}

ProcessResult ChildProcess::Wait() {
  if (!status_) {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0) {
      if (errno != EINTR) throw std::runtime_error("waitpid: " + std::string(std::strerror(errno)));
    }
    Reap(status);
  }
  CheckLegacyUnchanged();
  ProcessResult r;
  if (WIFEXITED(*status_)) r.exit_code = WEXITSTATUS(*status_);
  if (WIFSIGNALED(*status_)) r.signal = WTERMSIG(*status_);
  r.out = Slurp(out_file_);
  r.err = Slurp(err_file_);
  return r;
}

void ChildProcess::CheckLegacyUnchanged() {
  if (!legacy_where_) return;
  const auto [socket, database] = *legacy_where_;
  legacy_where_.reset();  // once per run
  auto after = LegacyChecksums(socket, database, legacy_tables_);
  if (!after) return;
  for (std::size_t i = 0; i < legacy_tables_.size(); ++i) {
    if ((*after)[i] != legacy_before_[i]) {
      ADD_FAILURE() << "legacy table " << database << "." << legacy_tables_[i]
                    << " changed during a run of this program: checksum " << legacy_before_[i]
                    << " before, " << (*after)[i] << " after";
    }
  }
}

ProcessResult RunProcess(const std::string& program, const std::vector<std::string>& args,
                         const EnvChanges& env, const std::string& input) {
  return ChildProcess::Start(program, args, env, input).Wait();
}

}  // namespace cpdns::testing
