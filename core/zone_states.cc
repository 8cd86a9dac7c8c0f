#include "core/zone_states.h"

namespace cpdns {

ZoneWrite ZoneWriteOf(const PlannedZone& z, const std::string& created_at,
                      const std::string& updated_at) {
  ZoneWrite w{z.id,           z.name,     z.owner.domain_id, z.owner.tenant_id, z.owner.is_public,
              z.owner.public_scope, created_at, updated_at};
  if (z.rows == 0 && z.intermediate_zones > 0) {
    // Created from an intermediate zone (intermediate_zones.h): its type, state, description.
    w.zone_type = z.zone_type;
    w.enabled = z.enabled;
    w.description = z.description;
  }
  return w;
}

ZoneStates::ZoneStates(std::vector<OwnedZone> owned,
                       std::unordered_map<std::string, OwnedCells> current, bool overwrite,
                       std::string run_id, std::set<std::string> unfinished)
    : current_(std::move(current)),
      overwrite_(overwrite),
      run_id_(std::move(run_id)),
      unfinished_(std::move(unfinished)) {
  for (OwnedZone& z : owned) owned_.emplace(z.zone_id, std::move(z));
}

std::vector<std::string> ZoneStates::Ids(const std::vector<OwnedZone>& owned) {
  std::vector<std::string> ids;
  for (const OwnedZone& z : owned) ids.push_back(z.zone_id);
  return ids;
}

const ZoneState& ZoneStates::Touch(std::size_t slot, const PlannedZone& zone) {
  if (states_.size() <= slot) states_.resize(slot + 1);
  ZoneState& s = states_[slot];
  if (s.known) return s;
  s.known = true;
  s.exists = zone.exists;
  if (zone.exists) return s;
  if (auto it = owned_.find(zone.id); it != owned_.end()) s.owned = it->second;
  if (auto it = current_.find(zone.id); it != current_.end()) s.before = it->second;
  const bool untouched = s.before && s.owned && s.owned->own.fingerprint &&
                         Fingerprint(*s.before) == *s.owned->own.fingerprint;
  if (!s.before && !s.owned) {
    s.decision = {ChangeKind::kCreate, WriteAction::kInsert, false, ""};
    s.batch_write = WriteAction::kInsert;
  } else if (!s.before || (SoftDeleted(*s.before, true) && !untouched)) {
    // Deleted in the target (hard or soft) since the migration wrote it.
    s.decision = {ChangeKind::kDeletedInTarget, WriteAction::kNone, false,
                  "deleted in the target since the migration wrote it: its records are not "
                  "created; --overwrite-changed restores it"};
    if (overwrite_) {
      s.decision = {ChangeKind::kDeletedInTarget, s.before ? WriteAction::kUpdate : WriteAction::kInsert,
                    true, "deleted in the target; restored by --overwrite-changed"};
      s.batch_write = s.decision.write;
    } else {
      s.blocks_records = true;
    }
  } else if (untouched && !run_id_.empty() && s.owned->own.created_run_id == run_id_) {
    s.decision = {ChangeKind::kCreate, WriteAction::kNone, false, ""};
    s.this_run = true;
  } else {
    // There: what becomes of it is settled at the end, when its final times are known.
    s.decision = {ChangeKind::kUnchanged, WriteAction::kNone, false, ""};
  }
  return s;
}

BatchZone ZoneStates::ForBatch(std::size_t slot, const ZoneWrite& write) const {
  const ZoneState& s = states_.at(slot);
  return BatchZone{write, s.batch_write, s.owned, s.before, {}};
}

std::vector<FinalZone> ZoneStates::ToSettle(const ZoneCatalog& catalog,
                                            std::vector<std::size_t>& slots) const {
  std::vector<FinalZone> out;
  for (std::size_t i = 0; i < states_.size() && i < catalog.zones().size(); ++i) {
    const ZoneState& s = states_[i];
    const PlannedZone& z = catalog.zones()[i];
    if (!s.known || s.exists || s.blocks_records) continue;
    if (z.rows == 0 && z.intermediate_zones == 0) continue;
    out.push_back({ZoneWriteOf(z, z.created_at, z.updated_at)});
    slots.push_back(i);
  }
  return out;
}

void ZoneStates::Settled(std::size_t slot, const ZoneOutcome& o) {
  ZoneState& s = states_.at(slot);
  const ChangeKind found = o.decision.kind;
  if (s.batch_write != WriteAction::kNone || s.this_run) {
    // Written by this run: it stays a create (or a restore) unless someone changed it
    // while the run went on.
    if (found == ChangeKind::kChangedInTarget || found == ChangeKind::kDeletedInTarget) {
      s.decision = o.decision;
      s.decision.note = "changed in the target while the run went on: its times were not "
                        "settled";
      s.difference = DescribeDifference(o.before, o.after, true);
    }
    return;
  }
  s.decision = o.decision;
  if (found != ChangeKind::kUnchanged) s.difference = DescribeDifference(o.before, o.after, true);
}

void ZoneStates::SettleInPlan(const ZoneCatalog& catalog) {
  std::vector<std::size_t> slots;
  const std::vector<FinalZone> finals = ToSettle(catalog, slots);
  for (std::size_t i = 0; i < finals.size(); ++i) {
    const ZoneState& s = states_.at(slots[i]);
    ZoneOutcome o{finals[i].write.id, {}, s.before, ZoneCells(finals[i].write)};
    std::optional<Ownership> own;
    if (s.owned) own = s.owned->own;
    o.decision = DecideSettle(o.after, o.before, own, overwrite_,
                              own && unfinished_.count(own->written_run_id) > 0);
    Settled(slots[i], o);
  }
}

std::vector<ZoneChange> ZoneStates::Report(std::size_t slots) const {
  std::vector<ZoneChange> out(slots);
  for (std::size_t i = 0; i < states_.size() && i < slots; ++i) {
    out[i] = {states_[i].known, states_[i].decision, states_[i].difference};
  }
  return out;
}

}  // namespace cpdns
