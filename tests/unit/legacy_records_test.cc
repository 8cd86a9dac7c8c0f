#include "core/legacy_records.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace cpdns {
namespace {

constexpr std::string_view kHost = "hello.example.com";
constexpr std::string_view kService = "_sip._tcp.example.com";
constexpr std::string_view kReverse = "4.3.2.1.in-addr.arpa";

std::string Repeat(std::string_view part, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += part;
  return out;
}

LegacyParseResult Parse(std::string_view records, std::string_view row_name = kHost) {
  return ParseLegacyRecords(records, row_name);
}

// Expects exactly one rejection, with `reason`, and returns it.
Rejection ExpectOnlyRejection(std::string_view records, RejectReason reason,
                              std::string_view row_name = kHost) {
  const LegacyParseResult r = Parse(records, row_name);
  EXPECT_EQ(r.rejections.size(), 1u) << records;
  if (r.rejections.empty()) return {};
  EXPECT_EQ(r.rejections[0].reason, reason)
      << records << " -> " << ToString(r.rejections[0].reason) << ": " << r.rejections[0].detail;
  EXPECT_FALSE(r.rejections[0].detail.empty());
  return r.rejections[0];
}

std::vector<std::string> Targets(const LegacyParseResult& r) {
  std::vector<std::string> out;
  for (const ParsedRecord& rec : r.records) out.push_back(rec.TargetValue());
  return out;
}

// ---- accepted entries -------------------------------------------------------------------

TEST(LegacyRecordsParse, SingleA) {
  const LegacyParseResult r = Parse("A:1.1.1.1");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].type, RecordType::kA);
  EXPECT_EQ(r.records[0].value, "1.1.1.1");
  EXPECT_EQ(r.records[0].entry_index, 0u);
  EXPECT_FALSE(r.records[0].type_trimmed);
  EXPECT_FALSE(r.records[0].value_trimmed);
  EXPECT_FALSE(r.records[0].srv.has_value());
}

TEST(LegacyRecordsParse, AAndAaaaShareARowInEntryOrder) {
  const LegacyParseResult r = Parse("A:10.0.0.2,AAAA:::1,A:10.0.0.1");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[1].type, RecordType::kAAAA);
  EXPECT_EQ(r.records[1].value, "::1");  // split at the first ':' only
  EXPECT_EQ(Targets(r), (std::vector<std::string>{"10.0.0.2", "::1", "10.0.0.1"}));
  EXPECT_EQ(r.records[2].entry_index, 2u);
}

TEST(LegacyRecordsParse, AaaaFormsAreAcceptedByteExact) {
  for (std::string_view v :
       {"::", "::1", "2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329",
        "::ffff:1.2.3.4", "::1.2.3.4", "1::1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "2001:DB8::A",
        "FE80::1", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "0:0:0:0:0:0:0:0", "1::"}) {
    const LegacyParseResult r = Parse("AAAA:" + std::string(v));
    ASSERT_TRUE(r.ok()) << v << ": " << r.rejections[0].detail;
    EXPECT_EQ(r.records[0].value, v);
    EXPECT_EQ(r.records[0].TargetValue(), v);
  }
}

TEST(LegacyRecordsParse, Ipv6BytesAreTheAddress) {
  auto mapped = ParseIpv6("::ffff:1.2.3.4");
  ASSERT_TRUE(mapped);
  EXPECT_EQ(*mapped,
            (std::array<uint8_t, 16>{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4}));
  auto loopback = ParseIpv6("::1");
  ASSERT_TRUE(loopback);
  EXPECT_EQ((*loopback)[15], 1);
  EXPECT_EQ((*loopback)[0], 0);
  auto head = ParseIpv6("abcd:12::");
  ASSERT_TRUE(head);
  EXPECT_EQ((*head)[0], 0xab);
  EXPECT_EQ((*head)[1], 0xcd);
  EXPECT_EQ((*head)[3], 0x12);
  EXPECT_EQ((*head)[15], 0);
  EXPECT_EQ(ParseIpv6("2001:DB8::1"), ParseIpv6("2001:db8:0:0:0:0:0:1"));
}

TEST(LegacyRecordsParse, CnameKeepsTextAndStoresWithoutTrailingDot) {
  const LegacyParseResult r = Parse("CNAME:Target.Example.COM.");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.records[0].type, RecordType::kCNAME);
  EXPECT_EQ(r.records[0].value, "Target.Example.COM.");
  EXPECT_EQ(r.records[0].TargetValue(), "Target.Example.COM");
}

