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

// Expects exactly one issue, with `reason` and `disposition`, and returns it.
EntryIssue ExpectOnly(std::string_view records, EntryReason reason, Disposition disposition,
                      std::string_view row_name = kHost) {
  const LegacyParseResult r = Parse(records, row_name);
  EXPECT_EQ(r.issues.size(), 1u) << records;
  if (r.issues.empty()) return {};
  EXPECT_EQ(r.issues[0].reason, reason)
      << records << " -> " << ToString(r.issues[0].reason) << ": " << r.issues[0].detail;
  EXPECT_EQ(r.issues[0].disposition, disposition)
      << records << " -> " << ToString(r.issues[0].disposition);
  EXPECT_FALSE(r.issues[0].detail.empty());
  EXPECT_EQ(r.RowRejected(), disposition == Disposition::kRejectsRow) << records;
  return r.issues[0];
}

EntryIssue ExpectDropped(std::string_view records, EntryReason reason,
                         std::string_view row_name = kHost) {
  EntryIssue i = ExpectOnly(records, reason, Disposition::kDropped, row_name);
  EXPECT_TRUE(Parse(records, row_name).records.empty()) << records;
  return i;
}

EntryIssue ExpectKept(std::string_view records, EntryReason reason,
                      std::string_view row_name = kHost) {
  EntryIssue i = ExpectOnly(records, reason, Disposition::kKept, row_name);
  EXPECT_EQ(Parse(records, row_name).records.size(), 1u) << records;
  return i;
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
        "::1.2.3.4", "1::1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "2001:DB8::A", "FE80::1",
        "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "0:0:0:0:0:0:0:0", "1::"}) {
    const LegacyParseResult r = Parse("AAAA:" + std::string(v));
    ASSERT_TRUE(r.ok()) << v << ": " << r.issues[0].detail;
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
  ASSERT_TRUE(r.ok()) << r.issues[0].detail;
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
  ExpectDropped("A:1.1. 1.1", EntryReason::kInvalidIpv4);
  ExpectDropped("SRV:host: 80", EntryReason::kBadPort, kService);
}

// ---- decisions: one test per reason, by what legacy served ------------------------------

TEST(LegacyRecordsDecision, NullRecordsRejectsTheRow) {
  const LegacyParseResult r = ParseLegacyRecords(std::nullopt, kHost);
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].reason, EntryReason::kNullRecords);
  EXPECT_EQ(r.issues[0].entry_index, std::nullopt);
  EXPECT_TRUE(r.RowRejected());
  EXPECT_TRUE(r.records.empty());
}

TEST(LegacyRecordsDecision, EmptyRecordsRejectsTheRow) {
  EntryIssue i = ExpectOnly("", EntryReason::kEmptyRecords, Disposition::kRejectsRow);
  EXPECT_EQ(i.entry_index, std::nullopt);
  i = ExpectOnly(" \t ", EntryReason::kEmptyRecords, Disposition::kRejectsRow);
  EXPECT_EQ(i.raw_length, 3u);
}

TEST(LegacyRecordsDecision, EmptyEntryIsDroppedTheRestKept) {
  const LegacyParseResult r = Parse("A:1.1.1.1,");
  ASSERT_EQ(r.records.size(), 1u);
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].reason, EntryReason::kEmptyEntry);
  EXPECT_EQ(r.issues[0].disposition, Disposition::kDropped);
  EXPECT_EQ(r.issues[0].entry_index, 1u);
  EXPECT_FALSE(r.RowRejected());
  const LegacyParseResult doubled = Parse(",A:1.1.1.1,, ,");
  EXPECT_EQ(doubled.records.size(), 1u);
  EXPECT_EQ(doubled.issues.size(), 4u);
  for (const EntryIssue& i : doubled.issues) EXPECT_EQ(i.reason, EntryReason::kEmptyEntry);
}

TEST(LegacyRecordsDecision, MissingColonIsDropped) {
  const EntryIssue i = ExpectDropped("A1.1.1.1", EntryReason::kMissingColon);
  EXPECT_EQ(i.raw, "A1.1.1.1");
}

TEST(LegacyRecordsDecision, UnknownTypeIsDropped) {
  for (std::string_view records :
       {"TXT:hello", "MX:mail.example.com", ":1.1.1.1", "NS:ns1.x", "A A:1.1.1.1", "AAAAA:::1",
        "\xc3\x84:1.1.1.1", "A\x01:1.1.1.1"}) {
    ExpectDropped(records, EntryReason::kUnknownType);
  }
}

