// The living-target rules without a database: fingerprints of the owned columns, and the
// one kind of change each row gets.
#include "core/target_diff.h"

#include <gtest/gtest.h>

namespace cpdns {
namespace {

RecordWrite Record() {
  return {"rec-1", "www", "zone-1", "A", "10.0.0.1", 300, true, "2024-01-02 03:04:05",
          "2024-01-03 03:04:05"};
}

Ownership Owned(const OwnedCells& written) { return {"run-1", "run-1", Fingerprint(written)}; }

TEST(TargetDiff, RecordFingerprintIsTheFingerprintOfItsCells) {
  const RecordWrite r = Record();
  EXPECT_EQ(RecordFingerprint(r), Fingerprint(RecordCells(r)));
  EXPECT_EQ(RecordCells(r).size(), kRecordOwnedColumns.size());
  EXPECT_EQ(ZoneCells(ZoneWrite{}).size(), kZoneOwnedColumns.size());
}

TEST(TargetDiff, FingerprintsTellNullFromEmptyAndNeverShiftBoundaries) {
  const Cell a[] = {std::string("ab"), std::string("c")};
  const Cell b[] = {std::string("a"), std::string("bc")};
  const Cell null[] = {std::nullopt};
  const Cell empty[] = {std::string()};
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
  EXPECT_NE(Fingerprint(null), Fingerprint(empty));
  EXPECT_EQ(Fingerprint(a).size(), 36u);
}

TEST(TargetDiff, CellsEncodeAndDecodeExactly) {
  const OwnedCells cells = {std::string("a,b:c"), std::nullopt, std::string(), std::string("\0x", 2)};
  std::optional<OwnedCells> back = DecodeCells(EncodeCells(cells));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, cells);
  EXPECT_FALSE(DecodeCells("3:ab,"));
  EXPECT_FALSE(DecodeCells("x:ab,"));
}

TEST(TargetDiff, AbsentAndNotOwnedIsACreate) {
  const OwnedCells want = RecordCells(Record());
  Decision d = Decide(want, Fingerprint(want), std::nullopt, std::nullopt, false);
  EXPECT_EQ(d.kind, ChangeKind::kCreate);
  EXPECT_EQ(d.write, WriteAction::kInsert);
  d = Decide(want, Fingerprint(want), std::nullopt, std::nullopt, false, false, true);
  EXPECT_EQ(d.kind, ChangeKind::kDeletedInTarget) << "its zone was deleted in the target";
  EXPECT_EQ(d.write, WriteAction::kNone);
}

TEST(TargetDiff, UntouchedRowIsUnchangedOrUpdatedWhenTheLegacyRowChanged) {
  const OwnedCells written = RecordCells(Record());
  Decision d = Decide(written, Fingerprint(written), written, Owned(written), false);
  EXPECT_EQ(d.kind, ChangeKind::kUnchanged);
  EXPECT_EQ(d.write, WriteAction::kNone);
  RecordWrite changed = Record();
  changed.ttl = 600;
  const OwnedCells want = RecordCells(changed);
  d = Decide(want, Fingerprint(want), written, Owned(written), false);
  EXPECT_EQ(d.kind, ChangeKind::kUpdate);
  EXPECT_EQ(d.write, WriteAction::kUpdate);
  EXPECT_NE(DescribeDifference(written, want, false).find("ttl: \"300\" -> \"600\""),
            std::string::npos);
}

TEST(TargetDiff, ChangedInTargetIsKeptUnlessOverwritten) {
  const OwnedCells written = RecordCells(Record());
  OwnedCells edited = written;
  edited[8] = std::string("42");  // ttl, as the API would set it
  Decision d = Decide(written, Fingerprint(written), edited, Owned(written), false);
  EXPECT_EQ(d.kind, ChangeKind::kChangedInTarget);
  EXPECT_EQ(d.write, WriteAction::kNone);
  d = Decide(written, Fingerprint(written), edited, Owned(written), true);
  EXPECT_EQ(d.kind, ChangeKind::kChangedInTarget);
  EXPECT_EQ(d.write, WriteAction::kUpdate);
  EXPECT_TRUE(d.overwritten);
}

TEST(TargetDiff, SoftAndHardDeletesAreDeletedInTarget) {
  const OwnedCells written = RecordCells(Record());
  OwnedCells soft = written;
  soft[12] = std::string("1");
  soft[13] = std::string("2024-05-05 00:00:00");
  EXPECT_TRUE(SoftDeleted(soft, false));
  Decision d = Decide(written, Fingerprint(written), soft, Owned(written), false);
  EXPECT_EQ(d.kind, ChangeKind::kDeletedInTarget);
  EXPECT_EQ(d.write, WriteAction::kNone);
  d = Decide(written, Fingerprint(written), std::nullopt, Owned(written), false);
  EXPECT_EQ(d.kind, ChangeKind::kDeletedInTarget);
  EXPECT_EQ(d.write, WriteAction::kNone);
  d = Decide(written, Fingerprint(written), std::nullopt, Owned(written), true);
  EXPECT_EQ(d.write, WriteAction::kInsert);
  EXPECT_TRUE(d.overwritten);
}

TEST(TargetDiff, WithoutAFingerprintOnlyWhatTheLegacyRowGivesIsAdopted) {
  const OwnedCells written = RecordCells(Record());
  const Ownership earlier{"run-0", "run-0", std::nullopt};
  Decision d = Decide(written, Fingerprint(written), written, earlier, false);
  EXPECT_EQ(d.kind, ChangeKind::kUnchanged);
  EXPECT_EQ(d.write, WriteAction::kAdopt);
  OwnedCells edited = written;
  edited[7] = std::string("10.9.9.9");
  d = Decide(written, Fingerprint(written), edited, earlier, false);
  EXPECT_EQ(d.kind, ChangeKind::kChangedInTarget);
  EXPECT_EQ(d.write, WriteAction::kNone);
}

TEST(TargetDiff, ARowNothingProducesIsRemovedOnlyWhenUntouched) {
  const OwnedCells written = RecordCells(Record());
  Decision d = Decide(std::nullopt, "", written, Owned(written), false);
  EXPECT_EQ(d.kind, ChangeKind::kUpdate);
  EXPECT_EQ(d.write, WriteAction::kDelete);
  OwnedCells edited = written;
  edited[4] = std::string("0");
  d = Decide(std::nullopt, "", edited, Owned(written), false);
  EXPECT_EQ(d.kind, ChangeKind::kChangedInTarget);
  EXPECT_EQ(d.write, WriteAction::kNone);
  d = Decide(std::nullopt, "", std::nullopt, Owned(written), false);
  EXPECT_EQ(d.write, WriteAction::kForget);
}

TEST(TargetDiff, DescriptionAndUpdateVersionAreNotOwned) {
  for (const char* c : kRecordOwnedColumns) {
    EXPECT_STRNE(c, "description");
    EXPECT_STRNE(c, "update_version");
  }
  for (const char* c : kZoneOwnedColumns) {
    EXPECT_STRNE(c, "description");
    EXPECT_STRNE(c, "update_version");
  }
}

}  // namespace
}  // namespace cpdns
