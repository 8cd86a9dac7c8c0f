// MigrationRun is one run of the migration, plan or execute, as named steps: open the
// connections (and the lock), check or create the target tables, start or resume the
// run in the ledger, load what planning needs, apply --max-rejected, plan every legacy
// row and diff it against the target batch by batch (writing what the living-target
// rules allow, with --execute), settle the zones, and report. RunMigration
// (migration.h) is its only user.
//
//   MigrationOptions o;  o.execute = true;
//   MigrationResult r = MigrationRun(o).Run();
//
// Thread-safety: one run per object; the batch pipeline owns a second thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/batch_pipeline.h"
#include "core/intermediate_step.h"
#include "core/legacy_source.h"
#include "core/migration.h"
#include "core/migration_report.h"
#include "core/owned_rows.h"
#include "core/progress.h"
#include "core/row_planner.h"
#include "core/run_ledger.h"
#include "core/zone_states.h"

namespace cpdns {

class MigrationRun {
 public:
  explicit MigrationRun(const MigrationOptions& options) : o_(options) {}
  MigrationRun(const MigrationRun&) = delete;
  MigrationRun& operator=(const MigrationRun&) = delete;

  // Throws ConfigError / DatabaseError / DataError for failures of the run as a whole.
  MigrationResult Run();

 private:
  // Per batch: a zone it creates, with its created/updated extremes.
  struct BatchTimes {
    std::string created_at;
    std::string updated_at;
  };
  struct PendingRow {
    RowPlan plan;
    bool in_scope = true;
  };

  void OpenConnections();
  void PrepareTarget();
  void StartLedger();
  void LoadInputs();
  std::optional<MigrationResult> CheckRejectLimit();
  void ReconnectReader();
  void ReconnectWriter();
  bool InScope(const RowPlan& plan, const LegacyRow& row) const;
  PlannedBatch& Batch();
  // Plans rows after `after` (up to `until`); writes them when `write_rows`. False when
  // a signal stopped it at a batch boundary.
  bool PlanRows(std::optional<std::string> after, std::optional<std::string> until,
                bool write_rows);
  // A row before a resumed run's checkpoint: written already, counted like the rest.
  void CountWritten(const RowPlan& plan);
  void AddToBatch(const LegacyRow& row, const RowPlan& plan);
  // Writes (or, in a plan, diffs and reports) the batch collected. False, with nothing
  // written, when `may_stop` and a signal asked the run to stop.
  bool Flush(bool may_stop = false);
  // The rows of a batch to the report, with what its diff found.
  void ReportBatch(std::vector<PendingRow>& rows, const BatchDiff& diff);
  // Rows before a resumed run's checkpoint, with the changes its row map recorded.
  void ReportWritten();
  // Plans the intermediate zones (after the last legacy row) and, with migrate, diffs and
  // writes them in batches of their own; false when a signal stopped it at a batch boundary.
  bool WriteIntermediate();
  // Whether an intermediate zone is in --only-zone / --only-project.
  bool InScope(const PlannedZone& zone) const { return ZoneInScope(zone.name, zone.owner.tenant_id); }
  // By a zone's name and owner (an intermediate zone refused for either is in no named scope).
  bool ZoneInScope(const std::string& name, const std::string& tenant_id) const;
  void SweepOrphans();
  void FinalizeZones();
  void MarkFailed(const Error& e);
  MigrationResult Interrupted();
  MigrationResult Finished();

  const MigrationOptions& o_;
  std::optional<Connection> read_;
  std::optional<Connection> write_;
  bool have_target_ = false;
  // False for a run that started over a ledger owning no record (not a resume): every
  // record it owns was written from a legacy row it read, so none can be an orphan (but
  // of a legacy row deleted while it ran, which the next run removes).
  bool sweep_orphans_ = true;
  LedgerVersion ledger_ = LedgerVersion::kNone;
  std::string run_id_;
  std::optional<std::string> checkpoint_;
  int64_t checkpoint_batches_ = 0;  // batches the resumed run committed before
  std::set<std::string> only_zones_;  // normalised
  std::set<std::string> only_projects_;
  std::vector<ZoneRow> existing_;
  SharedNames shared_;
  std::optional<LegacySource> source_;
  int64_t total_ = 0;
  std::optional<ZoneCatalog> zones_;
  std::optional<ZoneStates> zone_states_;
  std::optional<RowPlanner> planner_;
  std::optional<MigrationReport> report_;
  IntermediateStep intermediate_{o_.intermediate_zones,
                                 {o_.intermediate_projects, o_.intermediate_conflicts, o_.target}};
  std::optional<Progress> progress_;
  std::optional<BatchPipeline> pipeline_;
  PlannedBatch plan_batch_;  // without --execute
  RunCounts counts_;
  std::map<std::size_t, BatchTimes> batch_zones_;
  std::set<std::size_t> zones_written_;
  std::vector<PendingRow> filling_, in_flight_;
  std::unordered_map<std::string, std::string> intermediate_fqdns_;  // by record key
  std::size_t batch_rows_ = 0;
  std::string first_id_;  // of the batch being collected
  std::string last_id_;
};

}  // namespace cpdns
