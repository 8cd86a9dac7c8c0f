#include "core/migration_run.h"

#include <spdlog/spdlog.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "core/resume_key.h"
#include "core/retry.h"
#include "core/schema_check.h"
#include "core/sql_files.h"
#include "core/target_source.h"

namespace cpdns {

using nlohmann::json;

namespace {

const std::vector<std::string> kZoneColumns = {
    "created_at", "updated_at", "id",           "name",     "status",       "domain_id",
    "tenant_id",  "project_src", "is_public",   "public_scope", "enabled",  "manager_id",
    "zone_type",  "product_type", "deleted",    "description"};
const std::vector<std::string> kRecordColumns = {
    "created_at", "updated_at", "id",        "name",  "status",      "enabled",
    "dns_zone_id", "dns_type",  "dns_value", "ttl",   "mx_priority", "policy_type",
    "policy_value", "deleted"};

ZoneWrite ZoneWriteOf(const PlannedZone& z, const std::string& created_at,
                      const std::string& updated_at) {
  return {z.id,           z.name, z.owner.domain_id, z.owner.tenant_id, z.owner.is_public,
          z.owner.public_scope, created_at, updated_at, "PrivateZone", true,
          std::string(kMigratedZoneDescription)};
}

}  // namespace

void MigrationRun::OpenConnections() {
  read_.emplace(Connection::Open(o_.connection, "reader"));
  RequireColumns(*read_, o_.tables.legacy, LegacySource::Columns(),
                 "point --database at the Cloudpods region database, or name the legacy table "
                 "with --legacy-table");
  if (!o_.execute) return;
  write_.emplace(Connection::Open(o_.connection, "writer"));
  PrepareWriteSession(*write_);
  RunLedger(*write_).TakeLock();
}

void MigrationRun::PrepareTarget() {
  Connection& read = *read_;
  have_target_ = TableExists(read, o_.tables.zones) && TableExists(read, o_.tables.records);
  if (!have_target_ && o_.create_target_tables && o_.execute) {
    // sql/target/ defines the tables under their Cloudpods names; creating those
    // while the run is pointed at others would leave tables nobody asked for.
    const TableNames defaults;
    if (o_.tables.zones != defaults.zones || o_.tables.records != defaults.records) {
      throw ConfigError("--create-target-tables creates `" + defaults.zones + "` and `" +
                        defaults.records + "`; it cannot create `" + o_.tables.zones + "` / `" +
                        o_.tables.records + "`: create those first, or drop --zones-table / "
                        "--records-table");
    }
    LoadSqlFolder(*write_, SqlDirectory() / "target" / o_.target_release);
    spdlog::info("created target tables release={}", o_.target_release);
    have_target_ = true;
  }
  if (have_target_) {
    RequireColumns(read, o_.tables.zones, kZoneColumns,
                   "upgrade Cloudpods to 3.10.5 or later first, or pass --zones-table");
    RequireColumns(read, o_.tables.records, kRecordColumns,
                   "upgrade Cloudpods to 3.10.5 or later first, or pass --records-table");
  } else if (o_.execute) {
    throw ConfigError("the target tables `" + o_.tables.zones + "` and `" + o_.tables.records +
                      "` do not exist: upgrade Cloudpods to 3.10.5 or later first (it creates "
                      "them), or pass --create-target-tables");
  } else {
    spdlog::warn("target tables {} / {} do not exist yet: planning as if they were empty",
                 o_.tables.zones, o_.tables.records);
  }
}

void MigrationRun::StartLedger() {
  bookkeeping_ = RunLedger(*read_).Exists();
  if (!o_.execute) return;
  RunLedger ledger(*write_);
  ledger.EnsureTables();
  bookkeeping_ = true;
  ledger.MarkCutOffRuns();
  if (!o_.resume) {
    run_id_ = ledger.StartRun(o_.ToJson());
    return;
  }
  std::optional<ResumableRun> r = ledger.FindResumable();
  if (!r) {
    throw ConfigError("--resume: no interrupted or failed run to resume; run without --resume");
  }
  run_id_ = r->run_id;
  checkpoint_ = r->checkpoint;
  checkpoint_batches_ = r->batches;
  if (auto diff = ResumeKeyDifferences(r->options_json, o_.ToJson()); !diff.empty()) {
    std::string list;
    for (const std::string& d : diff) list += (list.empty() ? "" : "; ") + d;
    throw ConfigError("--resume: run " + run_id_ + " was started with other options (" + list +
                      "); resume with the same options, or start a new run");
  }
  ledger.SetStatus(run_id_, RunStatus::kRunning);
  spdlog::info("resuming run={} after legacy_id={}", run_id_, checkpoint_.value_or("(start)"));
}

void MigrationRun::ReconnectReader() { read_ = Connection::Open(o_.connection, "reader"); }

void MigrationRun::ReconnectWriter() {
  RetryTransient("reconnecting the writer", [this] {
    write_ = Connection::Open(o_.connection, "writer");
    PrepareWriteSession(*write_);
    // The server may not yet have noticed that our earlier session is gone.
    RunLedger(*write_).TakeLock(60);
  });
}

void MigrationRun::LoadInputs() {
  if (have_target_) existing_ = TargetSource(*read_, o_.tables).LocalZones(bookkeeping_);
  shared_ = FindSharedNames(*read_, o_.tables.legacy);
  intermediate_.Load(*read_);
  source_.emplace(*read_, o_.tables.legacy);
  source_->OnReconnect([this] { ReconnectReader(); });
  total_ = source_->CountRows();
}

std::optional<MigrationResult> MigrationRun::CheckRejectLimit() {
  if (!o_.max_rejected || !o_.execute) return std::nullopt;
  // Count before writing anything: a threshold is useless after the fact. A plan is
  // printed whole and judged at its end (Finished).
  ZoneCatalog dry_zones(existing_, o_.zones, o_.inference);
  RowPlanner dry(dry_zones, shared_, o_.target);
  int64_t rejected = 0, live = 0;
  LegacyRow row;
  source_->StartAfter(std::nullopt);
  while (source_->Next(row)) {
    RowPlan p = dry.Plan(row);
    if (!row.deleted) ++live;
    if (p.rejected) ++rejected;
  }
  if (!o_.max_rejected->Exceeded(rejected, live)) return std::nullopt;
  spdlog::error("aborted: {} of {} live rows would be rejected, more than --max-rejected {}; "
                "nothing was written. Run without --execute to see why.",
                rejected, live, o_.max_rejected->ToString());
  if (write_) {
    RunLedger(*write_).SetStatus(run_id_, RunStatus::kAborted, "rejected rows over --max-rejected");
  }
  MigrationResult r;
  r.status = MigrationStatus::kAbortedThreshold;
  r.run_id = run_id_;
  r.rows_rejected = rejected;
  return r;
}

void MigrationRun::Flush() {
  if (!pipeline_ || batch_rows_ == 0) return;
  TargetWriter& batch = pipeline_->batch();
  for (const auto& [slot, bz] : batch_zones_) {
    if (zones_written_.count(slot)) continue;  // this run wrote it already
    batch.AddZone(ZoneWriteOf(zones_->zones()[slot], bz.created_at, bz.updated_at));
    zones_written_.insert(slot);
  }
  counts_.batches += 1;
  counts_.rows_read = report_->rows();
  counts_.zones_created = static_cast<int64_t>(zones_written_.size());
  pipeline_->Submit(first_id_, last_id_, counts_);
  batch_zones_.clear();
  batch_rows_ = 0;
}

void MigrationRun::CountWritten(const RowPlan& plan) {
  if (!pipeline_) return;
  if (plan.outcome == RowOutcome::kSkipped) {
    counts_.rows_skipped += 1;
    return;
  }
  (plan.outcome == RowOutcome::kWarned ? counts_.rows_warned : counts_.rows_migrated) += 1;
  counts_.records_written += static_cast<int64_t>(plan.records.size());
  if (!zones_->zones()[plan.zone_slot].exists) zones_written_.insert(plan.zone_slot);
}

void MigrationRun::AddToBatch(const LegacyRow& row, const RowPlan& plan) {
  if (batch_rows_ == 0) first_id_ = row.id;
  last_id_ = row.id;
  ++batch_rows_;
  TargetWriter& batch = pipeline_->batch();
  const std::string reasons = MapReasons(plan);
  const std::optional<std::string> detail = MapDetail(plan);
  if (plan.outcome == RowOutcome::kSkipped) {
    counts_.rows_skipped += 1;
    batch.AddMapRow({row.id, -1, "skipped", reasons, detail, std::nullopt, std::nullopt});
    return;
  }
  (plan.outcome == RowOutcome::kWarned ? counts_.rows_warned : counts_.rows_migrated) += 1;
  const PlannedZone& z = zones_->zones()[plan.zone_slot];
  if (!z.exists) {
    auto [it, inserted] =
        batch_zones_.try_emplace(plan.zone_slot, BatchZone{row.created_at, row.updated_at});
    if (!inserted) {
      it->second.created_at = std::min(it->second.created_at, row.created_at);
      it->second.updated_at = std::max(it->second.updated_at, row.updated_at);
    }
  }
  for (const PlannedRecord& r : plan.records) {
    batch.AddRecord({r.id, plan.relative, z.id, r.type, r.value, r.ttl, r.enabled, row.created_at,
                     row.updated_at, 0});
    batch.AddMapRow({row.id, r.position, std::string(ToString(plan.outcome)), reasons, detail,
                     z.id, r.id});
    counts_.records_written += 1;
  }
}

bool MigrationRun::PlanRows(std::optional<std::string> after, std::optional<std::string> until,
                            bool write_rows) {
  source_->StartAfter(std::move(after), std::move(until));
  LegacyRow row;
  while (source_->Next(row)) {
    RowPlan plan = planner_->Plan(row);
    intermediate_.AddLegacy(row);
    report_->Add(plan, *zones_);
    progress_->Tick(report_->rows());
    if (!write_rows) {
      CountWritten(plan);
      continue;
    }
    AddToBatch(row, plan);
    if (batch_rows_ < o_.batch_size) continue;
    if (o_.stop_requested != nullptr && o_.stop_requested->load()) {
      // Stop at the boundary of the batch committing now; the one just planned is
      // dropped unwritten, and a resume plans it again.
      pipeline_->Drain();
      return false;
    }
    Flush();
  }
  return true;
}

bool MigrationRun::WriteIntermediate() {
  // Their batches carry the last legacy row's checkpoint: a resume plans them again.
  const std::string checkpoint = last_id_.empty() ? checkpoint_.value_or("") : last_id_;
  auto submit = [&] {
    counts_.batches += 1;
    counts_.zones_created = static_cast<int64_t>(zones_written_.size());
    pipeline_->Submit(checkpoint, checkpoint, counts_);
  };
  int64_t rows = 0;
  for (const IntermediateZonePlan& plan : intermediate_.plans()) {
    const IntermediateBatchCounts n = AddIntermediateToBatch(plan, *zones_, zones_written_, pipeline_->batch());
    counts_.records_written += n.records;
    rows += n.Rows();
    if (rows < static_cast<int64_t>(o_.batch_size)) continue;
    if (o_.stop_requested != nullptr && o_.stop_requested->load()) {
      pipeline_->Drain();
      return false;
    }
    submit();
    rows = 0;
  }
  if (!pipeline_->batch().empty()) submit();
  return true;
}

void MigrationRun::FinalizeZones() {
  std::vector<ZoneWrite> finals;
  for (const PlannedZone& z : zones_->zones()) {
    if (z.exists || z.rows == 0) continue;
    finals.push_back(ZoneWriteOf(z, z.created_at, z.updated_at));
  }
  pipeline_->RunRetried("settling zone times",
                        [&finals](TargetWriter& w) { w.FinalizeZones(finals); });
}

void MigrationRun::MarkFailed(const Error& e) {
  if (!write_) return;
  try {
    RunLedger(*write_).SetStatus(run_id_, RunStatus::kFailed, e.what());
  } catch (const Error&) {
    // The connection itself failed; the run stays "running" and the next run marks it.
  }
  spdlog::error("run {} stopped; its committed batches stay: after fixing the cause, continue "
                "with --execute --resume", run_id_);
}

MigrationResult MigrationRun::Interrupted() {
  MigrationResult result;
  result.status = MigrationStatus::kInterrupted;
  result.run_id = run_id_;
  RunLedger(*write_).SetStatus(run_id_, RunStatus::kInterrupted);
  const std::string& committed = pipeline_->committed_id();
  spdlog::warn("interrupted at a batch boundary after legacy_id={}: everything up to it is "
               "written; run again with --execute --resume to continue (run {})",
               committed.empty() ? "(start)" : committed, run_id_);
  return result;
}

MigrationResult MigrationRun::Finished() {
  MigrationResult result;
  result.run_id = run_id_;
  report_->AddSection("intermediate_zones", intermediate_.Json(*zones_));
  report_->Finish(*zones_, result, std::cout);
  intermediate_.WriteText(*zones_, o_.execute, std::cout);
  result.intermediate_rejected = intermediate_.Rejected();
  if (!o_.execute && o_.max_rejected &&
      o_.max_rejected->Exceeded(result.rows_rejected, report_->live_rows())) {
    spdlog::error("{} of {} live rows would be rejected, more than --max-rejected {}: an "
                  "--execute run with it would stop before writing anything",
                  result.rows_rejected, report_->live_rows(), o_.max_rejected->ToString());
    result.status = MigrationStatus::kAbortedThreshold;
    return result;
  }
  if (write_) {
    RunLedger ledger(*write_);
    ledger.SetStatus(run_id_, RunStatus::kFinished);
    ledger.ReleaseLock();
  }
  spdlog::info("{} run={} rows={} migrated={} warned={} rejected={} deleted={} records={} "
               "zones_new={} zones_reused={}",
               o_.execute ? "executed" : "planned", run_id_.empty() ? "-" : run_id_,
               result.rows_read, result.rows_migrated, result.rows_warned, result.rows_rejected,
               result.rows_deleted, result.records, result.zones_created, result.zones_reused);
  return result;
}

MigrationResult MigrationRun::Run() {
  // A bad --zone is refused before anything is written: a run row left behind by it would be
  // what the next --resume picks up, with options no corrected command line matches.
  const ZoneCatalog zones_checked({}, o_.zones, o_.inference);
  OpenConnections();
  PrepareTarget();
  StartLedger();
  LoadInputs();
  if (std::optional<MigrationResult> aborted = CheckRejectLimit()) return *aborted;

  zones_.emplace(std::move(existing_), o_.zones, o_.inference);
  planner_.emplace(*zones_, shared_, o_.target);
  report_.emplace(o_, o_.execute ? "execute" : "plan", run_id_);
  progress_.emplace(o_.progress_on_terminal, total_);
  counts_.batches = checkpoint_batches_;
  if (o_.execute) {
    pipeline_.emplace(*write_, o_.tables, run_id_, o_.write_method,
                      [this] { ReconnectWriter(); }, checkpoint_);
  }
  bool completed = true;
  try {
    if (checkpoint_) PlanRows(std::nullopt, checkpoint_, false);  // already written: plan only
    completed = PlanRows(checkpoint_, std::nullopt, o_.execute);
    if (completed) intermediate_.Plan(*zones_);  // every legacy row has its zone now
    if (completed) Flush();
    if (completed && pipeline_ && intermediate_.migrate()) completed = WriteIntermediate();
    if (pipeline_) pipeline_->Drain();
    if (completed && pipeline_) FinalizeZones();
  } catch (const Error& e) {
    progress_->Done();
    pipeline_.reset();  // a batch still committing finishes first
    MarkFailed(e);
    throw;
  }
  progress_->Done();
  if (!completed) return Interrupted();
  return Finished();
}

}  // namespace cpdns
