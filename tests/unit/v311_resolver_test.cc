#include "core/v311_resolver.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/record_table_fixture.h"

namespace cpdns {
namespace {

// Tests named Observed_* are the lines of region-dns-observed.md (column v3.11.14); tests
// named Rule_* pin one rule of the v3.11 source each.
class V311ResolverTest : public RecordTableFixture<V311Resolver> {};

constexpr std::string_view kNone = "no local answer";

TEST_F(V311ResolverTest, Observed_ExistingNameItsType_AnsweredWithRecordTtl) {
  table_.AddRecord(Rec("r1", "hello", "A", "1.1.1.1", 300));
  Resolution r = Resolve("hello.example.com", QueryType::kA);
  EXPECT_EQ(r.answer, Answer::FromRecords({{QueryType::kA, "hello.example.com", "1.1.1.1", 300}}));
  EXPECT_FALSE(r.ambiguous);
}

TEST_F(V311ResolverTest, Observed_QueryInOtherLetterCase_Answered) {
  table_.AddRecord(Rec("r1", "hello", "A", "1.1.1.1"));
  EXPECT_EQ(Text("HeLLo.Example.COM.", QueryType::kA), "hello.example.com 300 A 1.1.1.1");
}

TEST_F(V311ResolverTest, Observed_SiblingThatDoesNotExist_NoAnswer) {
  table_.AddRecord(Rec("r1", "hello", "A", "1.1.1.1"));
  EXPECT_EQ(Text("other.example.com", QueryType::kA), kNone);
}

TEST_F(V311ResolverTest, Observed_ChildOfExistingName_V311AnswersParentRecords) {
  table_.AddRecord(Rec("r1", "hello", "A", "1.1.1.1"));
  EXPECT_EQ(Text("x.hello.example.com", QueryType::kA), "x.hello.example.com 300 A 1.1.1.1");
  EXPECT_EQ(Text("y.x.hello.example.com", QueryType::kA), kNone);  // one level only
}

TEST_F(V311ResolverTest, Observed_NameEqualsZoneWithAtRecord_NoAnswer) {
  table_.AddRecord(Rec("r1", "@", "A", "1.1.1.1"));
  EXPECT_EQ(Text("example.com", QueryType::kA), kNone);
}

TEST_F(V311ResolverTest, Observed_ZoneApexWithWildcardRecord_AnsweredByWildcard) {
  table_.AddZone(Zone("zw", "wild.test"));
  table_.AddRecord(Rec("r1", "*", "A", "2.2.2.2", 300, "zw"));
  EXPECT_EQ(Text("wild.test", QueryType::kA), "wild.test 300 A 2.2.2.2");
}

TEST_F(V311ResolverTest, Observed_WildcardRecord_OneLevelExactBeatsWildcard) {
  table_.AddZone(Zone("zw", "wild.test"));
  table_.AddRecord(Rec("r1", "*", "A", "2.2.2.2", 300, "zw"));
  table_.AddRecord(Rec("r2", "www", "A", "1.1.1.1", 300, "zw"));
  EXPECT_EQ(Text("foo.wild.test", QueryType::kA), "foo.wild.test 300 A 2.2.2.2");
  EXPECT_EQ(Text("www.wild.test", QueryType::kA), "www.wild.test 300 A 1.1.1.1");
  EXPECT_EQ(Text("a.b.wild.test", QueryType::kA), kNone);
}

TEST_F(V311ResolverTest, Observed_SubAndWildcardSub_WildcardSubValueWins) {
  table_.AddRecord(Rec("r1", "sub", "A", "1.1.1.1"));
  table_.AddRecord(Rec("r2", "*.sub", "A", "2.2.2.2"));
  EXPECT_EQ(Text("sub.example.com", QueryType::kA), "sub.example.com 300 A 2.2.2.2");
}

TEST_F(V311ResolverTest, Observed_SeveralAValues_AllRowsEachWithItsTtl) {
  table_.AddRecord(Rec("r1", "multi", "A", "1.1.1.1", 300));
  table_.AddRecord(Rec("r2", "multi", "A", "2.2.2.2", 60));
  EXPECT_EQ(Text("multi.example.com", QueryType::kA),
            "multi.example.com 300 A 1.1.1.1; multi.example.com 60 A 2.2.2.2");
}

TEST_F(V311ResolverTest, Observed_DisabledOrDeleted_NoAnswer) {
  RecordRow off = Rec("r1", "off", "A", "1.1.1.1");
  off.enabled = false;
  RecordRow gone = Rec("r2", "gone", "A", "1.1.1.1");
  gone.deleted = true;
  table_.AddRecord(off);
  table_.AddRecord(gone);
  EXPECT_EQ(Text("off.example.com", QueryType::kA), kNone);
  EXPECT_EQ(Text("gone.example.com", QueryType::kA), kNone);
}

TEST_F(V311ResolverTest, Observed_CnameQueriedAsA_NoAnswer) {
  table_.AddRecord(Rec("r1", "alias", "CNAME", "target.example.com"));
  table_.AddRecord(Rec("r2", "target", "A", "1.1.1.1"));
  EXPECT_EQ(Text("alias.example.com", QueryType::kA), kNone);
}

TEST_F(V311ResolverTest, Observed_CnameQueriedAsSrv_NoAnswer) {
  table_.AddRecord(Rec("r1", "alias", "CNAME", "target.example.com"));
  EXPECT_EQ(Text("alias.example.com", QueryType::kSRV), kNone);
}

TEST_F(V311ResolverTest, Observed_TtlZero_ServedAs300) {
  table_.AddRecord(Rec("r1", "zero", "A", "1.1.1.1", 0));
  EXPECT_EQ(Text("zero.example.com", QueryType::kA), "zero.example.com 300 A 1.1.1.1");
}

TEST_F(V311ResolverTest, Observed_AOnlyNameQueriedAsOtherTypes_NoAnswer) {
  table_.AddRecord(Rec("r1", "hello", "A", "1.1.1.1"));
  for (QueryType t : {QueryType::kAAAA, QueryType::kTXT, QueryType::kMX, QueryType::kCNAME}) {
    EXPECT_EQ(Resolve("hello.example.com", t).answer, Answer::NoAnswer()) << QueryTypeName(t);
  }
}

TEST_F(V311ResolverTest, Observed_TxtRows_NeverServed) {
  table_.AddRecord(Rec("r1", "txt", "TXT", "hello"));
  EXPECT_EQ(Text("txt.example.com", QueryType::kTXT), kNone);
}

TEST_F(V311ResolverTest, Observed_MxRows_NeverServed) {
  table_.AddRecord(Rec("r1", "mail", "MX", "mx.example.com"));
  EXPECT_EQ(Text("mail.example.com", QueryType::kMX), kNone);
}

TEST_F(V311ResolverTest, Observed_Srv_WeightRescaledLoneRecordGets100) {
  table_.AddRecord(Rec("r1", "_sip._tcp", "SRV", "10 5 5060 sip.example.com"));
  EXPECT_EQ(Text("_sip._tcp.example.com", QueryType::kSRV),
            "_sip._tcp.example.com 300 SRV 10 100 5060 sip.example.com");
}

TEST_F(V311ResolverTest, Observed_PtrQuery_GeneratedFromAddressRecordsPtrRowsIgnored) {
  table_.AddRecord(Rec("r1", "www", "A", "1.2.3.4", 120));
  table_.AddZone(Zone("zr", "in-addr.arpa"));
  table_.AddRecord(Rec("r2", "4.3.2.1", "PTR", "other.example.com", 300, "zr"));
  table_.AddRecord(Rec("r3", "5.3.2.1", "PTR", "only-ptr.example.com", 300, "zr"));
  EXPECT_EQ(Text("4.3.2.1.in-addr.arpa", QueryType::kPTR),
            "4.3.2.1.in-addr.arpa 120 PTR www.example.com");
  EXPECT_EQ(Text("5.3.2.1.in-addr.arpa", QueryType::kPTR), kNone);
}

TEST_F(V311ResolverTest, Observed_AnyAndCaa_Refused) {
  table_.AddRecord(Rec("r1", "hello", "A", "1.1.1.1"));
  EXPECT_EQ(Resolve("hello.example.com", QueryType::kANY).answer, Answer::Refused());
  EXPECT_EQ(Resolve("hello.example.com", QueryType::kCAA).answer, Answer::Refused());
}

TEST_F(V311ResolverTest, Observed_SoaAnyName_NoErrorOwnerRoot) {
  Answer soa = Resolve("whatever.example.com", QueryType::kSOA).answer;
  ASSERT_TRUE(soa.answered());
  EXPECT_EQ(soa.records().front().owner, ".");
}

TEST_F(V311ResolverTest, Observed_NsAnyName_ServFail) {
  EXPECT_EQ(Resolve("example.com", QueryType::kNS).answer, Answer::ServerFailure());
}

TEST_F(V311ResolverTest, Observed_SingleLabelName_NoLocalAnswer) {
  EXPECT_EQ(Text("printer", QueryType::kA), kNone);
}

TEST_F(V311ResolverTest, Observed_NameInsideDnsDomain_HostGuestLookupOnly) {
  options_.dns_domain = "cloud.local";
  table_.AddZone(Zone("zc", "cloud.local"));
  table_.AddRecord(Rec("r1", "vm1", "A", "1.1.1.1", 300, "zc"));
  EXPECT_EQ(Text("vm1.cloud.local", QueryType::kA), kNone);
}

TEST_F(V311ResolverTest, Observed_PrivateDataAnonymousClient_NoAnswer) {
  ZoneRow zone = Zone("zp", "private.test");
  zone.is_public = false;
  table_.AddZone(zone);
  table_.AddRecord(Rec("r1", "www", "A", "1.1.1.1", 300, "zp"));
  EXPECT_EQ(Text("www.private.test", QueryType::kA), kNone);
}

TEST_F(V311ResolverTest, Observed_ZoneManagerIdSetEmptyDisabledDeleted) {
  ZoneRow managed = Zone("zm", "managed.test");
  managed.manager_id = "provider-1";
  ZoneRow empty = Zone("ze", "empty.test");
  empty.manager_id = "";
  ZoneRow disabled = Zone("zd", "disabled.test");
  disabled.enabled = false;
  ZoneRow deleted = Zone("zx", "deleted.test");
  deleted.deleted = true;
  for (const ZoneRow& z : {managed, empty, disabled, deleted}) {
    table_.AddZone(z);
    table_.AddRecord(Rec("r" + z.id, "www", "A", "1.1.1.1", 300, z.id));
  }
  EXPECT_EQ(Text("www.managed.test", QueryType::kA), kNone);
  EXPECT_EQ(Text("www.empty.test", QueryType::kA), "www.empty.test 300 A 1.1.1.1");
  EXPECT_EQ(Text("www.disabled.test", QueryType::kA), kNone);
  EXPECT_EQ(Text("www.deleted.test", QueryType::kA), kNone);
}

TEST_F(V311ResolverTest, Observed_SeveralRowsSameName_AllMatchingRows) {
  table_.AddRecord(Rec("r1", "dup", "A", "1.1.1.1"));
  table_.AddRecord(Rec("r2", "dup", "A", "2.2.2.2"));
  table_.AddRecord(Rec("r3", "dup", "AAAA", "::1"));
  Resolution r = Resolve("dup.example.com", QueryType::kA);
  EXPECT_EQ(r.answer.ToString(), "dup.example.com 300 A 1.1.1.1; dup.example.com 300 A 2.2.2.2");
  EXPECT_FALSE(r.ambiguous);
}

TEST_F(V311ResolverTest, Observed_LegacyNameWithTrailingDot_AnsweredAfterNormalisation) {
  table_.AddRecord(Rec("r1", "name", "A", "1.1.1.1"));  // was "Name.Example.COM."
  EXPECT_EQ(Text("name.example.com", QueryType::kA), "name.example.com 300 A 1.1.1.1");
}

TEST_F(V311ResolverTest, Observed_LegacyBlankAfterColon_AnsweredAfterNormalisation) {
  table_.AddRecord(Rec("r1", "blank", "A", "1.1.1.1"));  // was "A: 1.1.1.1"
  EXPECT_EQ(Text("blank.example.com", QueryType::kA), "blank.example.com 300 A 1.1.1.1");
}

TEST_F(V311ResolverTest, Rule_TtlZeroServedAs300OtherwiseAsUint32) {
  table_.AddRecord(Rec("r1", "zero", "A", "1.1.1.1", 0));
  table_.AddRecord(Rec("r2", "big", "A", "1.1.1.1", 4294967296 + 7));
  EXPECT_EQ(Text("zero.example.com", QueryType::kA), "zero.example.com 300 A 1.1.1.1");
  EXPECT_EQ(Text("big.example.com", QueryType::kA), "big.example.com 7 A 1.1.1.1");
}

TEST_F(V311ResolverTest, Rule_RecordsMustBeEnabledNullIsNot) {
  RecordRow null = Rec("r1", "null", "A", "1.1.1.1");
  null.enabled = std::nullopt;
  table_.AddRecord(null);
  EXPECT_EQ(Text("null.example.com", QueryType::kA), kNone);
}

TEST_F(V311ResolverTest, Rule_Visibility_PublicZoneOrClientsProject) {
  ZoneRow zone = Zone("zp", "private.test");
  zone.is_public = false;
  table_.AddZone(zone);
  table_.AddRecord(Rec("r1", "www", "A", "1.1.1.1", 300, "zp"));
  EXPECT_EQ(Text("www.private.test", QueryType::kA, {"project-a"}),
            "www.private.test 300 A 1.1.1.1");
  EXPECT_EQ(Text("www.private.test", QueryType::kA, {"project-b"}), kNone);
}

TEST_F(V311ResolverTest, Rule_RecordTypeMustBeTheQueryTypeWithoutRegardToCase) {
  table_.AddRecord(Rec("r1", "both", "a", "1.1.1.1"));
  table_.AddRecord(Rec("r2", "both", "AAAA", "2001:db8::1"));
  EXPECT_EQ(Text("both.example.com", QueryType::kA), "both.example.com 300 A 1.1.1.1");
  EXPECT_EQ(Text("both.example.com", QueryType::kAAAA), "both.example.com 300 AAAA 2001:db8::1");
}

TEST_F(V311ResolverTest, Rule_CnameRowsAnswerCnameQueries) {
  table_.AddRecord(Rec("r1", "alias", "CNAME", "Target.Example.com", 60));
  EXPECT_EQ(Text("alias.example.com", QueryType::kCNAME),
            "alias.example.com 60 CNAME target.example.com");
}

TEST_F(V311ResolverTest, Rule_SeveralCnameRowsAnswerWithTheFirstOnly) {
  table_.AddRecord(Rec("r2", "alias", "CNAME", "b.example.com"));
  table_.AddRecord(Rec("r1", "alias", "CNAME", "a.example.com"));
  Resolution r = Resolve("alias.example.com", QueryType::kCNAME);
  EXPECT_EQ(r.answer.ToString(), "alias.example.com 300 CNAME a.example.com");
  EXPECT_TRUE(r.ambiguous);
  ASSERT_EQ(r.possible_answers.size(), 2u);
  EXPECT_EQ(r.possible_answers[1].ToString(), "alias.example.com 300 CNAME b.example.com");
}

TEST_F(V311ResolverTest, Rule_AddressRecordHoldingANameIsChased) {
  table_.AddRecord(Rec("r1", "byname", "A", "target.example.com", 50));
  table_.AddRecord(Rec("r2", "target", "A", "9.9.9.9", 40));
  EXPECT_EQ(Text("byname.example.com", QueryType::kA),
            "byname.example.com 50 CNAME target.example.com; target.example.com 40 A 9.9.9.9");
}

TEST_F(V311ResolverTest, Rule_ChaseLoopGivesNoAnswer) {
  table_.AddRecord(Rec("r1", "a", "A", "b.example.com"));
  table_.AddRecord(Rec("r2", "b", "A", "a.example.com"));
  EXPECT_EQ(Text("a.example.com", QueryType::kA), kNone);
}

TEST_F(V311ResolverTest, Rule_CandidateOrdering_MoreLabelsThenNonWildcard) {
  table_.AddRecord(Rec("r1", "host", "A", "1.1.1.1"));
  table_.AddRecord(Rec("r2", "x.host", "A", "2.2.2.2"));
  table_.AddRecord(Rec("r3", "*.host", "A", "3.3.3.3"));
  EXPECT_EQ(Text("x.host.example.com", QueryType::kA), "x.host.example.com 300 A 2.2.2.2");
  EXPECT_EQ(Text("y.host.example.com", QueryType::kA), "y.host.example.com 300 A 3.3.3.3");
  EXPECT_EQ(Text("host.example.com", QueryType::kA), "host.example.com 300 A 3.3.3.3");
}

TEST_F(V311ResolverTest, Rule_CandidateOrdering_LetterCaseVariantsServeOneSpelling) {
  // Both rows match in SQL, but Go compares the winning name byte for byte, and "WWW..."
  // sorts first.
  table_.AddRecord(Rec("r1", "www", "A", "1.1.1.1"));
  table_.AddRecord(Rec("r2", "WWW", "A", "2.2.2.2"));
  EXPECT_EQ(Text("www.example.com", QueryType::kA), "www.example.com 300 A 2.2.2.2");
}

TEST_F(V311ResolverTest, Rule_NameOrderOfSDnsResolveResults) {
  EXPECT_TRUE(V311NameBefore("*.sub.example.com", "sub.example.com"));  // more labels
  EXPECT_TRUE(V311NameBefore("x.example.com", "*.example.com"));        // non-wildcard
  EXPECT_TRUE(V311NameBefore("*.a.example.com", "*.b.example.com"));    // byte order
  EXPECT_TRUE(V311NameBefore("A.example.com", "a.example.com"));
  EXPECT_FALSE(V311NameBefore("a.example.com", "a.example.com"));
}

TEST_F(V311ResolverTest, Rule_PtrGeneratedFromEveryEnabledAddressRecordWithRawTtl) {
  table_.AddRecord(Rec("r1", "www", "A", "1.2.3.4", 0));
  table_.AddRecord(Rec("r2", "api", "A", "1.2.3.4", 60));
  table_.AddRecord(Rec("r3", "*", "A", "1.2.3.4", 60));
  RecordRow off = Rec("r4", "off", "A", "1.2.3.4");
  off.enabled = false;
  table_.AddRecord(off);
  table_.AddRecord(Rec("r5", "cn", "CNAME", "1.2.3.4"));
  EXPECT_EQ(Text("4.3.2.1.in-addr.arpa", QueryType::kPTR),
            "4.3.2.1.in-addr.arpa 60 PTR *.example.com; 4.3.2.1.in-addr.arpa 60 PTR "
            "api.example.com; 4.3.2.1.in-addr.arpa 0 PTR www.example.com");
}

TEST_F(V311ResolverTest, Rule_PtrForIpv6FromAaaaRecordsValueWithoutRegardToCase) {
  table_.AddRecord(Rec("r1", "v6", "AAAA", "2001:DB8::1"));
  const std::string q = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa";
  EXPECT_EQ(Text(q, QueryType::kPTR), q + " 300 PTR v6.example.com");
}

TEST_F(V311ResolverTest, Rule_PtrIsNotHiddenByDnsDomain) {
  options_.dns_domain = "cloud.local";
  table_.AddZone(Zone("zc", "cloud.local"));
  table_.AddRecord(Rec("r1", "vm1", "A", "10.0.0.1", 300, "zc"));
  EXPECT_EQ(Text("1.0.0.10.in-addr.arpa", QueryType::kPTR),
            "1.0.0.10.in-addr.arpa 300 PTR vm1.cloud.local");
}

TEST_F(V311ResolverTest, Rule_DnsDomainHidesOnlyNamesStrictlyBelowIt) {
  options_.dns_domain = "example.com";
  table_.AddRecord(Rec("r1", "*", "A", "1.1.1.1"));
  EXPECT_EQ(Text("example.com", QueryType::kA), "example.com 300 A 1.1.1.1");
  EXPECT_EQ(Text("www.example.com", QueryType::kA), kNone);
}

TEST_F(V311ResolverTest, Rule_SrvSeveralRecordsRescaledPerPriority) {
  table_.AddRecord(Rec("r1", "_x._tcp", "SRV", "10 10 80 a.example.com"));
  table_.AddRecord(Rec("r2", "_x._tcp", "SRV", "10 30 81 b.example.com"));
  table_.AddRecord(Rec("r3", "_x._tcp", "SRV", "20 5 82 c.example.com"));
  EXPECT_EQ(Text("_x._tcp.example.com", QueryType::kSRV),
            "_x._tcp.example.com 300 SRV 10 25 80 a.example.com; "
            "_x._tcp.example.com 300 SRV 10 75 81 b.example.com; "
            "_x._tcp.example.com 300 SRV 20 100 82 c.example.com");
}

TEST_F(V311ResolverTest, Rule_SrvOneUnreadableValueEmptiesTheAnswer) {
  table_.AddRecord(Rec("r1", "_x._tcp", "SRV", "10 10 80 a.example.com"));
  table_.AddRecord(Rec("r2", "_x._tcp", "SRV", "10 10 a.example.com"));
  EXPECT_EQ(Text("_x._tcp.example.com", QueryType::kSRV), kNone);
}

TEST_F(V311ResolverTest, Rule_SrvZeroShareIsOneIn1_10_1AndZeroIn1_3_0) {
  table_.AddRecord(Rec("r1", "_x._tcp", "SRV", "0 1 80 a.example.com"));
  table_.AddRecord(Rec("r2", "_x._tcp", "SRV", "0 999 80 b.example.com"));
  EXPECT_EQ(Text("_x._tcp.example.com", QueryType::kSRV),
            "_x._tcp.example.com 300 SRV 0 1 80 a.example.com; "
            "_x._tcp.example.com 300 SRV 0 99 80 b.example.com");
  options_.coredns = CoreDnsVersion::k1_3_0;  // v3.11.0 .. v3.11.13
  EXPECT_EQ(Text("_x._tcp.example.com", QueryType::kSRV),
            "_x._tcp.example.com 300 SRV 0 0 80 a.example.com; "
            "_x._tcp.example.com 300 SRV 0 99 80 b.example.com");
}

TEST_F(V311ResolverTest, Rule_SrvAddressTargetIsServerFailure) {
  table_.AddRecord(Rec("r1", "_x._tcp", "SRV", "0 0 80 10.0.0.1"));
  EXPECT_EQ(Resolve("_x._tcp.example.com", QueryType::kSRV).answer, Answer::ServerFailure());
}

TEST_F(V311ResolverTest, Rule_PartialTableReportsUnavailableNamesAndAddresses) {
  RecordTable partial(RecordTable::Coverage::kPartial);
  partial.AddZone(Zone("z1", "example.com"));
  V311Resolver resolver(partial);
  Resolution name = resolver.Resolve("a.b.example.com", QueryType::kA, {});
  EXPECT_EQ(name.unavailable_names,
            (std::vector<std::string>{"a.b.example.com", "*.a.b.example.com", "*.b.example.com",
                                      "b.example.com"}));
  Resolution ptr = resolver.Resolve("4.3.2.1.in-addr.arpa", QueryType::kPTR, {});
  EXPECT_EQ(ptr.unavailable_names, std::vector<std::string>{"1.2.3.4"});
  partial.AddEmptyValue("1.2.3.4");
  EXPECT_TRUE(resolver.Resolve("4.3.2.1.in-addr.arpa", QueryType::kPTR, {}).complete());
}

}  // namespace
}  // namespace cpdns
