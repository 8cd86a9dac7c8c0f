// RunLedger is the migrator's own record of its runs, in the bookkeeping tables of
// sql/migrator/ (cpdns_migration_runs, _map, _zones): the named lock that keeps runs
// apart, one row per run (status, options, checkpoint, counts), what each run did with
// each legacy row, the zones it created, and rollback. Every statement on those tables
// lives here; callers orchestrate.
//
//   RunLedger ledger(conn);
//   ledger.TakeLock();                       // LockedError when another run holds it
//   ledger.EnsureTables();
//   std::string run = ledger.StartRun(options.ToJson());
//   ...  ledger.SaveCheckpoint(run, last_legacy_id, counts);   // inside a batch's transaction
//   ledger.SetStatus(run, RunStatus::kFinished);
//
// Thread-safety: uses the caller's connection, one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/bulk_load.h"
#include "core/database.h"
#include "core/row_planner.h"
#include "core/table_names.h"

namespace cpdns {

// A run's counts, as its row keeps them (updated with every checkpoint).
struct RunCounts {
  int64_t batches = 0;
  int64_t rows_read = 0;
  int64_t rows_migrated = 0;
  int64_t rows_warned = 0;
  int64_t rows_skipped = 0;
  int64_t records_written = 0;
  int64_t zones_created = 0;
};

// What a run did with one legacy row: one row per record written (position = value
// position in the legacy row), or position -1 for a row not migrated, with its reason.
struct MapWrite {
  std::string legacy_id;
  int position = -1;
  std::string outcome;  // migrated | warned | skipped
  std::string reasons;  // comma-separated codes
  std::optional<std::string> detail;
  std::optional<std::string> zone_id;
  std::optional<std::string> record_id;
};

// cpdns_migration_map.reasons is varchar(512) and .detail TEXT (65,535 bytes), and strict
// sql_mode refuses anything longer: one row with thousands of bad entries (a 64 KiB value
// holds 65,536 empty ones) would fail its batch, and with it every later run. The map keeps
// each code once, in order, and the details up to the column's size; the JSON report keeps
// every reason.
[[nodiscard]] std::string MapReasons(const RowPlan& plan);
// A dnszonevpcs_tbl link a run inserted (it has no id of its own): position kVpcLinkPosition,
// the zone in zone_id, the VPC in detail.
inline constexpr int kVpcLinkPosition = -2;
[[nodiscard]] MapWrite VpcMapRow(const std::string& zone_id, const std::string& vpc_id);
[[nodiscard]] std::optional<std::string> MapDetail(const RowPlan& plan);

// A zone a run created.
struct CreatedZone {
  std::string id;
  std::string name;
};

enum class RunStatus { kRunning, kFinished, kFailed, kAborted, kInterrupted, kRolledBack };

// An unfinished run that --resume continues.
struct ResumableRun {
  std::string run_id;
  std::optional<std::string> checkpoint;  // last legacy id written; nullopt: none yet
  std::string options_json;
  int64_t batches = 0;
};

struct RollbackCounts {
  int64_t records = 0;
  int64_t zones = 0;
  int64_t vpc_links = 0;
};

class RunLedger {
 public:
  explicit RunLedger(Connection& conn) : conn_(&conn) {}

  // ---- the lock ----
  // "cloudpods-dns-migrate:<database>".
  std::string LockName();
  // GET_LOCK, waiting up to `wait_s` (after a reconnect the server may not yet have
  // noticed that our earlier session is gone); LockedError naming the holder otherwise.
  void TakeLock(int wait_s = 0);
  void ReleaseLock();

  // ---- the tables ----
  // The runs and zones tables exist (what planning reads).
  bool Exists();
  // Creates the bookkeeping tables that are missing (sql/migrator/).
  void EnsureTables();

  // ---- runs ----
  // Holding the lock, no other run is alive: rows still "running" were cut off.
  void MarkCutOffRuns();
  // A new run row, status running; returns its id.
  std::string StartRun(const std::string& options_json);
  // The newest interrupted or failed run, if any.
  std::optional<ResumableRun> FindResumable();
  void SetStatus(const std::string& run_id, RunStatus status, const std::string& message = "");
  // The run's checkpoint and counts (inside the batch's transaction).
  void SaveCheckpoint(const std::string& run_id, const std::string& legacy_id,
                      const RunCounts& counts);
  // What `run_id` did with each legacy row of a batch (inside its transaction).
  void WriteMap(const std::string& run_id, const std::vector<MapWrite>& rows,
                WriteMethod& method);
  // Zones `run_id` created (inside the batch's transaction).
  void RecordCreatedZones(const std::string& run_id, const std::vector<CreatedZone>& zones);

  // ---- for the verifier ----
  // The newest finished run, "" when none (or no bookkeeping tables).
  std::string NewestFinishedRun();
  // The legacy rows `run_id` skipped for a reason other than "deleted", with its reasons.
  void SkippedRows(const std::string& run_id,
                   const std::function<void(std::string legacy_id, std::string reasons)>& sink);

  // ---- rollback ----
  // Deletes the records and zones `run_id` wrote (those no other run wrote too) from
  // `tables`, then its bookkeeping rows, and marks it rolled back. ConfigError for an
  // unknown run, one already rolled back, or one that wrote to other tables.
  RollbackCounts Rollback(const std::string& run_id, const TableNames& tables);

 private:
  Connection* conn_;
};

}  // namespace cpdns
