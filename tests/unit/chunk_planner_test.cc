#include "core/chunk_planner.h"

#include <gtest/gtest.h>

namespace cpdns {
namespace {

using Names = std::vector<std::string>;

TEST(ParentTrail, ReturnsEachParentOnceInReversedNameOrder) {
  ParentTrail trail;
  // The order LegacyNamesReversed gives: by reversed name.
  EXPECT_EQ(trail.Next("a.x.example.com"), (Names{"x.example.com", "example.com"}));
  EXPECT_EQ(trail.Next("b.x.example.com"), Names{});
  EXPECT_EQ(trail.Next("c.d.x.example.com"), (Names{"d.x.example.com"}));
  EXPECT_EQ(trail.Next("e.x.example.com"), Names{});
  EXPECT_EQ(trail.Next("y.example.com"), Names{});
  EXPECT_EQ(trail.Next("f.y.example.com"), (Names{"y.example.com"}));
  EXPECT_EQ(trail.Next("www.example.org"), (Names{"example.org"}));
}

TEST(ParentTrail, TwoLabelNamesHaveNoParentToProbe) {
  ParentTrail trail;
  EXPECT_EQ(trail.Next("example.com"), Names{});
  EXPECT_EQ(trail.Next("localhost"), Names{});
}

TEST(RareNames, WhichNamesAreReadOnce) {
  EXPECT_TRUE(RareNames::IsRareLegacyName("*.example.com"));
  EXPECT_TRUE(RareNames::IsRareLegacyName("www.example.com."));
  EXPECT_TRUE(RareNames::IsRareLegacyName("cpdns-probe.www.example.com"));
  EXPECT_TRUE(RareNames::IsRareLegacyName("CPDNS-Probe.www.example.com"));
  EXPECT_FALSE(RareNames::IsRareLegacyName("cpdns-probex.example.com"));
  EXPECT_FALSE(RareNames::IsRareLegacyName("www.example.com"));
  EXPECT_TRUE(RareNames::IsRareRecordName("*.web.example.com"));
  EXPECT_TRUE(RareNames::IsRareRecordName("cpdns-probe.www.example.com"));
  EXPECT_TRUE(RareNames::IsRareRecordName("cpdns-probex.example.com"));
  EXPECT_FALSE(RareNames::IsRareRecordName("www.example.com"));
}

}  // namespace
}  // namespace cpdns
