#include "core/batch_diff.h"

#include <unordered_map>

namespace cpdns {

void PlannedBatch::AddRecord(RecordWrite w, std::string legacy_id, int position) {
  BatchRecord r;
  r.fingerprint = RecordFingerprint(w);
  r.write = std::move(w);
  r.legacy_id = std::move(legacy_id);
  r.position = position;
  records.push_back(std::move(r));
}

void PlannedBatch::clear() {
  legacy_ids.clear();
  records.clear();
  zones.clear();
  map.clear();
  deleted_zones.clear();
  orphans.clear();
}

namespace {

// The diff of `batch` given what the migration owns of it (`mine`, the orphans included)
// and the rows of those ids that exist (`current`).
BatchDiff Classify(const PlannedBatch& batch, const std::vector<OwnedRecord>& mine,
                   const std::unordered_map<std::string, OwnedCells>& current, bool overwrite) {
  std::unordered_map<std::string, std::size_t> owned_at;
  for (std::size_t i = 0; i < mine.size(); ++i) owned_at.emplace(mine[i].record_id, i);
  std::unordered_set<std::string> planned_ids;
  for (const BatchRecord& r : batch.records) planned_ids.insert(r.write.id);

  BatchDiff diff;
  diff.records.reserve(batch.records.size() + mine.size());
  auto current_of = [&current](const std::string& id) -> std::optional<OwnedCells> {
    auto it = current.find(id);
    if (it == current.end()) return std::nullopt;
    return it->second;
  };
  for (std::size_t i = 0; i < batch.records.size(); ++i) {
    const BatchRecord& r = batch.records[i];
    RecordChange c = RecordChange::Of(r.write.id, r.legacy_id, r.position, r.write.zone_id,
                                      static_cast<int>(i));
    if (auto it = owned_at.find(r.write.id); it != owned_at.end()) c.owned = mine[it->second];
    c.before = current_of(r.write.id);
    std::optional<Ownership> own;
    if (c.owned) own = c.owned->own;
    if (!c.before && !own) {
      // The common case of a first run: nothing to compare, no cells to build.
      c.decision = batch.deleted_zones.count(r.write.zone_id) && !overwrite
                       ? Decide(RecordCells(r.write), r.fingerprint, std::nullopt, std::nullopt,
                                overwrite, false, true)
                       : Decision{ChangeKind::kCreate, WriteAction::kInsert, false, ""};
    } else {
      c.after = RecordCells(r.write);
      c.decision = Decide(c.after, r.fingerprint, c.before, own, overwrite, false,
                          batch.deleted_zones.count(r.write.zone_id) > 0);
    }
    diff.records.push_back(std::move(c));
  }
  for (const OwnedRecord& o : mine) {
    if (planned_ids.count(o.record_id)) continue;
    RecordChange c = RecordChange::Of(o.record_id, o.legacy_id, o.position, o.zone_id, -1);
    c.owned = o;
    c.before = current_of(o.record_id);
    c.decision = Decide(std::nullopt, "", c.before, o.own, overwrite);
    diff.records.push_back(std::move(c));
  }
  return diff;
}

}  // namespace

BatchDiff DiffBatch(TargetSource& target, OwnedRows& owned, const PlannedBatch& batch, bool lock,
                    bool overwrite) {
  std::vector<OwnedRecord> mine = owned.RecordsOf(batch.legacy_ids);
  mine.insert(mine.end(), batch.orphans.begin(), batch.orphans.end());
  std::vector<std::string> ids;
  ids.reserve(batch.records.size() + mine.size());
  for (const BatchRecord& r : batch.records) ids.push_back(r.write.id);
  std::unordered_set<std::string> planned_ids(ids.begin(), ids.end());
  for (const OwnedRecord& o : mine) {
    if (!planned_ids.count(o.record_id)) ids.push_back(o.record_id);
  }
  // Only the rows that exist come back: on a first run, none.
  std::unordered_map<std::string, OwnedCells> current =
      ids.empty() ? std::unordered_map<std::string, OwnedCells>{} : target.RecordStates(ids, lock);
  return Classify(batch, mine, current, overwrite);
}

BatchDiff DiffNewBatch(const PlannedBatch& batch, bool overwrite) {
  return Classify(batch, {}, {}, overwrite);
}

bool MayBeNew(const PlannedBatch& batch) {
  if (!batch.orphans.empty()) return false;
  for (const std::string& id : batch.legacy_ids) {
    if (id.starts_with(kIntermediateKeyPrefix)) return false;
  }
  return true;
}

}  // namespace cpdns
