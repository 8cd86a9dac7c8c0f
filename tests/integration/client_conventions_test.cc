// Both programs connect as the `mariadb` client does: each case runs the real client
// (Debian's mariadb-client) and the program with the same option files in a
// temporary HOME and the same environment, against the private server, and expects
// the same outcome. Also: usage errors for stray arguments and abbreviated write
// options, -p prompting, and the effective connection in reports.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>

#include "tests/integration/migrator_harness.h"

namespace cpdns::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRight = "Right-pw-4417";
constexpr const char* kWrong = "Wrong-pw-4417";

// A temporary HOME with a ~/.my.cnf, and a user whose password is kRight.
class ClientHome {
 public:
  explicit ClientHome(const ScratchDatabase& db)
      : admin_(db.Connect()), user_("cpdns_cc_" + std::to_string(::getpid())) {
    std::string pattern = (fs::temp_directory_path() / "cpdns-home-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    home_ = pattern;
    admin_.Execute("DROP USER IF EXISTS '" + user_ + "'@'localhost'");
    admin_.Execute("CREATE USER '" + user_ + "'@'localhost' IDENTIFIED BY '" + kRight + "'");
    admin_.Execute("GRANT ALL ON " + QuoteIdentifier(db.name()) + ".* TO '" + user_ +
                   "'@'localhost'");
  }
  ~ClientHome() {
    admin_.Execute("DROP USER IF EXISTS '" + user_ + "'@'localhost'");
    fs::remove_all(home_);
  }
  ClientHome(const ClientHome&) = delete;
  ClientHome& operator=(const ClientHome&) = delete;

  const std::string& user() const { return user_; }
  const fs::path& home() const { return home_; }
  // ~/.my.cnf: `[client]` with the socket, then `client_lines`, then `more`.
  void WriteMyCnf(const std::string& client_lines, const std::string& more = "") const {
    std::ofstream(home_ / ".my.cnf") << "[client]\nsocket=" << ServerOptions().socket << "\n"
                                     << client_lines << more;
  }
  fs::path WriteFile(const std::string& name, const std::string& text) const {
    std::ofstream(home_ / name) << text;
    return home_ / name;
  }
  EnvChanges Env(std::optional<std::string> mysql_pwd = std::nullopt) const {
    return {{"HOME", home_.string()},
            {"MYSQL_PWD", std::move(mysql_pwd)},
            {"MYSQL_HOME", std::nullopt},
            {"MARIADB_HOME", std::nullopt}};
  }

 private:
  Connection admin_;
  std::string user_;
  fs::path home_;
};

// The real client: who it logged in as and which database it chose, or "refused".
std::string RealClient(const EnvChanges& env, std::vector<std::string> args,
                       const std::string& input = "") {
  args.insert(args.end(), {"-N", "-B", "-e", "SELECT CURRENT_USER(), IFNULL(DATABASE(), '-')"});
  ProcessResult r = RunProcess("/usr/bin/mariadb", args, env, input);
  if (r.exit_code != 0) return "refused";
  std::string out = r.out.substr(0, r.out.find('\n'));
  std::replace(out.begin(), out.end(), '\t', ' ');
  return out;
}

// The migrator's plan: the user it connected as and the database, as its report
// names them, or "refused" (exit 8, cannot connect or log in).
std::string Migrator(const EnvChanges& env, const std::vector<std::string>& args,
                     const std::string& input = "") {
  ProcessResult r = RunProcess(CPDNS_MIGRATOR_BIN, args, env, input);
  if (r.exit_code == 8) return "refused";
  if (r.exit_code != 1) return "exit " + std::to_string(r.exit_code) + ": " + r.err;
  const std::string key = "  database:           ";
  const auto at = r.out.find(key);
  if (at == std::string::npos) return "no database line: " + r.out;
  const std::string line = r.out.substr(at + key.size(), r.out.find('\n', at) - at - key.size());
  // user@socket:/path/db -> "user@localhost db", as CURRENT_USER() and DATABASE() read.
  return line.substr(0, line.find('@')) + "@localhost " + line.substr(line.rfind('/') + 1);
}

TEST(ClientConventions, PasswordPrecedenceIsTheClients) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  ClientHome home(db);
  const std::string me = home.user() + "@localhost " + db.name();
  struct Case {
    std::string name, file_lines;
    std::optional<std::string> env;
    std::vector<std::string> args;
    std::string want;
  };
  const std::string user = "user=" + home.user() + "\ndatabase=" + db.name() + "\n";
  const std::vector<Case> cases = {
      {"file only", user + "password=" + kRight + "\n", std::nullopt, {}, me},
      {"the file beats MYSQL_PWD", user + "password=" + kRight + "\n", kWrong, {}, me},
      {"a wrong file password beats MYSQL_PWD", user + "password=" + kWrong + "\n", kRight, {},
       "refused"},
      {"an empty file password beats MYSQL_PWD", user + "password=\n", kRight, {}, "refused"},
      {"MYSQL_PWD when no file has one", user, kRight, {}, me},
      {"the command line beats both", user + "password=" + kWrong + "\n", kWrong,
       {std::string("-p") + kRight}, me},
      {"the command line user, the file password", "password=" + std::string(kRight) + "\n",
       kWrong, {"-u", home.user(), db.name()}, me},
      {"--defaults-extra-file comes before ~/.my.cnf",
       user + "password=" + kRight + "\n", std::nullopt,
       {"--defaults-extra-file=" +
        home.WriteFile("extra.cnf", "[client]\npassword=" + std::string(kWrong) + "\n").string()},
       me},
      {"--defaults-file replaces ~/.my.cnf", user + "password=" + kWrong + "\n", std::nullopt,
       {"--defaults-file=" +
        home.WriteFile("only.cnf", "[client]\nsocket=" + ServerOptions().socket + "\n" + user +
                                       "password=" + kRight + "\n")
            .string()},
       me},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    home.WriteMyCnf(c.file_lines);
    const std::string client = RealClient(home.Env(c.env), c.args);
    EXPECT_EQ(client, c.want) << "the mariadb client itself";
    EXPECT_EQ(Migrator(home.Env(c.env), c.args), client);
  }
}

