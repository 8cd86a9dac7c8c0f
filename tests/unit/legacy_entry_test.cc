// legacy_entry: one entry's decision, before the row rules of legacy_records.
#include "core/legacy_entry.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace cpdns {
namespace {

EntryResult Parse(std::string_view entry, std::string_view row = "x.example.com",
                  bool sole_cname = false) {
  std::optional<NameResult> name;
  return ParseEntry(entry, {0, row, sole_cname, &name});
}

TEST(LegacyEntry, KeptEntryHasNoReason) {
  EntryResult e = Parse("A:1.1.1.1");
  ASSERT_TRUE(e.record);
  EXPECT_TRUE(e.kept_reasons.empty());
  EXPECT_FALSE(e.dropped);
}

TEST(LegacyEntry, KeptEntryMayBreakSeveralApiRules) {
  EntryResult e = Parse("SRV:-h.example.com:0", "sip.example.com");
  ASSERT_TRUE(e.record);
  ASSERT_EQ(e.kept_reasons.size(), 3u);
  EXPECT_EQ(e.kept_reasons[0].first, EntryReason::kInvalidTargetName);
  EXPECT_EQ(e.kept_reasons[1].first, EntryReason::kSrvNumberOutOfRange);
  EXPECT_EQ(e.kept_reasons[2].first, EntryReason::kSrvNameNotService);
}

TEST(LegacyEntry, DroppedOrRejectingEntryHasNoRecord) {
  EntryResult d = Parse("TXT:x");
  EXPECT_FALSE(d.record);
  ASSERT_TRUE(d.dropped);
  EXPECT_EQ(d.dropped->first, EntryReason::kUnknownType);
  EXPECT_FALSE(d.rejects_row);
  EntryResult r = Parse("CNAME:b\xc3\xbc.example.com");
  EXPECT_FALSE(r.record);
  EXPECT_TRUE(r.rejects_row);
}

TEST(LegacyEntry, AnAddressAsCnameIsAnAddressRecordOnlyAsTheWholeValue) {
  EntryResult sole = Parse("CNAME:10.0.0.1", "x.example.com", /*sole_cname=*/true);
  ASSERT_TRUE(sole.record);
  EXPECT_EQ(sole.record->type, RecordType::kA);
  EntryResult later = Parse("CNAME:10.0.0.1");
  EXPECT_FALSE(later.record);
  EXPECT_EQ(later.dropped->first, EntryReason::kTargetIsAddress);
}

TEST(LegacyEntry, TrimBlanks) {
  bool trimmed = false;
  EXPECT_EQ(TrimBlanks(" \tA\r\n", &trimmed), "A");
  EXPECT_TRUE(trimmed);
  EXPECT_EQ(TrimBlanks("A", &trimmed), "A");
  EXPECT_FALSE(trimmed);
}

}  // namespace
}  // namespace cpdns