TEST(LegacyRecordsParse, PtrOnReverseName) {
  const LegacyParseResult r = Parse("PTR:host1.example.com.", kReverse);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.records[0].type, RecordType::kPTR);
  EXPECT_EQ(r.records[0].TargetValue(), "host1.example.com");
  // The row name is compared after normalisation, as region-dns compared it.
  EXPECT_TRUE(Parse("PTR:h.example.com", "4.3.2.1.IN-ADDR.ARPA.").ok());
}

TEST(LegacyRecordsParse, SrvWithFourFields) {
  const LegacyParseResult r = Parse("SRV:Sip.Example.com.:5060:10:5", kService);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r.records[0].srv.has_value());
  const SrvFields& srv = *r.records[0].srv;
  EXPECT_EQ(srv.host, "Sip.Example.com.");
  EXPECT_EQ(srv.port, 5060);
  EXPECT_EQ(srv.weight, 10);
  EXPECT_EQ(srv.priority, 5);
  EXPECT_FALSE(srv.weight_defaulted);
  EXPECT_FALSE(srv.priority_defaulted);
  EXPECT_EQ(r.records[0].value, "Sip.Example.com.:5060:10:5");
  EXPECT_EQ(r.records[0].TargetValue(), "5 10 5060 Sip.Example.com");
}

TEST(LegacyRecordsParse, SrvWithThreeFieldsDefaultsPriority) {
  const LegacyParseResult r = Parse("SRV:sip.example.com:5060:7", kService);
  ASSERT_TRUE(r.ok());
  const SrvFields& srv = *r.records[0].srv;
  EXPECT_EQ(srv.weight, 7);
  EXPECT_FALSE(srv.weight_defaulted);
  EXPECT_EQ(srv.priority, 0);
  EXPECT_TRUE(srv.priority_defaulted);
  EXPECT_EQ(r.records[0].TargetValue(), "0 7 5060 sip.example.com");
}

TEST(LegacyRecordsParse, SrvWithTwoFieldsDefaultsWeight100AndPriority0) {
  const LegacyParseResult r = Parse("SRV:host:8080", kService);
  ASSERT_TRUE(r.ok());
  const SrvFields& srv = *r.records[0].srv;
  EXPECT_EQ(srv.weight, 100);
  EXPECT_EQ(srv.priority, 0);
  EXPECT_TRUE(srv.weight_defaulted);
  EXPECT_TRUE(srv.priority_defaulted);
  EXPECT_EQ(r.records[0].TargetValue(), "0 100 8080 host");
}

TEST(LegacyRecordsParse, SrvNumbersAsGoAtoiReadThem) {
  // strconv.Atoi takes a sign and leading zeros; the stored value is plain decimal.
  const LegacyParseResult r = Parse("SRV:h.example.com:+0080:-0:00065535", kService);
  ASSERT_TRUE(r.ok()) << r.rejections[0].detail;
  EXPECT_EQ(r.records[0].TargetValue(), "65535 0 80 h.example.com");
  EXPECT_TRUE(Parse("SRV:h:1:0:0", kService).ok());
  EXPECT_TRUE(Parse("SRV:h:65535:65535:65535", kService).ok());
}

TEST(LegacyRecordsParse, SeveralSrvEntriesShareARow) {
  const LegacyParseResult r = Parse("SRV:a.example.com:80,SRV:b.example.com:80:5:1", kService);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Targets(r),
            (std::vector<std::string>{"0 100 80 a.example.com", "1 5 80 b.example.com"}));
}

// ---- blanks -------------------------------------------------------------------------------

TEST(LegacyRecordsBlanks, BlankAfterColonIsTrimmedAndFlagged) {
  const LegacyParseResult r = Parse("A: 1.1.1.1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.records[0].value, "1.1.1.1");
  EXPECT_TRUE(r.records[0].value_trimmed);
  EXPECT_FALSE(r.records[0].type_trimmed);
}

TEST(LegacyRecordsBlanks, BlanksAroundTypeAreTrimmedAndFlagged) {
  const LegacyParseResult r = Parse("A:1.1.1.1, AAAA :::1");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_FALSE(r.records[0].type_trimmed);
  EXPECT_FALSE(r.records[0].value_trimmed);
  EXPECT_TRUE(r.records[1].type_trimmed);
  EXPECT_FALSE(r.records[1].value_trimmed);
  EXPECT_EQ(r.records[1].value, "::1");
}

TEST(LegacyRecordsBlanks, TabsAndLineEndsAtTheEdgesAreBlanks) {
  const LegacyParseResult r = Parse("\tCNAME:\ttarget.example.com\r\n");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.records[0].type_trimmed);
  EXPECT_TRUE(r.records[0].value_trimmed);
  EXPECT_EQ(r.records[0].TargetValue(), "target.example.com");
}