TEST(ClientConventions, BarePasswordOptionPromptsAndTheNextArgumentIsTheDatabase) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  ClientHome home(db);
  home.WriteMyCnf("");
  const std::vector<std::string> args = {"-u", home.user(), "-p", db.name()};
  const std::string input = std::string(kRight) + "\n";
  const std::string me = home.user() + "@localhost " + db.name();
  EXPECT_EQ(RealClient(home.Env(), args, input), me);
  EXPECT_EQ(Migrator(home.Env(), args, input), me);
  ProcessResult r = RunProcess(CPDNS_VERIFIER_BIN, args, home.Env(), input);
  EXPECT_EQ(r.exit_code & 8, 0) << Describe(r);
  EXPECT_NE(r.err.find("Enter password:"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find(home.user() + "@socket:"), std::string::npos) << r.out;
}

TEST(ClientConventions, StrayArgumentsAndMissingFilesAreUsageErrors) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  ClientHome home(db);
  home.WriteMyCnf("user=root\n");
  const std::vector<std::vector<std::string>> bad = {
      {db.name(), "garbage"},
      {"--zone", "com", "com.cn", db.name()},
      {"-D", db.name(), "garbage"},
      {"--defaults-file=" + (home.home() / "absent.cnf").string(), db.name()},
      {"--defaults-extra-file=" + (home.home() / "absent.cnf").string(), db.name()},
      {"--batch-size", "0", db.name()},
      {"--batch-size", "many", db.name()},
      {"--ssl-mode", "SOMETIMES", db.name()},
      {"--target-version", "4.0", db.name()},
      {"--quiet", "--verbose", db.name()},
  };
  for (const auto& args : bad) {
    SCOPED_TRACE(args[0] + " " + args[1]);
    ProcessResult m = RunProcess(CPDNS_MIGRATOR_BIN, args, home.Env());
    EXPECT_EQ(m.exit_code, 2) << Describe(m);
    EXPECT_NE(m.err.find("Try 'dns-migrator --help'"), std::string::npos) << m.err;
    if (args[0] == "--zone" || args[0] == "--batch-size") continue;  // migrator options
    ProcessResult v = RunProcess(CPDNS_VERIFIER_BIN, args, home.Env());
    EXPECT_EQ(v.exit_code, 8) << Describe(v);
  }
  // The real client refuses the same stray argument and the missing file.
  EXPECT_EQ(RealClient(home.Env(), {db.name(), "garbage"}), "refused");
  EXPECT_EQ(RealClient(home.Env(), {"--defaults-file=/nonexistent.cnf"}), "refused");
}

TEST(ClientConventions, WriteOptionsAreNeverAbbreviatedNorReadFromDefaultFiles) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  ClientHome home(db);
  home.WriteMyCnf("user=root\n");
  const Snapshot before = TakeSnapshot(db, TargetTables());
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--exec"}, {"--execut"}, {"--roll", "x"}, {"--rollback=x", "--ex"}}) {
    std::vector<std::string> a = args;
    a.push_back(db.name());
    ProcessResult r = RunProcess(CPDNS_MIGRATOR_BIN, a, home.Env());
    EXPECT_EQ(r.exit_code, 2) << Describe(r);
    EXPECT_NE(r.err.find("never abbreviated"), std::string::npos) << r.err;
  }
  const fs::path config = home.WriteFile("run.conf", "# the run\n[dns-migrator]\nexec\n");
  ProcessResult c = RunProcess(CPDNS_MIGRATOR_BIN, {"--config", config.string(), db.name()},
                               home.Env());
  EXPECT_EQ(c.exit_code, 2) << Describe(c);
  EXPECT_NE(c.err.find(config.string() + ":3: "), std::string::npos) << c.err;
  home.WriteMyCnf("user=root\n", "[dns-migrator]\nexecute\n");
  ProcessResult f = RunProcess(CPDNS_MIGRATOR_BIN, {db.name()}, home.Env());
  EXPECT_EQ(f.exit_code, 2) << Describe(f);
  EXPECT_NE(f.err.find(".my.cnf:5: execute writes or deletes"), std::string::npos) << f.err;
  EXPECT_EQ(TakeSnapshot(db, TargetTables()), before) << "nothing was written";
}

