// Integration-test support for dns-migrator: a scratch database loaded with a
// fixture, the migrator run as a subprocess against it, snapshots of tables
// (CHECKSUM TABLE ... EXTENDED, counts, every row) to prove what a run changed
// or did not change, a way to stop a run after N committed batches, and the
// hand-written expectations of fixtures/<case>/expected/. For the reliability
// tests: a run held at any batch (HeldRun), a large generated legacy table, and a
// second private server that a test may stop and restart (PrivateServer, in
// private_server.h).
//
//   ScratchDatabase db;
//   LoadFixtureDatabase(db, "basic", "v3.11");
//   auto before = Snapshot(db, AllTables());
//   ProcessResult r = RunMigrator(db, {"--execute"});
//   Expected e = LoadExpected("basic");
//
// Thread-safety: one test thread.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/database.h"
#include "tests/integration/private_server.h"
#include "tests/integration/process.h"
#include "tests/integration/test_database.h"

namespace cpdns::testing {

inline constexpr const char* kLegacyTable = "dnsrecord_tbl";
inline constexpr const char* kZonesTable = "dnszones_tbl";
inline constexpr const char* kRecordsTable = "dns_records_tbl";
inline constexpr const char* kRunsTable = "cpdns_migration_runs";
inline constexpr const char* kMapTable = "cpdns_migration_map";
inline constexpr const char* kRunZonesTable = "cpdns_migration_zones";
inline constexpr const char* kOwnedRecordsTable = "cpdns_migration_records";
inline constexpr const char* kChangesTable = "cpdns_migration_changes";

// Legacy schema and fixtures/<fixture>/legacy.sql; the target tables of
// `target_release` too unless it is empty.
void LoadFixtureDatabase(ScratchDatabase& db, const std::string& fixture,
                         const std::string& target_release = "v3.11");

// Connection arguments for `db` (socket and user; the password, if the test
// server has one, goes through MYSQL_PWD, never argv).
std::vector<std::string> ConnectionArgs(const ScratchDatabase& db);
EnvChanges ConnectionEnv();
std::vector<std::string> WithConnection(const ScratchDatabase& db, std::vector<std::string> args);

// dns-migrator with the connection arguments for `db` and `args`.
ProcessResult RunMigrator(const ScratchDatabase& db, const std::vector<std::string>& args,
                          const EnvChanges& env = {});
ChildProcess StartMigrator(const ScratchDatabase& db, const std::vector<std::string>& args);
// "exit 1 / signal 0" and the output, for assertion messages.
std::string Describe(const ProcessResult& r);

// A fresh path for --report-json, removed by the destructor.
class TempPath {
 public:
  explicit TempPath(const std::string& tag);
  ~TempPath();
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};
nlohmann::json ReadJson(const std::string& path);

// ---- table snapshots ----

bool TableExists(const ScratchDatabase& db, const std::string& table);
// "absent", or "rows=N checksum=C" (CHECKSUM TABLE ... EXTENDED).
std::string TableState(const ScratchDatabase& db, const std::string& table);
// Every row, ordered by the primary key, each as its cells joined (NULL shown as \N).
std::vector<std::string> TableRows(const ScratchDatabase& db, const std::string& table,
                                   const std::string& order_by = "`id`");
// Equal row lists, or a short message naming the first difference.
::testing::AssertionResult SameRows(const std::vector<std::string>& got,
                                    const std::vector<std::string>& want);
using Snapshot = std::map<std::string, std::string>;
Snapshot TakeSnapshot(const ScratchDatabase& db, const std::vector<std::string>& tables);
std::vector<std::string> TargetTables();       // dnszones_tbl, dns_records_tbl
std::vector<std::string> BookkeepingTables();  // cpdns_migration_{runs,map,zones,records,changes}
std::vector<std::string> LegacyTables();       // every table of sql/legacy
long long CountRows(const ScratchDatabase& db, const std::string& table,
                    const std::string& where = "");
std::string QueryOne(const ScratchDatabase& db, const std::string& sql);

// ---- stopping a run ----

struct StoppedRun {
  int64_t batches_when_signalled = 0;
  ProcessResult result;
};

// Starts dns-migrator with `args` and stops it once it has committed >= n batches:
// while the child starts, a lock on dnszones_tbl holds it before its first batch;
// then, holding its run row locked (which stalls the checkpoint update of its next
// batch), the test reads `batches` and sends `signal` while the migrator is blocked
// inside that batch. SIGKILL rolls the batch back; after SIGTERM the row is released
// and the batch may finish. Throws when the run ends before that.
StoppedRun RunAndStopAfterBatches(const ScratchDatabase& db, const std::vector<std::string>& args,
                                  int64_t n, int signal);
// Waits until no connection holds the migration lock of `db` (after a kill, the
// server notices the dead connection a moment later).
void WaitForMigrationLockFree(const ScratchDatabase& db);

// ---- runs held at a batch, a large generated table, a second server ----

// Fills the legacy table of `db` (schema loaded) with `rows` generated rows, server-side
// (INSERT ... SELECT from MariaDB's seq_1_to_N), deterministically: valid names under 200
// domains (and PTR names under 800 /24 reverse zones), every record type, multi-value rows,
// 40 rows sharing one name, a few private rows of three projects, disabled and deleted rows.
// Ids sort in groups of 1000 rows (`NNN-<md5>`), each group one domain, so a batch touches
// few zones.
void LoadGeneratedLegacyRows(const ScratchDatabase& db, int64_t rows);

// A dns-migrator run (--execute) that the test holds at batch boundaries. The constructor
// starts it with a lock on the zones table that stops it before its first batch, and
// returns once it has recorded its run (so run_id() is this run's, even when an older run
// was left "running" by a kill). HoldAt(n) returns once the run has committed n batches
// (its `batches` counter, which a resumed run carries on), holding the run's row locked:
// the migrator is then blocked inside its next batch, everything written but its
// checkpoint update, until Release(). The destructor kills a run still alive.
class HeldRun {
 public:
  // `args` without connection arguments: WithConnection(db, args) and ConnectionEnv().
  HeldRun(const ScratchDatabase& db, const std::vector<std::string>& args);
  // `full_args` as given (connection arguments included), environment `env` on top of ours.
  HeldRun(const ScratchDatabase& db, const std::vector<std::string>& full_args,
          const EnvChanges& env, const std::string& zones_table = kZonesTable);
  ~HeldRun();
  HeldRun(const HeldRun&) = delete;
  HeldRun& operator=(const HeldRun&) = delete;

