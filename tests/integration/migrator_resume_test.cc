// dns-migrator cut off mid-run: SIGKILL inside a batch, then --resume or a plain
// re-run, and SIGTERM, which stops at a batch boundary. Each ends with tables
// byte-identical to an uninterrupted run in another scratch database.
#include <gtest/gtest.h>
#include <signal.h>

#include <string>
#include <vector>

#include "core/database.h"
#include "tests/integration/migrator_harness.h"

namespace cpdns::testing {
namespace {

// Small batches so that the 218 rows of `basic` take 73 of them.
const std::vector<std::string> kBatchArgs = {"--batch-size", "3"};
constexpr int64_t kBatchSize = 3;
constexpr int64_t kStopAfter = 10;

std::vector<std::string> Args(std::vector<std::string> extra) {
  std::vector<std::string> out = kBatchArgs;
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

// What the finished run recorded about itself (a resumed run covers every row too), and
// the records and zones all runs wrote: a re-run after a kill writes only what the killed
// run had not, so each is written by exactly one run.
std::string FinishedRunCounts(const ScratchDatabase& db) {
  return QueryOne(db,
                  "SELECT CONCAT_WS(' ', `batches`, `rows_read`, `rows_migrated`, "
                  "`rows_warned`, `rows_skipped`, (SELECT SUM(`records_written`) FROM "
                  "`cpdns_migration_runs`), (SELECT SUM(`zones_created`) FROM "
                  "`cpdns_migration_runs`)) FROM `cpdns_migration_runs` WHERE `status` = "
                  "'finished'");
}

// The target tables of an uninterrupted run over `fixture`.
struct Reference {
  explicit Reference(const std::string& fixture) : db("ref") {
    LoadFixtureDatabase(db, fixture);
    ProcessResult r = RunMigrator(db, Args({"--execute"}));
    EXPECT_EQ(r.exit_code, 1) << Describe(r);
    state = TakeSnapshot(db, TargetTables());
    zones = TableRows(db, kZonesTable);
    records = TableRows(db, kRecordsTable);
    counts = FinishedRunCounts(db);
  }
  ScratchDatabase db;
  Snapshot state;
  std::vector<std::string> zones, records;
  std::string counts;
};

void ExpectSameTables(const ScratchDatabase& db, const Reference& ref) {
  EXPECT_EQ(FinishedRunCounts(db), ref.counts) << "batches rows_read migrated warned skipped "
                                                  "records zones";
  EXPECT_EQ(TakeSnapshot(db, TargetTables()), ref.state);
  EXPECT_TRUE(SameRows(TableRows(db, kZonesTable), ref.zones));
  EXPECT_TRUE(SameRows(TableRows(db, kRecordsTable), ref.records));
  EXPECT_EQ(QueryOne(db,
                     "SELECT COUNT(*) FROM `dns_records_tbl` r LEFT JOIN `dnszones_tbl` z ON "
                     "z.`id` = r.`dns_zone_id` WHERE z.`id` IS NULL"),
            "0")
      << "a record without its zone";
}

// The state a kill leaves: only whole batches, each with its map rows and checkpoint.
void ExpectWholeBatches(const ScratchDatabase& db, int64_t batches) {
  EXPECT_EQ(QueryOne(db, "SELECT `batches` FROM `cpdns_migration_runs`"), std::to_string(batches));
  EXPECT_EQ(QueryOne(db, "SELECT COUNT(DISTINCT `legacy_id`) FROM `cpdns_migration_map`"),
            std::to_string(batches * kBatchSize));
  EXPECT_EQ(QueryOne(db,
                     "SELECT `checkpoint_legacy_id` = (SELECT MAX(`legacy_id`) FROM "
                     "`cpdns_migration_map`) FROM `cpdns_migration_runs`"),
            "1");
  EXPECT_EQ(
      QueryOne(db, "SELECT COUNT(*) FROM `cpdns_migration_map` WHERE `record_id` IS NOT NULL"),
      std::to_string(db.Count(kRecordsTable)));
  EXPECT_GT(db.Count(kRecordsTable), 0);
  EXPECT_LT(db.Count(kRecordsTable), 237);
}

TEST(MigratorResume, KilledRunResumedIsIdentical) {
  Reference ref("basic");
  ScratchDatabase db;
  ASSERT_NE(db.name(), ref.db.name());
  LoadFixtureDatabase(db, "basic");
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());
  StoppedRun stop = RunAndStopAfterBatches(db, Args({"--execute"}), kStopAfter, SIGKILL);
  const int64_t batches = stop.batches_when_signalled;
  const ProcessResult& killed = stop.result;
  ASSERT_EQ(killed.signal, SIGKILL) << Describe(killed);
  WaitForMigrationLockFree(db);
  // The batch in flight was rolled back whole.
  ExpectWholeBatches(db, batches);
  EXPECT_EQ(QueryOne(db, "SELECT `status` FROM `cpdns_migration_runs`"), "running");
  const std::string run_id = QueryOne(db, "SELECT `run_id` FROM `cpdns_migration_runs`");

  TempPath report("resume.json");
  ProcessResult resumed =
      RunMigrator(db, Args({"--execute", "--resume", "--report-json", report.path()}));
  ASSERT_EQ(resumed.exit_code, 1) << Describe(resumed);
  EXPECT_NE(resumed.err.find("resuming run=" + run_id), std::string::npos) << resumed.err;
  ExpectSameTables(db, ref);
  // One run, finished, its report accounting for every row.
  EXPECT_EQ(db.Count(kRunsTable), 1);
  EXPECT_EQ(QueryOne(db, "SELECT `status` FROM `cpdns_migration_runs`"), "finished");
  EXPECT_EQ(ReadJson(report.path()).at("rows").size(), 218u);
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
}

TEST(MigratorResume, KilledRunRerunIsIdentical) {
  Reference ref("basic");
  ScratchDatabase db;
  ASSERT_NE(db.name(), ref.db.name());
  LoadFixtureDatabase(db, "basic");
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());
  StoppedRun stop = RunAndStopAfterBatches(db, Args({"--execute"}), kStopAfter, SIGKILL);
  const int64_t batches = stop.batches_when_signalled;
  ASSERT_EQ(stop.result.signal, SIGKILL);
  WaitForMigrationLockFree(db);
  ExpectWholeBatches(db, batches);