TEST(LegacyRecordsBlanks, BlanksInsideAValueAreNotNoise) {
  ExpectOnlyRejection("A:1.1. 1.1", RejectReason::kInvalidIpv4);
  ExpectOnlyRejection("SRV:host: 80", RejectReason::kBadPort, kService);
}

// ---- one test per rejection reason ------------------------------------------------------

TEST(LegacyRecordsReject, NullRecords) {
  const LegacyParseResult r = ParseLegacyRecords(std::nullopt, kHost);
  ASSERT_EQ(r.rejections.size(), 1u);
  EXPECT_EQ(r.rejections[0].reason, RejectReason::kNullRecords);
  EXPECT_EQ(r.rejections[0].entry_index, std::nullopt);
  EXPECT_TRUE(r.records.empty());
}

TEST(LegacyRecordsReject, EmptyRecordsDistinctFromNull) {
  Rejection rej = ExpectOnlyRejection("", RejectReason::kEmptyRecords);
  EXPECT_EQ(rej.entry_index, std::nullopt);
  rej = ExpectOnlyRejection(" \t ", RejectReason::kEmptyRecords);
  EXPECT_EQ(rej.raw_length, 3u);
}

TEST(LegacyRecordsReject, EmptyEntryFromTrailingComma) {
  const LegacyParseResult r = Parse("A:1.1.1.1,");
  ASSERT_EQ(r.records.size(), 1u);
  ASSERT_EQ(r.rejections.size(), 1u);
  EXPECT_EQ(r.rejections[0].reason, RejectReason::kEmptyEntry);
  EXPECT_EQ(r.rejections[0].entry_index, 1u);
  EXPECT_EQ(r.rejections[0].raw, "");

  const LegacyParseResult doubled = Parse(",A:1.1.1.1,, ,");
  EXPECT_EQ(doubled.records.size(), 1u);
  EXPECT_EQ(doubled.rejections.size(), 4u);
  for (const Rejection& rej : doubled.rejections) EXPECT_EQ(rej.reason, RejectReason::kEmptyEntry);
}

TEST(LegacyRecordsReject, MissingColon) {
  const Rejection rej = ExpectOnlyRejection("A1.1.1.1", RejectReason::kMissingColon);
  EXPECT_EQ(rej.entry_index, 0u);
  EXPECT_EQ(rej.raw, "A1.1.1.1");
}

TEST(LegacyRecordsReject, UnknownType) {
  for (std::string_view records :
       {"TXT:hello", "MX:mail.example.com", ":1.1.1.1", "NS:ns1.x", "A A:1.1.1.1", "AAAAA:::1"}) {
    ExpectOnlyRejection(records, RejectReason::kUnknownType);
  }
}

TEST(LegacyRecordsReject, TypeNotUpperCase) {
  for (std::string_view records : {"a:1.1.1.1", "Aaaa:::1", "cname:x.example.com"}) {
    const Rejection rej = ExpectOnlyRejection(records, RejectReason::kTypeNotUpperCase);
    EXPECT_NE(rej.detail.find("upper case"), std::string::npos) << rej.detail;
  }
  ExpectOnlyRejection("srv:h:80", RejectReason::kTypeNotUpperCase, kService);
  ExpectOnlyRejection("Ptr:h.example.com", RejectReason::kTypeNotUpperCase, kReverse);
}

TEST(LegacyRecordsReject, EmptyValue) {
  ExpectOnlyRejection("A:", RejectReason::kEmptyValue);
  ExpectOnlyRejection("CNAME:   ", RejectReason::kEmptyValue);
}

TEST(LegacyRecordsReject, ValueNotAscii) {
  const Rejection rej =
      ExpectOnlyRejection("CNAME:ex\xc3\xa4mple.com", RejectReason::kValueNotAscii);
  EXPECT_NE(rej.detail.find("\\xc3"), std::string::npos) << rej.detail;
  ExpectOnlyRejection("\xc3\x84:1.1.1.1", RejectReason::kValueNotAscii);
}