  const std::string& run_id() const { return run_id_; }
  pid_t pid() const { return child_.pid(); }
  bool Running() { return child_.Running(); }
  // The run's committed batches once >= n, with the run row held. Throws when the run ends
  // first or does not get there within `timeout_s`.
  int64_t HoldAt(int64_t n, int timeout_s = 120);
  // Lets the run go on (no-op when nothing is held).
  void Release();
  void Signal(int signal) { child_.Signal(signal); }
  // Releases, then waits for the end.
  ProcessResult Wait();

 private:
  void OpenGate();

  const ScratchDatabase& db_;
  Connection gate_;
  Connection watch_;
  ChildProcess child_;
  std::string run_id_;
  bool gate_locked_ = true;
  bool holding_ = false;
};

// The map rows of `run_id` without the run id, ordered: comparable between databases.
std::vector<std::string> RunMapRows(const ScratchDatabase& db, const std::string& run_id);

// What a finished migration left: the target tables (CHECKSUM TABLE ... EXTENDED, counts,
// every row) and the row map of the finished run.
struct MigratedTables {
  explicit MigratedTables(const ScratchDatabase& db);
  Snapshot state;
  std::vector<std::string> zones, records;
  std::string run_id;
  std::vector<std::string> map;
};
// `db` holds exactly what `want` holds: same zones and records row for row, same row map.
void ExpectSameMigration(const ScratchDatabase& db, const MigratedTables& want);

// After a run of `run_id` stopped or failed mid-way: only whole batches of `batch_size`
// rows are visible (its row map covers batches * batch_size legacy rows, ending at its
// checkpoint, and every record present is mapped, every record has its zone). Returns the
// committed batches.
int64_t ExpectOnlyWholeBatches(const ScratchDatabase& db, const std::string& run_id,
                               int64_t batch_size);

// ---- fixtures/<case>/expected ----

// The lines of a hand-written TSV file, each as its cells; blank and '#' lines skipped.
std::vector<std::vector<std::string>> ReadTsv(const std::filesystem::path& file);

struct ExpectedZone {
  std::string name, domain_id, tenant_id;
  bool is_public = false;
  std::string public_scope;
  int64_t rows = 0, records = 0;
  std::string Id() const;
};

struct ExpectedRecord {
  std::string legacy_id;
  int position = 0;
  std::string zone_name, zone_tenant_id;
  bool zone_is_public = false;
  std::string name, type, value;
  int64_t ttl = 0;
  bool enabled = true;
  std::string Id() const;
};

struct ExpectedOutcome {
  std::string outcome;             // migrated | warned | skipped
  std::vector<std::string> codes;  // in order
};

struct Expected {
  std::map<std::string, int64_t> totals;
  std::vector<ExpectedZone> zones;
  std::vector<ExpectedRecord> records;
  std::map<std::string, ExpectedOutcome> outcomes;  // rows not listed: migrated, no reason

  const ExpectedZone& ZoneOf(const ExpectedRecord& r) const;
  ExpectedOutcome OutcomeOf(const std::string& legacy_id) const;
  int64_t Total(const std::string& key) const;
};

Expected LoadExpected(const std::string& fixture);

}  // namespace cpdns::testing
