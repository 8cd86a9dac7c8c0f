// The run ledger: --list-runs, and --rollback latest|all|RUN_ID, planned first and done
// with --execute: after several runs it removes exactly what the migration created,
// keeps what someone changed and zones that gained records through the API, finishes
// when run again after a kill, and does nothing the second time. Bookkeeping tables of
// the earlier version (no fingerprints) are upgraded, or refused with what to do.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/database.h"
#include "core/sql_files.h"
#include "tests/integration/living_target.h"

namespace cpdns::testing {
namespace {

using nlohmann::json;

ProcessResult Rollback(const ScratchDatabase& db, const std::string& what, bool execute) {
  std::vector<std::string> args = {"--rollback", what};
  if (execute) args.push_back("--execute");
  return RunMigrator(db, args);
}

TEST(MigratorLedger, RollbackAfterThreeRunsRemovesExactlyWhatTheMigrationCreated) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  // An operator's zone and record from before the migration: never touched.
  const std::string zone = ApiAddZone(db, "ops.example");
  ApiAddRecord(db, zone, "gw", "192.0.2.1");
  const TargetRows before(db);
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());
  HoldLegacyRows(db, "`id` >= 'ba51c000-0010'", "held_c");
  HoldLegacyRows(db, "`id` >= 'ba51c000-0005'", "held_b");

  ASSERT_EQ(RunMigrator(db, {"--execute"}).exit_code, 1);                      // run 1
  const int64_t first_rows = db.Count(kLegacyTable);
  ReturnLegacyRows(db, "held_b");
  // Run 2 is killed a few batches into the rows it adds, then resumed.
  StoppedRun stop = RunAndStopAfterBatches(db, {"--execute", "--batch-size", "5"},
                                           first_rows / 5 + 3, SIGKILL);
  ASSERT_EQ(stop.result.signal, SIGKILL);
  WaitForMigrationLockFree(db);
  ProcessResult resumed = RunMigrator(db, {"--execute", "--resume", "--batch-size", "5"});
  ASSERT_EQ(resumed.exit_code, 1) << Describe(resumed);
  ReturnLegacyRows(db, "held_c");
  ProcessResult third = RunMigrator(db, {"--execute"});                         // run 3
  ASSERT_EQ(third.exit_code, 1) << Describe(third);
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
  EXPECT_EQ(db.Count(kRecordsTable), 237 + 1);
  EXPECT_EQ(db.Count(kRunsTable), 3);

  ProcessResult list = RunMigrator(db, {"--list-runs"});
  ASSERT_EQ(list.exit_code, 0) << Describe(list);
  EXPECT_EQ(CountRows(db, kRunsTable, "`status` = 'finished'"), 3);
  for (const std::string& run :
       {QueryOne(db, "SELECT `run_id` FROM `cpdns_migration_runs` ORDER BY `started_at` LIMIT 1")}) {
    EXPECT_NE(list.out.find(run + "  finished"), std::string::npos) << list.out;
  }

  // Planned: nothing deleted.
  const TargetRows migrated(db);
  ProcessResult plan = Rollback(db, "all", false);
  ASSERT_EQ(plan.exit_code, 0) << Describe(plan);
  EXPECT_NE(plan.out.find("nothing deleted; add --execute"), std::string::npos) << plan.out;
  ExpectSameTargetRows(db, migrated);

  ProcessResult back = Rollback(db, "all", true);
  ASSERT_EQ(back.exit_code, 0) << Describe(back);
  ExpectSameTargetRows(db, before);
  EXPECT_EQ(db.Count(kOwnedRecordsTable), 0);
  EXPECT_EQ(db.Count(kRunZonesTable), 0);
  EXPECT_EQ(CountRows(db, kRunsTable, "`status` = 'rolled_back'"), 3);
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);

  // Twice: nothing to do, nothing changes.
  for (const std::string& what :
       {std::string("all"), std::string("latest"),
        QueryOne(db, "SELECT `run_id` FROM `cpdns_migration_runs` LIMIT 1")}) {
    ProcessResult again = Rollback(db, what, true);
    EXPECT_EQ(again.exit_code, 0) << Describe(again);
    EXPECT_TRUE(again.out.find("No runs to roll back.") != std::string::npos ||
                again.out.find("nothing to do") != std::string::npos)
        << again.out;
  }
  ExpectSameTargetRows(db, before);
  ProcessResult after = RunMigrator(db, {"--list-runs"});
  EXPECT_NE(after.out.find("rolled back 20"), std::string::npos) << after.out;
}