TEST(LegacyRecordsDecision, TypeNotUpperCaseIsDropped) {
  for (std::string_view records : {"a:1.1.1.1", "Aaaa:::1", "cname:x.example.com"}) {
    const EntryIssue i = ExpectDropped(records, EntryReason::kTypeNotUpperCase);
    EXPECT_NE(i.detail.find("upper case"), std::string::npos) << i.detail;
  }
  ExpectDropped("srv:h:80", EntryReason::kTypeNotUpperCase, kService);
  ExpectDropped("Ptr:h.example.com", EntryReason::kTypeNotUpperCase, kReverse);
}

TEST(LegacyRecordsDecision, EmptyValueIsDropped) {
  ExpectDropped("A:", EntryReason::kEmptyValue);
  ExpectDropped("CNAME:   ", EntryReason::kEmptyValue);
}

TEST(LegacyRecordsDecision, NonAsciiTargetRejectsTheRow) {
  const EntryIssue i =
      ExpectOnly("CNAME:ex\xc3\xa4mple.com", EntryReason::kValueNotAscii, Disposition::kRejectsRow);
  EXPECT_NE(i.detail.find("\\xc3"), std::string::npos) << i.detail;
  ExpectOnly("SRV:h\xc3\xa4.example.com:80", EntryReason::kValueNotAscii, Disposition::kRejectsRow,
             kService);
  // In an address it is just not an address: never answered.
  ExpectDropped("A:1.1.1.\xc3\xa4", EntryReason::kInvalidIpv4);
}

TEST(LegacyRecordsDecision, ControlCharacterInATargetIsDropped) {
  ExpectDropped("CNAME:a\tb.example.com", EntryReason::kControlCharacter);
  ExpectDropped("CNAME:web\x08.example.com", EntryReason::kControlCharacter);
  ExpectDropped(std::string("SRV:h\0.example.com:80", 20), EntryReason::kControlCharacter,
                kService);
  // In an address a NUL or DEL makes it no address: invalid_ipv4, dropped the same.
  const std::string nul_inside(
      "A:1.1.\0"
      "1.1.1",
      12);
  const EntryIssue i = ExpectDropped(nul_inside, EntryReason::kInvalidIpv4);
  EXPECT_EQ(i.raw_length, 12u);
  EXPECT_EQ(i.raw, nul_inside);
  ExpectDropped("A:1.1.1.1\x7f", EntryReason::kInvalidIpv4);
}

TEST(LegacyRecordsDecision, InvalidIpv4IsDropped) {
  for (std::string_view v : {"1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.010",
                             "0x1.2.3.4", "+1.2.3.4", "1.2.3.-4", "::1", "1.2.3.4/32", "1..2.3"}) {
    ExpectDropped("A:" + std::string(v), EntryReason::kInvalidIpv4);
  }
  // Go's To4() makes an IPv4-mapped text IPv4: CoreDNS answers A queries with it.
  EXPECT_TRUE(Parse("A:::ffff:1.2.3.4").ok());
}

TEST(LegacyRecordsDecision, InvalidIpv6IsDropped) {
  const EntryIssue zone = ExpectDropped("AAAA:fe80::1%eth0", EntryReason::kInvalidIpv6);
  EXPECT_NE(zone.detail.find("zone"), std::string::npos) << zone.detail;
  const EntryIssue v4 = ExpectDropped("AAAA:1.2.3.4", EntryReason::kInvalidIpv6);
  EXPECT_NE(v4.detail.find("IPv4"), std::string::npos) << v4.detail;
  // CoreDNS types "::ffff:a.b.c.d" as A and drops it from AAAA answers.
  ExpectDropped("AAAA:::ffff:10.9.100.12", EntryReason::kInvalidIpv6);
  for (std::string_view v : {"[::1]", "1::2::3", ":::1", ":1::", "1:", "1:2:3:4:5:6:7",
                             "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
                             "12345::1", "g::1", "::ffff:01.2.3.4", "1:2:3:4:5:6:7:1.2.3.4",
                             "::1.2.3", "1:2:3:4:5:6:1.2.3.4:1", "::1 2", "fe80::1%", "00001::1"}) {
    ExpectDropped("AAAA:" + std::string(v), EntryReason::kInvalidIpv6);
  }
  EXPECT_FALSE(ParseIpv6("::00000"));
  EXPECT_TRUE(ParseIpv6("::0000"));
}

