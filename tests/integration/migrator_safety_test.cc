// dns-migrator refusing to do harm: a concurrent run, a wrong schema, hostile
// table names, too many rejected rows; and never showing the password.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "core/database.h"
#include "tests/integration/migrator_harness.h"

namespace cpdns::testing {
namespace {

std::vector<std::string> TableNames(const ScratchDatabase& db) {
  Connection c = db.Connect();
  std::vector<std::string> out;
  for (const Row& r : c.QueryAll("SHOW TABLES")) out.push_back(*r[0]);
  std::sort(out.begin(), out.end());
  return out;
}

std::string CreateStatement(const ScratchDatabase& db, const std::string& table) {
  Connection c = db.Connect();
  return *c.QueryAll("SHOW CREATE TABLE " + QuoteIdentifier(table)).at(0).at(1);
}

// Every run of either program in these tests is watched (tests/integration/process.h): a
// legacy table written between its start and its end fails the test.
TEST(MigratorSafety, LegacyWriteDuringARunFailsTheTestThatRanIt) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  std::vector<std::string> args = ConnectionArgs(db);
  ChildProcess child = ChildProcess::Start(CPDNS_MIGRATOR_BIN, args, ConnectionEnv());
  Connection c = db.Connect();
  c.Execute("UPDATE `dnsrecord_tbl` SET `ttl` = `ttl` + 1 ORDER BY `id` LIMIT 1");
  EXPECT_NONFATAL_FAILURE(child.Wait(), "legacy table " + db.name() + ".dnsrecord_tbl changed");
}

TEST(MigratorSafety, ConcurrentRunIsRefused) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  Connection holder = db.Connect();
  ASSERT_EQ(holder.QueryValue("SELECT GET_LOCK(CONCAT('cloudpods-dns-migrate:', DATABASE()), 0)"),
            "1");
  const Snapshot before = TakeSnapshot(db, TargetTables());
  ProcessResult r = RunMigrator(db, {"--execute"});
  EXPECT_EQ(r.exit_code, 6) << Describe(r);
  EXPECT_NE(r.err.find("cloudpods-dns-migrate:" + db.name()), std::string::npos) << r.err;
  EXPECT_EQ(TakeSnapshot(db, TargetTables()), before);
  for (const std::string& t : BookkeepingTables()) EXPECT_FALSE(TableExists(db, t)) << t;
  // A rollback takes the same lock.
  ProcessResult back = RunMigrator(db, {"--rollback", "any-run", "--execute"});
  EXPECT_EQ(back.exit_code, 6) << Describe(back);
  // Planning only reads: it needs no lock.
  EXPECT_EQ(RunMigrator(db, {}).exit_code, 1);
  holder.Execute("DO RELEASE_LOCK(CONCAT('cloudpods-dns-migrate:', DATABASE()))");
  ProcessResult after = RunMigrator(db, {"--execute"});
  EXPECT_EQ(after.exit_code, 1) << Describe(after);
  EXPECT_EQ(db.Count(kRecordsTable), 237);
}

TEST(MigratorSafety, MissingTargetTablesAreRefusedBeforeAnyWrite) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic", "");
  const std::vector<std::string> tables = TableNames(db);
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());
  ProcessResult r = RunMigrator(db, {"--execute"});
  EXPECT_EQ(r.exit_code, 5) << Describe(r);
  EXPECT_NE(r.err.find("--create-target-tables"), std::string::npos) << r.err;
  EXPECT_EQ(TableNames(db), tables);
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
}

TEST(MigratorSafety, TargetTableLackingAColumn) {
  for (const auto& [table, column] : std::vector<std::pair<std::string, std::string>>{
           {kRecordsTable, "policy_value"}, {kZonesTable, "manager_id"}}) {
    SCOPED_TRACE(table);
    ScratchDatabase db(column.substr(0, 4));
    LoadFixtureDatabase(db, "basic");
    db.Connect().Execute("ALTER TABLE " + QuoteIdentifier(table) + " DROP COLUMN " +
                         QuoteIdentifier(column));
    const std::vector<std::string> tables = TableNames(db);
    const Snapshot target = TakeSnapshot(db, TargetTables());
    ProcessResult r = RunMigrator(db, {"--execute"});
    EXPECT_EQ(r.exit_code, 5) << Describe(r);
    EXPECT_NE(r.err.find(column), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(table), std::string::npos) << r.err;
    EXPECT_EQ(TableNames(db), tables);
    EXPECT_EQ(TakeSnapshot(db, TargetTables()), target);
  }
}

