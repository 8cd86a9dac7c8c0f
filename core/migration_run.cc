#include "core/migration_run.h"

#include <spdlog/spdlog.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "core/dns_name.h"
#include "core/intermediate_batch.h"
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

const std::vector<std::string> kZoneVpcColumns = {"created_at", "updated_at", "update_version",
                                                  "deleted", "row_id", "dns_zone_id", "vpc_id"};

std::string Normalised(const std::string& raw, const char* option) {
  NameResult n = NormalizeName(raw);
  if (!n.ok() || n.value.wildcard) {
    throw ConfigError(std::string(option) + " " + QuoteBytes(raw) + ": not a zone name");
  }
  return n.value.name;
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
    if (o_.execute && o_.intermediate_zones == IntermediateMode::kMigrate) {
      RequireColumns(read, o_.tables.zone_vpcs, kZoneVpcColumns,
                     "upgrade Cloudpods to 3.10.5 or later first (the intermediate zones' VPC "
                     "links go there), or run without --intermediate-zones migrate");
    }
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
  ledger_ = RunLedger(*read_).Version();
  if (!o_.execute) {
    if (ledger_ == LedgerVersion::kEarlier) {
      spdlog::warn("the bookkeeping tables were written by an earlier dns-migrator, which kept "
                   "no fingerprints: the records and zones its runs wrote are compared with "
                   "what the legacy rows give now; --execute upgrades the tables (needs ALTER "
                   "once)");
    }
    return;
  }
  RunLedger ledger(*write_);
  ledger.EnsureTables();
  ledger_ = LedgerVersion::kCurrent;
  ledger.MarkCutOffRuns();
  if (!o_.resume) {
    run_id_ = ledger.StartRun(o_.ToJson(), o_.ScopeJson());
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
  std::vector<OwnedZone> owned = OwnedRows(*read_, ledger_).Zones();
  std::unordered_map<std::string, OwnedCells> current;
  if (have_target_) {
    TargetSource target(*read_, o_.tables);
    existing_ = target.LocalZones(ledger_ != LedgerVersion::kNone);
    current = target.ZoneStates(ZoneStates::Ids(owned), false);
  }
  std::set<std::string> unfinished;
  for (const RunInfo& r : RunLedger(*read_).Runs()) {
    if (r.status != "finished") unfinished.insert(r.run_id);
  }
  zone_states_.emplace(std::move(owned), std::move(current), o_.overwrite_changed, run_id_,
                       std::move(unfinished));
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

PlannedBatch& MigrationRun::Batch() {
  return pipeline_ ? pipeline_->batch().batch() : plan_batch_;
}

bool MigrationRun::InScope(const RowPlan& plan, const LegacyRow& row) const {
  if (!only_projects_.empty() && !only_projects_.count(row.tenant_id)) return false;
  if (only_zones_.empty()) return true;
  if (plan.outcome == RowOutcome::kSkipped) return false;  // in no zone
  return only_zones_.count(zones_->zones()[plan.zone_slot].name) > 0;
}

bool MigrationRun::Flush(bool may_stop) {
  if (batch_rows_ == 0 && Batch().empty()) return true;
  PlannedBatch& batch = Batch();
  for (const auto& [slot, times] : batch_zones_) {
    if (zones_written_.count(slot)) continue;  // this run wrote it already
    if (zone_states_->at(slot).batch_write == WriteAction::kNone) continue;
    batch.zones.push_back(zone_states_->ForBatch(
        slot, ZoneWriteOf(zones_->zones()[slot], times.created_at, times.updated_at)));
    zones_written_.insert(slot);
  }
  batch_zones_.clear();
  batch_rows_ = 0;
  if (!pipeline_) {
    // A plan: the same comparison, on the reader, nothing locked.
    TargetSource target(*read_, o_.tables);
    OwnedRows owned(*read_, ledger_);
    BatchDiff diff = have_target_ ? DiffBatch(target, owned, batch, false, o_.overwrite_changed)
                                  : DiffBatch(target, owned, PlannedBatch{}, false, false);
    if (!have_target_) {
      for (std::size_t i = 0; i < batch.records.size(); ++i) {
        const BatchRecord& r = batch.records[i];
        diff.records.push_back(RecordChange::Of(
            r.write.id, r.legacy_id, r.position, r.write.zone_id, static_cast<int>(i),
            {ChangeKind::kCreate, WriteAction::kInsert, false, ""}));
      }
    }
    ReportBatch(filling_, diff);
    batch.clear();
    return true;
  }
  // The batch committing now finishes first; a signal that came meanwhile stops the run
  // at its boundary: the batch just planned is dropped unwritten, and a resume plans it
  // again.
  if (TargetWriter* done = pipeline_->Drain()) ReportBatch(in_flight_, done->diff());
  if (may_stop && o_.stop_requested != nullptr && o_.stop_requested->load()) return false;
  counts_.batches += 1;
  counts_.rows_read = report_->rows() + static_cast<int64_t>(filling_.size());
  counts_.zones_created = static_cast<int64_t>(zones_written_.size());
  pipeline_->Submit(first_id_, last_id_, counts_);
  in_flight_ = std::move(filling_);
  filling_.clear();
  return true;
}

void MigrationRun::ReportBatch(std::vector<PendingRow>& rows, const BatchDiff& diff) {
  std::unordered_map<std::string, std::vector<const RecordChange*>> by_legacy;
  for (const RecordChange& c : diff.records) {
    if (!c.legacy_id.starts_with(kIntermediateKeyPrefix)) {
      by_legacy[c.legacy_id].push_back(&c);
      continue;
    }
    auto it = intermediate_fqdns_.find(c.legacy_id);
    report_->AddIntermediate(c, it != intermediate_fqdns_.end()
                                    ? it->second
                                    : "(its record set is no longer migrated)");
  }
  for (PendingRow& r : rows) {
    std::vector<const RecordChange*> changes;
    if (r.in_scope) {
      if (auto it = by_legacy.find(r.plan.legacy_id); it != by_legacy.end()) {
        changes = std::move(it->second);
        by_legacy.erase(it);
      }
    }
    report_->Add(r.plan, *zones_, r.in_scope, changes);
  }
  // What is left belongs to legacy rows that are gone.
  for (const auto& [legacy_id, changes] : by_legacy) {
    for (const RecordChange* c : changes) report_->AddOrphan(*c);
  }
  rows.clear();
}

void MigrationRun::ReportWritten() {
  std::vector<std::string> ids;
  for (const PendingRow& r : filling_) ids.push_back(r.plan.legacy_id);
  std::unordered_map<std::string, std::string> actions;
  for (auto& [record, action] : RunLedger(*read_).MapActions(run_id_, ids)) {
    actions.emplace(std::move(record), std::move(action));
  }
  BatchDiff diff;
  for (const PendingRow& r : filling_) {
    for (const PlannedRecord& rec : r.plan.records) {
      auto it = actions.find(rec.id);
      ChangeKind kind = ChangeKind::kUnchanged;
      for (ChangeKind k : {ChangeKind::kCreate, ChangeKind::kUpdate, ChangeKind::kChangedInTarget,
                           ChangeKind::kDeletedInTarget}) {
        if (it != actions.end() && it->second == ToString(k)) kind = k;
      }
      diff.records.push_back(RecordChange::Of(rec.id, r.plan.legacy_id, rec.position, "", 0,
                                              {kind, WriteAction::kNone, false, ""}));
    }
  }
  ReportBatch(filling_, diff);
  batch_rows_ = 0;
}

void MigrationRun::CountWritten(const RowPlan& plan) {
  if (plan.outcome == RowOutcome::kSkipped) {
    counts_.rows_skipped += 1;
    return;
  }
  (plan.outcome == RowOutcome::kWarned ? counts_.rows_warned : counts_.rows_migrated) += 1;
  const PlannedZone& z = zones_->zones()[plan.zone_slot];
  if (z.exists) return;
  const ZoneState& state = zone_states_->Touch(plan.zone_slot, z);
  if (state.batch_write != WriteAction::kNone || state.this_run) zones_written_.insert(plan.zone_slot);
}

void MigrationRun::AddToBatch(const LegacyRow& row, const RowPlan& plan) {
  PlannedBatch& batch = Batch();
  batch.legacy_ids.push_back(row.id);
  const std::string reasons = MapReasons(plan);
  const std::optional<std::string> detail = MapDetail(plan);
  if (plan.outcome == RowOutcome::kSkipped) {
    counts_.rows_skipped += 1;
    batch.map.push_back(
        {row.id, -1, "skipped", reasons, detail, std::nullopt, std::nullopt, std::nullopt});
    return;
  }
  (plan.outcome == RowOutcome::kWarned ? counts_.rows_warned : counts_.rows_migrated) += 1;
  const PlannedZone& z = zones_->zones()[plan.zone_slot];
  const ZoneState& state = zone_states_->Touch(plan.zone_slot, z);
  if (state.blocks_records) batch.deleted_zones.insert(z.id);
  if (!z.exists) {
    auto [it, inserted] =
        batch_zones_.try_emplace(plan.zone_slot, BatchTimes{row.created_at, row.updated_at});
    if (!inserted) {
      it->second.created_at = std::min(it->second.created_at, row.created_at);
      it->second.updated_at = std::max(it->second.updated_at, row.updated_at);
    }
  }
  const std::string outcome(ToString(plan.outcome));
  for (const PlannedRecord& r : plan.records) {
    batch.AddRecord({r.id, plan.relative, z.id, r.type, r.value, r.ttl, r.enabled, row.created_at,
                     row.updated_at},
                    row.id, r.position);
    batch.map.push_back({row.id, r.position, outcome, reasons, detail, z.id, r.id, std::nullopt});
  }
}

bool MigrationRun::PlanRows(std::optional<std::string> after, std::optional<std::string> until,
                            bool write_rows) {
  source_->StartAfter(std::move(after), std::move(until));
  LegacyRow row;
  while (source_->Next(row)) {
    RowPlan plan = planner_->Plan(row);
    intermediate_.AddLegacy(row);
    const bool in_scope = InScope(plan, row);
    progress_->Tick(report_->rows() + static_cast<int64_t>(filling_.size()));
    if (in_scope && (write_rows || !pipeline_)) AddToBatch(row, plan);
    if (in_scope && !write_rows && pipeline_) CountWritten(plan);
    if (in_scope && plan.outcome != RowOutcome::kSkipped) {
      zone_states_->Touch(plan.zone_slot, zones_->zones()[plan.zone_slot]);
    }
    filling_.push_back({std::move(plan), in_scope});
    if (batch_rows_ == 0) first_id_ = row.id;
    last_id_ = row.id;
    if (++batch_rows_ < o_.batch_size) continue;
    if (!write_rows && pipeline_) {
      ReportWritten();
      continue;
    }
    if (!Flush(/*may_stop=*/true)) return false;
  }
  return true;
}

bool MigrationRun::ZoneInScope(const std::string& name, const std::string& tenant_id) const {
  if (!only_zones_.empty() && !only_zones_.count(name)) return false;
  return only_projects_.empty() || only_projects_.count(tenant_id) > 0;
}

bool MigrationRun::WriteIntermediate() {
  intermediate_.Plan(*zones_);  // every legacy row has its zone now
  if (!intermediate_.migrate() || !intermediate_.present()) return true;
  std::set<std::string> planned;  // record keys
  std::size_t records = 0;
  for (const IntermediateZonePlan& p : intermediate_.plans()) {
    if (p.outcome == RowOutcome::kSkipped) continue;
    const PlannedZone& z = zones_->zones()[p.zone_slot];
    if (!InScope(z)) continue;
    PlannedBatch& batch = Batch();
    const ZoneState& state = zone_states_->Touch(p.zone_slot, z);
    if (state.blocks_records) batch.deleted_zones.insert(z.id);
    if (!z.exists && !zones_written_.count(p.zone_slot) && state.batch_write != WriteAction::kNone) {
      // With the batch of its first intermediate zone, its times final (all are planned).
      BatchZone zone = zone_states_->ForBatch(p.zone_slot, ZoneWriteOf(z, z.created_at, z.updated_at));
      zone.vpcs = IntermediateVpcs(p);
      batch.zones.push_back(std::move(zone));
      zones_written_.insert(p.zone_slot);
    }
    records += AddIntermediateRecords(p, z, batch, intermediate_fqdns_);
    for (const IntermediateRecordPlan& r : p.records) planned.insert(IntermediateRecordKey(r.source_id));
    if (records >= o_.batch_size) {
      records = 0;
      if (!Flush(/*may_stop=*/true)) return false;
    }
  }
  // Records earlier runs wrote for record sets nothing plans any more (gone, refused now).
  if (have_target_ && ledger_ != LedgerVersion::kNone) {
    std::unordered_map<std::string, std::size_t> slot_of;
    for (std::size_t i = 0; i < zones_->zones().size(); ++i) slot_of.emplace(zones_->zones()[i].id, i);
    for (OwnedRecord& o : OwnedRows(*read_, ledger_).IntermediateRecords()) {
      if (planned.count(o.legacy_id)) continue;
      auto it = slot_of.find(o.zone_id);
      if ((!only_zones_.empty() || !only_projects_.empty()) &&
          (it == slot_of.end() || !InScope(zones_->zones()[it->second]))) {
        continue;
      }
      Batch().orphans.push_back(std::move(o));
    }
  }
  return Flush(/*may_stop=*/true);
}

void MigrationRun::SweepOrphans() {
  if (!have_target_ || ledger_ == LedgerVersion::kNone || !sweep_orphans_) return;
  // Only a run over the whole table may decide about rows whose zone it cannot place.
  std::unordered_map<std::string, std::size_t> slot_of;
  for (std::size_t i = 0; i < zones_->zones().size(); ++i) slot_of.emplace(zones_->zones()[i].id, i);
  for (OwnedRecord& o : OwnedRows(*read_, ledger_).RecordsWithoutLegacyRow(o_.tables.legacy)) {
    if (!only_zones_.empty() || !only_projects_.empty()) {
      auto it = slot_of.find(o.zone_id);
      if (it == slot_of.end()) continue;
      const PlannedZone& z = zones_->zones()[it->second];
      if (!only_zones_.empty() && !only_zones_.count(z.name)) continue;
      if (!only_projects_.empty() && !only_projects_.count(z.owner.tenant_id)) continue;
    }
    Batch().orphans.push_back(std::move(o));
    if (Batch().orphans.size() >= o_.batch_size) Flush();
  }
  Flush();
}

void MigrationRun::FinalizeZones() {
  if (!pipeline_) {
    zone_states_->SettleInPlan(*zones_);
    return;
  }
  std::vector<std::size_t> slots;
  const std::vector<FinalZone> finals = zone_states_->ToSettle(*zones_, slots);
  std::vector<ZoneOutcome> outcomes;
  pipeline_->RunRetried("settling zone times",
                        [&](TargetWriter& w) { outcomes = w.FinalizeZones(finals); });
  for (std::size_t i = 0; i < outcomes.size(); ++i) zone_states_->Settled(slots[i], outcomes[i]);
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
  report_->Finish(*zones_, zone_states_->Report(zones_->zones().size()), result, std::cout);
  intermediate_.WriteText(*zones_, o_.execute, std::cout);
  result.intermediate_rejected =
      intermediate_.Rejected([this](const IntermediateZonePlan& p) {
        return ZoneInScope(p.name, p.owner.tenant_id);
      });
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
    ledger.SetChanges(run_id_,
                      MigrationReport::ChangesJson(result.record_changes, result.zone_changes));
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
  for (const std::string& z : o_.only_zones) only_zones_.insert(Normalised(z, "--only-zone"));
  only_projects_.insert(o_.only_projects.begin(), o_.only_projects.end());
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
    pipeline_.emplace(*write_, o_.tables, run_id_, o_.write_method, o_.overwrite_changed,
                      [this] { ReconnectWriter(); }, checkpoint_);
    // With no record of another run in the ledger, the legacy rows still to come own
    // nothing (this run's own are behind its checkpoint, and no other run may start while
    // it holds the lock): their batches are written without reading the target first.
    const bool others = OwnedRows(*write_, ledger_).OwnsRecordsOfOtherRuns(run_id_);
    pipeline_->AssumeNewRows(!others);
    sweep_orphans_ = others || checkpoint_.has_value();
  }
  bool completed = true;
  try {
    if (checkpoint_) {
      PlanRows(std::nullopt, checkpoint_, false);  // written already: reported, not written
      ReportWritten();
    }
    completed = PlanRows(checkpoint_, std::nullopt, true);
    if (completed) {
      Flush();
      completed = WriteIntermediate();
    }
    if (completed) SweepOrphans();
    if (pipeline_) {
      if (TargetWriter* done = pipeline_->Drain()) ReportBatch(in_flight_, done->diff());
    }
    if (completed) FinalizeZones();
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
