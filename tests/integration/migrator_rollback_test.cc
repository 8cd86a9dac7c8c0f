// dns-migrator against target tables that already hold rows (zones and records
// an operator made, cloud zones a sync made), and --rollback RUN_ID, which must
// give back exactly the tables as they were before the run.
#include <gtest/gtest.h>
#include <signal.h>

#include <string>
#include <vector>

#include "core/database.h"
#include "core/uuid.h"
#include "tests/integration/migrator_harness.h"

namespace cpdns::testing {
namespace {

constexpr const char* kSystem = "5d65667d112e47249ae66dbd7bc07030";
constexpr const char* kWebProd = "c2b7a6d81f3e4a9bb0e5d4c3f2a19087";
constexpr const char* kData = "3f9c0e7a5b1d42c8a6e4d2b0f8c6a4e2";

std::string RunIdOf(const std::string& report_path) {
  return ReadJson(report_path).at("run_id").get<std::string>();
}

ProcessResult Execute(const ScratchDatabase& db, std::string* run_id,
                      std::vector<std::string> extra = {}) {
  TempPath report("run.json");
  std::vector<std::string> args = {"--execute", "--report-json", report.path()};
  args.insert(args.end(), extra.begin(), extra.end());
  ProcessResult r = RunMigrator(db, args);
  if (run_id != nullptr) *run_id = RunIdOf(report.path());
  return r;
}

// Zones and records made by hand (an operator through the API) and by a cloud sync.
void AddOperatorAndCloudRows(const ScratchDatabase& db) {
  Connection c = db.Connect();
  const std::string zone_cols =
      "INSERT INTO `dnszones_tbl` (`created_at`, `updated_at`, `id`, `name`, `status`, "
      "`domain_id`, `tenant_id`, `project_src`, `is_public`, `public_scope`, `enabled`, "
      "`manager_id`, `zone_type`, `product_type`, `external_id`) VALUES ";
  c.Execute(
      zone_cols +
      // a local zone of the system project, public: the one the public example.com rows belong in
      "('2024-01-02 03:04:05', '2024-01-02 03:04:05', 'op-zone-example-com', 'example.com', "
      "'available', 'default', '" +
      kSystem +
      "', 'local', 1, 'system', 1, NULL, "
      "'PublicZone', '', NULL), "
      // a local zone of web-prod, private: reused for web-prod's rows only
      "('2024-01-02 03:04:06', '2024-01-02 03:04:06', 'op-zone-example-org', 'Example.ORG', "
      "'available', 'default', '" +
      kWebProd +
      "', 'local', 0, 'none', 1, '', "
      "'PrivateZone', '', NULL), "
      // cloud zones: never candidates, whatever their owner
      "('2024-01-02 03:04:07', '2024-01-02 03:04:07', 'cloud-zone-example-net', "
      "'example.net', 'available', 'default', '" +
      kSystem +
      "', 'cloud', 1, 'system', 1, "
      "'cb000001-0000-4000-8000-000000000001', 'PublicZone', 'dns_public', 'ext-1'), "
      "('2024-01-02 03:04:08', '2024-01-02 03:04:08', 'cloud-zone-corp', "
      "'corp.example.org', 'available', 'default', '" +
      kWebProd +
      "', 'cloud', 0, 'none', "
      "1, 'cb000002-0000-4000-8000-000000000002', 'PrivateZone', 'dns_private', 'ext-2')");
  c.Execute(
      "INSERT INTO `dns_records_tbl` (`created_at`, `updated_at`, `id`, `name`, `status`, "
      "`enabled`, `dns_zone_id`, `dns_type`, `dns_value`, `ttl`, `mx_priority`, `policy_type`, "
      "`policy_value`) VALUES "
      "('2024-01-03 00:00:00', '2024-01-03 00:00:00', 'op-rec-1', 'handmade', 'available', 1, "
      "'op-zone-example-com', 'A', '192.0.2.1', 600, 0, '', ''), "
      "('2024-01-03 00:00:00', '2024-01-03 00:00:00', 'op-rec-2', 'www', 'available', 1, "
      "'op-zone-example-com', 'TXT', 'made by hand', 600, 0, '', ''), "
      "('2024-01-03 00:00:00', '2024-01-03 00:00:00', 'op-rec-3', 'intranet', 'available', 0, "
      "'op-zone-example-org', 'A', '10.99.0.1', 300, 0, '', ''), "
      "('2024-01-03 00:00:00', '2024-01-03 00:00:00', 'cloud-rec-1', 'ns1', 'available', 1, "
      "'cloud-zone-example-net', 'A', '198.51.100.53', 600, 0, '', '')");
}

long long RecordsIn(const ScratchDatabase& db, const std::string& zone_id) {
  return db.Count(kRecordsTable, "`dns_zone_id` = '" + zone_id + "'");
}

TEST(MigratorRollback, RollbackRestoresTheEmptyTarget) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  const Snapshot before = TakeSnapshot(db, TargetTables());
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());
  std::string run;
  ProcessResult r = Execute(db, &run);
  ASSERT_EQ(r.exit_code, 1) << Describe(r);
  ASSERT_EQ(db.Count(kRecordsTable), 237);
  // Planned first: it says what it would delete, and deletes nothing.
  const Snapshot migrated = TakeSnapshot(db, TargetTables());
  ProcessResult plan = RunMigrator(db, {"--rollback", run});
  ASSERT_EQ(plan.exit_code, 0) << Describe(plan);
  EXPECT_NE(plan.out.find("would delete 237 records and 20 zones"), std::string::npos) << plan.out;
  // It names what it would delete: every zone here (20), the first 20 records.
  EXPECT_NE(plan.out.find("\n  delete zone example.com ("), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("\n  delete record "), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("\n  ... and 217 more\n"), std::string::npos) << plan.out;
  EXPECT_EQ(TakeSnapshot(db, TargetTables()), migrated);
  ProcessResult back = RunMigrator(db, {"--rollback", run, "--execute"});
  ASSERT_EQ(back.exit_code, 0) << Describe(back);
  EXPECT_NE(back.out.find("deleted 237 records and 20 zones"), std::string::npos) << back.out;
  EXPECT_NE(back.out.find("\n  deleted zone example.com ("), std::string::npos) << back.out;
  EXPECT_EQ(TakeSnapshot(db, TargetTables()), before);
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
  EXPECT_EQ(QueryOne(db, "SELECT `status` FROM `cpdns_migration_runs`"), "rolled_back");
  EXPECT_EQ(db.Count(kMapTable), 0);
  EXPECT_EQ(db.Count(kRunZonesTable), 0);
  // Twice does nothing; a run that does not exist is refused.
  ProcessResult again = RunMigrator(db, {"--rollback", run, "--execute"});
  EXPECT_EQ(again.exit_code, 0) << Describe(again);
  EXPECT_NE(again.out.find("nothing to do"), std::string::npos) << again.out;
  EXPECT_EQ(RunMigrator(db, {"--rollback", "no-such-run", "--execute"}).exit_code, 5);
  EXPECT_EQ(TakeSnapshot(db, TargetTables()), before);
}