TEST(LegacyRecordsReject, ControlCharacterIncludingNul) {
  const std::string nul_inside(
      "A:1.1.\0"
      "1.1.1",
      12);
  Rejection rej = ExpectOnlyRejection(nul_inside, RejectReason::kControlCharacter);
  EXPECT_NE(rej.detail.find("\\x00"), std::string::npos) << rej.detail;
  EXPECT_EQ(rej.raw_length, 12u);
  EXPECT_EQ(rej.raw, nul_inside);
  // A NUL at the end is not a blank: it is not trimmed.
  ExpectOnlyRejection(std::string("A:1.1.1.1\0", 10), RejectReason::kControlCharacter);
  ExpectOnlyRejection("A:1.1.1.1\x7f", RejectReason::kControlCharacter);
  ExpectOnlyRejection("CNAME:a\tb.example.com", RejectReason::kControlCharacter);
  ExpectOnlyRejection("A\x01:1.1.1.1", RejectReason::kControlCharacter);
  ExpectOnlyRejection(std::string("A\0"
                                  "1.1.1.1",
                                  9),
                      RejectReason::kControlCharacter);
}

TEST(LegacyRecordsReject, InvalidIpv4) {
  for (std::string_view v :
       {"1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.010", "0x1.2.3.4", "+1.2.3.4",
        "1.2.3.-4", "::1", "::ffff:1.2.3.4", "example.com", "1.2.3.4/32", "1..2.3"}) {
    ExpectOnlyRejection("A:" + std::string(v), RejectReason::kInvalidIpv4);
  }
}

