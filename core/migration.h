// Migration runs the whole legacy-to-zones migration: plan (the default, read
// only: a diff against the target as it is now) or execute (--execute: batched,
// resumable writes that never revert what someone else changed in the target),
// the list of runs, and rollback of runs (planned, or executed with --execute).
// It streams the legacy table, plans each row with RowPlanner, compares and writes
// with TargetWriter, and reports through MigrationReport.
//
//   MigrationOptions o;  o.connection = conn_opts;  o.execute = true;
//   MigrationResult r = RunMigration(o);
//   return ExitCodeFor(r);
//
// Thread-safety: one run per process; the lock in the database refuses a
// second concurrent run against the same database.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/connection_options.h"
#include "core/errors.h"
#include "core/intermediate_step.h"
#include "core/table_names.h"
#include "core/target_version.h"
#include "core/bulk_load.h"
#include "core/zone_inference.h"

namespace cpdns {

// --max-rejected: an absolute count ("25") or a share of the live rows ("2.5%").
struct RejectLimit {
  bool percent = false;
  double value = 0;
  [[nodiscard]] static RejectLimit Parse(std::string_view text);  // ConfigError when malformed
  bool Exceeded(int64_t rejected, int64_t live_rows) const;
  std::string ToString() const;
};

struct MigrationOptions {
  ConnectionOptions connection;
  TableNames tables;
  std::vector<std::string> zones;  // --zone, and the lines of --zones-file
  InferenceStrategy inference = InferenceStrategy::kPsl;
  TargetVersion target = TargetVersion::k311;
  std::size_t batch_size = 2000;
  WriteMethod write_method = WriteMethod::kLoadData;  // --write-method
  bool execute = false;
  bool resume = false;
  // --overwrite-changed: rows someone changed or deleted in the target since the
  // migration wrote them are restored (default: kept and reported).
  bool overwrite_changed = false;
  // --only-zone / --only-project: the part of the legacy table this run covers; the rest
  // is reported as out of scope. Empty: all.
  std::vector<std::string> only_zones;
  std::vector<std::string> only_projects;
  bool list_runs = false;  // --list-runs
  bool create_target_tables = false;
  std::string target_release = "v3.11";  // sql/target/<release> for --create-target-tables
  std::optional<std::string> rollback_run;  // "latest", "all" or a run id
  std::optional<RejectLimit> max_rejected;
  // The intermediate model's local zones: only reported, or planned (and written) too.
  IntermediateMode intermediate_zones = IntermediateMode::kReport;
  IntermediateProjectOption intermediate_projects;  // --intermediate-project
  IntermediateConflicts intermediate_conflicts = IntermediateConflicts::kLegacyWins;
  std::string report_json;             // path, "" for none
  bool report_all_rows = true;         // JSON lists every row, or only rows with reasons
  std::size_t text_rows_per_reason = 20;
  bool progress_on_terminal = false;
  // Set by a signal handler: stop at the next batch boundary.
  const std::atomic<bool>* stop_requested = nullptr;

  // The options as JSON for the bookkeeping table and the report; never holds
  // the password.
  std::string ToJson() const;
  // {"only_zones": [...], "only_projects": [...]}, or "" for the whole table.
  std::string ScopeJson() const;
};

// Counts of each kind of change (ChangeKind, target_diff.h): create, unchanged, update,
// changed_in_target, deleted_in_target.
using ChangeCounts = std::array<int64_t, 5>;

enum class MigrationStatus {
  kDone,              // every row has an outcome (some may have been rejected)
  kAbortedThreshold,  // --max-rejected exceeded: nothing written
  kInterrupted,       // stopped at a batch boundary by a signal: resumable
  kRolledBack,        // or planned a rollback, or listed runs: nothing else to report
};

struct MigrationResult {
  MigrationStatus status = MigrationStatus::kDone;
  std::string run_id;
  int64_t rows_read = 0;
  int64_t rows_deleted = 0;
  int64_t rows_migrated = 0;
  int64_t rows_warned = 0;
  int64_t rows_rejected = 0;  // skipped for a reason other than "deleted"
  int64_t records = 0;
  int64_t zones_created = 0;
  int64_t zones_reused = 0;
  ChangeCounts record_changes{};
  ChangeCounts zone_changes{};
  // Intermediate zones and records refused (--intermediate-zones migrate only).
  int64_t intermediate_rejected = 0;
};

// Throws ConfigError / DatabaseError / DataError for failures of the run as a whole.
MigrationResult RunMigration(const MigrationOptions& options);

// Documented exit codes of dns-migrator.
namespace exit_code {
inline constexpr int kOk = 0;
inline constexpr int kRejectedRows = 1;
inline constexpr int kUsage = 2;
inline constexpr int kAbortedThreshold = 3;
inline constexpr int kDatabase = 4;
inline constexpr int kConfig = 5;
inline constexpr int kLocked = 6;
inline constexpr int kInterrupted = 7;
inline constexpr int kConnect = 8;
inline constexpr int kInternal = 70;
}  // namespace exit_code

int ExitCodeFor(const MigrationResult& result);

}  // namespace cpdns
