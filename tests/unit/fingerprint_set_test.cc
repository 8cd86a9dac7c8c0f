// FingerprintSet: each name is new exactly once, before and after the merges
// into its sorted part.
#include "core/fingerprint_set.h"

#include <gtest/gtest.h>

#include <string>

namespace cpdns {
namespace {

TEST(FingerprintSet, InsertIsTrueOnceForEachName) {
  FingerprintSet s;
  EXPECT_TRUE(s.Insert("b.example.com"));
  EXPECT_FALSE(s.Insert("b.example.com"));
  EXPECT_TRUE(s.Insert("a.example.com"));
  EXPECT_TRUE(s.Insert(""));
  EXPECT_FALSE(s.Insert(""));
  EXPECT_EQ(s.size(), 3u);
}

TEST(FingerprintSet, NamesStayKnownAcrossMergesIntoTheSortedPart) {
  FingerprintSet s;
  constexpr int kNames = 200000;  // three merges of 65,536 and a remainder
  for (int i = 0; i < kNames; ++i) {
    ASSERT_TRUE(s.Insert("h" + std::to_string(i) + ".example.com")) << i;
  }
  EXPECT_EQ(s.size(), static_cast<std::size_t>(kNames));
  for (int i = 0; i < kNames; i += 997) {
    EXPECT_FALSE(s.Insert("h" + std::to_string(i) + ".example.com")) << i;
  }
  EXPECT_TRUE(s.Insert("h" + std::to_string(kNames) + ".example.com"));
  EXPECT_TRUE(s.Insert("H0.example.com")) << "names are compared byte-exact";
}

}  // namespace
}  // namespace cpdns