TEST(ClientConventions, ProgramGroupsApplyToTheirOwnProgramOnly) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  ClientHome home(db);
  // zone-inference=none rejects every row without a zone: visible in the totals.
  home.WriteMyCnf("user=root\ndatabase=" + db.name() + "\n",
                  "[dns-verifier]\nzone-inference=psl\n[dns-migrator]\nzone_inference = none\n");
  ProcessResult none = RunProcess(CPDNS_MIGRATOR_BIN, {}, home.Env());
  EXPECT_EQ(none.exit_code, 1) << Describe(none);
  EXPECT_EQ(none.out.find("public suffix list:"), std::string::npos) << none.out;
  EXPECT_NE(none.err.find("connected to root@socket:"), std::string::npos) << none.err;
  // The verifier has no zone-inference option: its own group is checked, strictly.
  ProcessResult v = RunProcess(CPDNS_VERIFIER_BIN, {}, home.Env());
  EXPECT_EQ(v.exit_code, 8) << Describe(v);
  EXPECT_NE(v.err.find("unknown option 'zone-inference'"), std::string::npos) << v.err;
  // --no-defaults reads none of it: then the database must be named.
  ProcessResult bare = RunProcess(CPDNS_MIGRATOR_BIN, {"--no-defaults"}, home.Env());
  EXPECT_EQ(bare.exit_code, 2) << Describe(bare);
  EXPECT_NE(bare.err.find("no database"), std::string::npos) << bare.err;
}

TEST(ClientConventions, ARefusedResumeNamesTheOptionsThatDiffer) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  {
    HeldRun run(db, {"--execute", "--batch-size", "10"});
    run.HoldAt(2);
    run.Signal(SIGTERM);
    ASSERT_EQ(run.Wait().exit_code, 7);
  }
  WaitForMigrationLockFree(db);
  ProcessResult r = RunMigrator(db, {"--resume", "--batch-size", "10", "--zone-inference",
                                     "parent", "--target-version", "3.10"});
  EXPECT_EQ(r.exit_code, 5) << Describe(r);
  EXPECT_NE(r.err.find("zone_inference: recorded \"psl\", now \"parent\""), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("target_version: recorded \"3.11\", now \"3.10\""), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("public_suffix_list: recorded \""), std::string::npos) << r.err;
  // The batch size is no part of the key.
  ProcessResult done = RunMigrator(db, {"--resume", "--batch-size", "50"});
  EXPECT_EQ(done.exit_code, 1) << Describe(done);
}

}  // namespace
}  // namespace cpdns::testing

namespace cpdns::testing {
namespace {

TEST(ClientConventions, ReportsOnStdoutLogsOnStderrQuietAndVerbose) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  ProcessResult plain = RunMigrator(db, {});
  ASSERT_EQ(plain.exit_code, 1) << Describe(plain);
  EXPECT_NE(plain.out.find("Migration plan"), std::string::npos) << plain.out;
  EXPECT_EQ(plain.out.find(" info: "), std::string::npos) << "a log line on stdout";
  EXPECT_NE(plain.err.find(" info: connected to "), std::string::npos) << plain.err;
  EXPECT_EQ(plain.err.find("Migration plan"), std::string::npos) << "the report on stderr";

  ProcessResult quiet = RunMigrator(db, {"--quiet"});
  EXPECT_EQ(quiet.exit_code, 1) << Describe(quiet);
  EXPECT_EQ(quiet.out, plain.out) << "the same report";
  EXPECT_EQ(quiet.err.find(" info: "), std::string::npos) << quiet.err;
  ProcessResult verbose = RunMigrator(db, {"--verbose"});
  EXPECT_NE(verbose.err.find(" debug: option files read: "), std::string::npos) << verbose.err;

  ProcessResult verifier = RunProcess(CPDNS_VERIFIER_BIN, WithConnection(db, {"-q"}), ConnectionEnv());
  EXPECT_EQ(verifier.exit_code & 8, 0) << Describe(verifier);
  EXPECT_NE(verifier.out.find("Verification against"), std::string::npos) << verifier.out;
  EXPECT_EQ(verifier.err.find(" info: "), std::string::npos) << verifier.err;
}

}  // namespace
}  // namespace cpdns::testing
