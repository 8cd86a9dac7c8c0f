// RunLedger is the migrator's own record of its runs, in the bookkeeping tables of
// sql/migrator/: the named lock that keeps runs apart, one row per run (status,
// options, scope, checkpoint, counts, changes, rolled back or not), and what each run
// did with each legacy row (the row map). The rows the migration owns in the target,
// with their fingerprints, are OwnedRows (owned_rows.h), in the same tables' family.
// Every statement on cpdns_migration_runs and _map lives here; callers orchestrate.
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
#include <span>
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
  std::optional<std::string> action;  // the change made or found: create, unchanged, ...
};

// cpdns_migration_map.reasons is varchar(512) and .detail TEXT (65,535 bytes), and strict
// sql_mode refuses anything longer: one row with thousands of bad entries (a 64 KiB value
// holds 65,536 empty ones) would fail its batch, and with it every later run. The map keeps
// each code once, in order, and the details up to the column's size; the JSON report keeps
// every reason.
[[nodiscard]] std::string MapReasons(const RowPlan& plan);
[[nodiscard]] std::optional<std::string> MapDetail(const RowPlan& plan);

enum class RunStatus {
  kRunning,
  kFinished,
  kFailed,
  kAborted,
  kInterrupted,
  kRollingBack,
  kRolledBack
};

// An unfinished run that --resume continues.
struct ResumableRun {
  std::string run_id;
  std::optional<std::string> checkpoint;  // last legacy id written; nullopt: none yet
  std::string options_json;
  int64_t batches = 0;
};

// One run as --list-runs shows it.
struct RunInfo {
  std::string run_id;
  std::string status;
  std::string started_at;
  std::optional<std::string> finished_at;
  std::string options_json;
  std::optional<std::string> scope_json;    // nullopt: the whole legacy table
  std::optional<std::string> changes_json;  // counts of each kind of change
  std::optional<std::string> rolled_back_at;
  std::optional<std::string> message;
  int64_t rows_read = 0;
  int64_t records_written = 0;
  int64_t zones_created = 0;
};

// The bookkeeping tables found in a database.
enum class LedgerVersion {
  kNone,     // none yet
  kEarlier,  // written by a dns-migrator that kept no fingerprints (upgraded on --execute)
  kCurrent,
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
  LedgerVersion Version();
  // Creates the bookkeeping tables that are missing (sql/migrator/) and upgrades those an
  // earlier version wrote (sql/migrator/upgrade/from_v1.sql: needs ALTER once; without
  // it, a ConfigError says what to grant or load).
  void EnsureTables();

  // ---- runs ----
  // Holding the lock, no other run is alive: rows still "running" were cut off.
  void MarkCutOffRuns();
  // A new run row, status running; returns its id. `scope_json` "" for the whole table.
  std::string StartRun(const std::string& options_json, const std::string& scope_json = "");
  // The newest interrupted or failed run, if any.
  std::optional<ResumableRun> FindResumable();
  void SetStatus(const std::string& run_id, RunStatus status, const std::string& message = "");
  // The counts of each kind of change the run made or found, as JSON.
  void SetChanges(const std::string& run_id, const std::string& changes_json);
  // Every run, oldest first.
  std::vector<RunInfo> Runs();
  std::optional<RunInfo> Run(const std::string& run_id);
  // The run's checkpoint and counts (inside the batch's transaction); `records_written`
  // (what this batch wrote) is added to the run's count.
  void SaveCheckpoint(const std::string& run_id, const std::string& legacy_id,
                      const RunCounts& counts, int64_t records_written = 0);
  // What `run_id` did with each legacy row of a batch (inside its transaction).
  void WriteMap(const std::string& run_id, const std::vector<MapWrite>& rows,
                WriteMethod& method);
  // The change recorded in the row map of `run_id` for each record of these legacy rows
  // (a resumed run reports the batches it wrote before with them).
  std::vector<std::pair<std::string, std::string>> MapActions(
      const std::string& run_id, std::span<const std::string> legacy_ids);
  // Forgets the row map of `run_id` (after its rollback).
  void DeleteMap(const std::string& run_id);

  // ---- for the verifier ----
  // The newest finished run, "" when none (or no bookkeeping tables).
  std::string NewestFinishedRun();
  // The legacy rows `run_id` skipped for a reason other than "deleted", with its reasons.
  void SkippedRows(const std::string& run_id,
                   const std::function<void(std::string legacy_id, std::string reasons)>& sink);
  // The legacy rows skipped for a reason other than "deleted", with the reasons, by the
  // newest finished run that planned them: the newest finished run over the whole table
  // and the staged (--only-*) runs that finished after it.
  void SkippedRows(const std::function<void(std::string legacy_id, std::string reasons)>& sink);

 private:
  Connection* conn_;
};

}  // namespace cpdns
