#include "core/v310_resolver.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/unit/record_table_fixture.h"

namespace cpdns {
namespace {

// v3.10.5..v3.10.16 was not part of the observation; every test here pins one rule of its
// source (pkg/dns/dns.go, reverse.go, pkg/compute/models/dnsrecords.go).
class V310ResolverTest : public RecordTableFixture<V310Resolver> {};

constexpr std::string_view kNone = "no local answer";

TEST_F(V310ResolverTest, Rule_ExactNameAnswersWithRecordTtl) {
  table_.AddRecord(Rec("r1", "www", "A", "1.1.1.1", 600));
  EXPECT_EQ(Text("WWW.example.com.", QueryType::kA), "www.example.com 600 A 1.1.1.1");
}

TEST_F(V310ResolverTest, Rule_TtlZeroServedAs10) {
  table_.AddRecord(Rec("r1", "www", "A", "1.1.1.1", 0));
  EXPECT_EQ(Text("www.example.com", QueryType::kA), "www.example.com 10 A 1.1.1.1");
}

TEST_F(V310ResolverTest, Rule_RecordsAreNotFilteredByEnabled) {
  RecordRow off = Rec("r1", "off", "A", "1.1.1.1");
  off.enabled = false;
  RecordRow null = Rec("r2", "null", "A", "2.2.2.2");
  null.enabled = std::nullopt;
  table_.AddRecord(off);
  table_.AddRecord(null);
  EXPECT_EQ(Text("off.example.com", QueryType::kA), "off.example.com 300 A 1.1.1.1");
  EXPECT_EQ(Text("null.example.com", QueryType::kA), "null.example.com 300 A 2.2.2.2");
}

TEST_F(V310ResolverTest, Rule_DeletedRecordIsNotServed) {
  RecordRow gone = Rec("r1", "gone", "A", "1.1.1.1");
  gone.deleted = true;
  table_.AddRecord(gone);
  EXPECT_EQ(Text("gone.example.com", QueryType::kA), kNone);
}

TEST_F(V310ResolverTest, Rule_ZoneFilters) {
  auto zone_with = [](std::string id, std::string name, auto change) {
    ZoneRow z = Zone(std::move(id), std::move(name));
    change(z);
    return z;
  };
  table_.AddZone(zone_with("zm", "managed.test", [](ZoneRow& z) { z.manager_id = "acct"; }));
  table_.AddZone(zone_with("ze", "empty.test", [](ZoneRow& z) { z.manager_id = ""; }));
  table_.AddZone(zone_with("zb", "blank.test", [](ZoneRow& z) { z.manager_id = "  "; }));
  table_.AddZone(zone_with("zd", "disabled.test", [](ZoneRow& z) { z.enabled = false; }));
  table_.AddZone(zone_with("zn", "nullenabled.test", [](ZoneRow& z) { z.enabled.reset(); }));
  table_.AddZone(zone_with("zx", "deleted.test", [](ZoneRow& z) { z.deleted = true; }));
  table_.AddZone(zone_with("zp", "private.test", [](ZoneRow& z) { z.is_public = false; }));
  for (std::string id : {"zm", "ze", "zb", "zd", "zn", "zx", "zp"}) {
    table_.AddRecord(Rec("r" + id, "www", "A", "1.1.1.1", 300, id));
  }
  EXPECT_EQ(Text("www.managed.test", QueryType::kA), kNone);
  EXPECT_EQ(Text("www.empty.test", QueryType::kA), "www.empty.test 300 A 1.1.1.1");
  // LENGTH(manager_id) = 0 (sqlchemy IsNullOrEmpty): blanks are a manager, not a local zone.
  EXPECT_EQ(Text("www.blank.test", QueryType::kA), kNone);
  EXPECT_EQ(Text("www.disabled.test", QueryType::kA), kNone);
  EXPECT_EQ(Text("www.nullenabled.test", QueryType::kA), kNone);
  EXPECT_EQ(Text("www.deleted.test", QueryType::kA), kNone);
  EXPECT_EQ(Text("www.private.test", QueryType::kA), kNone);
  EXPECT_EQ(Text("www.private.test", QueryType::kA, {"Project-A"}),
            "www.private.test 300 A 1.1.1.1");
  EXPECT_EQ(Text("www.private.test", QueryType::kA, {"project-b"}), kNone);
}

TEST_F(V310ResolverTest, Rule_ZoneJoinedByIdWithoutRegardToCase) {
  table_.AddRecord(Rec("r1", "www", "A", "1.1.1.1", 300, "Z1"));
  EXPECT_EQ(Text("www.example.com", QueryType::kA), "www.example.com 300 A 1.1.1.1");
}

TEST_F(V310ResolverTest, Rule_OneValue_SeveralRowsOfANameGiveOneTiedValue) {
  table_.AddRecord(Rec("r2", "www", "A", "2.2.2.2"));
  table_.AddRecord(Rec("r1", "www", "A", "1.1.1.1"));
  Resolution r = Resolve("www.example.com", QueryType::kA);
  EXPECT_EQ(r.answer.ToString(), "www.example.com 300 A 1.1.1.1");
  EXPECT_TRUE(r.ambiguous);
  ASSERT_EQ(r.possible_answers.size(), 2u);
  EXPECT_EQ(r.possible_answers[1].ToString(), "www.example.com 300 A 2.2.2.2");
}

TEST_F(V310ResolverTest, Rule_OneValue_ATypeQueryOnANameWithAAndAaaaRowsIsUncertain) {
  // The A and AAAA rows tie in ORDER BY dns_name DESC; MariaDB sorts them in a temporary
  // table with filesort, which does not keep the order of equal keys: either may answer.
  table_.AddRecord(Rec("r1", "dual", "A", "1.1.1.1"));
  table_.AddRecord(Rec("r2", "dual", "AAAA", "::1"));
  for (QueryType type : {QueryType::kA, QueryType::kAAAA}) {
    Resolution r = Resolve("dual.example.com", type);
    EXPECT_TRUE(r.ambiguous);
    ASSERT_EQ(r.possible_answers.size(), 2u);
    EXPECT_NE(std::find(r.possible_answers.begin(), r.possible_answers.end(), Answer::NoAnswer()),
              r.possible_answers.end());
  }
}

TEST_F(V310ResolverTest, Rule_OneValue_TiesAtACnameTargetAreEnumeratedToo) {
  table_.AddRecord(Rec("r1", "alias", "CNAME", "target.example.com"));
  table_.AddRecord(Rec("r2", "target", "A", "1.1.1.1"));
  table_.AddRecord(Rec("r3", "target", "A", "2.2.2.2"));
  Resolution r = Resolve("alias.example.com", QueryType::kA);
  EXPECT_TRUE(r.ambiguous);
  EXPECT_TRUE(r.possible_complete);
  EXPECT_EQ(r.possible_answers.size(), 2u);
}

TEST_F(V310ResolverTest, Rule_OneValue_DistinctNamesAreOrderedByTheData) {
  // Different dns_name values are not tied: DESC under utf8mb4_unicode_ci decides.
  table_.AddRecord(Rec("r1", "www", "A", "1.1.1.1"));
  table_.AddRecord(Rec("r2", "*", "A", "9.9.9.9"));
  Resolution r = Resolve("www.example.com", QueryType::kA);
  EXPECT_FALSE(r.ambiguous);
  EXPECT_EQ(r.answer.ToString(), "www.example.com 300 A 1.1.1.1");
}

TEST_F(V310ResolverTest, Rule_OneValue_AnAddressAnswersItsFamilyOnly) {
  table_.AddRecord(Rec("r1", "v4", "A", "1.1.1.1"));
  table_.AddRecord(Rec("r2", "v6", "AAAA", "2001:DB8::1"));
  EXPECT_EQ(Text("v4.example.com", QueryType::kAAAA), kNone);
  EXPECT_EQ(Text("v6.example.com", QueryType::kA), kNone);
  EXPECT_EQ(Text("v6.example.com", QueryType::kAAAA), "v6.example.com 300 AAAA 2001:db8::1");
  EXPECT_EQ(Text("v4.example.com", QueryType::kCNAME), kNone);
}

TEST_F(V310ResolverTest, Rule_OneValue_CnameRecordIsChasedForAddressQueries) {
  table_.AddRecord(Rec("r1", "alias", "CNAME", "target.example.com", 60));
  table_.AddRecord(Rec("r2", "target", "A", "9.9.9.9", 30));
  EXPECT_EQ(Text("alias.example.com", QueryType::kA),
            "alias.example.com 60 CNAME target.example.com; target.example.com 30 A 9.9.9.9");
  EXPECT_EQ(Text("alias.example.com", QueryType::kCNAME),
            "alias.example.com 60 CNAME target.example.com");
}

TEST_F(V310ResolverTest, Rule_OneValue_AnyNameValueAnswersCnameQueries) {
  table_.AddRecord(Rec("r1", "mail", "MX", "mx.example.com"));
  table_.AddRecord(Rec("r2", "spf", "TXT", "v=spf1 -all"));
  EXPECT_EQ(Text("mail.example.com", QueryType::kCNAME),
            "mail.example.com 300 CNAME mx.example.com");
  EXPECT_EQ(Text("spf.example.com", QueryType::kCNAME), "spf.example.com 300 CNAME v=spf1 -all");
  EXPECT_EQ(Text("mail.example.com", QueryType::kMX), kNone);
  EXPECT_EQ(Text("spf.example.com", QueryType::kTXT), kNone);
  EXPECT_EQ(Text("spf.example.com", QueryType::kA), kNone);  // chases "v=spf1 -all."
}

TEST_F(V310ResolverTest, Rule_SrvValueAnswersSrvQueriesRescaled) {
  table_.AddRecord(Rec("r1", "_sip._tcp", "SRV", "10 5 5060 sip.example.com"));
  EXPECT_EQ(Text("_sip._tcp.example.com", QueryType::kSRV),
            "_sip._tcp.example.com 300 SRV 10 100 5060 sip.example.com");
}

TEST_F(V310ResolverTest, Rule_SrvValueQueriedAsAIsChasedAsAName) {
  table_.AddRecord(Rec("r1", "_sip._tcp", "SRV", "10 5 5060 sip.example.com"));
  EXPECT_EQ(Text("_sip._tcp.example.com", QueryType::kA), kNone);
  // The chased name "10 5 5060 sip.example.com" has more than two labels, so "*.example.com"
  // is one of its candidates.
  table_.AddRecord(Rec("r2", "*", "A", "7.7.7.7"));
  EXPECT_EQ(Text("_sip._tcp.example.com", QueryType::kA),
            "10 5 5060 sip.example.com 300 A 7.7.7.7; "
            "_sip._tcp.example.com 300 CNAME 10 5 5060 sip.example.com");
}

TEST_F(V310ResolverTest, Rule_SrvQueryOnAValueOrBadSrvValueIsNoAnswer) {
  table_.AddRecord(Rec("r1", "www", "A", "1.1.1.1"));
  table_.AddRecord(Rec("r2", "bad", "SRV", "10 5 sip.example.com"));
  table_.AddRecord(Rec("r3", "worse", "SRV", "10 5 x sip.example.com"));
  EXPECT_EQ(Text("www.example.com", QueryType::kSRV), kNone);
  EXPECT_EQ(Text("bad.example.com", QueryType::kSRV), kNone);
  EXPECT_EQ(Text("worse.example.com", QueryType::kSRV), kNone);
}

TEST_F(V310ResolverTest, Rule_SrvAddressTargetIsServerFailure) {
  table_.AddRecord(Rec("r1", "_x._tcp", "SRV", "0 0 80 10.0.0.1"));
  EXPECT_EQ(Resolve("_x._tcp.example.com", QueryType::kSRV).answer, Answer::ServerFailure());
}

TEST_F(V310ResolverTest, Rule_CandidateOrdering_ExactBeatsWildcard) {
  table_.AddRecord(Rec("r1", "*", "A", "2.2.2.2"));
  table_.AddRecord(Rec("r2", "www", "A", "1.1.1.1"));
  EXPECT_EQ(Text("www.example.com", QueryType::kA), "www.example.com 300 A 1.1.1.1");
  EXPECT_EQ(Text("foo.example.com", QueryType::kA), "foo.example.com 300 A 2.2.2.2");
}

TEST_F(V310ResolverTest, Rule_CandidateOrdering_NameBeatsItsOwnWildcardChild) {
  // Unlike v3.11, where "*.sub" has more labels and wins.
  table_.AddRecord(Rec("r1", "sub", "A", "1.1.1.1"));
  table_.AddRecord(Rec("r2", "*.sub", "A", "2.2.2.2"));
  EXPECT_EQ(Text("sub.example.com", QueryType::kA), "sub.example.com 300 A 1.1.1.1");
}

TEST_F(V310ResolverTest, Rule_CandidateOrdering_BetweenWildcardsTheLettersDecide) {
  table_.AddRecord(Rec("r1", "*.a.b", "A", "1.1.1.1"));
  table_.AddRecord(Rec("r2", "*.b", "A", "2.2.2.2"));
  table_.AddRecord(Rec("r3", "*.z.b", "A", "3.3.3.3"));
  // "*.b.example.com" > "*.a.b.example.com" but < "*.z.b.example.com" (DESC, first wins).
  EXPECT_EQ(Text("a.b.example.com", QueryType::kA), "a.b.example.com 300 A 2.2.2.2");
  EXPECT_EQ(Text("z.b.example.com", QueryType::kA), "z.b.example.com 300 A 3.3.3.3");
}

TEST_F(V310ResolverTest, Rule_CandidateOrdering_CollationPutsUnderscoreBelowStar) {
  // utf8mb4_unicode_ci weighs '_' below '*' (checked on MariaDB 10.11), so a wildcard
  // beats an exact SRV-style name that starts with '_'.
  table_.AddRecord(Rec("r1", "_sip._tcp", "A", "1.1.1.1"));
  table_.AddRecord(Rec("r2", "*._tcp", "A", "2.2.2.2"));
  EXPECT_EQ(Text("_sip._tcp.example.com", QueryType::kA), "_sip._tcp.example.com 300 A 2.2.2.2");
}

TEST_F(V310ResolverTest, Rule_TwoLabelNamesHaveNoParentWildcardCandidate) {
  // "*.test" would be "wild.test" with its first label replaced; that candidate exists for
  // names of more than two labels only, so the record answers the apex "test" alone.
  table_.AddZone(Zone("zt", "test"));
  table_.AddRecord(Rec("r1", "*", "A", "1.1.1.1", 300, "zt"));
  EXPECT_EQ(Text("wild.test", QueryType::kA), kNone);
  EXPECT_EQ(Text("test", QueryType::kA), "test 300 A 1.1.1.1");
}

TEST_F(V310ResolverTest, Rule_WildcardAnswersOneLevelAndTheApex) {
  table_.AddRecord(Rec("r1", "*", "A", "1.1.1.1"));
  EXPECT_EQ(Text("example.com", QueryType::kA), "example.com 300 A 1.1.1.1");
  EXPECT_EQ(Text("foo.example.com", QueryType::kA), "foo.example.com 300 A 1.1.1.1");
  EXPECT_EQ(Text("a.b.example.com", QueryType::kA), kNone);
}

TEST_F(V310ResolverTest, Rule_ApexRecordNamedAtNeverMatches) {
  table_.AddRecord(Rec("r1", "@", "A", "1.1.1.1"));
  EXPECT_EQ(Text("example.com", QueryType::kA), kNone);
}

TEST_F(V310ResolverTest, Rule_PtrReadsPtrRecordsByNameWithRawTtl) {
  table_.AddZone(Zone("zr", "in-addr.arpa"));
  table_.AddRecord(Rec("r1", "4.3.2.1", "PTR", "host.example.com", 0, "zr"));
  EXPECT_EQ(Text("4.3.2.1.in-addr.arpa", QueryType::kPTR),
            "4.3.2.1.in-addr.arpa 0 PTR host.example.com");
}

TEST_F(V310ResolverTest, Rule_PtrWithoutPtrRecordAnswersTheRoot) {
  // getNameForIp checks the returned record for nil, but QueryDns returns an empty record
  // along with its "no rows" error.
  table_.AddZone(Zone("zr", "in-addr.arpa"));
  table_.AddRecord(Rec("r1", "4.3.2.1", "A", "1.2.3.4", 300, "zr"));
  EXPECT_EQ(Text("4.3.2.1.in-addr.arpa", QueryType::kPTR), "4.3.2.1.in-addr.arpa 0 PTR .");
  EXPECT_EQ(Text("9.9.9.9.in-addr.arpa", QueryType::kPTR), "9.9.9.9.in-addr.arpa 0 PTR .");
  EXPECT_EQ(Text("not-reverse.example.com", QueryType::kPTR), kNone);
}

TEST_F(V310ResolverTest, Rule_DnsDomainDoesNotHideRecords) {
  options_.dns_domain = "cloud.local";
  table_.AddZone(Zone("zc", "cloud.local"));
  table_.AddRecord(Rec("r1", "vm1", "A", "1.1.1.1", 300, "zc"));
  EXPECT_EQ(Text("vm1.cloud.local", QueryType::kA), "vm1.cloud.local 300 A 1.1.1.1");
}

TEST_F(V310ResolverTest, Rule_AnyAndCaaAreNoAnswerNotRefused) {
  table_.AddRecord(Rec("r1", "www", "A", "1.1.1.1"));
  EXPECT_EQ(Resolve("www.example.com", QueryType::kANY).answer, Answer::NoAnswer());
  EXPECT_EQ(Resolve("www.example.com", QueryType::kCAA).answer, Answer::NoAnswer());
}

TEST_F(V310ResolverTest, Rule_ZonesAndRecordsMayArriveInAnyOrder) {
  RecordTable table;
  table.AddRecord(Rec("r1", "www", "A", "1.1.1.1", 300, "late"));
  table.AddZone(Zone("late", "late.test"));
  EXPECT_EQ(V310Resolver(table).Resolve("www.late.test", QueryType::kA, {}).answer.ToString(),
            "www.late.test 300 A 1.1.1.1");
}

TEST_F(V310ResolverTest, Rule_PartialTableReportsUnavailableCandidates) {
  RecordTable partial(RecordTable::Coverage::kPartial);
  partial.AddZone(Zone("z1", "example.com"));
  partial.AddRecord(Rec("r1", "www", "A", "1.1.1.1"));
  Resolution r = V310Resolver(partial).Resolve("www.example.com", QueryType::kA, {});
  EXPECT_EQ(r.unavailable_names, (std::vector<std::string>{"*.www.example.com", "*.example.com"}));
  partial.AddEmptyName("*.www.example.com");
  partial.AddEmptyName("*.example.com");
  r = V310Resolver(partial).Resolve("www.example.com", QueryType::kA, {});
  EXPECT_TRUE(r.complete());
  EXPECT_EQ(r.answer.ToString(), "www.example.com 300 A 1.1.1.1");
}

TEST_F(V310ResolverTest, Rule_ParseRecordSrvValue) {
  std::optional<Service> s = ParseRecordSrvValue("10 5 5060 sip host", 7);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->priority, 10);
  EXPECT_EQ(s->weight, 5);
  EXPECT_EQ(s->port, 5060);
  EXPECT_EQ(s->host, "sip host");
  EXPECT_EQ(s->ttl, 7u);
  EXPECT_FALSE(ParseRecordSrvValue("10  5 5060 sip", 7));  // an empty field
  EXPECT_FALSE(ParseRecordSrvValue("10 5 5060", 7));
}

}  // namespace
}  // namespace cpdns