TEST(LegacyRecordsDecision, AddressValueThatIsAHostNameIsKept) {
  // Legacy chased it like a CNAME target for A (AAAA) queries; so does the target.
  for (std::string_view records :
       {"A:www.example.com", "AAAA:www.example.com", "A:*.apps.example.com", "A:localhost"}) {
    const EntryIssue i = ExpectKept(records, EntryReason::kAddressValueIsName);
    EXPECT_EQ(Parse(records).records[0].TargetValue(),
              std::string(records).substr(records.find(':') + 1));
    (void)i;
  }
}

TEST(LegacyRecordsDecision, InvalidTargetNameIsKeptAsWritten) {
  for (std::string_view records :
       {"CNAME:-x.example.com", "CNAME:*.example.com", "CNAME:a b.example.com", "CNAME:a_b/c.com",
        "CNAME:web\\.example.com", "CNAME:\"web\".example.com"}) {
    ExpectKept(records, EntryReason::kInvalidTargetName);
  }
  ExpectKept("PTR:host name.example.com", EntryReason::kInvalidTargetName, kReverse);
  ExpectKept("SRV:-h.example.com:80", EntryReason::kInvalidTargetName, kService);
  EXPECT_EQ(Parse("SRV:sip!.example.com:5060:10:5", kService).records[0].TargetValue(),
            "5 10 5060 sip!.example.com");
}

TEST(LegacyRecordsDecision, TargetIsAddress) {
  // The sole entry "CNAME:<address>": legacy answered A (AAAA) queries with the address.
  LegacyParseResult r = Parse("CNAME:10.9.0.19");
  EXPECT_EQ(r.issues.at(0).reason, EntryReason::kTargetIsAddress);
  EXPECT_EQ(r.issues.at(0).disposition, Disposition::kKept);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].type, RecordType::kA);
  EXPECT_EQ(r.records[0].TargetValue(), "10.9.0.19");
  r = Parse("CNAME:fd00::1");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].type, RecordType::kAAAA);
  // Anywhere else an address target answered nothing (CNAME, PTR) or SERVFAIL (SRV).
  ExpectDropped("PTR:1.2.3.4", EntryReason::kTargetIsAddress, kReverse);
  ExpectDropped("SRV:1.2.3.4:80", EntryReason::kTargetIsAddress, kService);
  r = Parse("A:1.1.1.1,CNAME:10.0.0.1");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.issues.at(0).reason, EntryReason::kTargetIsAddress);
  EXPECT_EQ(r.issues.at(0).disposition, Disposition::kDropped);
}

TEST(LegacyRecordsDecision, TargetThatCannotBePackedIsDropped) {
  ExpectDropped("CNAME:.", EntryReason::kEmptyValue);  // the root
  for (std::string_view records : {"CNAME:bad..name.com", "CNAME:.x.example.com"}) {
    ExpectDropped(records, EntryReason::kTargetNotPackable);
  }
  ExpectDropped("CNAME:" + Repeat("a", 64) + ".com", EntryReason::kTargetNotPackable);
  ExpectDropped("CNAME:" + Repeat(Repeat("c", 63) + ".", 4) + "com",
                EntryReason::kTargetNotPackable);
  ExpectDropped("PTR:bad..name", EntryReason::kTargetNotPackable, kReverse);
  ExpectDropped("SRV::80", EntryReason::kEmptyValue, kService);  // an empty host is the root
}

TEST(LegacyRecordsDecision, InvalidSrvFieldCountIsDropped) {
  EntryIssue i = ExpectDropped("SRV:host.example.com", EntryReason::kInvalidSrv, kService);
  EXPECT_NE(i.detail.find("1 field"), std::string::npos) << i.detail;
  i = ExpectDropped("SRV:h:80:1:2:3", EntryReason::kInvalidSrv, kService);
  EXPECT_NE(i.detail.find("more than 4"), std::string::npos) << i.detail;
}

TEST(LegacyRecordsDecision, SrvNumberNotAnIntegerIsDropped) {
  for (std::string_view port : {"-1", "x", "", "8o", "99999999999999999999999", "+", "1_000"}) {
    ExpectDropped("SRV:h.example.com:" + std::string(port), EntryReason::kBadPort, kService);
  }
  for (std::string_view weight : {"w", "", "1e3"}) {
    ExpectDropped("SRV:h.example.com:80:" + std::string(weight), EntryReason::kBadWeight, kService);
  }
  for (std::string_view priority : {"p", "", "0x1"}) {
    ExpectDropped("SRV:h.example.com:80:1:" + std::string(priority), EntryReason::kBadPriority,
                  kService);
  }
}