  ProcessResult rerun = RunMigrator(db, Args({"--execute"}));
  ASSERT_EQ(rerun.exit_code, 1) << Describe(rerun);
  ExpectSameTables(db, ref);
  // The cut-off run is marked, the new one finished.
  EXPECT_EQ(CountRows(db, kRunsTable, "`status` = 'interrupted'"), 1);
  EXPECT_EQ(CountRows(db, kRunsTable, "`status` = 'finished'"), 1);
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
}

TEST(MigratorResume, SigtermStopsAtBatchBoundary) {
  Reference ref("basic");
  ScratchDatabase db;
  ASSERT_NE(db.name(), ref.db.name());
  LoadFixtureDatabase(db, "basic");
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());
  StoppedRun stop = RunAndStopAfterBatches(db, Args({"--execute"}), kStopAfter, SIGTERM);
  const int64_t batches = stop.batches_when_signalled;
  const ProcessResult& stopped = stop.result;
  ASSERT_EQ(stopped.exit_code, 7) << Describe(stopped);
  EXPECT_NE(stopped.err.find("--resume"), std::string::npos) << stopped.err;
  // The batch being written when the signal came is finished, then the run stops
  // (or, when the signal came right after a commit, it stops there).
  const int64_t committed =
      std::stoll(QueryOne(db, "SELECT `batches` FROM `cpdns_migration_runs`"));
  EXPECT_TRUE(committed == batches || committed == batches + 1) << committed << " vs " << batches;
  ExpectWholeBatches(db, committed);
  EXPECT_EQ(QueryOne(db, "SELECT `status` FROM `cpdns_migration_runs`"), "interrupted");
  WaitForMigrationLockFree(db);

  ProcessResult resumed = RunMigrator(db, Args({"--execute", "--resume"}));
  ASSERT_EQ(resumed.exit_code, 1) << Describe(resumed);
  ExpectSameTables(db, ref);
  EXPECT_EQ(db.Count(kRunsTable), 1);
  EXPECT_EQ(QueryOne(db, "SELECT `status` FROM `cpdns_migration_runs`"), "finished");
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
}

TEST(MigratorResume, ResumeRefusesOtherPlanningOptions) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  StoppedRun stop = RunAndStopAfterBatches(db, Args({"--execute"}), 3, SIGTERM);
  ASSERT_EQ(stop.result.exit_code, 7);
  const Snapshot stopped = TakeSnapshot(db, TargetTables());
  ProcessResult r = RunMigrator(db, Args({"--execute", "--resume", "--zone", "example.com"}));
  EXPECT_EQ(r.exit_code, 5) << Describe(r);
  EXPECT_NE(r.err.find("other options"), std::string::npos) << r.err;
  // The scope of a staged run is part of the key too, and the message names it.
  ProcessResult staged =
      RunMigrator(db, Args({"--execute", "--resume", "--only-zone", "example.com"}));
  EXPECT_EQ(staged.exit_code, 5) << Describe(staged);
  EXPECT_NE(staged.err.find("only_zones: recorded [], now [\"example.com\"]"), std::string::npos)
      << staged.err;
  EXPECT_EQ(TakeSnapshot(db, TargetTables()), stopped);
}

TEST(MigratorResume, ResumeWithNothingToResumeIsRefused) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "cloud");
  ProcessResult r = RunMigrator(db, {"--execute", "--resume"});
  EXPECT_EQ(r.exit_code, 5) << Describe(r);
  EXPECT_NE(r.err.find("no interrupted or failed run"), std::string::npos) << r.err;
  EXPECT_EQ(db.Count(kRecordsTable), 0);
}

}  // namespace
}  // namespace cpdns::testing
