#include "core/dns_answer.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace cpdns {
namespace {

AnswerRecord A(std::string owner, std::string value, int64_t ttl) {
  return {QueryType::kA, std::move(owner), std::move(value), ttl};
}

TEST(DnsAnswerTest, RecordOrderDoesNotMatter) {
  Answer one = Answer::FromRecords({A("a.test", "1.1.1.1", 300), A("a.test", "2.2.2.2", 300)});
  Answer two = Answer::FromRecords({A("a.test", "2.2.2.2", 300), A("a.test", "1.1.1.1", 300)});
  EXPECT_EQ(one, two);
  EXPECT_EQ(one.records().front().value, "1.1.1.1");
}

TEST(DnsAnswerTest, NoRecordsIsNoAnswer) {
  EXPECT_EQ(Answer::FromRecords({}), Answer::NoAnswer());
  EXPECT_FALSE(Answer::NoAnswer().answered());
  EXPECT_EQ(Answer::NoAnswer().outcome(), Outcome::kNoAnswer);
}

TEST(DnsAnswerTest, DuplicatesAreKeptAndTtlMatters) {
  Answer once = Answer::FromRecords({A("a.test", "1.1.1.1", 300)});
  Answer twice = Answer::FromRecords({A("a.test", "1.1.1.1", 300), A("a.test", "1.1.1.1", 300)});
  EXPECT_NE(once, twice);
  EXPECT_NE(once, Answer::FromRecords({A("a.test", "1.1.1.1", 10)}));
}

TEST(DnsAnswerTest, OutcomesAreDistinct) {
  EXPECT_NE(Answer::NoAnswer(), Answer::Refused());
  EXPECT_NE(Answer::NoAnswer(), Answer::ServerFailure());
  EXPECT_NE(Answer::Refused(), Answer::ServerFailure());
}

TEST(DnsAnswerTest, ToStringForReports) {
  EXPECT_EQ(Answer::NoAnswer().ToString(), "no local answer");
  EXPECT_EQ(Answer::Refused().ToString(), "REFUSED");
  EXPECT_EQ(Answer::ServerFailure().ToString(), "SERVFAIL");
  Answer a = Answer::FromRecords(
      {A("b.test", "9.9.9.9", 10), {QueryType::kCNAME, "a.test", "b.test", 300}});
  EXPECT_EQ(a.ToString(), "a.test 300 CNAME b.test; b.test 10 A 9.9.9.9");
}

TEST(DnsAnswerTest, NormalizeQueryNameLowersAndDropsOneDot) {
  EXPECT_EQ(NormalizeQueryName("WWW.Example.COM."), "www.example.com");
  EXPECT_EQ(NormalizeQueryName("www.example.com"), "www.example.com");
  EXPECT_EQ(NormalizeQueryName("a.."), "a.");
}

TEST(DnsAnswerTest, IsStrictlyBelowDomainIsIsMyDomain) {
  EXPECT_TRUE(IsStrictlyBelowDomain("vm1.cloud.local", "cloud.local"));
  EXPECT_TRUE(IsStrictlyBelowDomain("a.vm1.cloud.local", "cloud.local."));
  EXPECT_TRUE(IsStrictlyBelowDomain("VM1.Cloud.Local", "cloud.local"));
  EXPECT_FALSE(IsStrictlyBelowDomain("cloud.local", "cloud.local"));
  EXPECT_FALSE(IsStrictlyBelowDomain("vm1.other.local", "cloud.local"));
  EXPECT_FALSE(IsStrictlyBelowDomain("vm1.cloud.local", ""));
}

TEST(DnsAnswerTest, ParseGoIntIsStrconvAtoi) {
  EXPECT_EQ(ParseGoInt("8080"), 8080);
  EXPECT_EQ(ParseGoInt("+5"), 5);
  EXPECT_EQ(ParseGoInt("-5"), -5);
  EXPECT_EQ(ParseGoInt("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(ParseGoInt("-9223372036854775808"), INT64_MIN);
  EXPECT_FALSE(ParseGoInt("9223372036854775808"));
  EXPECT_FALSE(ParseGoInt(""));
  EXPECT_FALSE(ParseGoInt("+"));
  EXPECT_FALSE(ParseGoInt(" 5"));
  EXPECT_FALSE(ParseGoInt("5 "));
  EXPECT_FALSE(ParseGoInt("0x10"));
}

TEST(DnsAnswerTest, GoSplitKeepsEmptyFieldsAndSplitNKeepsTheRest) {
  EXPECT_EQ(GoSplit("a,,b", ','), (std::vector<std::string_view>{"a", "", "b"}));
  EXPECT_EQ(GoSplit("", ','), (std::vector<std::string_view>{""}));
  EXPECT_EQ(GoSplitN("h:1:2:3:4", ':', 4), (std::vector<std::string_view>{"h", "1", "2", "3:4"}));
  EXPECT_EQ(GoSplitN("1 2 3 a b", ' ', 4), (std::vector<std::string_view>{"1", "2", "3", "a b"}));
}

TEST(DnsAnswerTest, ParseGoIpAcceptsWhatGoAccepts) {
  ASSERT_TRUE(ParseGoIp("1.1.1.1"));
  EXPECT_TRUE(ParseGoIp("1.1.1.1")->IsV4());
  ASSERT_TRUE(ParseGoIp("::1"));
  EXPECT_FALSE(ParseGoIp("::1")->IsV4());
  // IPv4-mapped IPv6 is an IPv4 address to Go (To4() != nil).
  ASSERT_TRUE(ParseGoIp("::ffff:1.2.3.4"));
  EXPECT_TRUE(ParseGoIp("::ffff:1.2.3.4")->IsV4());
  EXPECT_EQ(ParseGoIp("::ffff:1.2.3.4"), ParseGoIp("1.2.3.4"));
}

TEST(DnsAnswerTest, ParseGoIpRejectsWhatGoRejects) {
  EXPECT_FALSE(ParseGoIp(" 1.1.1.1"));  // the legacy "A: 1.1.1.1" value
  EXPECT_FALSE(ParseGoIp("1.1.1.1 "));
  EXPECT_FALSE(ParseGoIp("01.1.1.1"));  // leading zeros: rejected since Go 1.17
  EXPECT_FALSE(ParseGoIp("1.1.1"));
  EXPECT_FALSE(ParseGoIp("256.1.1.1"));
  EXPECT_FALSE(ParseGoIp("fe80::1%eth0"));
  EXPECT_FALSE(ParseGoIp("host.example.com"));
  EXPECT_FALSE(ParseGoIp(""));
  EXPECT_FALSE(ParseGoIp(std::string_view("1.1.1.1\0", 8)));
}

TEST(DnsAnswerTest, FormatGoIpPrintsLikeGo) {
  auto fmt = [](std::string_view s) { return FormatGoIp(*ParseGoIp(s)); };
  EXPECT_EQ(fmt("1.2.3.4"), "1.2.3.4");
  EXPECT_EQ(fmt("::ffff:1.2.3.4"), "1.2.3.4");
  EXPECT_EQ(fmt("2001:DB8:0:0:0:0:0:1"), "2001:db8::1");
  EXPECT_EQ(fmt("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");  // first longest run
  EXPECT_EQ(fmt("1:0:1:1:1:1:1:1"), "1:0:1:1:1:1:1:1");         // one zero group stays
  EXPECT_EQ(fmt("::"), "::");
  EXPECT_EQ(fmt("::1"), "::1");
  EXPECT_EQ(fmt("1::"), "1::");
  EXPECT_EQ(fmt("::1.2.3.4"), "::102:304");  // Go prints no embedded IPv4 here
  EXPECT_EQ(fmt("2001:0db8::0001"), "2001:db8::1");
}

TEST(DnsAnswerTest, ExtractAddressFromReverseName) {
  EXPECT_EQ(ExtractAddressFromReverse("4.3.2.1.in-addr.arpa."), "1.2.3.4");
  EXPECT_EQ(ExtractAddressFromReverse("3.2.1.in-addr.arpa."), "");
  EXPECT_EQ(ExtractAddressFromReverse("04.3.2.1.in-addr.arpa."), "");
  EXPECT_EQ(ExtractAddressFromReverse("4.3.2.1.in-addr.arpa"), "");  // must be qualified
  EXPECT_EQ(ExtractAddressFromReverse("www.example.com."), "");
  EXPECT_EQ(ExtractAddressFromReverse(
                "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."),
            "2001:db8::1");
  EXPECT_EQ(ExtractAddressFromReverse("1.0.0.2.ip6.arpa."), "");
}

TEST(DnsAnswerTest, UnicodeCiIsCaseInsensitivePadSpace) {
  EXPECT_EQ(CompareUnicodeCi("WWW.Example.com", "www.example.com"), 0);
  EXPECT_EQ(CompareUnicodeCi("www.example.com   ", "www.example.com"), 0);
  EXPECT_EQ(CompareUnicodeCi("a\x1a"
                             "b",
                             "ab"),
            0);  // control characters are ignorable
  EXPECT_NE(CompareUnicodeCi("www.example.com.", "www.example.com"), 0);
  EXPECT_LT(CompareUnicodeCi("a\t", "a"), 0);  // padding with spaces, tab weighs less
  EXPECT_EQ(UnicodeCiKey("WWW.example.com  "), UnicodeCiKey("www.EXAMPLE.com"));
  EXPECT_NE(UnicodeCiKey("www.example.com."), UnicodeCiKey("www.example.com"));
}

TEST(DnsAnswerTest, UnicodeCiOrdersPunctuationByUca) {
  // Measured on MariaDB 10.11: ` ^ _ - , ; : ! ? . ' " ( ) [ ] { } @ * / \ & # % + < = > | ~ $
  // then digits, then letters.
  EXPECT_LT(CompareUnicodeCi("_", "-"), 0);
  EXPECT_LT(CompareUnicodeCi("-", "."), 0);
  EXPECT_LT(CompareUnicodeCi(".", "@"), 0);
  EXPECT_LT(CompareUnicodeCi("@", "*"), 0);
  EXPECT_LT(CompareUnicodeCi("*", "$"), 0);
  EXPECT_LT(CompareUnicodeCi("$", "0"), 0);
  EXPECT_LT(CompareUnicodeCi("9", "a"), 0);
  EXPECT_LT(CompareUnicodeCi("_sip", "*"), 0);  // unlike ASCII, where '_' > '*'
  EXPECT_LT(CompareUnicodeCi("a", "B"), 0);
}

TEST(DnsAnswerTest, AsciiCiIsUpperCasedBytes) {
  EXPECT_EQ(CompareAsciiCi("Project-1", "project-1  "), 0);
  EXPECT_LT(CompareAsciiCi("Z", "_"), 0);
  EXPECT_GT(CompareAsciiCi("_", "a"), 0);
  EXPECT_EQ(AsciiCiKey("2001:DB8::1 "), AsciiCiKey("2001:db8::1"));
}

std::vector<Service> Srv(std::vector<std::pair<int64_t, int64_t>> priority_weight) {
  std::vector<Service> out;
  for (auto [p, w] : priority_weight)
    out.push_back(Service{.host = "h", .priority = p, .weight = w});
  return out;
}

TEST(DnsAnswerTest, SrvRescaling_LoneRecordGets100) {
  EXPECT_EQ(RescaleSrvWeights(Srv({{5, 10}}), CoreDnsVersion::k1_3_0), std::vector<uint16_t>{100});
  EXPECT_EQ(RescaleSrvWeights(Srv({{5, 0}}), CoreDnsVersion::k1_3_0), std::vector<uint16_t>{100});
}

TEST(DnsAnswerTest, SrvRescaling_SharesOfEachPriority) {
  EXPECT_EQ(RescaleSrvWeights(Srv({{0, 10}, {0, 30}, {1, 5}}), CoreDnsVersion::k1_3_0),
            (std::vector<uint16_t>{25, 75, 100}));
  // A weight of 0 counts as 100, both in the sum and as the record's own weight.
  EXPECT_EQ(RescaleSrvWeights(Srv({{0, 0}, {0, 100}}), CoreDnsVersion::k1_3_0),
            (std::vector<uint16_t>{50, 50}));
  // Shares are floored: 100/3 each.
  EXPECT_EQ(RescaleSrvWeights(Srv({{0, 1}, {0, 1}, {0, 1}}), CoreDnsVersion::k1_3_0),
            (std::vector<uint16_t>{33, 33, 33}));
}

TEST(DnsAnswerTest, SrvRescaling_ZeroShareIsRaisedToOneIn1_10_1) {
  EXPECT_EQ(RescaleSrvWeights(Srv({{0, 1}, {0, 999}}), CoreDnsVersion::k1_3_0),
            (std::vector<uint16_t>{0, 99}));
  EXPECT_EQ(RescaleSrvWeights(Srv({{0, 1}, {0, 999}}), CoreDnsVersion::k1_10_1),
            (std::vector<uint16_t>{1, 99}));
}

TEST(DnsAnswerTest, SrvRescaling_ZeroSumConvertsLikeGoOnAmd64) {
  // 100/0 is +Inf in Go; converting it to uint16 gives 0.
  EXPECT_EQ(RescaleSrvWeights(Srv({{0, 5}, {0, -5}}), CoreDnsVersion::k1_3_0),
            (std::vector<uint16_t>{0, 0}));
}

// A backend over a fixed map, for the CoreDNS functions on their own.
class MapBackend final : public ServiceBackend {
 public:
  std::map<std::string, std::vector<Service>> forward;
  std::map<std::string, std::vector<Service>> reverse;
  std::vector<std::string> asked;

  std::vector<Service> Services(std::string_view name, QueryType) override {
    asked.emplace_back(name);
    auto it = forward.find(std::string(name));
    return it == forward.end() ? std::vector<Service>{} : it->second;
  }
  std::vector<Service> Reverse(std::string_view name) override {
    auto it = reverse.find(std::string(name));
    return it == reverse.end() ? std::vector<Service>{} : it->second;
  }
};

TEST(DnsAnswerTest, Synthesize_FixedAnswersIgnoreTheBackend) {
  MapBackend b;
  Answer soa = SynthesizeAnswer(b, "any.name", QueryType::kSOA, CoreDnsVersion::k1_3_0, false);
  ASSERT_TRUE(soa.answered());
  EXPECT_EQ(soa.records().front().owner, ".");
  EXPECT_EQ(soa.records().front().ttl, 30);
  EXPECT_EQ(SynthesizeAnswer(b, "any.name", QueryType::kNS, CoreDnsVersion::k1_3_0, false),
            Answer::ServerFailure());
  EXPECT_EQ(SynthesizeAnswer(b, "any.name", QueryType::kANY, CoreDnsVersion::k1_3_0, false),
            Answer::NoAnswer());
  EXPECT_EQ(SynthesizeAnswer(b, "any.name", QueryType::kCAA, CoreDnsVersion::k1_10_1, true),
            Answer::Refused());
  Answer version =
      SynthesizeAnswer(b, "dns-version.", QueryType::kTXT, CoreDnsVersion::k1_3_0, false);
  EXPECT_EQ(version.ToString(), "dns-version 28800 TXT 0.0.1");
  EXPECT_TRUE(b.asked.empty());
}

TEST(DnsAnswerTest, Synthesize_ApexIsLookedUpAsApexDnsFirst) {
  MapBackend b;
  b.forward["apex.dns"] = {Service{.host = "1.1.1.1", .ttl = 5}};
  EXPECT_EQ(SynthesizeAnswer(b, ".", QueryType::kA, CoreDnsVersion::k1_3_0, false).ToString(),
            ". 5 A 1.1.1.1");
}

TEST(DnsAnswerTest, Synthesize_CnameChainOwnersAndTtls) {
  MapBackend b;
  b.forward["a.test"] = {Service{.host = "B.Test", .ttl = 60}};
  b.forward["b.test"] = {Service{.host = "1.1.1.1", .ttl = 10}, Service{.host = "::1", .ttl = 10}};
  EXPECT_EQ(SynthesizeAnswer(b, "A.test", QueryType::kA, CoreDnsVersion::k1_3_0, false).ToString(),
            "a.test 60 CNAME b.test; b.test 10 A 1.1.1.1");
  EXPECT_EQ(
      SynthesizeAnswer(b, "a.test", QueryType::kAAAA, CoreDnsVersion::k1_3_0, false).ToString(),
      "a.test 60 CNAME b.test; b.test 10 AAAA ::1");
}

TEST(DnsAnswerTest, ChoiceLogPinsStepsInOrder) {
  ChoiceLog log({0, 2});
  EXPECT_EQ(log.Choose("q.test", 1), 0u);  // one row: no step
  EXPECT_FALSE(log.ambiguous());
  EXPECT_EQ(log.Choose("q.test", 3), 0u);      // step 0 pinned to 0
  EXPECT_EQ(log.Choose("other.test", 2), 1u);  // step 1 pinned to 2, capped at n - 1
  EXPECT_EQ(log.Choose("third.test", 4), 0u);  // unpinned steps take row 0
  EXPECT_TRUE(log.ambiguous());
  EXPECT_EQ(log.choice_sizes(), (std::vector<std::size_t>{3, 2, 4}));
  log.Unavailable("x.test");
  log.Unavailable("x.test");
  EXPECT_EQ(log.unavailable(), std::vector<std::string>{"x.test"});
}

TEST(DnsAnswerTest, ResolveWithChoicesTriesEveryCombinationOfEveryStep) {
  // Two steps, the second reached only after the first picks row 1: 2 + 1 = 3 leaves.
  std::vector<std::vector<std::size_t>> seen;
  Resolution r = ResolveWithChoices([&](ChoiceLog& log) {
    std::size_t a = log.Choose("a.test", 2);
    std::size_t b = a == 1 ? log.Choose("b.test", 2) : 0;
    seen.push_back({a, b});
    return Answer::FromRecords(
        {AnswerRecord{QueryType::kA, "a.test", "10.0.0." + std::to_string(a * 2 + b), 1}});
  });
  EXPECT_EQ(seen.size(), 3u);
  EXPECT_TRUE(r.ambiguous);
  EXPECT_TRUE(r.possible_complete);
  ASSERT_EQ(r.possible_answers.size(), 3u);
  EXPECT_EQ(r.possible_answers[0], r.answer);
  EXPECT_EQ(r.answer.ToString(), "a.test 1 A 10.0.0.0");
}

TEST(DnsAnswerTest, ResolveWithChoicesStopsAtTheCapAndSaysSo) {
  Resolution r = ResolveWithChoices([](ChoiceLog& log) {
    std::size_t sum = 0;
    for (int step = 0; step < 10; ++step) sum += log.Choose("x.test", 2);
    return Answer::FromRecords(
        {AnswerRecord{QueryType::kA, "x.test", "10.0.0." + std::to_string(sum), 1}});
  });
  EXPECT_FALSE(r.possible_complete);  // 1024 combinations, far over kMaxChoiceRuns
  EXPECT_LE(r.possible_answers.size(), kMaxChoiceRuns);
}

}  // namespace
}  // namespace cpdns