TEST(LegacyRecordsDecision, SrvNumberOutOfRangeIsKeptAsTheNumber) {
  // Legacy sent uint16(n); the target reads the same n back from "priority weight port host".
  for (std::string_view records : {"SRV:h.example.com:0", "SRV:h.example.com:65536",
                                   "SRV:h.example.com:80:65536", "SRV:h.example.com:80:1:-5"}) {
    ExpectKept(records, EntryReason::kSrvNumberOutOfRange, kService);
  }
  EXPECT_EQ(Parse("SRV:h.example.com:65536:-2:70000", kService).records[0].TargetValue(),
            "70000 -2 65536 h.example.com");
}

TEST(LegacyRecordsDecision, SrvNameNotServiceIsKept) {
  for (std::string_view row : {"sip.example.com", "_sip._tcp", "_._tcp.example.com",
                               "_sip.tcp.example.com", "*._tcp.example.com", "bad..name"}) {
    ExpectKept("SRV:h.example.com:80", EntryReason::kSrvNameNotService, row);
  }
  EXPECT_TRUE(Parse("SRV:h.example.com:80", "_s._u.example.com").ok());
  EXPECT_TRUE(Parse("SRV:h.example.com:80", "_SIP._TCP.Example.com.").ok());
}

TEST(LegacyRecordsDecision, PtrOnANameNoPtrQueryAsksIsDropped) {
  for (std::string_view row : {"www.example.com", "01.3.2.1.in-addr.arpa", "300.3.2.1.in-addr.arpa",
                               "3.2.1.in-addr.arpa", "1.0.ip6.arpa", ""}) {
    ExpectDropped("PTR:h.example.com", EntryReason::kPtrNameNotReverse, row);
  }
}

TEST(LegacyRecordsDecision, PtrOnAnIpv6ReverseNameIsKept) {
  ExpectKept("PTR:h.example.com", EntryReason::kPtrNameIpv6,
             "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa");
}

TEST(LegacyRecordsDecision, ValueTooLongForDnsValueColumnRejectsTheRow) {
  // 18 bytes of "65535 65535 65535 " plus the host must fit varchar(256).
  const std::string label63 = Repeat("a", 63);
  const std::string host238 = label63 + "." + label63 + "." + label63 + "." + Repeat("b", 46);
  ASSERT_EQ(host238.size(), 238u);
  const LegacyParseResult fits = Parse("SRV:" + host238 + ":65535:65535:65535", kService);
  ASSERT_TRUE(fits.ok());
  EXPECT_EQ(fits.records[0].TargetValue().size(), 256u);
  const std::string host239 = host238 + "b";
  const EntryIssue i = ExpectOnly("SRV:" + host239 + ":65535:65535:65535",
                                  EntryReason::kValueTooLong, Disposition::kRejectsRow, kService);
  EXPECT_NE(i.detail.find("257"), std::string::npos) << i.detail;
  // The trailing dot is not stored, so it does not count.
  EXPECT_TRUE(Parse("SRV:" + host238 + ".:65535:65535:65535", kService).ok());
}

TEST(LegacyRecordsDecision, DuplicateAddressIsDropped) {
  const EntryIssue i = ExpectOnly("A:1.1.1.1,A:2.2.2.2,A:1.1.1.1", EntryReason::kDuplicateEntry,
                                  Disposition::kDropped);
  EXPECT_EQ(i.entry_index, 2u);
  EXPECT_NE(i.detail.find("entry 0"), std::string::npos) << i.detail;
  ExpectOnly("A:1.1.1.1, A: 1.1.1.1", EntryReason::kDuplicateEntry, Disposition::kDropped);
  // CoreDNS sent an address once per spelling, and SRV records twice: those stay.
  EXPECT_EQ(Parse("AAAA:::1,AAAA:0:0::1").records.size(), 2u);
  EXPECT_EQ(Parse("SRV:h:80,SRV:h:80", kService).records.size(), 2u);
  EXPECT_TRUE(Parse("A:1.1.1.1,AAAA:::ffff:1.1.1.1").issues.size() == 1u);  // mapped: not AAAA
}

