// dns-migrator against a server that goes away or refuses writes mid-run, on a second
// private MariaDB of each test's own (PrivateServer), never the shared test server:
// restarted (stop, start: same datadir and port) while the migrator is inside a batch and
// again at an arbitrary moment: it reconnects, writes the batch again and ends as an
// uninterrupted run; switched to read-only under a least-privileged user; out of space
// (an InnoDB system tablespace capped at a maximum size, as a stand-in for a full disk):
// each stops with exit code 4 and a clear error, leaves only whole batches, and a later
// --resume completes identically. Label `slow`: each test starts a server.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "core/database.h"
#include "core/errors.h"
#include "tests/integration/migrator_harness.h"

namespace cpdns::testing {
namespace {

TEST(ReliabilityServer, RestartedTwiceMidRunRetriesAndEndsIdentical) {
  PrivateServer server;
  const unsigned int port = server.port();
  constexpr int64_t kRows = 30000;
  ScratchDatabase ref("ref");
  ScratchDatabase db;
  for (ScratchDatabase* d : {&ref, &db}) {
    d->LoadLegacySchema();
    d->LoadTargetSchema("v3.11");
    LoadGeneratedLegacyRows(*d, kRows);
  }
  // Over TCP, so that the server must come back on the same port.
  auto args = [port](const ScratchDatabase& d) {
    return std::vector<std::string>{"--host",     "127.0.0.1", "--port",      std::to_string(port),
                                    "--user",     "root",      "--database",  d.name(),
                                    "--execute",  "--batch-size", "500"};
  };
  ProcessResult uninterrupted = RunProcess(CPDNS_MIGRATOR_BIN, args(ref), ConnectionEnv());
  ASSERT_EQ(uninterrupted.exit_code, 0) << Describe(uninterrupted);
  const MigratedTables want(ref);
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());

  HeldRun run(db, args(db), {});
  // 1: while the migrator waits inside batch 6, its writes not yet committed.
  run.HoldAt(5);
  server.Stop();
  server.Start();
  EXPECT_EQ(server.port(), port);
  run.Release();
  // 2: at whatever the migrator is doing just after batch 31.
  run.HoldAt(31);
  run.Release();
  server.Stop();
  server.Start();
  ProcessResult r = run.Wait();
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_NE(r.err.find("retrying"), std::string::npos) << "the failed batch was retried: " << r.err;
  ExpectSameMigration(db, want);
  EXPECT_EQ(db.Count(kRunsTable), 1);
  EXPECT_EQ(QueryOne(db, "SELECT `batches` FROM `cpdns_migration_runs`"),
            std::to_string(kRows / 500));
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
}

// The grants security_test.cc documents: SELECT on the legacy table; SELECT, INSERT,
// UPDATE, DELETE on the target and bookkeeping tables (which exist already).
class LeastPrivilegedUser {
 public:
  explicit LeastPrivilegedUser(const ScratchDatabase& db)
      : admin_(db.Connect()), name_("cpdns_lp_" + std::to_string(::getpid())) {
    admin_.Execute("DROP USER IF EXISTS '" + name_ + "'@'localhost'");
    admin_.Execute("CREATE USER '" + name_ + "'@'localhost' IDENTIFIED BY " +
                   admin_.Literal(password()));
    const std::string d = QuoteIdentifier(db.name());
    admin_.Execute("GRANT SELECT ON " + d + ".`dnsrecord_tbl` TO '" + name_ + "'@'localhost'");
    for (const char* t : {"dnszones_tbl", "dns_records_tbl", "cpdns_migration_runs",
                          "cpdns_migration_map", "cpdns_migration_zones",
                          "cpdns_migration_records", "cpdns_migration_changes"}) {
      admin_.Execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + d + "." + QuoteIdentifier(t) +
                     " TO '" + name_ + "'@'localhost'");
    }
  }
  ~LeastPrivilegedUser() {
    try {
      admin_.Execute("DROP USER IF EXISTS '" + name_ + "'@'localhost'");
    } catch (const Error&) {
    }
  }
  const std::string& name() const { return name_; }
  std::string password() const { return "Pw-" + name_; }

 private:
  Connection admin_;
  std::string name_;
};

