#include "core/target_writer.h"

#include <spdlog/spdlog.h>

#include <set>
#include <unordered_map>

#include "core/dns_name.h"
#include "core/errors.h"

namespace cpdns {

namespace {

const char* JournalAction(const Decision& d) {
  if (d.write == WriteAction::kAdopt) return "adopt";
  if (d.write == WriteAction::kDelete || d.write == WriteAction::kForget) return "remove";
  return d.overwritten ? "restore" : "update";
}

// Whether writing the row changes something a rollback must put back: any write to a
// row that existed, or was owned, before this run. Recording the fingerprint of a row
// the migration owned already (an earlier version kept none) changes nothing to undo.
bool Journaled(const Decision& d, bool existed, bool owned) {
  if (d.write == WriteAction::kAdopt && owned) return false;
  return d.write != WriteAction::kNone && existed;
}

}  // namespace

TargetWriter::TargetWriter(Connection& conn, TableNames tables, std::string run_id,
                           WriteMethod method, bool overwrite)
    : conn_(&conn),
      method_(method),
      tables_(std::move(tables)),
      run_id_(std::move(run_id)),
      overwrite_(overwrite) {}

void TargetWriter::WriteZones(OwnedRows& owned) {
  std::vector<ZoneWrite> inserts;
  std::vector<std::pair<std::string, OwnedCells>> updates;
  std::vector<OwnedZone> mine;
  std::vector<Change> journal;
  std::vector<const BatchZone*> linked;
  for (const BatchZone& z : batch_.zones) {
    OwnedCells cells = ZoneCells(z.write);
    if (!z.before) {
      inserts.push_back(z.write);
      if (!z.vpcs.empty()) linked.push_back(&z);
    } else {
      updates.emplace_back(z.write.id, cells);
    }
    const std::string created = z.owned ? z.owned->own.created_run_id : run_id_;
    mine.push_back({z.write.id, z.write.name, {created, run_id_, Fingerprint(cells)}});
    if (z.owned || z.before) {
      journal.push_back({"zone", z.write.id, "restore", {}, z.before,
                         z.owned ? std::optional<std::string>(OwnedRows::EncodeOwner(*z.owned))
                                 : std::nullopt});
    }
  }
  InsertZones(*conn_, tables_, inserts);
  SetZones(*conn_, tables_, updates);
  // The links did not exist before the zone: journaled as created, for a rollback that
  // removes the zone to remove them (and no other link) with it.
  for (const BatchZone* z : linked) {
    for (const std::string& vpc : InsertZoneVpcs(*conn_, tables_, z->write.id, z->vpcs)) {
      journal.push_back({"vpc", ZoneVpcChangeId(z->write.id, vpc), "create", {}, std::nullopt,
                         std::nullopt});
    }
  }
  owned.SaveZones(mine);
  owned.Journal(run_id_, journal);
}

int64_t TargetWriter::WriteRecords(OwnedRows& owned, bool assume_new) {
  std::vector<RecordWrite> inserts;
  std::vector<std::pair<std::string, OwnedCells>> updates;
  std::vector<std::string> deletes;
  std::vector<RecordKey> forget;
  std::vector<OwnedRecord> mine;
  std::vector<Change> journal;
  for (const RecordChange& c : diff_.records) {
    const Decision& d = c.decision;
    if (d.write == WriteAction::kNone) continue;
    const BatchRecord* planned = c.planned >= 0 ? &batch_.records[c.planned] : nullptr;
    switch (d.write) {
      case WriteAction::kInsert:
        inserts.push_back(planned->write);
        break;
      case WriteAction::kUpdate:
        updates.emplace_back(c.id, c.after ? *c.after : RecordCells(planned->write));
        break;
      case WriteAction::kDelete:
        deletes.push_back(c.id);
        break;
      default:
        break;
    }
    if (d.write == WriteAction::kDelete || d.write == WriteAction::kForget) {
      forget.push_back({c.legacy_id, c.position});
    } else {
      const std::string created = c.owned ? c.owned->own.created_run_id : run_id_;
      mine.push_back({c.id, c.legacy_id, c.position, c.zone_id,
                      {created, run_id_, planned->fingerprint}});
    }
    if (Journaled(d, c.owned || c.before, c.owned.has_value())) {
      journal.push_back({"record", c.id, JournalAction(d), {c.legacy_id, c.position}, c.before,
                         c.owned ? std::optional<std::string>(OwnedRows::EncodeOwner(*c.owned))
                                 : std::nullopt});
    }
  }
  InsertRecords(*conn_, tables_, inserts, method_,
                assume_new ? OnDuplicate::kFail : OnDuplicate::kReplace);
  SetRecords(*conn_, tables_, updates, method_);
  DeleteRows(*conn_, tables_.records, deletes);
  owned.SaveRecords(mine, method_);
  owned.ForgetRecords(forget);
  owned.Journal(run_id_, journal);
  return static_cast<int64_t>(inserts.size() + updates.size() + deletes.size());
}

void TargetWriter::WriteMap() {
  std::unordered_map<std::string, const RecordChange*> by_id;
  for (const RecordChange& c : diff_.records) by_id.emplace(c.id, &c);
  std::vector<MapWrite> map = batch_.map;  // the batch stays whole for a retry
  for (MapWrite& m : map) {
    if (!m.record_id) continue;
    auto it = by_id.find(*m.record_id);
    if (it != by_id.end()) m.action = std::string(ToString(it->second->decision.kind));
  }
  // What the batch found of records nothing plans any more.
  for (const RecordChange& c : diff_.records) {
    if (c.planned >= 0) continue;
    map.push_back({c.legacy_id, c.position, "removed", "", c.decision.note, c.zone_id, c.id,
                   std::string(ToString(c.decision.kind))});
  }
  RunLedger(*conn_).WriteMap(run_id_, map, method_);
}

void TargetWriter::CommitOnce(const std::string& checkpoint_legacy_id, const RunCounts& counts,
                              bool assume_new) {
  InTransaction(*conn_, [&] {
    TargetSource target(*conn_, tables_);
    OwnedRows owned(*conn_, LedgerVersion::kCurrent);
    diff_ = assume_new ? DiffNewBatch(batch_, overwrite_)
                       : DiffBatch(target, owned, batch_, /*lock=*/true, overwrite_);
    WriteZones(owned);
    const int64_t written = WriteRecords(owned, assume_new);
    WriteMap();
    RunLedger(*conn_).SaveCheckpoint(run_id_, checkpoint_legacy_id, counts, written);
  });
}

void TargetWriter::Commit(const std::string& checkpoint_legacy_id, const RunCounts& counts) {
  bool written = false;
  if (assume_new_ && MayBeNew(batch_)) {
    try {
      CommitOnce(checkpoint_legacy_id, counts, true);
      written = true;
    } catch (const DuplicateKeyError& e) {
      // Rolled back: nothing of the attempt stays. Someone else's rows carry ids the
      // migration derives; from here on every batch compares first.
      spdlog::info("{}: the batch ending at legacy_id={} is compared with the target row by "
                   "row, and so is every batch after it",
                   e.what(), QuoteBytes(checkpoint_legacy_id));
      assume_new_ = false;
    }
  }
  if (!written) CommitOnce(checkpoint_legacy_id, counts, false);
  batch_.clear();
}

std::vector<ZoneOutcome> TargetWriter::FinalizeZones(const std::vector<FinalZone>& zones) {
  std::vector<ZoneOutcome> out;
  InTransaction(*conn_, [&] {
    out.clear();
    TargetSource target(*conn_, tables_);
    OwnedRows owned(*conn_, LedgerVersion::kCurrent);
    std::vector<std::string> ids;
    for (const FinalZone& z : zones) ids.push_back(z.write.id);
    std::unordered_map<std::string, OwnedCells> current = target.ZoneStates(ids, true);
    std::unordered_map<std::string, OwnedZone> mine;
    for (OwnedZone& z : owned.Zones()) mine.emplace(z.zone_id, std::move(z));
    // Zones last written by a run that did not finish (this one included) may still
    // carry the times of their first batch.
    std::set<std::string> unfinished;
    for (const RunInfo& r : RunLedger(*conn_).Runs()) {
      if (r.status != "finished") unfinished.insert(r.run_id);
    }
    std::vector<ZoneWrite> inserts;
    std::vector<std::pair<std::string, OwnedCells>> updates;
    std::vector<std::string> deletes;
    std::vector<OwnedZone> save;
    std::vector<Change> journal;
    for (const FinalZone& z : zones) {
      ZoneOutcome o{z.write.id, {}, std::nullopt, std::nullopt};
      if (auto it = current.find(z.write.id); it != current.end()) o.before = it->second;
      if (!z.remove) o.after = ZoneCells(z.write);
      std::optional<OwnedZone> own;
      if (auto it = mine.find(z.write.id); it != mine.end()) own = it->second;
      std::optional<Ownership> ownership;
      if (own) ownership = own->own;
      const std::string fp = o.after ? Fingerprint(*o.after) : "";
      o.decision = DecideSettle(o.after, o.before, ownership, overwrite_,
                                own && unfinished.count(own->own.written_run_id) > 0);
      if (o.decision.write == WriteAction::kDelete && target.RecordCount(z.write.id) > 0) {
        o.decision = {ChangeKind::kUnchanged, WriteAction::kNone, false,
                      "nothing in the legacy table plans into it any more, but it holds "
                      "records: kept"};
      }
      const WriteAction w = o.decision.write;
      if (w == WriteAction::kInsert) inserts.push_back(z.write);
      if (w == WriteAction::kUpdate) updates.emplace_back(o.id, *o.after);
      if (w == WriteAction::kDelete) deletes.push_back(o.id);
      if (w == WriteAction::kUpdate || w == WriteAction::kInsert || w == WriteAction::kAdopt) {
        save.push_back({o.id, z.write.name, {own ? own->own.created_run_id : run_id_, run_id_, fp}});
      }
      // Zones this run created are undone whole by a rollback; others are put back.
      if (Journaled(o.decision, true, own.has_value()) &&
          (!own || own->own.created_run_id != run_id_)) {
        journal.push_back({"zone", o.id, JournalAction(o.decision), {}, o.before,
                           own ? std::optional<std::string>(OwnedRows::EncodeOwner(*own))
                               : std::nullopt});
      }
      out.push_back(std::move(o));
    }
    InsertZones(*conn_, tables_, inserts);
    SetZones(*conn_, tables_, updates);
    DeleteRows(*conn_, tables_.zones, deletes);
    owned.SaveZones(save);
    std::vector<std::string> forget = deletes;
    for (const ZoneOutcome& o : out) {
      if (o.decision.write == WriteAction::kForget) forget.push_back(o.id);
    }
    owned.ForgetZones(forget);
    owned.Journal(run_id_, journal);
  });
  return out;
}

}  // namespace cpdns
