#include "core/legacy_resolver.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cpdns {
namespace {

// Tests named Observed_* are the lines of region-dns-observed.md (column v3.10.4); tests
// named Rule_* pin one rule of the v3.10.4 source each.
class LegacyResolverTest : public ::testing::Test {
 protected:
  // A public, enabled row.
  static LegacyRow Row(std::string id, std::string name, std::optional<std::string> records,
                       std::optional<int64_t> ttl = 300) {
    LegacyRow row;
    row.id = std::move(id);
    row.name = std::move(name);
    row.records = std::move(records);
    row.ttl = ttl;
    row.is_public = true;
    row.tenant_id = "project-a";
    return row;
  }

  Resolution Resolve(std::string_view qname, QueryType type, Perspective who = {}) {
    return LegacyResolver(table_, options_).Resolve(qname, type, who);
  }
  std::string Text(std::string_view qname, QueryType type, Perspective who = {}) {
    return Resolve(qname, type, std::move(who)).answer.ToString();
  }

  LegacyTable table_;
  ResolverOptions options_;
};

constexpr std::string_view kNone = "no local answer";

TEST_F(LegacyResolverTest, Observed_ExistingNameItsType_AnsweredWithRowTtl) {
  table_.Add(Row("r1", "hello.example.com", "A:1.1.1.1", 300));
  Resolution r = Resolve("hello.example.com", QueryType::kA);
  EXPECT_EQ(r.answer, Answer::FromRecords({{QueryType::kA, "hello.example.com", "1.1.1.1", 300}}));
  EXPECT_FALSE(r.ambiguous);
  EXPECT_TRUE(r.complete());
}

TEST_F(LegacyResolverTest, Observed_QueryInOtherLetterCase_Answered) {
  table_.Add(Row("r1", "hello.example.com", "A:1.1.1.1"));
  EXPECT_EQ(Text("HeLLo.Example.COM.", QueryType::kA), "hello.example.com 300 A 1.1.1.1");
}

TEST_F(LegacyResolverTest, Observed_SiblingThatDoesNotExist_NoAnswer) {
  table_.Add(Row("r1", "hello.example.com", "A:1.1.1.1"));
  EXPECT_EQ(Text("other.example.com", QueryType::kA), kNone);
}

TEST_F(LegacyResolverTest, Observed_ChildOfExistingName_LegacyNoAnswer) {
  table_.Add(Row("r1", "hello.example.com", "A:1.1.1.1"));
  EXPECT_EQ(Text("x.hello.example.com", QueryType::kA), kNone);
}

TEST_F(LegacyResolverTest, Observed_WildcardRow_NoWildcardLogicButLiteralQueryMatches) {
  table_.Add(Row("r1", "*.wild.test", "A:2.2.2.2"));
  EXPECT_EQ(Text("foo.wild.test", QueryType::kA), kNone);
  EXPECT_EQ(Text("wild.test", QueryType::kA), kNone);
  EXPECT_EQ(Text("*.wild.test", QueryType::kA), "*.wild.test 300 A 2.2.2.2");
}

TEST_F(LegacyResolverTest, Observed_SeveralAValues_AllWithRowTtl) {
  table_.Add(Row("r1", "multi.example.com", "A:1.1.1.1,A:2.2.2.2,A:3.3.3.3", 120));
  EXPECT_EQ(Text("multi.example.com", QueryType::kA),
            "multi.example.com 120 A 1.1.1.1; multi.example.com 120 A 2.2.2.2; "
            "multi.example.com 120 A 3.3.3.3");
}

TEST_F(LegacyResolverTest, Observed_DisabledOrDeleted_NoAnswer) {
  LegacyRow disabled = Row("r1", "off.example.com", "A:1.1.1.1");
  disabled.enabled = false;
  LegacyRow deleted = Row("r2", "gone.example.com", "A:1.1.1.1");
  deleted.deleted = true;
  table_.Add(disabled);
  table_.Add(deleted);
  EXPECT_EQ(Text("off.example.com", QueryType::kA), kNone);
  EXPECT_EQ(Text("gone.example.com", QueryType::kA), kNone);
}

TEST_F(LegacyResolverTest, Observed_CnameQueriedAsA_CnamePlusTargetRecords) {
  table_.Add(Row("r1", "alias.example.com", "CNAME:target.example.com", 60));
  table_.Add(Row("r2", "target.example.com", "A:1.1.1.1,A:2.2.2.2", 30));
  EXPECT_EQ(Text("alias.example.com", QueryType::kA),
            "alias.example.com 60 CNAME target.example.com; target.example.com 30 A 1.1.1.1; "
            "target.example.com 30 A 2.2.2.2");
}

TEST_F(LegacyResolverTest, Observed_CnameTargetNotLocal_NoAnswer) {
  table_.Add(Row("r1", "alias.example.com", "CNAME:www.elsewhere.org"));
  EXPECT_EQ(Text("alias.example.com", QueryType::kA), kNone);
  EXPECT_EQ(Text("alias.example.com", QueryType::kAAAA), kNone);
}

TEST_F(LegacyResolverTest, Observed_CnameQueriedAsSrv_QuirkSrvWithTargetAsHost) {
  table_.Add(Row("r1", "alias.example.com", "CNAME:target.example.com", 60));
  EXPECT_EQ(Text("alias.example.com", QueryType::kSRV),
            "alias.example.com 60 SRV 0 100 0 target.example.com");
}

TEST_F(LegacyResolverTest, Observed_TtlZeroOrNull_ServedAs10) {
  table_.Add(Row("r1", "zero.example.com", "A:1.1.1.1", 0));
  table_.Add(Row("r2", "null.example.com", "A:1.1.1.1", std::nullopt));
  EXPECT_EQ(Text("zero.example.com", QueryType::kA), "zero.example.com 10 A 1.1.1.1");
  EXPECT_EQ(Text("null.example.com", QueryType::kA), "null.example.com 10 A 1.1.1.1");
}

TEST_F(LegacyResolverTest, Observed_AOnlyNameQueriedAsOtherTypes_NoAnswer) {
  table_.Add(Row("r1", "hello.example.com", "A:1.1.1.1"));
  for (QueryType t : {QueryType::kAAAA, QueryType::kTXT, QueryType::kMX, QueryType::kCNAME}) {
    EXPECT_EQ(Resolve("hello.example.com", t).answer, Answer::NoAnswer()) << QueryTypeName(t);
  }
}

TEST_F(LegacyResolverTest, Observed_TxtRows_NeverServed) {
  table_.Add(Row("r1", "txt.example.com", "TXT:hello"));
  EXPECT_EQ(Text("txt.example.com", QueryType::kTXT), kNone);
  EXPECT_EQ(Text("dns-version", QueryType::kTXT), "dns-version 28800 TXT 0.0.1");
}

TEST_F(LegacyResolverTest, Observed_Srv_WeightRescaledLoneRecordGets100) {
  table_.Add(Row("r1", "_sip._tcp.example.com", "SRV:host:8080:10:5"));
  EXPECT_EQ(Text("_sip._tcp.example.com", QueryType::kSRV),
            "_sip._tcp.example.com 300 SRV 5 100 8080 host");
}

TEST_F(LegacyResolverTest, Observed_PtrQuery_PtrEntryOfRowNamedLikeQuery) {
  table_.Add(Row("r1", "4.3.2.1.in-addr.arpa", "PTR:host.example.com", 300));
  EXPECT_EQ(Text("4.3.2.1.in-addr.arpa.", QueryType::kPTR),
            "4.3.2.1.in-addr.arpa 300 PTR host.example.com");
}

TEST_F(LegacyResolverTest, Observed_AnyQuery_NoAnswer) {
  table_.Add(Row("r1", "hello.example.com", "A:1.1.1.1"));
  EXPECT_EQ(Resolve("hello.example.com", QueryType::kANY).answer, Answer::NoAnswer());
}

TEST_F(LegacyResolverTest, Observed_SoaAnyName_NoErrorOwnerRoot) {
  Answer soa = Resolve("whatever.example.com", QueryType::kSOA).answer;
  ASSERT_TRUE(soa.answered());
  EXPECT_EQ(soa.records().front().owner, ".");
}

TEST_F(LegacyResolverTest, Observed_NsAnyName_ServFail) {
  table_.Add(Row("r1", "hello.example.com", "A:1.1.1.1"));
  EXPECT_EQ(Resolve("hello.example.com", QueryType::kNS).answer, Answer::ServerFailure());
}

TEST_F(LegacyResolverTest, Observed_SingleLabelName_NoLocalAnswer) {
  // REFUSED comes from the fall-through for clients outside the cloud, not from the rows.
  EXPECT_EQ(Text("printer", QueryType::kA), kNone);
}

TEST_F(LegacyResolverTest, Observed_NameInsideDnsDomain_HostGuestLookupOnly) {
  options_.dns_domain = "cloud.local";
  table_.Add(Row("r1", "vm1.cloud.local", "A:1.1.1.1"));
  table_.Add(Row("r2", "cloud.local", "A:2.2.2.2"));
  EXPECT_EQ(Text("vm1.cloud.local", QueryType::kA), kNone);
  EXPECT_EQ(Text("cloud.local", QueryType::kA), "cloud.local 300 A 2.2.2.2");
}

TEST_F(LegacyResolverTest, Observed_PrivateDataAnonymousClient_NoAnswer) {
  LegacyRow row = Row("r1", "private.example.com", "A:1.1.1.1");
  row.is_public = false;
  table_.Add(row);
  EXPECT_EQ(Text("private.example.com", QueryType::kA), kNone);
}

TEST_F(LegacyResolverTest, Observed_SeveralRowsSameName_OneRowEntriesNotMerged) {
  table_.Add(Row("r2", "dup.example.com", "A:2.2.2.2"));
  table_.Add(Row("r1", "dup.example.com", "A:1.1.1.1,A:3.3.3.3"));
  Resolution r = Resolve("dup.example.com", QueryType::kA);
  EXPECT_EQ(r.answer.ToString(), "dup.example.com 300 A 1.1.1.1; dup.example.com 300 A 3.3.3.3");
  // The first row MariaDB returns is known: the name index orders equal names by id.
  EXPECT_FALSE(r.ambiguous);
  EXPECT_EQ(r.possible_answers, std::vector<Answer>{r.answer});
}

TEST_F(LegacyResolverTest, Observed_RowNameWithTrailingDot_NeverAnswered) {
  table_.Add(Row("r1", "Name.Example.COM.", "A:1.1.1.1"));
  EXPECT_EQ(Text("name.example.com", QueryType::kA), kNone);
  EXPECT_EQ(Text("name.example.com.", QueryType::kA), kNone);
}

TEST_F(LegacyResolverTest, Observed_BlankAfterColon_NeverAnswered) {
  table_.Add(Row("r1", "blank.example.com", "A: 1.1.1.1"));
  EXPECT_EQ(Text("blank.example.com", QueryType::kA), kNone);
}

TEST_F(LegacyResolverTest, Observed_CnameFollowedByMoreEntries_WholeRemainderIsTarget) {
  table_.Add(Row("r1", "mixed.example.com", "CNAME:target.example.com,A:1.1.1.1"));
  table_.Add(Row("r2", "target.example.com", "A:9.9.9.9"));
  // The A query chases "target.example.com,A:1.1.1.1", which is no row's name.
  EXPECT_EQ(Text("mixed.example.com", QueryType::kA), kNone);
  EXPECT_EQ(Text("mixed.example.com", QueryType::kSRV),
            "mixed.example.com 300 SRV 0 100 0 target.example.com,a:1.1.1.1");
  // A CNAME query splits the entries as usual.
  EXPECT_EQ(Text("mixed.example.com", QueryType::kCNAME),
            "mixed.example.com 300 CNAME target.example.com");
}

TEST_F(LegacyResolverTest, Rule_TtlOutsideInt32WrapsLikeUint32) {
  table_.Add(Row("r1", "neg.example.com", "A:1.1.1.1", -1));
  EXPECT_EQ(Text("neg.example.com", QueryType::kA), "neg.example.com 4294967295 A 1.1.1.1");
}

TEST_F(LegacyResolverTest, Rule_Visibility_PublicOrClientsProject) {
  LegacyRow row = Row("r1", "private.example.com", "A:1.1.1.1");
  row.is_public = false;
  row.tenant_id = "project-a";
  table_.Add(row);
  const std::string answered = "private.example.com 300 A 1.1.1.1";
  EXPECT_EQ(Text("private.example.com", QueryType::kA, {"project-a"}), answered);
  EXPECT_EQ(Text("private.example.com", QueryType::kA, {"PROJECT-A"}), answered);  // ascii ci
  EXPECT_EQ(Text("private.example.com", QueryType::kA, {"project-b"}), kNone);
  EXPECT_EQ(Text("private.example.com", QueryType::kA, {""}), kNone);
  EXPECT_EQ(Text("private.example.com", QueryType::kA, {}), kNone);
}

TEST_F(LegacyResolverTest, Rule_DisabledRowIsNotServed) {
  LegacyRow row = Row("r1", "off.example.com", "A:1.1.1.1");
  row.enabled = false;
  table_.Add(row);
  EXPECT_EQ(Text("off.example.com", QueryType::kA), kNone);
}

TEST_F(LegacyResolverTest, Rule_DeletedRowIsNotServed) {
  LegacyRow row = Row("r1", "gone.example.com", "A:1.1.1.1");
  row.deleted = true;
  table_.Add(row);
  EXPECT_EQ(Text("gone.example.com", QueryType::kA), kNone);
}

TEST_F(LegacyResolverTest, Rule_SeveralRows_FirstBySmallestIdInAsciiCiOrder) {
  table_.Add(Row("c3", "dup.example.com", "A:3.3.3.3"));
  table_.Add(Row("B2", "dup.example.com", "A:2.2.2.2"));
  table_.Add(Row("a9", "DUP.example.com ", "A:9.9.9.9"));  // equal under the collation
  Resolution r = Resolve("dup.example.com", QueryType::kA);
  EXPECT_EQ(r.answer.ToString(), "dup.example.com 300 A 9.9.9.9");
  EXPECT_FALSE(r.ambiguous);
  EXPECT_EQ(r.possible_answers.size(), 1u);
}

TEST_F(LegacyResolverTest, Rule_SeveralRows_CnameQueryOnAnARowAndACnameRowTakesTheSmallestId) {
  // The A row comes first: a CNAME query finds no CNAME entry in it and gets no answer,
  // although the other row is a CNAME.
  table_.Add(Row("r2", "both.example.com", "CNAME:target.example.com"));
  table_.Add(Row("r1", "both.example.com", "A:1.1.1.1"));
  Resolution r = Resolve("both.example.com", QueryType::kCNAME);
  EXPECT_EQ(r.answer, Answer::NoAnswer());
  EXPECT_EQ(r.possible_answers, std::vector<Answer>{Answer::NoAnswer()});
  table_.Add(Row("r0", "both2.example.com", "CNAME:target.example.com"));
  table_.Add(Row("r1", "both2.example.com", "A:1.1.1.1"));
  EXPECT_EQ(Text("both2.example.com", QueryType::kCNAME),
            "both2.example.com 300 CNAME target.example.com");
}

TEST_F(LegacyResolverTest, Rule_SeveralRows_InvisibleRowsAreNoChoice) {
  LegacyRow hidden = Row("r0", "dup.example.com", "A:2.2.2.2");
  hidden.is_public = false;
  hidden.tenant_id = "project-b";
  table_.Add(hidden);
  table_.Add(Row("r1", "dup.example.com", "A:1.1.1.1"));
  Resolution r = Resolve("dup.example.com", QueryType::kA);
  EXPECT_EQ(r.answer.ToString(), "dup.example.com 300 A 1.1.1.1");
  EXPECT_FALSE(r.ambiguous);
}

TEST_F(LegacyResolverTest, Rule_SeveralRows_AtACnameTargetTheSmallestIdToo) {
  table_.Add(Row("r3", "target.example.com", "A:2.2.2.2"));
  table_.Add(Row("r1", "alias.example.com", "CNAME:target.example.com"));
  table_.Add(Row("r2", "target.example.com", "A:1.1.1.1"));
  Resolution r = Resolve("alias.example.com", QueryType::kA);
  EXPECT_FALSE(r.ambiguous);
  EXPECT_EQ(r.possible_answers.size(), 1u);
  EXPECT_NE(r.answer.ToString().find("1.1.1.1"), std::string::npos);
}

TEST_F(LegacyResolverTest, Rule_QueryNameIsLookedUpEscapedAsTheServerSeesIt) {
  // request.Name() escapes a space, '@', quotes...: a row holding one is never matched.
  table_.Add(Row("r1", "my host.example.com", "A:1.1.1.1"));
  table_.Add(Row("r2", "web@01.example.com", "A:1.1.1.2"));
  EXPECT_EQ(Text("my host.example.com", QueryType::kA), kNone);
  EXPECT_EQ(Text("web@01.example.com", QueryType::kA), kNone);
  // Bytes it does not escape ('!', '*', '/') match as stored.
  table_.Add(Row("r3", "web!01.example.com", "A:1.1.1.3"));
  table_.Add(Row("r4", "*.wild.example.com", "A:1.1.1.4"));
  EXPECT_EQ(Text("web!01.example.com", QueryType::kA), "web!01.example.com 300 A 1.1.1.3");
  EXPECT_EQ(Text("*.wild.example.com", QueryType::kA), "*.wild.example.com 300 A 1.1.1.4");
  EXPECT_EQ(Text("x.wild.example.com", QueryType::kA), kNone);
}

TEST_F(LegacyResolverTest, Rule_CnameChaseLooksTheTargetUpEscaped) {
  // The chase's question is the target as presentation text: "\." stays escaped, a space is
  // escaped: neither reaches a row whose name has a plain dot or a plain space.
  table_.Add(Row("r1", "a.example.com", "CNAME:web\\.x.example.com"));
  table_.Add(Row("r2", "web.x.example.com", "A:1.1.1.1"));
  EXPECT_EQ(Text("a.example.com", QueryType::kA), kNone);
  table_.Add(Row("r3", "b.example.com", "CNAME:*.wild.example.com"));
  table_.Add(Row("r4", "*.wild.example.com", "A:2.2.2.2"));
  EXPECT_EQ(Text("b.example.com", QueryType::kA),
            "*.wild.example.com 300 A 2.2.2.2; b.example.com 300 CNAME *.wild.example.com");
}

TEST_F(LegacyResolverTest, Rule_AnswerWithANameThatCannotBePackedIsNeverSent) {
  table_.Add(Row("r1", "a.example.com", "CNAME:bad..name.example.com"));
  table_.Add(Row("r2", "bad..name.example.com", "A:1.1.1.1"));
  EXPECT_EQ(Resolve("a.example.com", QueryType::kCNAME).answer, Answer::NoResponse());
  EXPECT_EQ(Resolve("a.example.com", QueryType::kA).answer, Answer::NoResponse());
  table_.Add(Row("r3", "_s._tcp.example.com", "SRV:" + std::string(64, 'h') + ".example.com:80"));
  EXPECT_EQ(Resolve("_s._tcp.example.com", QueryType::kSRV).answer, Answer::NoResponse());
}

TEST_F(LegacyResolverTest, Rule_RowNameMatchIsCaseAndTrailingSpaceInsensitive) {
  table_.Add(Row("r1", "WWW.Example.com  ", "A:1.1.1.1"));
  EXPECT_EQ(Text("www.example.com", QueryType::kA), "www.example.com 300 A 1.1.1.1");
}

TEST_F(LegacyResolverTest, Rule_TypePrefixIsCaseSensitive) {
  table_.Add(Row("r1", "lower.example.com", "a:1.1.1.1"));
  table_.Add(Row("r2", "spaced.example.com", " A:1.1.1.1"));
  EXPECT_EQ(Text("lower.example.com", QueryType::kA), kNone);
  EXPECT_EQ(Text("spaced.example.com", QueryType::kA), kNone);
}

TEST_F(LegacyResolverTest, Rule_EntriesSplitAtEveryCommaValueAtFirstColon) {
  table_.Add(Row("r1", "v6.example.com", "AAAA:::1,AAAA:2001:DB8::1,A:1.1.1.1"));
  EXPECT_EQ(Text("v6.example.com", QueryType::kAAAA),
            "v6.example.com 300 AAAA 2001:db8::1; v6.example.com 300 AAAA ::1");
  EXPECT_EQ(Text("v6.example.com", QueryType::kA), "v6.example.com 300 A 1.1.1.1");
}

TEST_F(LegacyResolverTest, Rule_AddressOfTheOtherFamilyIsDropped) {
  table_.Add(Row("r1", "mixed.example.com", "A:::1,AAAA:1.1.1.1,AAAA:::ffff:1.2.3.4"));
  EXPECT_EQ(Text("mixed.example.com", QueryType::kA), kNone);
  EXPECT_EQ(Text("mixed.example.com", QueryType::kAAAA), kNone);
}

TEST_F(LegacyResolverTest, Rule_NameInAnAEntryIsChasedLikeACname) {
  table_.Add(Row("r1", "byname.example.com", "A:target.example.com", 50));
  table_.Add(Row("r2", "target.example.com", "A:9.9.9.9", 40));
  EXPECT_EQ(Text("byname.example.com", QueryType::kA),
            "byname.example.com 50 CNAME target.example.com; target.example.com 40 A 9.9.9.9");
}

TEST_F(LegacyResolverTest, Rule_SameAddressTextSentOnce) {
  table_.Add(Row("r1", "twice.example.com", "A:1.1.1.1,A:1.1.1.1"));
  EXPECT_EQ(Text("twice.example.com", QueryType::kA), "twice.example.com 300 A 1.1.1.1");
}

TEST_F(LegacyResolverTest, Rule_NullOrEmptyRecordsAnswerNothing) {
  table_.Add(Row("r1", "null.example.com", std::nullopt));
  table_.Add(Row("r2", "empty.example.com", ""));
  EXPECT_EQ(Text("null.example.com", QueryType::kA), kNone);
  EXPECT_EQ(Text("empty.example.com", QueryType::kA), kNone);
}

TEST_F(LegacyResolverTest, Rule_CnameChaseFollowsEightSteps) {
  for (int i = 0; i < 8; ++i) {
    table_.Add(Row("c" + std::to_string(i), "c" + std::to_string(i) + ".example.com",
                   "CNAME:c" + std::to_string(i + 1) + ".example.com"));
  }
  table_.Add(Row("c8", "c8.example.com", "A:1.1.1.1"));
  Answer a = Resolve("c0.example.com", QueryType::kA).answer;
  ASSERT_TRUE(a.answered());
  EXPECT_EQ(a.records().size(), 9u);  // 8 CNAMEs and the address
}

TEST_F(LegacyResolverTest, Rule_CnameChaseStopsAfterEightSteps) {
  for (int i = 0; i < 9; ++i) {
    table_.Add(Row("c" + std::to_string(i), "c" + std::to_string(i) + ".example.com",
                   "CNAME:c" + std::to_string(i + 1) + ".example.com"));
  }
  table_.Add(Row("c9", "c9.example.com", "A:1.1.1.1"));
  EXPECT_EQ(Text("c0.example.com", QueryType::kA), kNone);
  EXPECT_TRUE(Resolve("c1.example.com", QueryType::kA).answer.answered());
}

TEST_F(LegacyResolverTest, Rule_CnameLoopGivesNoAnswer) {
  table_.Add(Row("r1", "a.example.com", "CNAME:b.example.com"));
  table_.Add(Row("r2", "b.example.com", "CNAME:a.example.com"));
  EXPECT_EQ(Text("a.example.com", QueryType::kA), kNone);
}

TEST_F(LegacyResolverTest, Rule_CnameToItselfOrBelowItIsSkipped) {
  table_.Add(Row("r1", "self.example.com", "CNAME:Self.Example.com"));
  table_.Add(Row("r2", "up.example.com", "CNAME:x.up.example.com"));
  table_.Add(Row("r3", "x.up.example.com", "A:1.1.1.1"));
  EXPECT_EQ(Text("self.example.com", QueryType::kA), kNone);
  EXPECT_EQ(Text("up.example.com", QueryType::kA), kNone);
}

TEST_F(LegacyResolverTest, Rule_CnameQueryAnswersTheCnameEntry) {
  table_.Add(Row("r1", "alias.example.com", "CNAME:Target.Example.com", 60));
  EXPECT_EQ(Text("alias.example.com", QueryType::kCNAME),
            "alias.example.com 60 CNAME target.example.com");
}

TEST_F(LegacyResolverTest, Rule_CnameTargetIsMatchedWithoutRegardToCase) {
  table_.Add(Row("r1", "alias.example.com", "CNAME:TARGET.example.com"));
  table_.Add(Row("r2", "target.example.com", "A:1.1.1.1"));
  EXPECT_EQ(Text("alias.example.com", QueryType::kA),
            "alias.example.com 300 CNAME target.example.com; target.example.com 300 A 1.1.1.1");
}

TEST_F(LegacyResolverTest, Rule_SrvMissingWeightAndPriorityDefaultTo100And0) {
  table_.Add(Row("r1", "_x._tcp.example.com", "SRV:host.example.com:80"));
  EXPECT_EQ(Text("_x._tcp.example.com", QueryType::kSRV),
            "_x._tcp.example.com 300 SRV 0 100 80 host.example.com");
}

TEST_F(LegacyResolverTest, Rule_SrvSeveralRecordsRescaledPerPriority) {
  table_.Add(Row("r1", "_x._tcp.example.com", "SRV:a:80:10:0,SRV:b:81:30:0,SRV:c:82:5:1"));
  EXPECT_EQ(Text("_x._tcp.example.com", QueryType::kSRV),
            "_x._tcp.example.com 300 SRV 0 25 80 a; _x._tcp.example.com 300 SRV 0 75 81 b; "
            "_x._tcp.example.com 300 SRV 1 100 82 c");
}

TEST_F(LegacyResolverTest, Rule_SrvZeroShareStaysZeroWithCoreDns1_3_0) {
  table_.Add(Row("r1", "_x._tcp.example.com", "SRV:a:80:1:0,SRV:b:80:999:0"));
  EXPECT_EQ(Text("_x._tcp.example.com", QueryType::kSRV),
            "_x._tcp.example.com 300 SRV 0 0 80 a; _x._tcp.example.com 300 SRV 0 99 80 b");
}

TEST_F(LegacyResolverTest, Rule_SrvEntryWithUnreadableNumbersIsSkipped) {
  table_.Add(Row("r1", "_x._tcp.example.com",
                 "SRV:nohost,SRV:a:http,SRV:b:80:,SRV:c:80:1:2:3,SRV:d:80:5"));
  EXPECT_EQ(Text("_x._tcp.example.com", QueryType::kSRV), "_x._tcp.example.com 300 SRV 0 100 80 d");
}

TEST_F(LegacyResolverTest, Rule_SrvAddressTargetIsServerFailure) {
  table_.Add(Row("r1", "_x._tcp.example.com", "SRV:10.0.0.1:80"));
  table_.Add(Row("r2", "ipalias.example.com", "CNAME:10.0.0.1"));
  EXPECT_EQ(Resolve("_x._tcp.example.com", QueryType::kSRV).answer, Answer::ServerFailure());
  EXPECT_EQ(Resolve("ipalias.example.com", QueryType::kSRV).answer, Answer::ServerFailure());
}

TEST_F(LegacyResolverTest, Rule_CnameRowHoldingAnAddressAnswersAQueriesDirectly) {
  table_.Add(Row("r1", "ipalias.example.com", "CNAME:10.0.0.1"));
  EXPECT_EQ(Text("ipalias.example.com", QueryType::kA), "ipalias.example.com 300 A 10.0.0.1");
  EXPECT_EQ(Text("ipalias.example.com", QueryType::kCNAME), kNone);
}

TEST_F(LegacyResolverTest, Rule_PtrTakesTheFirstPtrEntryOnly) {
  table_.Add(Row("r1", "4.3.2.1.in-addr.arpa", "PTR:a.example.com,PTR:b.example.com"));
  EXPECT_EQ(Text("4.3.2.1.in-addr.arpa", QueryType::kPTR),
            "4.3.2.1.in-addr.arpa 300 PTR a.example.com");
}

TEST_F(LegacyResolverTest, Rule_PtrTtlIsTheRowTtlWithoutDefault) {
  table_.Add(Row("r1", "4.3.2.1.in-addr.arpa", "PTR:a.example.com", 0));
  table_.Add(Row("r2", "5.3.2.1.in-addr.arpa", "PTR:b.example.com", std::nullopt));
  EXPECT_EQ(Text("4.3.2.1.in-addr.arpa", QueryType::kPTR),
            "4.3.2.1.in-addr.arpa 0 PTR a.example.com");
  EXPECT_EQ(Text("5.3.2.1.in-addr.arpa", QueryType::kPTR),
            "5.3.2.1.in-addr.arpa 0 PTR b.example.com");
}

TEST_F(LegacyResolverTest, Rule_PtrNeedsAReverseName) {
  table_.Add(Row("r1", "host.example.com", "PTR:other.example.com"));
  table_.Add(Row("r2", "3.2.1.in-addr.arpa", "PTR:short.example.com"));
  EXPECT_EQ(Text("host.example.com", QueryType::kPTR), kNone);
  EXPECT_EQ(Text("3.2.1.in-addr.arpa", QueryType::kPTR), kNone);
}

TEST_F(LegacyResolverTest, Rule_PtrValueThatIsAnAddressIsDropped) {
  table_.Add(Row("r1", "4.3.2.1.in-addr.arpa", "PTR:1.2.3.4"));
  EXPECT_EQ(Text("4.3.2.1.in-addr.arpa", QueryType::kPTR), kNone);
}

TEST_F(LegacyResolverTest, Rule_PtrForIp6ArpaRow) {
  const std::string name =
      "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa";
  table_.Add(Row("r1", name, "PTR:v6host.example.com"));
  EXPECT_EQ(Text(name, QueryType::kPTR), name + " 300 PTR v6host.example.com");
}

TEST_F(LegacyResolverTest, Rule_MxRowsAreNeverServed) {
  table_.Add(Row("r1", "mail.example.com", "MX:mx.example.com"));
  EXPECT_EQ(Text("mail.example.com", QueryType::kMX), kNone);
}

TEST_F(LegacyResolverTest, Rule_RowServicesFollowTheServerSplitting) {
  LegacyRow row = Row("r1", "x", "A:1.1.1.1,A: 2.2.2.2,a:3.3.3.3,AAAA:::1", 0);
  std::vector<Service> a = LegacyRowServices(row, QueryType::kA);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].host, "1.1.1.1");
  EXPECT_EQ(a[1].host, " 2.2.2.2");
  EXPECT_EQ(a[1].ttl, 10u);
}

TEST_F(LegacyResolverTest, Rule_PartialTableReportsUnavailableCnameTargets) {
  LegacyTable partial(LegacyTable::Coverage::kPartial);
  partial.Add(Row("r1", "alias.example.com", "CNAME:target.example.com"));
  LegacyResolver resolver(partial);
  Resolution first = resolver.Resolve("alias.example.com", QueryType::kA, {});
  EXPECT_FALSE(first.complete());
  EXPECT_EQ(first.unavailable_names, std::vector<std::string>{"target.example.com"});

  partial.Add(Row("r2", "target.example.com", "A:1.1.1.1"));
  Resolution second = resolver.Resolve("alias.example.com", QueryType::kA, {});
  EXPECT_TRUE(second.complete());
  EXPECT_TRUE(second.answer.answered());

  partial.AddEmptyName("nothing.example.com");
  EXPECT_TRUE(resolver.Resolve("nothing.example.com", QueryType::kA, {}).complete());
}

}  // namespace
}  // namespace cpdns