TEST(LegacyRecordsDecision, CnameNotAlone) {
  // A first: legacy answered A queries with the A, CNAME queries with the CNAME. Both kept.
  LegacyParseResult r = Parse("A:1.1.1.1,CNAME:x.example.com");
  ASSERT_EQ(r.records.size(), 2u);
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].reason, EntryReason::kCnameNotAlone);
  EXPECT_EQ(r.issues[0].disposition, Disposition::kKept);
  EXPECT_EQ(r.issues[0].entry_index, 1u);
  // "CNAME:" first: every other type was answered with the CNAME; the rest never.
  r = Parse("CNAME:x.example.com,A:1.1.1.1");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].type, RecordType::kCNAME);
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].disposition, Disposition::kDropped);
  EXPECT_EQ(r.issues[0].entry_index, 1u);
  // A second CNAME: a CNAME query answered the first.
  r = Parse("CNAME:a.example.com,CNAME:b.example.com");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].TargetValue(), "a.example.com");
  EXPECT_EQ(r.issues.at(0).disposition, Disposition::kDropped);
  EXPECT_NE(r.issues[0].detail.find("entry 0"), std::string::npos);
  r = Parse("CNAME:x.example.com,SRV:h:80", kService);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].type, RecordType::kCNAME);
}

TEST(LegacyRecordsDecision, SrvNotAloneIsKept) {
  const LegacyParseResult r = Parse("SRV:h:80,AAAA:::1,SRV:g:81", kService);
  ASSERT_EQ(r.records.size(), 3u);
  ASSERT_EQ(r.issues.size(), 2u);
  for (const EntryIssue& i : r.issues) {
    EXPECT_EQ(i.reason, EntryReason::kSrvNotAlone);
    EXPECT_EQ(i.disposition, Disposition::kKept);
  }
  EXPECT_EQ(r.issues[1].entry_index, 2u);
}

TEST(LegacyRecordsDecision, PtrNotAlone) {
  // Only the first PTR entry answered PTR queries.
  LegacyParseResult r = Parse("PTR:a.example.com,PTR:b.example.com", kReverse);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].TargetValue(), "a.example.com");
  EXPECT_EQ(r.issues.at(0).reason, EntryReason::kPtrNotAlone);
  EXPECT_EQ(r.issues[0].disposition, Disposition::kDropped);
  // Beside an A: PTR queries got the PTR, A queries the A. Both kept.
  r = Parse("A:1.1.1.1,PTR:a.example.com", kReverse);
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.issues.at(0).reason, EntryReason::kPtrNotAlone);
  EXPECT_EQ(r.issues[0].disposition, Disposition::kKept);
  // After a leading CNAME the PTR entry still answered PTR queries (they read "PTR:" only).
  r = Parse("CNAME:x.example.com,PTR:a.example.com", kReverse);
  EXPECT_EQ(r.records.size(), 2u);
}

TEST(LegacyRecordsDecision, EntriesDroppedOnTheirOwnDoNotCountForRowRules) {
  const LegacyParseResult r = Parse("A:999.1.1.1,CNAME:x.example.com");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].type, RecordType::kCNAME);
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].reason, EntryReason::kInvalidIpv4);
}

TEST(LegacyRecordsDecision, IssuesComeInEntryOrder) {
  const LegacyParseResult r = Parse("A:1.1.1.1,CNAME:x.example.com,TXT:t,A:1.1.1.1,a:2.2.2.2");
  ASSERT_EQ(r.records.size(), 2u);
  ASSERT_EQ(r.issues.size(), 4u);
  EXPECT_EQ(r.issues[0].entry_index, 1u);
  EXPECT_EQ(r.issues[0].reason, EntryReason::kCnameNotAlone);
  EXPECT_EQ(r.issues[1].reason, EntryReason::kUnknownType);
  EXPECT_EQ(r.issues[2].reason, EntryReason::kDuplicateEntry);
  EXPECT_EQ(r.issues[3].reason, EntryReason::kTypeNotUpperCase);
}

TEST(LegacyRecordsDecision, TypeCodesAreStable) {
  // The reason codes are pinned by the decision table (reason_codes_test.cc).
  EXPECT_EQ(ToString(RecordType::kA), "A");
  EXPECT_EQ(ToString(RecordType::kAAAA), "AAAA");
  EXPECT_EQ(ToString(RecordType::kCNAME), "CNAME");
  EXPECT_EQ(ToString(RecordType::kSRV), "SRV");
  EXPECT_EQ(ToString(RecordType::kPTR), "PTR");
  EXPECT_EQ(ToString(EntryReason::kSrvNameNotService), "srv_name_not_service");
  EXPECT_EQ(ToString(Disposition::kRejectsRow), "rejects_row");
}

}  // namespace
}  // namespace cpdns