TEST(MigratorLedger, RollbackKeepsChangedRowsAndZonesThatGainedRecords) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  ASSERT_EQ(RunMigrator(db, {"--execute"}).exit_code, 1);
  const std::string changed = RecordIdOf(db, "app01", "example.com");
  ApiUpdateRecord(db, changed, "`ttl` = 42");
  const std::string net = ZoneIdOf(db, "example.net");
  const std::string added = ApiAddRecord(db, net, "added", "192.0.2.77");
  const std::string com = ZoneIdOf(db, "example.com");
  std::vector<std::string> kept_rows;
  for (const auto& [table, id] : std::vector<std::pair<std::string, std::string>>{
           {kRecordsTable, changed}, {kRecordsTable, added}, {kZonesTable, com}, {kZonesTable, net}}) {
    kept_rows.push_back(RowOf(db, table, id, "*"));
  }

  ProcessResult plan = Rollback(db, "latest", false);
  ASSERT_EQ(plan.exit_code, 0) << Describe(plan);
  EXPECT_NE(plan.out.find("would delete 236 records and 18 zones"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("kept record " + changed), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("kept zone example.net (" + net + "): still holds 1 record"),
            std::string::npos)
      << plan.out;
  ProcessResult back = Rollback(db, "latest", true);
  ASSERT_EQ(back.exit_code, 0) << Describe(back);
  EXPECT_NE(back.out.find("deleted 236 records and 18 zones"), std::string::npos) << back.out;
  EXPECT_EQ(db.Count(kRecordsTable), 2);
  EXPECT_EQ(db.Count(kZonesTable), 2);
  std::vector<std::string> rows;
  for (const auto& [table, id] : std::vector<std::pair<std::string, std::string>>{
           {kRecordsTable, changed}, {kRecordsTable, added}, {kZonesTable, com}, {kZonesTable, net}}) {
    rows.push_back(RowOf(db, table, id, "*"));
  }
  EXPECT_EQ(rows, kept_rows);
  // A re-run finds the kept record changed and creates the rest again, into the kept zones.
  TempPath report("rerun.json");
  ASSERT_EQ(RunMigrator(db, {"--execute", "--report-json", report.path()}).exit_code, 1);
  const json totals = ReadJson(report.path()).at("totals").at("changes");
  EXPECT_EQ(totals.at("records").at("create"), 236);
  EXPECT_EQ(totals.at("records").at("changed_in_target"), 1);
  EXPECT_EQ(RowOf(db, kRecordsTable, changed, "*"), kept_rows[0]);
}