TEST(MigratorSafety, MissingLegacyTableIsRefused) {
  ScratchDatabase db;
  db.LoadTargetSchema("v3.11");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{}, std::vector<std::string>{"--execute"}}) {
    ProcessResult r = RunMigrator(db, args);
    EXPECT_EQ(r.exit_code, 5) << Describe(r);
    EXPECT_NE(r.err.find("dnsrecord_tbl"), std::string::npos) << r.err;
  }
  EXPECT_EQ(TableNames(db),
            (std::vector<std::string>{"dns_records_tbl", "dnszones_tbl", "dnszonevpcs_tbl"}));
}

TEST(MigratorSafety, CreateTargetTables) {
  for (const std::string release : {"v3.11", "v3.10.5"}) {
    SCOPED_TRACE(release);
    ScratchDatabase db(release);
    LoadFixtureDatabase(db, "basic", "");
    ScratchDatabase reference(release + "r");
    ASSERT_NE(db.name(), reference.name());
    reference.LoadTargetSchema(release);
    ProcessResult r =
        RunMigrator(db, {"--execute", "--create-target-tables", "--target-release", release});
    ASSERT_EQ(r.exit_code, 1) << Describe(r);
    for (const char* t : {"dnszones_tbl", "dns_records_tbl", "dnszonevpcs_tbl"}) {
      EXPECT_EQ(CreateStatement(db, t), CreateStatement(reference, t)) << t;
    }
    EXPECT_EQ(db.Count(kRecordsTable), 237);
    EXPECT_EQ(db.Count(kZonesTable), 20);
  }
}

TEST(MigratorSafety, OtherTableNamesWork) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  Connection c = db.Connect();
  // The design document's spelling for the legacy table, and renamed target tables.
  c.Execute(
      "RENAME TABLE `dnsrecord_tbl` TO `dnsrecords_tbl`, `dnszones_tbl` TO `zones_x`, "
      "`dns_records_tbl` TO `records_x`");
  const Snapshot before = TakeSnapshot(db, {"zones_x", "records_x", "dnsrecords_tbl"});
  const std::vector<std::string> names = {"--legacy-table", "dnsrecords_tbl",  "--zones-table",
                                          "zones_x",        "--records-table", "records_x"};
  auto with = [&names](std::vector<std::string> args) {
    args.insert(args.end(), names.begin(), names.end());
    return args;
  };
  TempPath report("names.json");
  ProcessResult plan = RunMigrator(db, with({"--report-json", report.path()}));
  EXPECT_EQ(plan.exit_code, 1) << Describe(plan);
  EXPECT_EQ(ReadJson(report.path()).at("rows").size(), 218u);
  EXPECT_EQ(TakeSnapshot(db, {"zones_x", "records_x", "dnsrecords_tbl"}), before);

  ProcessResult run = RunMigrator(db, with({"--execute", "--report-json", report.path()}));
  ASSERT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_EQ(db.Count("records_x"), 237);
  EXPECT_EQ(db.Count("zones_x"), 20);
  EXPECT_FALSE(TableExists(db, kRecordsTable));
  EXPECT_FALSE(TableExists(db, kZonesTable));
  const std::string run_id = ReadJson(report.path()).at("run_id");

  // A rollback must name the tables the run wrote to.
  db.LoadTargetSchema("v3.11");  // default-named tables that the run never touched
  ProcessResult wrong = RunMigrator(db, {"--rollback", run_id, "--execute"});
  EXPECT_EQ(wrong.exit_code, 5) << Describe(wrong);
  EXPECT_NE(wrong.err.find("records_x"), std::string::npos) << wrong.err;
  EXPECT_EQ(db.Count("records_x"), 237);
  ProcessResult back = RunMigrator(db, with({"--rollback", run_id, "--execute"}));
  ASSERT_EQ(back.exit_code, 0) << Describe(back);
  EXPECT_EQ(TakeSnapshot(db, {"zones_x", "records_x", "dnsrecords_tbl"}), before);
}

