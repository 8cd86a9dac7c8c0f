// wire_name: query names as region-dns's DNS library (miekg/dns 1.1.25 / 1.1.50) escapes
// them before they reach the SQL, and which names can be packed into an answer.
#include "core/wire_name.h"

#include <gtest/gtest.h>

#include <string>

namespace cpdns {
namespace {

TEST(WireName, QueryNameEscapesWhatSprintNameEscapes) {
  EXPECT_EQ(ServerQueryName("WWW.Example.COM."), "www.example.com");
  EXPECT_EQ(ServerQueryName("my host.example.com"), "my\\ host.example.com");
  EXPECT_EQ(ServerQueryName("web@01.x"), "web\\@01.x");
  EXPECT_EQ(ServerQueryName("o'brien.x"), "o\\'brien.x");
  EXPECT_EQ(ServerQueryName("a\"b(c)d;e\\f.x"), "a\\\"b\\(c\\)d\\;e\\\\f.x");
  EXPECT_EQ(ServerQueryName(std::string("a\tb\0c.x", 7)), "a\\009b\\000c.x");
  EXPECT_EQ(ServerQueryName("b\xc3\xbc.x"), "b\\195\\188.x");
  // Printable bytes the library leaves alone.
  EXPECT_EQ(ServerQueryName("web!01.*.x/y"), "web!01.*.x/y");
  EXPECT_EQ(ServerQueryName(""), "");
  EXPECT_EQ(ServerQueryName("."), "");
}

TEST(WireName, LookupNameReadsPresentationEscapesAndEscapesAgain) {
  EXPECT_EQ(ServerLookupName("Target.Example.COM"), "target.example.com");
  EXPECT_EQ(ServerLookupName("target.example.com."), "target.example.com");
  EXPECT_EQ(ServerLookupName("host name.x"), "host\\ name.x");
  EXPECT_EQ(ServerLookupName("web\\.x.example.com"), "web\\.x.example.com");  // stays escaped
  // sprintName returns its input unchanged until a byte needs escaping: a "\065" ('A')
  // alone stays as written, as in Go.
  EXPECT_EQ(ServerLookupName("a\\065b.x"), "a\\065b.x");
  EXPECT_EQ(ServerLookupName("a\\032b.x"), "a\\ b.x");  // \032 is a space
  EXPECT_EQ(ServerLookupName("x.example.com,A:1.1.1.1"), "x.example.com,a:1.1.1.1");
  EXPECT_EQ(ServerLookupName("*.wild.x"), "*.wild.x");
}

TEST(WireName, QueryableNames) {
  EXPECT_TRUE(IsQueryableName("www.example.com"));
  EXPECT_TRUE(IsQueryableName("web!01.example.com"));
  EXPECT_TRUE(IsQueryableName("www.*.example.com"));
  EXPECT_TRUE(IsQueryableName("-x.example.com"));
  EXPECT_EQ(UnqueryableReason(""), NameError::kEmpty);
  EXPECT_EQ(UnqueryableReason("a..b"), NameError::kEmptyLabel);
  EXPECT_EQ(UnqueryableReason(".a"), NameError::kEmptyLabel);
  EXPECT_EQ(UnqueryableReason(std::string(64, 'a') + ".x"), NameError::kLabelTooLong);
  EXPECT_EQ(UnqueryableReason(std::string(254, 'a')), NameError::kNameTooLong);
  EXPECT_EQ(UnqueryableReason("my host.x"), NameError::kInvalidCharacter);
  EXPECT_EQ(UnqueryableReason("web@01.x"), NameError::kInvalidCharacter);
  EXPECT_EQ(UnqueryableReason("b\xc3\xbc.x"), NameError::kInvalidCharacter);
}

TEST(WireName, PackableNames) {
  EXPECT_TRUE(IsPackableName("www.example.com"));
  EXPECT_TRUE(IsPackableName("www.example.com."));
  EXPECT_TRUE(IsPackableName("host name.example.com"));  // bytes, not a host name
  EXPECT_TRUE(IsPackableName("web\\.example.com"));      // one label "web.example"
  EXPECT_TRUE(IsPackableName("."));
  EXPECT_TRUE(IsPackableName(std::string(63, 'a') + ".x"));
  EXPECT_FALSE(IsPackableName("a..b"));
  EXPECT_FALSE(IsPackableName(".a"));
  EXPECT_FALSE(IsPackableName(std::string(64, 'a') + ".x"));
  // Four labels of 63 and "com": 4 * 64 + 4 + 1 = 261 bytes on the wire.
  std::string long_name;
  for (int i = 0; i < 4; ++i) long_name += std::string(63, 'c') + ".";
  EXPECT_FALSE(IsPackableName(long_name + "com"));
  // An escape counts as one byte: 63 bytes written as \097 each still fit.
  std::string escaped;
  for (int i = 0; i < 63; ++i) escaped += "\\097";
  EXPECT_TRUE(IsPackableName(escaped + ".x"));
}

TEST(WireName, LegacyProbeNameDropsWhatTheCollationIgnores) {
  EXPECT_EQ(LegacyProbeName("Name.Example.COM. "), "name.example.com");
  EXPECT_EQ(LegacyProbeName("x.example.com  "), "x.example.com");
  EXPECT_EQ(LegacyProbeName("x.example.com."), "x.example.com");
}

}  // namespace
}  // namespace cpdns