TEST(LegacyRecordsReject, InvalidIpv6) {
  const Rejection zone = ExpectOnlyRejection("AAAA:fe80::1%eth0", RejectReason::kInvalidIpv6);
  EXPECT_NE(zone.detail.find("zone"), std::string::npos) << zone.detail;
  const Rejection v4 = ExpectOnlyRejection("AAAA:1.2.3.4", RejectReason::kInvalidIpv6);
  EXPECT_NE(v4.detail.find("IPv4"), std::string::npos) << v4.detail;
  for (std::string_view v :
       {"[::1]", "1::2::3", ":::1", ":1::", "1:", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "12345::1", "g::1", "::ffff:01.2.3.4",
        "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "1:2:3:4:5:6:1.2.3.4:1", "::1 2", "fe80::1%"}) {
    ExpectOnlyRejection("AAAA:" + std::string(v), RejectReason::kInvalidIpv6);
  }
}

TEST(LegacyRecordsReject, InvalidIpv6GroupOfMoreThanFourDigits) {
  // Go 1.18 accepted any number of leading zeros in a group; that is not IPv6 text.
  ExpectOnlyRejection("AAAA:00001::1", RejectReason::kInvalidIpv6);
  EXPECT_FALSE(ParseIpv6("::00000"));
  EXPECT_TRUE(ParseIpv6("::0000"));
}

TEST(LegacyRecordsReject, InvalidTargetName) {
  for (std::string_view records :
       {"CNAME:bad..name.com", "CNAME:-x.example.com", "CNAME:*.example.com", "CNAME:1.2.3.4",
        "CNAME:1.2.3.4.", "CNAME:a b.example.com", "CNAME:.", "CNAME:a_b/c.com"}) {
    ExpectOnlyRejection(records, RejectReason::kInvalidTargetName);
  }
  ExpectOnlyRejection("CNAME:" + Repeat("a", 64) + ".com", RejectReason::kInvalidTargetName);
  ExpectOnlyRejection("PTR:bad..name", RejectReason::kInvalidTargetName, kReverse);
  ExpectOnlyRejection("SRV:-h.example.com:80", RejectReason::kInvalidTargetName, kService);
  ExpectOnlyRejection("SRV::80", RejectReason::kInvalidTargetName, kService);
  ExpectOnlyRejection("SRV:1.2.3.4:80", RejectReason::kInvalidTargetName, kService);
}

TEST(LegacyRecordsReject, InvalidSrvFieldCount) {
  Rejection rej = ExpectOnlyRejection("SRV:host.example.com", RejectReason::kInvalidSrv, kService);
  EXPECT_NE(rej.detail.find("1 field"), std::string::npos) << rej.detail;
  rej = ExpectOnlyRejection("SRV:h:80:1:2:3", RejectReason::kInvalidSrv, kService);
  EXPECT_NE(rej.detail.find("more than 4"), std::string::npos) << rej.detail;
}

TEST(LegacyRecordsReject, BadPort) {
  for (std::string_view port :
       {"0", "65536", "-1", "x", "", "8o", "99999999999999999999999", "+", "1_000"}) {
    ExpectOnlyRejection("SRV:h.example.com:" + std::string(port), RejectReason::kBadPort, kService);
  }
}

TEST(LegacyRecordsReject, BadWeight) {
  for (std::string_view weight : {"65536", "-1", "w", ""}) {
    ExpectOnlyRejection("SRV:h.example.com:80:" + std::string(weight), RejectReason::kBadWeight,
                        kService);
  }
}

TEST(LegacyRecordsReject, BadPriority) {
  for (std::string_view priority : {"65536", "-5", "p", ""}) {
    ExpectOnlyRejection("SRV:h.example.com:80:1:" + std::string(priority),
                        RejectReason::kBadPriority, kService);
  }
}

TEST(LegacyRecordsReject, SrvNameNotService) {
  for (std::string_view row : {"sip.example.com", "_sip._tcp", "_._tcp.example.com",
                               "_sip.tcp.example.com", "*._tcp.example.com", "bad..name"}) {
    ExpectOnlyRejection("SRV:h.example.com:80", RejectReason::kSrvNameNotService, row);
  }
  EXPECT_TRUE(Parse("SRV:h.example.com:80", "_s._u.example.com").ok());
  EXPECT_TRUE(Parse("SRV:h.example.com:80", "_SIP._TCP.Example.com.").ok());
}

TEST(LegacyRecordsReject, PtrNameNotReverse) {
  for (std::string_view row :
       {"www.example.com", "01.3.2.1.in-addr.arpa", "300.3.2.1.in-addr.arpa", "3.2.1.in-addr.arpa",
        "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa", ""}) {
    ExpectOnlyRejection("PTR:h.example.com", RejectReason::kPtrNameNotReverse, row);
  }
}

TEST(LegacyRecordsReject, ValueTooLongForDnsValueColumn) {
  // 18 bytes of "65535 65535 65535 " plus the host must fit varchar(256).
  const std::string label63 = Repeat("a", 63);
  const std::string host238 = label63 + "." + label63 + "." + label63 + "." + Repeat("b", 46);
  ASSERT_EQ(host238.size(), 238u);
  const LegacyParseResult fits = Parse("SRV:" + host238 + ":65535:65535:65535", kService);
  ASSERT_TRUE(fits.ok());
  EXPECT_EQ(fits.records[0].TargetValue().size(), 256u);

  const std::string host239 = host238 + "b";
  const Rejection rej = ExpectOnlyRejection("SRV:" + host239 + ":65535:65535:65535",
                                            RejectReason::kValueTooLong, kService);
  EXPECT_NE(rej.detail.find("257"), std::string::npos) << rej.detail;
  // The trailing dot is not stored, so it does not count.
  EXPECT_TRUE(Parse("SRV:" + host238 + ".:65535:65535:65535", kService).ok());
}

TEST(LegacyRecordsReject, DuplicateEntry) {
  Rejection rej =
      ExpectOnlyRejection("A:1.1.1.1,A:2.2.2.2,A:1.1.1.1", RejectReason::kDuplicateEntry);
  EXPECT_EQ(rej.entry_index, 2u);
  EXPECT_NE(rej.detail.find("entry 0"), std::string::npos) << rej.detail;
  // Same address in another spelling, same target in another case or with a dot, same SRV
  // once defaults are filled in: each would be the same dns_records_tbl row.
  ExpectOnlyRejection("AAAA:::1,AAAA:0:0::1", RejectReason::kDuplicateEntry);
  ExpectOnlyRejection("AAAA:2001:db8::a,AAAA:2001:DB8::A", RejectReason::kDuplicateEntry);
  ExpectOnlyRejection("CNAME:a.example.com,CNAME:A.Example.COM.", RejectReason::kDuplicateEntry);
  ExpectOnlyRejection("SRV:h:80,SRV:h.:80:100:0", RejectReason::kDuplicateEntry, kService);
  ExpectOnlyRejection("A:1.1.1.1, A: 1.1.1.1", RejectReason::kDuplicateEntry);
  // Different types with the same text are not duplicates.
  EXPECT_TRUE(Parse("A:1.1.1.1,AAAA:::ffff:1.1.1.1").ok());
}

TEST(LegacyRecordsReject, CnameNotAloneBesideAddress) {
  for (std::string_view records :
       {"A:1.1.1.1,CNAME:x.example.com", "CNAME:x.example.com,A:1.1.1.1"}) {
    const LegacyParseResult r = Parse(records);
    ASSERT_EQ(r.records.size(), 1u) << records;
    EXPECT_EQ(r.records[0].type, RecordType::kA);
    ASSERT_EQ(r.rejections.size(), 1u);
    EXPECT_EQ(r.rejections[0].reason, RejectReason::kCnameNotAlone);
    EXPECT_NE(r.rejections[0].detail.find("(A)"), std::string::npos) << r.rejections[0].detail;
  }
}

TEST(LegacyRecordsReject, CnameNotAloneSecondCname) {
  const LegacyParseResult r = Parse("CNAME:a.example.com,CNAME:b.example.com");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].TargetValue(), "a.example.com");
  ASSERT_EQ(r.rejections.size(), 1u);
  EXPECT_EQ(r.rejections[0].reason, RejectReason::kCnameNotAlone);
  EXPECT_EQ(r.rejections[0].entry_index, 1u);
  EXPECT_NE(r.rejections[0].detail.find("entry 0"), std::string::npos);
}