TEST(MigratorSafety, HostileTableNamesFailCleanly) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  const std::string hostile = "x`; DROP TABLE dnsrecord_tbl; --";
  const std::vector<std::string> tables = TableNames(db);
  const Snapshot before = TakeSnapshot(db, tables);
  for (const char* option : {"--legacy-table", "--zones-table", "--records-table"}) {
    for (const std::vector<std::string>& mode :
         {std::vector<std::string>{}, std::vector<std::string>{"--execute"},
          std::vector<std::string>{"--execute", "--create-target-tables"}}) {
      std::vector<std::string> args = mode;
      args.push_back(option);
      args.push_back(hostile);
      ProcessResult r = RunMigrator(db, args);
      if (std::string(option) != "--legacy-table" && mode.empty()) {
        // Planning with a target table that does not exist plans as if it were empty.
        EXPECT_EQ(r.exit_code, 1) << option << Describe(r);
      } else {
        EXPECT_EQ(r.exit_code, 5) << option << Describe(r);
        EXPECT_NE(r.err.find(hostile), std::string::npos) << r.err;
      }
      EXPECT_EQ(TakeSnapshot(db, tables), before) << option;
    }
  }
  // Nothing was created either: no bookkeeping, no table of that name.
  EXPECT_EQ(TableNames(db), tables);
}

TEST(MigratorSafety, CreateTargetTablesRefusesOtherTableNames) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic", "");
  const std::vector<std::string> tables = TableNames(db);
  ProcessResult r = RunMigrator(db, {"--execute", "--create-target-tables", "--zones-table",
                                     "zones_x", "--records-table", "records_x"});
  EXPECT_EQ(r.exit_code, 5) << Describe(r);
  EXPECT_EQ(TableNames(db), tables);
}

TEST(MigratorSafety, MaxRejectedThreshold) {
  // bad_input: 43 of its 80 live rows are rejected (53.75%).
  struct Case {
    std::string limit;
    bool aborts;
  } cases[] = {{"42", true}, {"43", false}, {"53%", true}, {"53.8%", false}};
  for (const Case& k : cases) {
    SCOPED_TRACE(k.limit);
    ScratchDatabase db(k.limit);
    LoadFixtureDatabase(db, "bad_input");
    const Snapshot target = TakeSnapshot(db, TargetTables());
    const Snapshot legacy = TakeSnapshot(db, LegacyTables());
    ProcessResult plan = RunMigrator(db, {"--max-rejected", k.limit});
    EXPECT_EQ(plan.exit_code, k.aborts ? 3 : 1) << Describe(plan);
    // A plan prints itself whole, and then says whether --execute would stop.
    EXPECT_NE(plan.out.find("Migration plan"), std::string::npos) << Describe(plan);
    EXPECT_EQ(plan.err.find("would stop before writing") != std::string::npos, k.aborts)
        << Describe(plan);
    ProcessResult r = RunMigrator(db, {"--execute", "--max-rejected", k.limit});
    if (k.aborts) {
      EXPECT_EQ(r.exit_code, 3) << Describe(r);
      EXPECT_NE(r.err.find("nothing was written"), std::string::npos) << r.err;
      EXPECT_EQ(TakeSnapshot(db, TargetTables()), target);
      EXPECT_EQ(db.Count(kMapTable), 0);
      EXPECT_EQ(db.Count(kRunZonesTable), 0);
      EXPECT_EQ(QueryOne(db, "SELECT `status` FROM `cpdns_migration_runs`"), "aborted");
    } else {
      EXPECT_EQ(r.exit_code, 1) << Describe(r);
      EXPECT_EQ(db.Count(kRecordsTable), 43);
    }
    EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
  }
}

