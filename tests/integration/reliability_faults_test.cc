// dns-migrator meeting faults it cannot retry away, and a second run: a target column
// renamed mid-run, a legacy value the strict server refuses, the records table locked by
// someone else past every retry, and a concurrent run. Each stops with its documented exit
// code and a clear message, leaves only whole batches, never writes the legacy tables, and
// once the cause is gone the run completes exactly as an uninterrupted one.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/database.h"
#include "core/errors.h"
#include "tests/integration/migrator_harness.h"

namespace cpdns::testing {
namespace {

constexpr int64_t kBatchSize = 3;

std::vector<std::string> Args(std::vector<std::string> extra = {}) {
  std::vector<std::string> out = {"--execute", "--batch-size", std::to_string(kBatchSize)};
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

// `basic` migrated without interruption, in a database of its own.
struct Reference {
  explicit Reference(const std::string& extra_sql = "") : db("ref") {
    LoadFixtureDatabase(db, "basic");
    if (!extra_sql.empty()) db.Connect().Execute(extra_sql);
    ProcessResult r = RunMigrator(db, Args());
    EXPECT_EQ(r.exit_code, 1) << Describe(r);
    want.emplace(db);
  }
  ScratchDatabase db;
  std::optional<MigratedTables> want;
};

// Runs `sql` on its own connection in a thread: a statement that will wait for a lock.
class Background {
 public:
  Background(const ScratchDatabase& db, std::string sql)
      : conn_(db.Connect()), thread_([this, sql] {
          try {
            conn_.Execute(sql);
          } catch (const std::exception& e) {
            error_ = e.what();
          }
          done_ = true;
        }) {}
  ~Background() { Join(); }
  bool done() const { return done_; }
  // Joins, and returns what the statement threw ("" when it succeeded).
  std::string Join() {
    if (thread_.joinable()) thread_.join();
    return error_;
  }
  Connection& connection() { return conn_; }

 private:
  Connection conn_;
  std::string error_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

// Until `b` finished or waits for a metadata lock (held by the migrator's open batch).
void WaitUntilDoneOrWaiting(const ScratchDatabase& db, const Background& b,
                            const std::string& statement_prefix) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  Connection c = db.Connect();
  while (!b.done() &&
         c.QueryValue("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE `STATE` LIKE "
                      "'Waiting for table metadata lock%' AND `INFO` LIKE " +
                      c.Literal(statement_prefix + "%"))
                 .value_or("0") == "0") {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << statement_prefix << " never ran";
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

std::string RunStatus(const ScratchDatabase& db, const std::string& run_id) {
  return QueryOne(db, "SELECT `status` FROM `cpdns_migration_runs` WHERE `run_id` = '" + run_id +
                          "'");
}

TEST(ReliabilityFaults, TargetColumnRenamedMidRunStopsWithExit4AndResumeCompletes) {
  Reference ref;
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());

  HeldRun run(db, Args());
  run.HoldAt(10);
  // The rename waits for the batch in flight; the batch after it meets the new name.
  const std::string rename =
      "ALTER TABLE `dns_records_tbl` CHANGE `dns_value` `dns_value_renamed` varchar(256) "
      "CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL";
  Background alter(db, rename);
  WaitUntilDoneOrWaiting(db, alter, "ALTER TABLE");
  run.Release();
  EXPECT_EQ(alter.Join(), "");
  ProcessResult r = run.Wait();
  EXPECT_EQ(r.exit_code, 4) << Describe(r);
  EXPECT_NE(r.err.find("ERROR 1054"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Unknown column 'dns_value'"), std::string::npos) << r.err;
  // The first statement of a batch on the records table: on a first run, whose batches
  // are new, the load of its records.
  EXPECT_NE(r.err.find("statement: LOAD DATA LOCAL INFILE 'cloudpods-dns-migrate-batch' "
                       "REPLACE INTO TABLE `dns_records_tbl`"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("batch="), std::string::npos) << "the failed batch is named: " << r.err;
  EXPECT_NE(r.err.find("--execute --resume"), std::string::npos) << r.err;
  EXPECT_EQ(RunStatus(db, run.run_id()), "failed");
  EXPECT_NE(QueryOne(db, "SELECT `message` FROM `cpdns_migration_runs`").find("Unknown column"),
            std::string::npos);
  EXPECT_GE(ExpectOnlyWholeBatches(db, run.run_id(), kBatchSize), 10);
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);

  db.Connect().Execute(
      "ALTER TABLE `dns_records_tbl` CHANGE `dns_value_renamed` `dns_value` varchar(256) "
      "CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL");
  ProcessResult done = RunMigrator(db, Args({"--resume"}));
  ASSERT_EQ(done.exit_code, 1) << Describe(done);
  EXPECT_NE(done.err.find("resuming run=" + run.run_id()), std::string::npos) << done.err;
  EXPECT_EQ(db.Count(kRunsTable), 1);
  ExpectSameMigration(db, *ref.want);
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
}

TEST(ReliabilityFaults, ValueTheStrictServerRefusesStopsWithExit4AndResumeCompletes) {
  // A zero date, which a server without strict mode let into the legacy table: the
  // migrator carries dates over under strict sql_mode, where the server refuses it.
  const std::string id = "ba51c000-0005-4000-8000-000000000999";
  const std::string row =
      "INSERT INTO `dnsrecord_tbl` (`id`, `name`, `records`, `ttl`, `is_public`, `tenant_id`, "
      "`project_src`, `created_at`, `updated_at`) VALUES ('" + id +
      "', 'zero-date.example.com', 'A:198.51.100.77', 300, 1, "
      "'5d65667d112e47249ae66dbd7bc07030', 'local', ";
  Reference ref(row + "'2023-01-02 03:04:05', '2023-01-02 03:04:05')");
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  {
    Connection c = db.Connect();
    c.Execute("SET SESSION sql_mode = ''");
    c.Execute(row + "'0000-00-00 00:00:00', '0000-00-00 00:00:00')");
  }
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());

  ProcessResult r = RunMigrator(db, Args());
  EXPECT_EQ(r.exit_code, 4) << Describe(r);
  EXPECT_NE(r.err.find("ERROR 1292"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("0000-00-00 00:00:00"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("statement: LOAD DATA LOCAL INFILE"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(id), std::string::npos) << "the batch's legacy ids are named: " << r.err;
  const std::string run_id = QueryOne(db, "SELECT `run_id` FROM `cpdns_migration_runs`");
  EXPECT_EQ(RunStatus(db, run_id), "failed");
  const int64_t committed = ExpectOnlyWholeBatches(db, run_id, kBatchSize);
  EXPECT_GT(committed, 0);
  // The batch holding the row, and nothing after it, is missing.
  EXPECT_EQ(QueryOne(db, "SELECT `checkpoint_legacy_id` < '" + id + "' FROM `cpdns_migration_runs`"),
            "1");
  EXPECT_EQ(QueryOne(db, "SELECT COUNT(*) FROM `dnsrecord_tbl` WHERE `id` <= (SELECT "
                         "`checkpoint_legacy_id` FROM `cpdns_migration_runs`)"),
            std::to_string(committed * kBatchSize));
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy) << "the migrator wrote the legacy table";

  // The operator repairs the row, then resumes.
  db.Connect().Execute("UPDATE `dnsrecord_tbl` SET `created_at` = '2023-01-02 03:04:05', "
                       "`updated_at` = '2023-01-02 03:04:05' WHERE `id` = '" + id + "'");
  const Snapshot repaired = TakeSnapshot(db, LegacyTables());
  ProcessResult done = RunMigrator(db, Args({"--resume"}));
  ASSERT_EQ(done.exit_code, 1) << Describe(done);
  EXPECT_NE(done.err.find("resuming run=" + run_id), std::string::npos) << done.err;
  ExpectSameMigration(db, *ref.want);
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), repaired);
}

TEST(ReliabilityFaults, RecordsTableLockedPastEveryRetryStopsWithExit4AndResumeCompletes) {
  Reference ref;
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());
  // The operator's option file gives the migrator's sessions 1 s lock waits (metadata and
  // row locks), instead of the server's default of a day for a table lock.
  TempPath options("locks.cnf");
  std::ofstream(options.path())
      << "[client]\ninit-command=\"SET SESSION lock_wait_timeout=1, innodb_lock_wait_timeout=1\"\n";
  const std::vector<std::string> args = Args({"--defaults-file", options.path()});

  HeldRun run(db, args);
  run.HoldAt(10);
  // LOCK TABLES ... WRITE, once the batch in flight committed: every later attempt times out.
  Background lock(db, "LOCK TABLES `dns_records_tbl` WRITE");
  WaitUntilDoneOrWaiting(db, lock, "LOCK TABLES");
  run.Release();
  EXPECT_EQ(lock.Join(), "");
  ProcessResult r = run.Wait();
  EXPECT_EQ(r.exit_code, 4) << Describe(r);
  // Lock wait timeouts are retried, on a new connection, 8 attempts in all, then reported.
  EXPECT_NE(r.err.find("attempt=7 failed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ERROR 1205 (HY000): Lock wait timeout exceeded"), std::string::npos)
      << r.err;
  // The first statement of a batch on the records table: on a first run, whose batches
  // are new, the load of its records.
  EXPECT_NE(r.err.find("statement: LOAD DATA LOCAL INFILE 'cloudpods-dns-migrate-batch' "
                       "REPLACE INTO TABLE `dns_records_tbl`"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--execute --resume"), std::string::npos) << r.err;
  lock.connection().Execute("UNLOCK TABLES");
  EXPECT_GE(ExpectOnlyWholeBatches(db, run.run_id(), kBatchSize), 10);

  ProcessResult done = RunMigrator(db, Args({"--resume", "--defaults-file", options.path()}));
  ASSERT_EQ(done.exit_code, 1) << Describe(done);
  ExpectSameMigration(db, *ref.want);
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
}

TEST(ReliabilityFaults, SecondRunRefusedWhileTheFirstRunsThenProceeds) {
  Reference ref;
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());

  HeldRun first(db, Args());
  first.HoldAt(5);
  const Snapshot during = TakeSnapshot(db, TargetTables());
  const std::string holder = QueryOne(db, "SELECT IS_USED_LOCK('cloudpods-dns-migrate:" + db.name() + "')");
  ASSERT_NE(holder, "NULL");
  for (const std::vector<std::string>& second :
       {Args(), Args({"--resume"}), std::vector<std::string>{"--rollback", first.run_id(), "--execute"}}) {
    ProcessResult r = RunMigrator(db, second);
    EXPECT_EQ(r.exit_code, 6) << Describe(r);
    EXPECT_NE(r.err.find("lock cloudpods-dns-migrate:" + db.name() + " (server connection id " +
                         holder + ")"),
              std::string::npos)
        << r.err;
  }
  EXPECT_EQ(TakeSnapshot(db, TargetTables()), during);
  EXPECT_EQ(db.Count(kRunsTable), 1) << "a refused run records nothing";
  first.Release();
  ProcessResult r = first.Wait();
  ASSERT_EQ(r.exit_code, 1) << Describe(r);

  ProcessResult after = RunMigrator(db, Args());
  ASSERT_EQ(after.exit_code, 1) << Describe(after);
  EXPECT_EQ(CountRows(db, kRunsTable, "`status` = 'finished'"), 2);
  ExpectSameMigration(db, *ref.want);
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
}

TEST(ReliabilityFaults, RefusedZoneOptionLeavesNoRunForResumeToPickUp) {
  // A run stopped by SIGTERM, then a retry with a typo in --zone: refused (exit 5), and it
  // must leave nothing behind, or the next --resume would pick up the refused run, whose
  // options no corrected command line matches, instead of the stopped one.
  Reference ref;
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  std::string stopped_run;
  {
    HeldRun run(db, Args());
    run.HoldAt(5);
    run.Signal(SIGTERM);
    ProcessResult r = run.Wait();
    ASSERT_EQ(r.exit_code, 7) << Describe(r);
    stopped_run = run.run_id();
  }
  WaitForMigrationLockFree(db);
  const Snapshot stopped = TakeSnapshot(db, BookkeepingTables());
  ProcessResult typo = RunMigrator(db, Args({"--resume", "--zone", "example..com"}));
  EXPECT_EQ(typo.exit_code, 2) << Describe(typo);
  ProcessResult typo2 = RunMigrator(db, Args({"--zone", "example..com"}));
  EXPECT_EQ(typo2.exit_code, 2) << Describe(typo2);
  EXPECT_EQ(TakeSnapshot(db, BookkeepingTables()), stopped);

  ProcessResult done = RunMigrator(db, Args({"--resume"}));
  ASSERT_EQ(done.exit_code, 1) << Describe(done);
  EXPECT_NE(done.err.find("resuming run=" + stopped_run), std::string::npos) << done.err;
  EXPECT_EQ(db.Count(kRunsTable), 1);
  ExpectSameMigration(db, *ref.want);
}

}  // namespace
}  // namespace cpdns::testing