TEST(LegacyRecordsReject, CnameNotAloneBesideSrv) {
  const LegacyParseResult r = Parse("CNAME:x.example.com,SRV:h:80", kService);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].type, RecordType::kSRV);
  ASSERT_EQ(r.rejections.size(), 1u);
  EXPECT_EQ(r.rejections[0].reason, RejectReason::kCnameNotAlone);
  EXPECT_EQ(r.rejections[0].entry_index, 0u);
}

TEST(LegacyRecordsReject, SrvNotAloneBesideAddress) {
  const LegacyParseResult r = Parse("SRV:h:80,AAAA:::1,SRV:g:81", kService);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].type, RecordType::kAAAA);
  ASSERT_EQ(r.rejections.size(), 2u);
  EXPECT_EQ(r.rejections[0].reason, RejectReason::kSrvNotAlone);
  EXPECT_EQ(r.rejections[0].entry_index, 0u);
  EXPECT_EQ(r.rejections[1].reason, RejectReason::kSrvNotAlone);
  EXPECT_EQ(r.rejections[1].entry_index, 2u);
}

TEST(LegacyRecordsReject, PtrNotAlone) {
  LegacyParseResult r = Parse("PTR:a.example.com,PTR:b.example.com", kReverse);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].TargetValue(), "a.example.com");
  ASSERT_EQ(r.rejections.size(), 1u);
  EXPECT_EQ(r.rejections[0].reason, RejectReason::kPtrNotAlone);
  EXPECT_EQ(r.rejections[0].entry_index, 1u);

  for (std::string_view records : {"A:1.1.1.1,PTR:a.example.com", "PTR:a.example.com,CNAME:x.y"}) {
    r = Parse(records, kReverse);
    ASSERT_EQ(r.records.size(), 1u) << records;
    EXPECT_NE(r.records[0].type, RecordType::kPTR);
    ASSERT_EQ(r.rejections.size(), 1u);
    EXPECT_EQ(r.rejections[0].reason, RejectReason::kPtrNotAlone);
  }
}

TEST(LegacyRecordsReject, InvalidEntriesDoNotTriggerRowRules) {
  const LegacyParseResult r = Parse("A:999.1.1.1,CNAME:x.example.com");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].type, RecordType::kCNAME);
  ASSERT_EQ(r.rejections.size(), 1u);
  EXPECT_EQ(r.rejections[0].reason, RejectReason::kInvalidIpv4);
}

TEST(LegacyRecordsReject, RejectionsComeInEntryOrder) {
  const LegacyParseResult r = Parse("CNAME:x.example.com,A:1.1.1.1,TXT:t,A:1.1.1.1,a:2.2.2.2");
  ASSERT_EQ(r.records.size(), 1u);
  ASSERT_EQ(r.rejections.size(), 4u);
  EXPECT_EQ(r.rejections[0].entry_index, 0u);
  EXPECT_EQ(r.rejections[0].reason, RejectReason::kCnameNotAlone);
  EXPECT_EQ(r.rejections[1].reason, RejectReason::kUnknownType);
  EXPECT_EQ(r.rejections[2].reason, RejectReason::kDuplicateEntry);
  EXPECT_EQ(r.rejections[3].reason, RejectReason::kTypeNotUpperCase);
}

