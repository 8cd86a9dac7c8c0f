// legacy_records on hostile input (64 KiB values, arbitrary bytes) and the TTLs it reports;
// the decisions per entry are legacy_records_test.cc.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "core/legacy_records.h"

namespace cpdns {
namespace {

constexpr std::string_view kHost = "hello.example.com";
constexpr std::string_view kService = "_sip._tcp.example.com";
constexpr std::string_view kReverse = "4.3.2.1.in-addr.arpa";

LegacyParseResult Parse(std::string_view records) { return ParseLegacyRecords(records, kHost); }

// ---- hostile input ------------------------------------------------------------------------

TEST(LegacyRecordsHostile, LongEntryIsCappedForDisplay) {
  const std::string value = std::string(64 * 1024, 'a');
  const LegacyParseResult r = Parse("CNAME:" + value);
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_TRUE(r.records.empty());
  EXPECT_EQ(r.issues[0].reason, EntryReason::kTargetNotPackable);
  const EntryIssue& rej = r.issues[0];
  EXPECT_EQ(rej.raw.size(), kMaxRawEntryBytes);
  EXPECT_EQ(rej.raw_length, value.size() + 6);
  EXPECT_EQ(rej.raw.substr(0, 8), "CNAME:aa");
  const std::string shown = rej.RawForDisplay();
  EXPECT_NE(shown.find("(65542 bytes)"), std::string::npos) << shown.substr(0, 300);
  EXPECT_LT(rej.detail.size(), 1000u);
  EXPECT_LT(shown.size(), 400u);
}

TEST(LegacyRecordsHostile, SixtyFourKibOfCommas) {
  const LegacyParseResult r = Parse(std::string(64 * 1024, ','));
  EXPECT_TRUE(r.records.empty());
  ASSERT_EQ(r.issues.size(), 64u * 1024 + 1);
  EXPECT_EQ(r.issues.back().entry_index, 64u * 1024);
  EXPECT_EQ(r.issues.back().reason, EntryReason::kEmptyEntry);
}

TEST(LegacyRecordsHostile, SixtyFourKibOfRepeatedEntryKeepsOne) {
  std::string records;
  for (int i = 0; i < 6000; ++i) records += "A:1.1.1.1,";
  const LegacyParseResult r = Parse(records + "A:1.1.1.1");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.issues.size(), 6000u);
  for (const EntryIssue& rej : r.issues) ASSERT_EQ(rej.reason, EntryReason::kDuplicateEntry);
}

TEST(LegacyRecordsHostile, ManyDistinctAddressesAreAllKept) {
  std::string records;
  for (int i = 0; i < 5000; ++i) {
    if (i) records += ",";
    records += "A:10." + std::to_string(i / 256 % 256) + "." + std::to_string(i % 256) + ".1";
  }
  const LegacyParseResult r = Parse(records);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.records.size(), 5000u);
  EXPECT_EQ(r.records[4999].value, "10.19.135.1");
}

TEST(LegacyRecordsHostile, ArbitraryBytesNeverThrow) {
  std::string bytes;
  uint32_t state = 12345;
  for (std::size_t i = 0; i < 64 * 1024; ++i) {
    state = state * 1103515245u + 12345u;
    bytes.push_back(static_cast<char>(state >> 16));
  }
  for (std::string_view row : {kHost, kService, kReverse, std::string_view(bytes)}) {
    LegacyParseResult r;
    EXPECT_NO_THROW(r = ParseLegacyRecords(bytes, row));
    EXPECT_FALSE(r.issues.empty());
    for (const EntryIssue& rej : r.issues) EXPECT_LE(rej.raw.size(), kMaxRawEntryBytes);
  }
  // Every prefix of a tricky value, to reach each early exit.
  const std::string tricky = "SRV:_a.b:+1:-0:0,AAAA:1:2:3:4:5:6:1.2.3.4,PTR:x.,CNAME:*";
  for (std::size_t n = 0; n <= tricky.size(); ++n) {
    EXPECT_NO_THROW((void)ParseLegacyRecords(std::string_view(tricky).substr(0, n), kService));
  }
}

// ---- TTL ----------------------------------------------------------------------------------

TEST(LegacyRecordsTtl, ServedTtlDefaultsToTenForZeroAndNull) {
  EXPECT_EQ(ServedLegacyTtl(std::nullopt), 10);
  EXPECT_EQ(ServedLegacyTtl(0), 10);
  EXPECT_EQ(ServedLegacyTtl(1), 1);
  EXPECT_EQ(ServedLegacyTtl(300), 300);
  EXPECT_EQ(ServedLegacyTtl(2147483647), 2147483647);
}

TEST(LegacyRecordsTtl, NegativeTtlWrapsLikeGoUint32) {
  EXPECT_EQ(ServedLegacyTtl(-1), 4294967295);
  EXPECT_EQ(ServedLegacyTtl(std::numeric_limits<int32_t>::min()), 2147483648);
}

TEST(LegacyRecordsTtl, PtrAnswersHaveNoDefault) {
  EXPECT_EQ(ServedLegacyPtrTtl(std::nullopt), 0);
  EXPECT_EQ(ServedLegacyPtrTtl(0), 0);
  EXPECT_EQ(ServedLegacyPtrTtl(600), 600);
  EXPECT_EQ(ServedLegacyPtrTtl(-1), 4294967295);
}

}  // namespace
}  // namespace cpdns
