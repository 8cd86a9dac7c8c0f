#include "core/zone_inference.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>

#include "core/errors.h"

namespace cpdns {
namespace {

InferredZone Inferred(std::string zone) { return {InferenceStatus::kInferred, std::move(zone)}; }
InferredZone Apex(std::string zone) { return {InferenceStatus::kApex, std::move(zone)}; }
InferredZone Reason(InferenceStatus status) { return {status, {}}; }

TEST(ZoneInferenceTest, ParsesEveryStrategyName) {
  EXPECT_EQ(ParseInferenceStrategy("psl"), InferenceStrategy::kPsl);
  EXPECT_EQ(ParseInferenceStrategy("parent"), InferenceStrategy::kParent);
  EXPECT_EQ(ParseInferenceStrategy("none"), InferenceStrategy::kNone);
  for (auto s : {InferenceStrategy::kPsl, InferenceStrategy::kParent, InferenceStrategy::kNone}) {
    EXPECT_EQ(ParseInferenceStrategy(ToString(s)), s);
  }
}

TEST(ZoneInferenceTest, RejectsUnknownStrategyNamingTheChoices) {
  for (std::string_view bad : {"", "PSL", "psl ", "registrable", "off"}) {
    try {
      (void)ParseInferenceStrategy(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const ConfigError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find("'" + std::string(bad) + "'"), std::string::npos) << message;
      EXPECT_NE(message.find("psl, parent or none"), std::string::npos) << message;
    }
  }
}

TEST(ZoneInferenceTest, StatusWordsAreStable) {
  EXPECT_EQ(ToString(InferenceStatus::kInferred), "inferred");
  EXPECT_EQ(ToString(InferenceStatus::kApex), "apex");
  EXPECT_EQ(ToString(InferenceStatus::kDisabled), "disabled");
  EXPECT_EQ(ToString(InferenceStatus::kSingleLabel), "single_label");
  EXPECT_EQ(ToString(InferenceStatus::kPublicSuffix), "public_suffix");
  EXPECT_EQ(ToString(InferenceStatus::kMalformed), "malformed");
}

TEST(ZoneInferenceNoneTest, InfersNothing) {
  ZoneInferrer inferrer(InferenceStrategy::kNone);
  EXPECT_EQ(inferrer.strategy(), InferenceStrategy::kNone);
  EXPECT_EQ(inferrer.Infer("www.example.com"), Reason(InferenceStatus::kDisabled));
  EXPECT_EQ(inferrer.Infer("a..b"), Reason(InferenceStatus::kMalformed));
}

TEST(ZoneInferenceParentTest, DropsTheFirstLabel) {
  ZoneInferrer inferrer(InferenceStrategy::kParent);
  EXPECT_EQ(inferrer.Infer("a.b.example.com"), Inferred("b.example.com"));
  EXPECT_EQ(inferrer.Infer("www.example.com"), Inferred("example.com"));
  EXPECT_EQ(inferrer.Infer("example.com"), Inferred("com"));
  EXPECT_EQ(inferrer.Infer("host.corp"), Inferred("corp"));
  EXPECT_EQ(inferrer.Infer("4.3.2.1.in-addr.arpa"), Inferred("3.2.1.in-addr.arpa"));
}

TEST(ZoneInferenceParentTest, WildcardGoesInTheNameItCovers) {
  ZoneInferrer inferrer(InferenceStrategy::kParent);
  EXPECT_EQ(inferrer.Infer("*.x.example.com"), Inferred("x.example.com"));
}

TEST(ZoneInferenceParentTest, SingleLabelHasNoZone) {
  ZoneInferrer inferrer(InferenceStrategy::kParent);
  EXPECT_EQ(inferrer.Infer("localhost"), Reason(InferenceStatus::kSingleLabel));
  EXPECT_EQ(inferrer.Infer("*"), Reason(InferenceStatus::kMalformed));  // nothing after the '*'
  EXPECT_EQ(inferrer.Infer("www.*.example.com"), Inferred("example.com"));
}

class ZoneInferencePslTest : public ::testing::Test {
 protected:
  ZoneInferrer inferrer_{InferenceStrategy::kPsl};
};

TEST_F(ZoneInferencePslTest, SubdomainGetsItsRegistrableDomain) {
  EXPECT_EQ(inferrer_.Infer("www.example.com"), Inferred("example.com"));
  EXPECT_EQ(inferrer_.Infer("a.b.c.example.com"), Inferred("example.com"));
  EXPECT_EQ(inferrer_.Infer("www.example.co.uk"), Inferred("example.co.uk"));
  EXPECT_EQ(inferrer_.Infer("_sip._tcp.example.com"), Inferred("example.com"));
}

TEST_F(ZoneInferencePslTest, RegistrableDomainItselfIsAnApex) {
  EXPECT_EQ(inferrer_.Infer("example.com"), Apex("example.com"));
  EXPECT_EQ(inferrer_.Infer("example.co.uk"), Apex("example.co.uk"));
}

TEST_F(ZoneInferencePslTest, PublicSuffixHasNoZone) {
  EXPECT_EQ(inferrer_.Infer("co.uk"), Reason(InferenceStatus::kPublicSuffix));
  EXPECT_EQ(inferrer_.Infer("github.io"), Reason(InferenceStatus::kPublicSuffix));
  EXPECT_EQ(inferrer_.Infer("in-addr.arpa"), Reason(InferenceStatus::kPublicSuffix));
}

TEST_F(ZoneInferencePslTest, PrivateSectionOfTheListCounts) {
  // github.io is in the list's private section: each user's site is its own domain.
  EXPECT_EQ(inferrer_.Infer("www.user.github.io"), Inferred("user.github.io"));
}

TEST_F(ZoneInferencePslTest, UnknownTldFallsUnderTheDefaultRule) {
  // No rule for local, corp or internal: the default "*" rule makes the TLD public and the
  // last two labels registrable.
  EXPECT_EQ(inferrer_.Infer("a.svc.cluster.local"), Inferred("cluster.local"));
  EXPECT_EQ(inferrer_.Infer("svc.cluster.local"), Inferred("cluster.local"));
  EXPECT_EQ(inferrer_.Infer("x.host.internal"), Inferred("host.internal"));
  EXPECT_EQ(inferrer_.Infer("host.internal"), Apex("host.internal"));
  EXPECT_EQ(inferrer_.Infer("db.corp"), Apex("db.corp"));
}

TEST_F(ZoneInferencePslTest, SingleLabelHasNoZone) {
  EXPECT_EQ(inferrer_.Infer("corp"), Reason(InferenceStatus::kSingleLabel));
  EXPECT_EQ(inferrer_.Infer("com"), Reason(InferenceStatus::kSingleLabel));
  EXPECT_EQ(inferrer_.Infer("localhost"), Reason(InferenceStatus::kSingleLabel));
}

TEST_F(ZoneInferencePslTest, WildcardGoesInTheNameItCoversOrAbove) {
  EXPECT_EQ(inferrer_.Infer("*.example.com"), Inferred("example.com"));
  EXPECT_EQ(inferrer_.Infer("*.x.example.com"), Inferred("example.com"));
  EXPECT_EQ(inferrer_.Infer("*.host.internal"), Inferred("host.internal"));
}

TEST_F(ZoneInferencePslTest, WildcardOverAPublicSuffixHasNoZone) {
  // libpsl itself would call "*.com" registrable; no zone may be named with '*'.
  EXPECT_EQ(inferrer_.Infer("*.com"), Reason(InferenceStatus::kPublicSuffix));
  EXPECT_EQ(inferrer_.Infer("*.co.uk"), Reason(InferenceStatus::kPublicSuffix));
  EXPECT_EQ(inferrer_.Infer("*.corp"), Reason(InferenceStatus::kPublicSuffix));
}

TEST_F(ZoneInferencePslTest, ReverseNameGetsItsSlash24Zone) {
  EXPECT_EQ(inferrer_.Infer("4.3.2.1.in-addr.arpa"), Inferred("3.2.1.in-addr.arpa"));
  EXPECT_EQ(inferrer_.Infer("10.0.168.192.in-addr.arpa"), Inferred("0.168.192.in-addr.arpa"));
  EXPECT_EQ(inferrer_.Infer("*.3.2.1.in-addr.arpa"), Inferred("3.2.1.in-addr.arpa"));
  EXPECT_EQ(inferrer_.Infer("3.2.1.in-addr.arpa"), Apex("3.2.1.in-addr.arpa"));
}

TEST_F(ZoneInferencePslTest, ShortReverseNameFollowsTheList) {
  // Fewer than three address labels: the list's answer, one label under in-addr.arpa.
  EXPECT_EQ(inferrer_.Infer("2.1.in-addr.arpa"), Inferred("1.in-addr.arpa"));
  EXPECT_EQ(inferrer_.Infer("1.in-addr.arpa"), Apex("1.in-addr.arpa"));
}

TEST_F(ZoneInferencePslTest, InternationalisedNames) {
  EXPECT_EQ(inferrer_.Infer("www.xn--bcher-kva.de"), Inferred("xn--bcher-kva.de"));
  EXPECT_EQ(inferrer_.Infer("www.bücher.de"), Inferred("bücher.de"));
}

TEST_F(ZoneInferencePslTest, NamesWithAStarInsideLookAfterTheLastStarLabel) {
  // A client can ask for "a.*.example.com" literally; no zone holds a '*', so the zone is
  // sought after the last label holding one, and may be exactly that part.
  EXPECT_EQ(inferrer_.Infer("a.*.example.com"), Inferred("example.com"));
  EXPECT_EQ(inferrer_.Infer("**.x.com"), Inferred("x.com"));
  EXPECT_EQ(inferrer_.Infer("a*.example.com"), Inferred("example.com"));
  EXPECT_EQ(inferrer_.Infer("*.*.wild.example.com"), Inferred("example.com"));
  EXPECT_EQ(inferrer_.Infer("*.*.co.uk"), Reason(InferenceStatus::kPublicSuffix));
}

TEST_F(ZoneInferencePslTest, MalformedNames) {
  for (std::string_view bad :
       {"", ".", ".example.com", "example.com.", "a..example.com", "x.*", "*", "a.b*"}) {
    EXPECT_EQ(inferrer_.Infer(bad), Reason(InferenceStatus::kMalformed)) << "'" << bad << "'";
  }
  EXPECT_EQ(inferrer_.Infer(std::string_view("www\0.example.com", 16)),
            Reason(InferenceStatus::kMalformed));
}

TEST_F(ZoneInferencePslTest, InferrerIsMovable) {
  ZoneInferrer moved = std::move(inferrer_);
  EXPECT_EQ(moved.Infer("www.example.com"), Inferred("example.com"));
}

}  // namespace
}  // namespace cpdns