TEST(MigratorLedger, KilledRollbackFinishesWhenRunAgain) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  const TargetRows before(db);
  ASSERT_EQ(RunMigrator(db, {"--execute"}).exit_code, 1);
  // Hold one zone row locked: the rollback deletes the records and the zones before it,
  // then waits for it, and is killed there.
  const std::string held =
      QueryOne(db, "SELECT `zone_id` FROM `cpdns_migration_zones` ORDER BY `zone_id` LIMIT 9, 1");
  Connection locker = db.Connect();
  locker.Execute("START TRANSACTION");
  locker.QueryAll("SELECT `id` FROM `dnszones_tbl` WHERE `id` = '" + held + "' FOR UPDATE");
  ChildProcess child = StartMigrator(db, {"--rollback", "latest", "--execute"});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  // Waiting for the row: its locking read of that zone has been running for a while.
  while (QueryOne(db, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE `DB` = "
                      "DATABASE() AND `TIME_MS` > 300 AND `INFO` LIKE 'SELECT `id`, `created_at`%"
                      "FROM `dnszones_tbl` WHERE `id` IN (%" + held + "%FOR UPDATE'") == "0") {
    ASSERT_TRUE(child.Running()) << Describe(child.Wait());
    ASSERT_LT(std::chrono::steady_clock::now(), deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  child.Signal(SIGKILL);
  EXPECT_EQ(child.Wait().signal, SIGKILL);
  locker.Execute("ROLLBACK");
  WaitForMigrationLockFree(db);
  EXPECT_EQ(QueryOne(db, "SELECT `status` FROM `cpdns_migration_runs`"), "rolling_back");
  EXPECT_EQ(db.Count(kRecordsTable), 0) << "the records went first";
  EXPECT_GT(db.Count(kZonesTable), 0);
  EXPECT_LT(db.Count(kZonesTable), 20);

  ProcessResult again = Rollback(db, "latest", true);
  ASSERT_EQ(again.exit_code, 0) << Describe(again);
  ExpectSameTargetRows(db, before);
  EXPECT_EQ(QueryOne(db, "SELECT `status` FROM `cpdns_migration_runs`"), "rolled_back");
  EXPECT_EQ(db.Count(kRunZonesTable), 0);
}

// `basic` as the earlier dns-migrator left it: its three bookkeeping tables (no
// fingerprints), its rows, and the target rows it wrote.
void LoadEarlierLedger(ScratchDatabase& db) {
  ScratchDatabase ref("ref");
  LoadFixtureDatabase(ref, "basic");
  ASSERT_EQ(RunMigrator(ref, {"--execute"}).exit_code, 1);
  LoadFixtureDatabase(db, "basic");
  Connection c = db.Connect();
  ExecuteSqlScript(c, ReadTextFile(SourceDir() / "tests" / "integration" / "data" / "ledger_v1.sql"),
                   "ledger_v1.sql");
  const std::string from = QuoteIdentifier(ref.name());
  c.Execute("INSERT INTO `dnszones_tbl` SELECT * FROM " + from + ".`dnszones_tbl`");
  c.Execute("INSERT INTO `dns_records_tbl` SELECT * FROM " + from + ".`dns_records_tbl`");
  c.Execute("INSERT INTO `cpdns_migration_zones` SELECT `run_id`, `zone_id`, `zone_name` FROM " +
            from + ".`cpdns_migration_zones`");
  c.Execute("INSERT INTO `cpdns_migration_map` SELECT `run_id`, `legacy_id`, `position`, "
            "`outcome`, `reasons`, `detail`, `zone_id`, `record_id` FROM " + from +
            ".`cpdns_migration_map`");
  c.Execute("INSERT INTO `cpdns_migration_runs` SELECT `run_id`, `status`, `tool_version`, "
            "`options`, `started_at`, `updated_at`, `finished_at`, `checkpoint_legacy_id`, "
            "`batches`, `rows_read`, `rows_migrated`, `rows_warned`, `rows_skipped`, "
            "`records_written`, `zones_created`, `message` FROM " + from + ".`cpdns_migration_runs`");
}

std::vector<std::string> ColumnsOf(const ScratchDatabase& db) {
  Connection c = db.Connect();
  std::vector<std::string> out;
  for (const Row& r : c.QueryAll(
           "SELECT CONCAT_WS(' ', TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE) FROM "
           "information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE "
           "'cpdns\\_migration\\_%' ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
    out.push_back(*r[0]);
  }
  return out;
}

TEST(MigratorLedger, EarlierBookkeepingTablesArePlannedUpgradedAndRolledBack) {
  ScratchDatabase db;
  LoadEarlierLedger(db);
  const std::string changed = RecordIdOf(db, "app01", "example.com");
  ApiUpdateRecord(db, changed, "`ttl` = 42");
  const TargetRows migrated(db);
  const Snapshot bookkeeping = TakeSnapshot(db, BookkeepingTables());

  // A plan reads them as they are.
  TempPath report("plan.json");
  ProcessResult plan = RunMigrator(db, {"--report-json", report.path()});
  ASSERT_EQ(plan.exit_code, 1) << Describe(plan);
  EXPECT_NE(plan.err.find("earlier dns-migrator"), std::string::npos) << plan.err;
  const json changes = ReadJson(report.path()).at("totals").at("changes").at("records");
  EXPECT_EQ(changes.at("unchanged"), 236);
  EXPECT_EQ(changes.at("changed_in_target"), 1);
  EXPECT_EQ(changes.at("create"), 0);
  EXPECT_EQ(TakeSnapshot(db, BookkeepingTables()), bookkeeping);

  // A user who may not ALTER them is told what to do, and nothing is migrated.
  Connection admin = db.Connect();
  const std::string user = "cpdns_noalter_" + std::to_string(::getpid());
  admin.Execute("DROP USER IF EXISTS '" + user + "'@'localhost'");
  admin.Execute("CREATE USER '" + user + "'@'localhost' IDENTIFIED BY 'Pw-noalter'");
  admin.Execute("GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON " + QuoteIdentifier(db.name()) +
                ".* TO '" + user + "'@'localhost'");
  ProcessResult refused = RunProcess(
      CPDNS_MIGRATOR_BIN,
      {"--socket", db.options().socket, "--user", user, "--database", db.name(), "--execute"},
      {{"MYSQL_PWD", "Pw-noalter"}});
  admin.Execute("DROP USER IF EXISTS '" + user + "'@'localhost'");
  EXPECT_EQ(refused.exit_code, 5) << Describe(refused);
  EXPECT_NE(refused.err.find("grant ALTER"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("from_v1.sql"), std::string::npos) << refused.err;
  ExpectSameTargetRows(db, migrated);

  // --execute upgrades them to the current definitions and writes nothing in the target.
  ProcessResult run = RunMigrator(db, {"--execute"});
  ASSERT_EQ(run.exit_code, 1) << Describe(run);
  ExpectSameTargetRows(db, migrated);
  ScratchDatabase fresh("fresh");
  fresh.LoadMigratorSchema();
  EXPECT_EQ(ColumnsOf(db), ColumnsOf(fresh));
  EXPECT_EQ(db.Count(kOwnedRecordsTable), 237);
  EXPECT_EQ(db.Count(kOwnedRecordsTable, "`fingerprint` IS NULL"), 1) << "only the changed one";
  EXPECT_EQ(db.Count(kRunZonesTable), 20);

  // Rolling back both runs leaves only what was changed, and its zone.
  ProcessResult back = Rollback(db, "all", true);
  ASSERT_EQ(back.exit_code, 0) << Describe(back);
  EXPECT_EQ(db.Count(kRecordsTable), 1);
  EXPECT_EQ(RowOf(db, kRecordsTable, changed, "`ttl`"), "42");
  EXPECT_EQ(db.Count(kZonesTable), 1);
}

TEST(MigratorLedger, OptionsThatWriteOrDeleteAreNeverAbbreviated) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--exec"}, std::vector<std::string>{"--execut"},
        std::vector<std::string>{"--roll", "latest"}, std::vector<std::string>{"--rollback=all", "--exe"},
        std::vector<std::string>{"--execute", "--overwrite"},
        std::vector<std::string>{"--execute", "--overwrite-c"}, std::vector<std::string>{"--resu"}}) {
    ProcessResult r = RunMigrator(db, args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << Describe(r);
    EXPECT_NE(r.err.find("never abbreviated"), std::string::npos) << r.err;
  }
  EXPECT_EQ(db.Count(kRecordsTable), 0);
  for (const std::string& t : BookkeepingTables()) EXPECT_FALSE(TableExists(db, t)) << t;
  // Spelled out, they work.
  EXPECT_EQ(RunMigrator(db, {"--execute", "--overwrite-changed"}).exit_code, 1);
  EXPECT_EQ(db.Count(kRecordsTable), 237);
}

}  // namespace
}  // namespace cpdns::testing
