// dns-migrator on a 200,000-row legacy table, cut off again and again: SIGKILL at 20
// random points (seeded; the seed and the points are printed), each followed in turn by
// a plain re-run or by --resume; and SIGTERM and SIGINT, each of which must stop it at a
// batch boundary with exit code 7. Every sequence ends with target tables identical, row
// for row, to an uninterrupted run in another scratch database, and the legacy tables
// unchanged. Label `slow`: about a minute each.
//
// CPDNS_TEST_SEED replays a sequence; CPDNS_RELIABILITY_ROWS changes the table size (the
// default is 20,000 under AddressSanitizer, which is ten times slower).
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/migrator_harness.h"

namespace cpdns::testing {
namespace {

constexpr int64_t kBatchSize = 500;
constexpr int kKills = 20;

int64_t EnvInt(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  return v == nullptr || *v == '\0' ? fallback : std::stoll(v);
}

int64_t LegacyRowCount() {
#if defined(__SANITIZE_ADDRESS__)
  return EnvInt("CPDNS_RELIABILITY_ROWS", 20000);
#else
  return EnvInt("CPDNS_RELIABILITY_ROWS", 200000);
#endif
}

uint64_t Seed() {
  const char* v = std::getenv("CPDNS_TEST_SEED");
  if (v != nullptr && *v != '\0') return std::stoull(v);
  return std::random_device{}();
}

std::vector<std::string> Args(std::vector<std::string> extra) {
  std::vector<std::string> out = {"--execute", "--batch-size", std::to_string(kBatchSize)};
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

// The finished run's counts, and the records and zones all runs wrote (each is written by
// exactly one run: a re-run after a kill writes only what the killed run had not).
std::string FinishedRunCounts(const ScratchDatabase& db) {
  return QueryOne(db,
                  "SELECT CONCAT_WS(' ', `batches`, `rows_read`, `rows_migrated`, "
                  "`rows_warned`, `rows_skipped`, (SELECT SUM(`records_written`) FROM "
                  "`cpdns_migration_runs`), (SELECT SUM(`zones_created`) FROM "
                  "`cpdns_migration_runs`)) FROM `cpdns_migration_runs` WHERE `status` = "
                  "'finished'");
}

// The legacy and target schemas and the generated table, not yet migrated.
void LoadSameTable(ScratchDatabase& db, int64_t rows) {
  db.LoadLegacySchema();
  db.LoadTargetSchema("v3.11");
  LoadGeneratedLegacyRows(db, rows);
}

// The generated table, migrated without interruption in a database of its own.
struct Reference {
  explicit Reference(int64_t rows) : db("ref") {
    LoadSameTable(db, rows);
    ProcessResult r = RunMigrator(db, Args({}));
    EXPECT_EQ(r.exit_code, 0) << Describe(r);
    state = TakeSnapshot(db, TargetTables());
    zones = TableRows(db, kZonesTable);
    records = TableRows(db, kRecordsTable);
    counts = FinishedRunCounts(db);
    run_id = QueryOne(db, "SELECT `run_id` FROM `cpdns_migration_runs`");
    map = RunMapRows(db, run_id);
  }
  // Records an uninterrupted run had written once it had committed every row up to `id`.
  int64_t RecordsThrough(const std::string& id) {
    Connection c = db.Connect();
    return std::stoll(c.QueryValue("SELECT COUNT(*) FROM `cpdns_migration_map` WHERE `run_id` = " +
                                   c.Literal(run_id) + " AND `legacy_id` <= " + c.Literal(id) +
                                   " AND `record_id` IS NOT NULL")
                          .value_or("-1"));
  }
  ScratchDatabase db;
  Snapshot state;
  std::vector<std::string> zones, records, map;
  std::string counts, run_id;
};

// After a run was cut off: its committed batches are whole (map rows and checkpoint with
// them), and the records present are exactly those of the rows up to the furthest
// checkpoint any run reached: nothing of the batch in flight, nothing missing.
void ExpectOnlyWholeBatches(const ScratchDatabase& db, Reference& ref, const std::string& run_id) {
  Connection c = db.Connect();
  const std::string run = c.Literal(run_id);
  const int64_t batches = std::stoll(
      c.QueryValue("SELECT `batches` FROM `cpdns_migration_runs` WHERE `run_id` = " + run)
          .value_or("-1"));
  EXPECT_EQ(c.QueryValue("SELECT COUNT(DISTINCT `legacy_id`) FROM `cpdns_migration_map` WHERE "
                         "`run_id` = " + run),
            std::to_string(batches * kBatchSize))
      << "run " << run_id << " committed " << batches << " batches";
  EXPECT_EQ(c.QueryValue("SELECT `checkpoint_legacy_id` <=> (SELECT MAX(`legacy_id`) FROM "
                         "`cpdns_migration_map` WHERE `run_id` = " + run +
                         ") FROM `cpdns_migration_runs` WHERE `run_id` = " + run),
            "1");
  const std::string furthest =
      c.QueryValue("SELECT MAX(`checkpoint_legacy_id`) FROM `cpdns_migration_runs`").value_or("");
  EXPECT_EQ(db.Count(kRecordsTable), furthest.empty() ? 0 : ref.RecordsThrough(furthest))
      << "records after the furthest checkpoint " << furthest;
  EXPECT_EQ(c.QueryValue("SELECT COUNT(*) FROM `dns_records_tbl` r LEFT JOIN `dnszones_tbl` z "
                         "ON z.`id` = r.`dns_zone_id` WHERE z.`id` IS NULL"),
            "0")
      << "a record without its zone";
}

// The end of every sequence: one finished run, tables as the reference's.
void ExpectSameAsReference(const ScratchDatabase& db, const Reference& ref) {
  EXPECT_EQ(CountRows(db, kRunsTable, "`status` = 'finished'"), 1);
  EXPECT_EQ(CountRows(db, kRunsTable, "`status` NOT IN ('finished', 'interrupted')"), 0);
  EXPECT_EQ(FinishedRunCounts(db), ref.counts)
      << "batches rows_read migrated warned skipped records zones";
  EXPECT_EQ(TakeSnapshot(db, TargetTables()), ref.state);
  EXPECT_TRUE(SameRows(TableRows(db, kZonesTable), ref.zones));
  EXPECT_TRUE(SameRows(TableRows(db, kRecordsTable), ref.records));
  const std::string finished =
      QueryOne(db, "SELECT `run_id` FROM `cpdns_migration_runs` WHERE `status` = 'finished'");
  EXPECT_TRUE(SameRows(RunMapRows(db, finished), ref.map)) << "the finished run's row map";
  EXPECT_EQ(QueryOne(db,
                     "SELECT COUNT(*) FROM `dns_records_tbl` r LEFT JOIN `dnszones_tbl` z ON "
                     "z.`id` = r.`dns_zone_id` WHERE z.`id` IS NULL"),
            "0");
}

std::string Now() {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count() %
                        1000000);
}

TEST(ReliabilityKilled, TwentySigkillsEachFollowedByRerunOrResumeEndIdentical) {
  const int64_t rows = LegacyRowCount();
  const int64_t total_batches = (rows + kBatchSize - 1) / kBatchSize;
  ASSERT_GT(total_batches, kKills + 4) << "CPDNS_RELIABILITY_ROWS is too small";
  const uint64_t seed = Seed();
  std::mt19937_64 rng(seed);
  // 20 distinct points (committed batches of the run being cut off), sorted, leaving the
  // last batches alone so that every run is still alive when its point comes.
  std::set<int64_t> chosen;
  std::uniform_int_distribution<int64_t> point(1, total_batches - 3);
  while (static_cast<int>(chosen.size()) < kKills) chosen.insert(point(rng));
  const std::vector<int64_t> points(chosen.begin(), chosen.end());
  std::ostringstream plan;
  plan << "seed=" << seed << " (replay: CPDNS_TEST_SEED=" << seed << ") rows=" << rows
       << " batches=" << total_batches << " points:";
  for (int64_t p : points) plan << " " << p;
  std::cout << plan.str() << std::endl;
  RecordProperty("seed", std::to_string(seed));

  Reference ref(rows);
  ScratchDatabase db;
  ASSERT_NE(db.name(), ref.db.name());
  LoadSameTable(db, rows);
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());

