// A batch of planned rows, and its diff against the target as it is now: for every
// record the batch plans and every record the migration owns for the batch's legacy rows
// (also those no longer planned), exactly one kind of change (target_diff.h), with the
// row as it is and as the migration wants it. The same diff serves a plan (on the reader,
// nothing locked) and --execute (inside the batch's transaction, the rows locked).
//
//   PlannedBatch batch;  batch.legacy_ids.push_back("r1");  batch.AddRecord(RecordWrite{}, "r1", 0);
//   TargetSource target(conn, TableNames{});
//   OwnedRows owned(conn, LedgerVersion::kCurrent);
//   BatchDiff diff = DiffBatch(target, owned, batch, /*lock=*/false, /*overwrite=*/false);
//   if (MayBeNew(batch)) diff = DiffNewBatch(batch, /*overwrite=*/false);
//
// Thread-safety: plain values; DiffBatch uses the sources' connection.
#pragma once

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/owned_rows.h"
#include "core/run_ledger.h"
#include "core/target_diff.h"
#include "core/target_rows.h"
#include "core/target_source.h"

namespace cpdns {

struct BatchRecord {
  RecordWrite write;
  std::string fingerprint;  // RecordFingerprint(write)
  std::string legacy_id;
  int position = 0;
};

// A zone written with a batch: created, or restored by --overwrite-changed.
struct BatchZone {
  ZoneWrite write;
  WriteAction action = WriteAction::kInsert;  // kInsert or kUpdate
  std::optional<OwnedZone> owned;             // its bookkeeping row before, if any
  std::optional<OwnedCells> before;           // the row before, if any
  // Its VPC links (a zone created from an intermediate zone), written when it is inserted.
  std::vector<ZoneVpcWrite> vpcs;
};

struct PlannedBatch {
  std::vector<std::string> legacy_ids;  // every legacy row of the batch (in scope)
  std::vector<BatchRecord> records;
  std::vector<BatchZone> zones;
  std::vector<MapWrite> map;  // the records' actions are filled in by the writer
  std::unordered_set<std::string> deleted_zones;  // zones deleted in the target
  std::vector<OwnedRecord> orphans;  // owned records whose legacy row is gone

  void AddRecord(RecordWrite w, std::string legacy_id, int position);
  bool empty() const { return legacy_ids.empty() && orphans.empty() && zones.empty(); }
  void clear();
};

struct RecordChange {
  std::string id;
  std::string legacy_id;
  int position = 0;
  std::string zone_id;
  Decision decision;
  int planned = -1;                  // index into PlannedBatch::records; -1: not planned
  std::optional<OwnedRecord> owned;  // its bookkeeping row, if any
  std::optional<OwnedCells> before;  // the row as it is
  std::optional<OwnedCells> after;   // the row as the migration wants it

  static RecordChange Of(std::string id, std::string legacy_id, int position, std::string zone_id,
                         int planned, Decision decision = {}) {
    RecordChange c;
    c.id = std::move(id);
    c.legacy_id = std::move(legacy_id);
    c.position = position;
    c.zone_id = std::move(zone_id);
    c.planned = planned;
    c.decision = std::move(decision);
    return c;
  }
};

struct BatchDiff {
  std::vector<RecordChange> records;  // the planned ones first, in batch order
};

BatchDiff DiffBatch(TargetSource& target, OwnedRows& owned, const PlannedBatch& batch, bool lock,
                    bool overwrite);

// The same diff, reading nothing, for a batch known to own nothing and to find none of its
// records in the target: every record is created (or, in a zone deleted in the target,
// decided as DiffBatch decides it). The writer proves the assumption when it writes
// (OnDuplicate::kFail), and diffs the batch again with DiffBatch when it was wrong.
BatchDiff DiffNewBatch(const PlannedBatch& batch, bool overwrite);

// Whether DiffNewBatch may serve `batch` once the migration owns no record of any other
// run: legacy rows only (a record set of an intermediate zone may have been written earlier
// by the same run), no orphans.
bool MayBeNew(const PlannedBatch& batch);

}  // namespace cpdns