TEST(ReliabilityServer, ReadOnlyServerStopsCleanlyAndResumeCompletes) {
  PrivateServer server;
  ScratchDatabase ref("ref");
  ScratchDatabase db;
  LoadFixtureDatabase(ref, "basic");
  ProcessResult uninterrupted = RunMigrator(ref, {"--execute", "--batch-size", "3"});
  ASSERT_EQ(uninterrupted.exit_code, 1) << Describe(uninterrupted);
  const MigratedTables want(ref);
  LoadFixtureDatabase(db, "basic");
  db.LoadMigratorSchema();
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());
  LeastPrivilegedUser user(db);
  const std::vector<std::string> args = {"--socket",   server.socket(), "--user", user.name(),
                                         "--database", db.name(),       "--execute",
                                         "--batch-size", "3"};
  const EnvChanges env = {{"MYSQL_PWD", user.password()}};
  Connection admin = db.Connect();

  HeldRun run(db, args, env);
  const int64_t held = run.HoldAt(10);
  // Batch 11 is written, its checkpoint update waiting: its commit is refused.
  admin.Execute("SET GLOBAL read_only = 1");
  ProcessResult r = run.Wait();
  EXPECT_EQ(r.exit_code, 4) << Describe(r);
  EXPECT_NE(r.err.find("ERROR 1290"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("read-only"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--resume"), std::string::npos) << r.err;
  WaitForMigrationLockFree(db);
  EXPECT_EQ(ExpectOnlyWholeBatches(db, run.run_id(), 3), held);
  const Snapshot stopped = TakeSnapshot(db, TargetTables());

  // Still read-only: a new attempt fails at once, writing nothing.
  ProcessResult again = RunProcess(CPDNS_MIGRATOR_BIN, [&] {
    auto a = args;
    a.push_back("--resume");
    return a;
  }(), env);
  EXPECT_EQ(again.exit_code, 4) << Describe(again);
  EXPECT_EQ(TakeSnapshot(db, TargetTables()), stopped);

  admin.Execute("SET GLOBAL read_only = 0");
  std::vector<std::string> resume = args;
  resume.push_back("--resume");
  ProcessResult done = RunProcess(CPDNS_MIGRATOR_BIN, resume, env);
  ASSERT_EQ(done.exit_code, 1) << Describe(done);
  EXPECT_NE(done.err.find("resuming run=" + run.run_id()), std::string::npos) << done.err;
  ExpectSameMigration(db, want);
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
}

TEST(ReliabilityServer, OutOfSpaceStopsCleanlyAndResumeCompletes) {
  // Every table in the system tablespace, which may grow to 48 MiB and no further: once the
  // test has filled it, InnoDB refuses new pages ("The table ... is full", error 1114), as
  // it would on a full disk if it did not wait for space instead.
  PrivateServer server(
      "--innodb-file-per-table=0 --innodb-data-file-path=ibdata1:12M:autoextend:max:48M");
  ScratchDatabase ref("ref");
  ScratchDatabase db;
  LoadFixtureDatabase(ref, "basic");
  ProcessResult uninterrupted = RunMigrator(ref, {"--execute", "--batch-size", "3"});
  ASSERT_EQ(uninterrupted.exit_code, 1) << Describe(uninterrupted);
  const MigratedTables want(ref);
  LoadFixtureDatabase(db, "basic");
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());

  HeldRun run(db, {"--execute", "--batch-size", "3"});
  const int64_t held = run.HoldAt(10);
  // Fill what is left: 1 MB rows while much is free, then small ones, so that the insert
  // that finds no room has nothing to undo (InnoDB aborts when a rollback runs out of space).
  Connection filler = db.Connect();
  filler.Execute("CREATE TABLE `filler` (`id` INT AUTO_INCREMENT PRIMARY KEY, `b` LONGBLOB)");
  bool full = false;
  for (int i = 0; i < 20000 && !full; ++i) {
    const int64_t free_bytes = std::stoll(
        filler.QueryValue("SELECT `DATA_FREE` FROM information_schema.TABLES WHERE "
                          "`TABLE_SCHEMA` = DATABASE() AND `TABLE_NAME` = 'filler'")
            .value_or("0"));
    try {
      filler.Execute(std::string("INSERT INTO `filler` (`b`) VALUES (REPEAT('x', ") +
                     (free_bytes > (8 << 20) ? "1000000" : "1000") + "))");
    } catch (const DatabaseError& e) {
      ASSERT_EQ(e.errnum(), 1114u) << e.what();
      full = true;
    }
  }
  ASSERT_TRUE(full) << "the tablespace never filled up";
  ProcessResult r = run.Wait();
  EXPECT_EQ(r.exit_code, 4) << Describe(r);
  EXPECT_NE(r.err.find("ERROR 1114"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("is full"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--resume"), std::string::npos) << r.err;
  WaitForMigrationLockFree(db);
  EXPECT_GE(ExpectOnlyWholeBatches(db, run.run_id(), 3), held);

  // Space again (the cap lifted, same datadir and port), the filler gone: --resume.
  server.Stop();
  server.Start("--innodb-file-per-table=0");
  db.Connect().Execute("DROP TABLE `filler`");
  ProcessResult done = RunMigrator(db, {"--execute", "--batch-size", "3", "--resume"});
  ASSERT_EQ(done.exit_code, 1) << Describe(done);
  EXPECT_NE(done.err.find("resuming run=" + run.run_id()), std::string::npos) << done.err;
  ExpectSameMigration(db, want);
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
}

// A server that refuses LOAD DATA LOCAL INFILE (local_infile=OFF): the migrator says so once
// and writes the same rows with INSERT statements.
TEST(ReliabilityServer, LocalInfileRefusedFallsBackToInsertWithTheSameRows) {
  ScratchDatabase ref("ref");  // on the shared server, which allows it
  LoadFixtureDatabase(ref, "basic");
  ProcessResult first = RunMigrator(ref, {"--execute"});
  ASSERT_EQ(first.exit_code, 1) << Describe(first);
  const MigratedTables want(ref);

  PrivateServer server("--local-infile=0");
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  ProcessResult r = RunMigrator(db, {"--execute"});
  ASSERT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_NE(r.err.find("does not allow LOAD DATA LOCAL INFILE"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("set local_infile=ON"), std::string::npos) << r.err;
  ExpectSameMigration(db, want);
}

}  // namespace
}  // namespace cpdns::testing
