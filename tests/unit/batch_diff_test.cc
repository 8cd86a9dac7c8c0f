// The diff of a batch taken as new (batch_diff.h DiffNewBatch): every record created, but
// those of a zone deleted in the target, decided as DiffBatch decides them; and which
// batches may be taken as new at all (MayBeNew).
#include "core/batch_diff.h"

#include <gtest/gtest.h>

#include <string>

namespace cpdns {
namespace {

RecordWrite Write(const std::string& id, const std::string& zone_id) {
  RecordWrite w;
  w.id = id;
  w.name = "app";
  w.zone_id = zone_id;
  w.type = "A";
  w.value = "10.0.0.1";
  w.ttl = 300;
  w.created_at = w.updated_at = "2024-01-02 03:04:05";
  return w;
}

TEST(DiffNewBatch, CreatesEveryRecordButThoseOfZonesDeletedInTheTarget) {
  PlannedBatch batch;
  batch.legacy_ids = {"r1", "r2"};
  batch.AddRecord(Write("rec-1", "zone-1"), "r1", 0);
  batch.AddRecord(Write("rec-2", "zone-gone"), "r2", 0);
  batch.deleted_zones.insert("zone-gone");

  const BatchDiff diff = DiffNewBatch(batch, /*overwrite=*/false);
  ASSERT_EQ(diff.records.size(), 2u);
  EXPECT_EQ(diff.records[0].id, "rec-1");
  EXPECT_EQ(diff.records[0].planned, 0);
  EXPECT_EQ(diff.records[0].decision.kind, ChangeKind::kCreate);
  EXPECT_EQ(diff.records[0].decision.write, WriteAction::kInsert);
  EXPECT_FALSE(diff.records[0].before.has_value());
  const Decision deleted_zone = Decide(RecordCells(batch.records[1].write),
                                       batch.records[1].fingerprint, std::nullopt,
                                       std::nullopt, false, false, true);
  EXPECT_EQ(diff.records[1].decision.kind, deleted_zone.kind);
  EXPECT_EQ(diff.records[1].decision.write, deleted_zone.write);
  EXPECT_NE(diff.records[1].decision.write, WriteAction::kInsert)
      << "a record is not put back into a zone someone deleted";

  const BatchDiff overwriting = DiffNewBatch(batch, /*overwrite=*/true);
  EXPECT_EQ(overwriting.records[1].decision.write, WriteAction::kInsert);
}

TEST(MayBeNew, OnlyLegacyRowsWithNoOrphans) {
  PlannedBatch batch;
  batch.legacy_ids = {"r1"};
  EXPECT_TRUE(MayBeNew(batch));
  batch.legacy_ids.push_back(IntermediateRecordKey("set-1"));
  EXPECT_FALSE(MayBeNew(batch)) << "a record set may have been written by the same run";
  batch.legacy_ids.pop_back();
  batch.orphans.push_back(OwnedRecord{});
  EXPECT_FALSE(MayBeNew(batch)) << "an orphan is owned, by definition";
}

}  // namespace
}  // namespace cpdns