TEST(MigratorRollback, ExistingZonesAreReusedOnlyForTheirOwnerAndSurviveRollback) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  AddOperatorAndCloudRows(db);
  const Snapshot before = TakeSnapshot(db, TargetTables());
  const std::vector<std::string> zones_before = TableRows(db, kZonesTable);
  const std::vector<std::string> records_before = TableRows(db, kRecordsTable);
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());

  TempPath report("run.json");
  ProcessResult r = RunMigrator(db, {"--execute", "--report-json", report.path()});
  ASSERT_EQ(r.exit_code, 1) << Describe(r);
  const std::string run = RunIdOf(report.path());
  // Same owner: the operator's zone is reused, no zone of that name and owner is made.
  EXPECT_EQ(RecordsIn(db, "op-zone-example-com"), 2 + 75);
  EXPECT_EQ(db.Count(kZonesTable,
                     "`id` = '" + ZoneId("example.com", "default", kSystem, true, "system") + "'"),
            0);
  EXPECT_EQ(RecordsIn(db, "op-zone-example-org"), 1 + 12);
  // Another owner, same name: a zone of its own.
  EXPECT_EQ(RecordsIn(db, ZoneId("example.org", "default", kData, false, "none")), 8);
  EXPECT_EQ(RecordsIn(db, ZoneId("example.org", "default", kSystem, true, "system")), 8);
  EXPECT_EQ(db.Count(kZonesTable, "`name` = 'example.org'"), 3);
  // Cloud zones are never candidates: example.net gets a local zone beside the
  // cloud one, and corp.example.org is not used for web-prod's corp names.
  EXPECT_EQ(RecordsIn(db, "cloud-zone-example-net"), 1);
  EXPECT_EQ(RecordsIn(db, ZoneId("example.net", "default", kSystem, true, "system")), 23);
  EXPECT_EQ(db.Count(kZonesTable, "`name` = 'corp.example.org'"), 1);
  EXPECT_EQ(RecordsIn(db, "cloud-zone-corp"), 0);
  EXPECT_EQ(db.Count(kZonesTable), 4 + 18);
  const auto totals = ReadJson(report.path()).at("totals");
  EXPECT_EQ(totals.at("zones_reused"), 2);
  EXPECT_EQ(totals.at("zones_to_create"), 18);
  EXPECT_EQ(totals.at("records"), 237);
  // The operator's rows are untouched.
  EXPECT_EQ(QueryOne(db,
                     "SELECT CONCAT_WS('|', `name`, `dns_value`, `ttl`, `enabled`) FROM "
                     "`dns_records_tbl` WHERE `id` = 'op-rec-3'"),
            "intranet|10.99.0.1|300|0");

  // A second run sees the same operator zones and decides the same.
  const Snapshot after = TakeSnapshot(db, TargetTables());
  ProcessResult again = RunMigrator(db, {"--execute"});
  ASSERT_EQ(again.exit_code, 1) << Describe(again);
  EXPECT_EQ(TakeSnapshot(db, TargetTables()), after);

  // Rolling back both runs, newest first, gives back the tables as they were.
  const std::string second =
      QueryOne(db, "SELECT `run_id` FROM `cpdns_migration_runs` WHERE `run_id` <> '" + run + "'");
  ProcessResult back2 = RunMigrator(db, {"--rollback", second, "--execute"});
  ASSERT_EQ(back2.exit_code, 0) << Describe(back2);
  ProcessResult back = RunMigrator(db, {"--rollback", run, "--execute"});
  ASSERT_EQ(back.exit_code, 0) << Describe(back);
  EXPECT_EQ(TakeSnapshot(db, TargetTables()), before);
  EXPECT_TRUE(SameRows(TableRows(db, kZonesTable), zones_before));
  EXPECT_TRUE(SameRows(TableRows(db, kRecordsTable), records_before));
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
}

