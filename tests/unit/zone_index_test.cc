#include "core/zone_index.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

namespace cpdns {
namespace {

ZoneIndex IndexOf(std::initializer_list<std::string_view> zones) {
  ZoneIndex index;
  for (std::string_view zone : zones) (void)index.Add(zone);
  return index;
}

TEST(ZoneIndexTest, NumbersZonesInOrderOfFirstAdd) {
  ZoneIndex index;
  EXPECT_EQ(index.Add("example.com"), std::make_pair(ZoneNum{0}, true));
  EXPECT_EQ(index.Add("example.org"), std::make_pair(ZoneNum{1}, true));
  EXPECT_EQ(index.Add("example.com"), std::make_pair(ZoneNum{0}, false));
  EXPECT_EQ(index.size(), 2u);
  EXPECT_EQ(index.Find("example.org"), ZoneNum{1});
  EXPECT_EQ(index.Find("www.example.org"), std::nullopt);
}

TEST(ZoneIndexTest, EmptyIndexMatchesNothing) {
  ZoneIndex index;
  EXPECT_TRUE(index.empty());
  ZoneMatch m = index.Match("www.example.com");
  EXPECT_FALSE(m.enclosing);
  EXPECT_FALSE(m.apex);
  EXPECT_EQ(index.Find("example.com"), std::nullopt);
}

TEST(ZoneIndexTest, SubdomainGetsZoneAndRelativeName) {
  ZoneIndex index = IndexOf({"example.com"});
  ZoneMatch m = index.Match("www.example.com");
  ASSERT_TRUE(m.enclosing);
  EXPECT_EQ(m.enclosing->num, 0u);
  EXPECT_EQ(m.enclosing->zone, "example.com");
  EXPECT_EQ(m.enclosing->relative, "www");
  EXPECT_FALSE(m.apex);
}

TEST(ZoneIndexTest, DeepSubdomainKeepsAllLeftLabels) {
  ZoneIndex index = IndexOf({"example.com"});
  ZoneMatch m = index.Match("a.b.example.com");
  ASSERT_TRUE(m.enclosing);
  EXPECT_EQ(m.enclosing->relative, "a.b");
}

TEST(ZoneIndexTest, NestedZonesPickTheLongest) {
  ZoneIndex index = IndexOf({"example.com", "sub.example.com"});
  ZoneMatch inner = index.Match("host.sub.example.com");
  ASSERT_TRUE(inner.enclosing);
  EXPECT_EQ(inner.enclosing->zone, "sub.example.com");
  EXPECT_EQ(inner.enclosing->num, 1u);
  EXPECT_EQ(inner.enclosing->relative, "host");

  ZoneMatch outer = index.Match("host.other.example.com");
  ASSERT_TRUE(outer.enclosing);
  EXPECT_EQ(outer.enclosing->zone, "example.com");
  EXPECT_EQ(outer.enclosing->relative, "host.other");
}

TEST(ZoneIndexTest, LongestWinsWhateverTheInsertionOrder) {
  ZoneIndex index = IndexOf({"c.example.com", "example.com", "b.c.example.com"});
  ZoneMatch m = index.Match("a.b.c.example.com");
  ASSERT_TRUE(m.enclosing);
  EXPECT_EQ(m.enclosing->zone, "b.c.example.com");
  EXPECT_EQ(m.enclosing->num, 2u);
  EXPECT_EQ(m.enclosing->relative, "a");
}

TEST(ZoneIndexTest, ApexWithoutAncestor) {
  ZoneIndex index = IndexOf({"example.com"});
  ZoneMatch m = index.Match("example.com");
  EXPECT_EQ(m.apex, ZoneNum{0});
  EXPECT_FALSE(m.enclosing);
}

TEST(ZoneIndexTest, ApexWithAncestorGivesThePlaceForTheApexRecord) {
  ZoneIndex index = IndexOf({"example.com", "sub.example.com"});
  ZoneMatch m = index.Match("sub.example.com");
  EXPECT_EQ(m.apex, ZoneNum{1});
  ASSERT_TRUE(m.enclosing);
  EXPECT_EQ(m.enclosing->zone, "example.com");
  EXPECT_EQ(m.enclosing->num, 0u);
  EXPECT_EQ(m.enclosing->relative, "sub");
}

TEST(ZoneIndexTest, ApexAncestorIsTheNearestOne) {
  ZoneIndex index = IndexOf({"com", "example.com", "a.b.example.com"});
  ZoneMatch m = index.Match("a.b.example.com");
  EXPECT_EQ(m.apex, ZoneNum{2});
  ASSERT_TRUE(m.enclosing);
  EXPECT_EQ(m.enclosing->zone, "example.com");
  EXPECT_EQ(m.enclosing->relative, "a.b");
}

TEST(ZoneIndexTest, NoMatchOutsideEveryZone) {
  ZoneIndex index = IndexOf({"example.com", "sub.example.com"});
  ZoneMatch m = index.Match("www.example.org");
  EXPECT_FALSE(m.enclosing);
  EXPECT_FALSE(m.apex);
  EXPECT_FALSE(index.Match("com").enclosing);
}

TEST(ZoneIndexTest, StringSuffixThatIsNotALabelSuffixDoesNotMatch) {
  ZoneIndex index = IndexOf({"ample.com"});
  ZoneMatch m = index.Match("example.com");
  EXPECT_FALSE(m.enclosing);
  EXPECT_FALSE(m.apex);
  EXPECT_FALSE(index.Match("www.example.com").enclosing);
  ASSERT_TRUE(index.Match("www.ample.com").enclosing);
}

TEST(ZoneIndexTest, ZoneMustNotMatchItsOwnLeftPart) {
  // "example" is a prefix of the name, not a suffix: it must not be found.
  ZoneIndex index = IndexOf({"example"});
  EXPECT_FALSE(index.Match("example.com").enclosing);
}

TEST(ZoneIndexTest, SingleLabelZone) {
  ZoneIndex index = IndexOf({"corp"});
  ZoneMatch m = index.Match("db.eu.corp");
  ASSERT_TRUE(m.enclosing);
  EXPECT_EQ(m.enclosing->zone, "corp");
  EXPECT_EQ(m.enclosing->relative, "db.eu");
  ZoneMatch apex = index.Match("corp");
  EXPECT_EQ(apex.apex, ZoneNum{0});
  EXPECT_FALSE(apex.enclosing);
}

TEST(ZoneIndexTest, WildcardAtZoneTop) {
  ZoneIndex index = IndexOf({"example.com"});
  ZoneMatch m = index.Match("*.example.com");
  ASSERT_TRUE(m.enclosing);
  EXPECT_EQ(m.enclosing->zone, "example.com");
  EXPECT_EQ(m.enclosing->relative, "*");
}

TEST(ZoneIndexTest, WildcardBelowZoneTop) {
  ZoneIndex index = IndexOf({"example.com"});
  ZoneMatch m = index.Match("*.x.example.com");
  ASSERT_TRUE(m.enclosing);
  EXPECT_EQ(m.enclosing->zone, "example.com");
  EXPECT_EQ(m.enclosing->relative, "*.x");
}

TEST(ZoneIndexTest, WildcardDirectlyBelowANestedZone) {
  ZoneIndex index = IndexOf({"example.com", "x.example.com"});
  ZoneMatch m = index.Match("*.x.example.com");
  ASSERT_TRUE(m.enclosing);
  EXPECT_EQ(m.enclosing->zone, "x.example.com");
  EXPECT_EQ(m.enclosing->relative, "*");
  EXPECT_FALSE(m.apex);
}

TEST(ZoneIndexTest, TenLabelName) {
  ZoneIndex index = IndexOf({"example.com", "g.h.example.com"});
  const std::string fqdn = "a.b.c.d.e.f.g.h.example.com";
  ZoneMatch m = index.Match(fqdn);
  ASSERT_TRUE(m.enclosing);
  EXPECT_EQ(m.enclosing->zone, "g.h.example.com");
  EXPECT_EQ(m.enclosing->relative, "a.b.c.d.e.f");
  EXPECT_EQ(index.Match("a.b.c.d.e.f.x.h.example.com").enclosing->relative, "a.b.c.d.e.f.x.h");
  EXPECT_FALSE(index.Match("a.b.c.d.e.f.g.h.i.j").enclosing);
}

TEST(ZoneIndexTest, ZonesOfVeryDifferentLengthsAreAllFound) {
  // Match skips suffixes shorter than the shortest zone or longer than the longest one.
  ZoneIndex index = IndexOf({"long-zone-name.internal.example.com", "io", "example.com"});
  EXPECT_EQ(index.Match("x.long-zone-name.internal.example.com").enclosing->num, 0u);
  EXPECT_EQ(index.Match("y.internal.example.com").enclosing->num, 2u);
  EXPECT_EQ(index.Match("a.b.io").enclosing->num, 1u);
  EXPECT_EQ(index.Match("io").apex, ZoneNum{1});
  EXPECT_EQ(index.Match("long-zone-name.internal.example.com").apex, ZoneNum{0});
  EXPECT_FALSE(index.Match("a-name-longer-than-any-zone-name.at.all.example.org").enclosing);
  EXPECT_FALSE(index.Match("o").apex);
}

TEST(ZoneIndexTest, RelativeNamePointsIntoTheQueriedName) {
  ZoneIndex index = IndexOf({"example.com"});
  const std::string fqdn = "www.example.com";
  ZoneMatch m = index.Match(fqdn);
  ASSERT_TRUE(m.enclosing);
  EXPECT_EQ(m.enclosing->relative.data(), fqdn.data());
}

TEST(ZoneIndexTest, ZoneViewsSurviveLaterAdds) {
  ZoneIndex index = IndexOf({"example.com"});
  ZoneMatch m = index.Match("www.example.com");
  for (int i = 0; i < 1000; ++i) (void)index.Add("z" + std::to_string(i) + ".example.org");
  ASSERT_TRUE(m.enclosing);
  EXPECT_EQ(m.enclosing->zone, "example.com");
}

TEST(ZoneIndexTest, MalformedNamesNeverYieldEmptyParts) {
  ZoneIndex index = IndexOf({"example.com", "com"});
  ZoneMatch leading = index.Match(".example.com");
  ASSERT_TRUE(leading.enclosing);
  EXPECT_EQ(leading.enclosing->zone, "com");
  EXPECT_EQ(leading.enclosing->relative, ".example");

  ZoneMatch trailing = index.Match("www.example.com.");
  EXPECT_FALSE(trailing.enclosing);  // not normalised: the caller strips the dot first
  EXPECT_FALSE(trailing.apex);

  EXPECT_FALSE(index.Match("").enclosing);
  EXPECT_FALSE(index.Match(".").enclosing);
}

TEST(ZoneIndexTest, ComparesBytesExactly) {
  ZoneIndex index = IndexOf({"example.com"});
  EXPECT_FALSE(index.Match("www.Example.com").enclosing);  // callers lower-case first
}

}  // namespace
}  // namespace cpdns