TEST(MigratorSafety, PlanEndsAtOnceOnSigterm) {
  // A plan writes nothing, so there is no batch boundary to wait for: a signal
  // must end it, not be swallowed by the handler meant for --execute.
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  Connection gate = db.Connect();
  gate.Execute("LOCK TABLES `dnszones_tbl` WRITE");  // holds the plan up while it reads
  ChildProcess child = StartMigrator(db, {});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (QueryOne(db,
                  "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE `DB` = DATABASE() "
                  "AND `STATE` LIKE 'Waiting for table metadata lock%'") == "0") {
    ASSERT_TRUE(child.Running());
    ASSERT_LT(std::chrono::steady_clock::now(), deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  child.Signal(SIGTERM);
  const auto wait_until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (child.Running() && std::chrono::steady_clock::now() < wait_until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const bool ended = !child.Running();
  gate.Execute("UNLOCK TABLES");
  ProcessResult r = child.Wait();
  EXPECT_TRUE(ended) << "SIGTERM was ignored by a plan; it ended later with " << Describe(r);
  EXPECT_EQ(r.signal, SIGTERM) << Describe(r);
}

TEST(MigratorSafety, PasswordNeverAppears) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  const std::string user = "cpdns_pw_" + std::to_string(::getpid());
  const std::string password = "Pw-9f3c1e7a-never-shown";
  Connection admin = db.Connect();
  admin.Execute("DROP USER IF EXISTS '" + user + "'@'localhost'");
  admin.Execute("CREATE USER '" + user + "'@'localhost' IDENTIFIED BY " + admin.Literal(password));
  admin.Execute("GRANT ALL ON " + QuoteIdentifier(db.name()) + ".* TO '" + user + "'@'localhost'");
  struct DropUser {
    Connection& c;
    std::string user;
    ~DropUser() {
      try {
        c.Execute("DROP USER IF EXISTS '" + user + "'@'localhost'");
      } catch (...) {
      }
    }
  } drop{admin, user};

  const std::vector<std::string> conn = {"--socket", db.options().socket, "--user",
                                         user,       "--database",        db.name()};
  auto args = [&conn](std::vector<std::string> extra) {
    std::vector<std::string> out = conn;
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
  };
  const EnvChanges no_env_password = {{"MYSQL_PWD", std::nullopt}};
  TempPath report("pw.json");

  // While it runs (held up on a table lock), its arguments no longer show the password.
  Connection blocker = db.Connect();
  blocker.Execute("LOCK TABLES `dnsrecord_tbl` WRITE");
  ChildProcess child = ChildProcess::Start(
      CPDNS_MIGRATOR_BIN,
      args({"--password=" + password, "--execute", "--report-json", report.path()}),
      no_env_password);
  // Wait until it is inside the run (its run row exists), so that argv was scrubbed.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (QueryOne(db,
                  "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                  "DATABASE() AND TABLE_NAME = 'cpdns_migration_runs'") == "0" ||
         QueryOne(db, "SELECT COUNT(*) FROM `cpdns_migration_runs`") == "0") {
    ASSERT_TRUE(child.Running());
    ASSERT_LT(std::chrono::steady_clock::now(), deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  std::ifstream cmdline("/proc/" + std::to_string(child.pid()) + "/cmdline", std::ios::binary);
  std::string argv((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(argv.empty());
  EXPECT_EQ(argv.find(password), std::string::npos);
  EXPECT_NE(argv.find("--password="), std::string::npos) << "the option itself stays visible";
  blocker.Execute("UNLOCK TABLES");
  ProcessResult r = child.Wait();
  ASSERT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_EQ(db.Count(kRecordsTable), 237);
  std::string bookkeeping;
  for (const std::string& row : TableRows(db, kMapTable, "1")) bookkeeping += row + "\n";
  ASSERT_FALSE(bookkeeping.empty());

  // Also through MYSQL_PWD, a plan, a rollback and a failed login.
  ProcessResult env_run = RunProcess(
      CPDNS_MIGRATOR_BIN, args({"--report-json", report.path() + "2"}), {{"MYSQL_PWD", password}});
  EXPECT_EQ(env_run.exit_code, 1) << Describe(env_run);
  ProcessResult wrong =
      RunProcess(CPDNS_MIGRATOR_BIN, args({"--password=" + password + "x"}), no_env_password);
  EXPECT_EQ(wrong.exit_code, 8) << Describe(wrong);
  const std::string run_id = ReadJson(report.path()).at("run_id");
  ProcessResult back = RunProcess(
      CPDNS_MIGRATOR_BIN, args({"--password=" + password, "--rollback", run_id, "--execute"}),
      no_env_password);
  EXPECT_EQ(back.exit_code, 0) << Describe(back);
  EXPECT_EQ(db.Count(kRecordsTable), 0);

  std::string everything = bookkeeping + r.out + r.err + env_run.out + env_run.err + wrong.out +
                           wrong.err + back.out + back.err;
  for (const std::string& file : {report.path(), report.path() + "2"}) {
    std::ifstream in(file, std::ios::binary);
    everything +=
        std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  std::remove((report.path() + "2").c_str());
  for (const std::string& row : TableRows(db, kRunsTable, "1")) everything += row + "\n";
  EXPECT_NE(everything.find(user), std::string::npos) << "the user name is shown";
  EXPECT_EQ(everything.find(password), std::string::npos);
  EXPECT_EQ(everything.find("Pw-9f3c1e7a"), std::string::npos);
}

}  // namespace
}  // namespace cpdns::testing