TEST(MigratorRollback, RollbackOfARerunRestoresTheStateBeforeIt) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  std::string first, second;
  ASSERT_EQ(Execute(db, &first).exit_code, 1);
  const Snapshot after_first = TakeSnapshot(db, TargetTables());
  const std::vector<std::string> records = TableRows(db, kRecordsTable);
  ASSERT_EQ(Execute(db, &second).exit_code, 1);
  ASSERT_NE(first, second);
  ProcessResult back = RunMigrator(db, {"--rollback", second, "--execute"});
  ASSERT_EQ(back.exit_code, 0) << Describe(back);
  // The second run wrote nothing new, so undoing it changes nothing: the first
  // run's zones and records stay.
  EXPECT_EQ(TakeSnapshot(db, TargetTables()), after_first);
  EXPECT_TRUE(SameRows(TableRows(db, kRecordsTable), records));
  // Undoing the first one then empties the tables.
  ProcessResult back_first = RunMigrator(db, {"--rollback", first, "--execute"});
  ASSERT_EQ(back_first.exit_code, 0) << Describe(back_first);
  EXPECT_EQ(db.Count(kRecordsTable), 0);
  EXPECT_EQ(db.Count(kZonesTable), 0);
}

TEST(MigratorRollback, RollbackOfAResumedRunRestoresTheStateBeforeIt) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  AddOperatorAndCloudRows(db);
  const Snapshot before = TakeSnapshot(db, TargetTables());
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());
  StoppedRun stop = RunAndStopAfterBatches(db, {"--execute", "--batch-size", "5"}, 6, SIGKILL);
  ASSERT_EQ(stop.result.signal, SIGKILL);
  WaitForMigrationLockFree(db);
  ProcessResult resumed = RunMigrator(db, {"--execute", "--resume", "--batch-size", "5"});
  ASSERT_EQ(resumed.exit_code, 1) << Describe(resumed);
  const std::string run = QueryOne(db, "SELECT `run_id` FROM `cpdns_migration_runs`");
  ProcessResult back = RunMigrator(db, {"--rollback", run, "--execute"});
  ASSERT_EQ(back.exit_code, 0) << Describe(back);
  EXPECT_EQ(TakeSnapshot(db, TargetTables()), before);
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
}

TEST(MigratorRollback, RollbackOfAKilledRunRemovesItsWholeBatches) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  const Snapshot before = TakeSnapshot(db, TargetTables());
  StoppedRun stop = RunAndStopAfterBatches(db, {"--execute", "--batch-size", "5"}, 4, SIGKILL);
  ASSERT_EQ(stop.result.signal, SIGKILL);
  WaitForMigrationLockFree(db);
  ASSERT_GT(db.Count(kRecordsTable), 0);
  const std::string run = QueryOne(db, "SELECT `run_id` FROM `cpdns_migration_runs`");
  ProcessResult back = RunMigrator(db, {"--rollback", run, "--execute"});
  ASSERT_EQ(back.exit_code, 0) << Describe(back);
  EXPECT_EQ(TakeSnapshot(db, TargetTables()), before);
}

}  // namespace
}  // namespace cpdns::testing
