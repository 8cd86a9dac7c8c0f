// ZoneStates decides, for each zone a run plans into, what the living-target rules let
// the run do with it: create it with its first batch, restore it (--overwrite-changed),
// hold its new records back (deleted in the target), or settle it at the end of the run,
// when its final times are known. It starts from the zones the migration owns and their
// rows as they were when the run started; the settling itself compares again, under
// lock (TargetWriter::FinalizeZones).
//
//   ZoneStates states(owned.Zones(), target.ZoneStates(ids, false), /*overwrite=*/false);
//   // once per row planned into a zone:
//   const ZoneState& s = states.Touch(slot, catalog.zones()[slot]);
//   if (s.batch_write != WriteAction::kNone) batch.zones.push_back(states.ForBatch(slot, zone_write));
//   std::vector<ZoneChange> report = states.Report(catalog.zones().size());
//
// Thread-safety: one thread.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/batch_diff.h"
#include "core/migration_report.h"
#include "core/owned_rows.h"
#include "core/row_planner.h"
#include "core/target_writer.h"

namespace cpdns {

struct ZoneState {
  bool known = false;
  bool exists = false;  // an operator's zone, reused: never written
  Decision decision;
  WriteAction batch_write = WriteAction::kNone;  // kInsert / kUpdate with its first batch
  bool blocks_records = false;  // deleted in the target: its new records are not created
  bool this_run = false;        // created by this run (before it was stopped and resumed)
  std::optional<OwnedZone> owned;
  std::optional<OwnedCells> before;
  std::string difference;
};

class ZoneStates {
 public:
  // `run_id`: the run (a resumed run finds zones it created before it was stopped).
  // `unfinished`: runs that did not finish (the zones they wrote last may still carry
  // the times of their first batch).
  ZoneStates(std::vector<OwnedZone> owned, std::unordered_map<std::string, OwnedCells> current,
             bool overwrite, std::string run_id = "", std::set<std::string> unfinished = {});

  // The ids of the zones the migration owns (to read their rows).
  static std::vector<std::string> Ids(const std::vector<OwnedZone>& owned);

  const ZoneState& Touch(std::size_t slot, const PlannedZone& zone);
  const ZoneState& at(std::size_t slot) const { return states_.at(slot); }
  BatchZone ForBatch(std::size_t slot, const ZoneWrite& write) const;
  // The zones to settle at the end (created, restored, or owned and untouched), with
  // their final rows; `slots` receives the slot of each.
  std::vector<FinalZone> ToSettle(const ZoneCatalog& catalog, std::vector<std::size_t>& slots) const;
  // What settling found (with --execute) for the zone at `slot`.
  void Settled(std::size_t slot, const ZoneOutcome& outcome);
  // Without --execute: what settling would find, from the rows as the run started.
  void SettleInPlan(const ZoneCatalog& catalog);
  std::vector<ZoneChange> Report(std::size_t slots) const;

 private:
  std::unordered_map<std::string, OwnedZone> owned_;
  std::unordered_map<std::string, OwnedCells> current_;
  bool overwrite_;
  std::string run_id_;
  std::set<std::string> unfinished_;
  std::vector<ZoneState> states_;
};

// The zone row a catalog zone is written as, with these times.
ZoneWrite ZoneWriteOf(const PlannedZone& z, const std::string& created_at,
                      const std::string& updated_at);

}  // namespace cpdns