TEST(LegacyRecordsReject, ReasonAndTypeCodesAreStable) {
  const std::vector<std::pair<RejectReason, std::string_view>> codes = {
      {RejectReason::kNullRecords, "null_records"},
      {RejectReason::kEmptyRecords, "empty_records"},
      {RejectReason::kEmptyEntry, "empty_entry"},
      {RejectReason::kMissingColon, "missing_colon"},
      {RejectReason::kUnknownType, "unknown_type"},
      {RejectReason::kTypeNotUpperCase, "type_not_upper_case"},
      {RejectReason::kEmptyValue, "empty_value"},
      {RejectReason::kValueNotAscii, "value_not_ascii"},
      {RejectReason::kControlCharacter, "control_character"},
      {RejectReason::kInvalidIpv4, "invalid_ipv4"},
      {RejectReason::kInvalidIpv6, "invalid_ipv6"},
      {RejectReason::kInvalidTargetName, "invalid_target_name"},
      {RejectReason::kInvalidSrv, "invalid_srv"},
      {RejectReason::kBadPort, "bad_port"},
      {RejectReason::kBadWeight, "bad_weight"},
      {RejectReason::kBadPriority, "bad_priority"},
      {RejectReason::kSrvNameNotService, "srv_name_not_service"},
      {RejectReason::kPtrNameNotReverse, "ptr_name_not_reverse"},
      {RejectReason::kValueTooLong, "value_too_long"},
      {RejectReason::kDuplicateEntry, "duplicate_entry"},
      {RejectReason::kCnameNotAlone, "cname_not_alone"},
      {RejectReason::kSrvNotAlone, "srv_not_alone"},
      {RejectReason::kPtrNotAlone, "ptr_not_alone"},
  };
  for (const auto& [reason, code] : codes) EXPECT_EQ(ToString(reason), code);
  EXPECT_EQ(ToString(RecordType::kA), "A");
  EXPECT_EQ(ToString(RecordType::kAAAA), "AAAA");
  EXPECT_EQ(ToString(RecordType::kCNAME), "CNAME");
  EXPECT_EQ(ToString(RecordType::kSRV), "SRV");
  EXPECT_EQ(ToString(RecordType::kPTR), "PTR");
}

// ---- hostile input ------------------------------------------------------------------------

TEST(LegacyRecordsHostile, LongEntryIsCappedForDisplay) {
  const std::string value = Repeat("a", 64 * 1024);
  const Rejection rej = ExpectOnlyRejection("CNAME:" + value, RejectReason::kInvalidTargetName);
  EXPECT_EQ(rej.raw.size(), kMaxRawEntryBytes);
  EXPECT_EQ(rej.raw_length, value.size() + 6);
  EXPECT_EQ(rej.raw.substr(0, 8), "CNAME:aa");
  const std::string shown = rej.RawForDisplay();
  EXPECT_NE(shown.find("(65542 bytes)"), std::string::npos) << shown.substr(0, 300);
  EXPECT_LT(rej.detail.size(), 1000u);
  EXPECT_LT(shown.size(), 400u);
}

TEST(LegacyRecordsHostile, SixtyFourKibOfCommas) {
  const LegacyParseResult r = Parse(Repeat(",", 64 * 1024));
  EXPECT_TRUE(r.records.empty());
  ASSERT_EQ(r.rejections.size(), 64u * 1024 + 1);
  EXPECT_EQ(r.rejections.back().entry_index, 64u * 1024);
  EXPECT_EQ(r.rejections.back().reason, RejectReason::kEmptyEntry);
}

TEST(LegacyRecordsHostile, SixtyFourKibOfRepeatedEntryKeepsOne) {
  const LegacyParseResult r = Parse(Repeat("A:1.1.1.1,", 6000) + "A:1.1.1.1");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.rejections.size(), 6000u);
  for (const Rejection& rej : r.rejections) ASSERT_EQ(rej.reason, RejectReason::kDuplicateEntry);
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
    EXPECT_FALSE(r.rejections.empty());
    for (const Rejection& rej : r.rejections) EXPECT_LE(rej.raw.size(), kMaxRawEntryBytes);
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