  std::uniform_int_distribution<int> delay_us(0, 8000);
  for (int k = 0; k < kKills; ++k) {
    // The first run, then after each kill in turn a plain re-run (which starts over, over
    // what the killed runs wrote) and --resume (which carries on from the checkpoint).
    const bool resume = k > 0 && k % 2 == 0;
    // Half the kills land inside a batch, everything written but not committed; the
    // other half at a random moment a little later (reading, planning, writing, commit).
    const bool in_batch = rng() % 2 == 0;
    const int delay = in_batch ? 0 : delay_us(rng);
    std::cout << "kill " << k + 1 << ": " << (k == 0 ? "first run" : resume ? "--resume" : "re-run")
              << " killed at batch " << points[k] << " "
              << (in_batch ? "inside the batch" : "+" + std::to_string(delay) + " us")
              << " t=" << Now() << std::endl;
    SCOPED_TRACE("kill " + std::to_string(k + 1) + " at batch " + std::to_string(points[k]) +
                 ", seed " + std::to_string(seed));
    HeldRun run(db, Args(resume ? std::vector<std::string>{"--resume"} : std::vector<std::string>{}));
    run.HoldAt(points[k]);
    if (!in_batch) {
      run.Release();
      std::this_thread::sleep_for(std::chrono::microseconds(delay));
    }
    run.Signal(SIGKILL);
    ProcessResult killed = run.Wait();
    ASSERT_EQ(killed.signal, SIGKILL) << Describe(killed);
    WaitForMigrationLockFree(db);
    EXPECT_EQ(QueryOne(db, "SELECT `status` FROM `cpdns_migration_runs` WHERE `run_id` = '" +
                               run.run_id() + "'"),
              "running");
    ExpectOnlyWholeBatches(db, ref, run.run_id());
    if (::testing::Test::HasFatalFailure()) return;
  }

  ProcessResult last = RunMigrator(db, Args({"--resume"}));
  ASSERT_EQ(last.exit_code, 0) << Describe(last);
  ExpectSameAsReference(db, ref);
  // The first run and the ten re-runs, all but the last resumed one cut off.
  EXPECT_EQ(db.Count(kRunsTable), 1 + kKills / 2);
  EXPECT_EQ(CountRows(db, kRunsTable, "`status` = 'interrupted'"), kKills / 2);
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
}

// SIGTERM or SIGINT: the batch being written is finished, then the run stops with exit
// code 7 and says how to continue.
void ExpectStoppedAtBoundary(const ProcessResult& r, const ScratchDatabase& db, Reference& ref,
                             const std::string& run_id, int64_t held_at) {
  EXPECT_EQ(r.exit_code, 7) << Describe(r);
  EXPECT_NE(r.err.find("interrupted at a batch boundary"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--execute --resume"), std::string::npos) << r.err;
  EXPECT_EQ(QueryOne(db, "SELECT `status` FROM `cpdns_migration_runs` WHERE `run_id` = '" +
                             run_id + "'"),
            "interrupted");
  const int64_t committed = std::stoll(QueryOne(
      db, "SELECT `batches` FROM `cpdns_migration_runs` WHERE `run_id` = '" + run_id + "'"));
  EXPECT_TRUE(committed == held_at || committed == held_at + 1)
      << committed << " batches committed, signalled at " << held_at;
  EXPECT_NE(r.err.find("after legacy_id=" +
                       QueryOne(db, "SELECT `checkpoint_legacy_id` FROM `cpdns_migration_runs` "
                                    "WHERE `run_id` = '" + run_id + "'")),
            std::string::npos)
      << "the message names the last legacy id written: " << r.err;
  ExpectOnlyWholeBatches(db, ref, run_id);
}

TEST(ReliabilityKilled, SigtermAndSigintStopAtBatchBoundaryAndResumeIdentical) {
  const int64_t rows = LegacyRowCount();
  const int64_t total_batches = (rows + kBatchSize - 1) / kBatchSize;
  const uint64_t seed = Seed();
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> third(1, total_batches / 3 - 1);
  const int64_t p1 = third(rng), p2 = total_batches / 3 + third(rng),
                p3 = 2 * total_batches / 3 + third(rng) - 2;
  const int delay = std::uniform_int_distribution<int>(0, 8000)(rng);
  std::cout << "seed=" << seed << " (replay: CPDNS_TEST_SEED=" << seed << ") rows=" << rows
            << " SIGTERM inside batch " << p1 + 1 << ", SIGINT inside batch " << p2 + 1
            << ", SIGTERM " << delay << " us after batch " << p3 << std::endl;
  RecordProperty("seed", std::to_string(seed));

  Reference ref(rows);
  ScratchDatabase db;
  LoadSameTable(db, rows);
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());

  {
    SCOPED_TRACE("SIGTERM inside a batch");
    HeldRun run(db, Args({}));
    run.HoldAt(p1);
    run.Signal(SIGTERM);
    ExpectStoppedAtBoundary(run.Wait(), db, ref, run.run_id(), p1);
  }
  std::string run_id;
  {
    SCOPED_TRACE("SIGINT inside a batch of the resumed run");
    HeldRun run(db, Args({"--resume"}));
    run.HoldAt(p2);
    run.Signal(SIGINT);
    ExpectStoppedAtBoundary(run.Wait(), db, ref, run.run_id(), p2);
    run_id = run.run_id();
  }
  {
    SCOPED_TRACE("SIGTERM at a random moment");
    HeldRun run(db, Args({"--resume"}));
    EXPECT_EQ(run.run_id(), run_id) << "--resume continues the same run";
    run.HoldAt(p3);
    run.Release();
    std::this_thread::sleep_for(std::chrono::microseconds(delay));
    run.Signal(SIGTERM);
    ProcessResult r = run.Wait();
    EXPECT_EQ(r.exit_code, 7) << Describe(r);
    ExpectOnlyWholeBatches(db, ref, run.run_id());
  }
  WaitForMigrationLockFree(db);  // a stopped run leaves the lock free

  ProcessResult last = RunMigrator(db, Args({"--resume"}));
  ASSERT_EQ(last.exit_code, 0) << Describe(last);
  EXPECT_NE(last.err.find("resuming run=" + run_id), std::string::npos) << last.err;
  ExpectSameAsReference(db, ref);
  EXPECT_EQ(db.Count(kRunsTable), 1);
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
}

}  // namespace
}  // namespace cpdns::testing
