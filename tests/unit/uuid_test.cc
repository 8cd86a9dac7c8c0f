#include "core/uuid.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

namespace cpdns {
namespace {

bool IsCanonicalV5(const std::string& text) {
  return std::regex_match(
      text, std::regex("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
}

TEST(UuidTest, DnsNamespaceConstantIsTheRfcValue) {
  EXPECT_EQ(kDnsNamespace.ToString(), "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
}

TEST(UuidTest, Rfc9562ExampleVector) {
  // RFC 9562, appendix A.4: name "www.example.com" in the DNS namespace.
  EXPECT_EQ(Uuid::V5(kDnsNamespace, "www.example.com").ToString(),
            "2ed6657d-e927-568b-95e1-2665a8aea6a2");
}

TEST(UuidTest, PythonDocumentationVectors) {
  // The examples of Python's uuid module documentation, an independent implementation.
  EXPECT_EQ(Uuid::V5(kDnsNamespace, "python.org").ToString(),
            "886313e1-3b8a-5372-9b90-0c9aee199e5d");
  const Uuid url_namespace = *Uuid::Parse("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
  EXPECT_EQ(Uuid::V5(url_namespace, "http://www.example.com/").ToString(),
            "fcde3c85-2270-590f-9e7c-ee003d65e0e2");
}

TEST(UuidTest, ProjectNamespaceIsDerivedFromItsName) {
  EXPECT_EQ(kProjectNamespace, Uuid::V5(kDnsNamespace, "cloudpods-dns-migrate"));
  EXPECT_EQ(kProjectNamespace.ToString(), "2734394f-96b8-5fab-a019-49a07867b7eb");
}

TEST(UuidTest, VersionAndVariantBits) {
  const Uuid id = Uuid::V5(kProjectNamespace, "anything");
  EXPECT_EQ(id.version(), 5);
  EXPECT_EQ(id.bytes()[8] & 0xc0, 0x80);  // RFC variant 10xx
  EXPECT_TRUE(IsCanonicalV5(id.ToString()));
  EXPECT_EQ(kDnsNamespace.version(), 1);
}

TEST(UuidTest, NameMayHoldAnyBytes) {
  const std::string with_nul("a\0b", 3);
  EXPECT_NE(Uuid::V5(kProjectNamespace, with_nul), Uuid::V5(kProjectNamespace, "a"));
  EXPECT_NE(Uuid::V5(kProjectNamespace, ""), Uuid::V5(kProjectNamespace, "a"));
}

TEST(UuidTest, ParseRoundTripsAndAcceptsUpperCase) {
  const auto parsed = Uuid::Parse("2ED6657D-E927-568B-95E1-2665A8AEA6A2");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->ToString(), "2ed6657d-e927-568b-95e1-2665a8aea6a2");
  EXPECT_EQ(Uuid::Parse(kProjectNamespace.ToString()), kProjectNamespace);
}

TEST(UuidTest, ParseRejectsNonCanonicalText) {
  EXPECT_FALSE(Uuid::Parse(""));
  EXPECT_FALSE(Uuid::Parse("2ed6657d-e927-568b-95e1-2665a8aea6a"));    // short
  EXPECT_FALSE(Uuid::Parse("2ed6657d-e927-568b-95e1-2665a8aea6a2 "));  // trailing blank
  EXPECT_FALSE(Uuid::Parse("2ed6657de927568b95e12665a8aea6a2"));       // no hyphens
  EXPECT_FALSE(Uuid::Parse("2ed6657d-e927-568b-95e1-2665a8aea6ag"));   // not hex
  EXPECT_FALSE(Uuid::Parse("2ed6657d+e927-568b-95e1-2665a8aea6a2"));   // wrong separator
}

TEST(UuidTest, RecordIdIsDeterministicCanonicalV5) {
  const std::string id = RecordId("6f1c1e0a-1111-4222-8333-944455556666", 0);
  EXPECT_EQ(id, RecordId("6f1c1e0a-1111-4222-8333-944455556666", 0));
  EXPECT_TRUE(IsCanonicalV5(id));
}

TEST(UuidTest, RecordIdPinnedValue) {
  // Ids written by one release must be recognised by the next: the encoding is frozen.
  EXPECT_EQ(RecordId("r1", 0), Uuid::V5(kProjectNamespace, "6:record,2:r1,1:0,").ToString());
}

TEST(UuidTest, RecordIdDependsOnEveryInput) {
  EXPECT_NE(RecordId("r1", 0), RecordId("r1", 1));
  EXPECT_NE(RecordId("r1", 0), RecordId("r2", 0));
  EXPECT_NE(RecordId("r1", 0), RecordId("R1", 0));
}

TEST(UuidTest, RecordIdFieldsCannotBleedIntoEachOther) {
  // Plain concatenation would give "r11" + "1" == "r1" + "11".
  EXPECT_NE(RecordId("r11", 1), RecordId("r1", 11));
  EXPECT_NE(RecordId("r1,1:1", 0), RecordId("r1", 1));
}

TEST(UuidTest, ZoneIdIsDeterministicCanonicalV5) {
  const std::string id = ZoneId("example.com", "default", "t1", false, "system");
  EXPECT_EQ(id, ZoneId("example.com", "default", "t1", false, "system"));
  EXPECT_TRUE(IsCanonicalV5(id));
}

TEST(UuidTest, ZoneIdPinnedValue) {
  EXPECT_EQ(
      ZoneId("example.com", "default", "t1", true, "system"),
      Uuid::V5(kProjectNamespace, "4:zone,11:example.com,7:default,2:t1,1:1,6:system,").ToString());
}

TEST(UuidTest, ZoneIdDependsOnEveryInput) {
  const std::set<std::string> ids = {
      ZoneId("example.com", "default", "t1", false, "system"),
      ZoneId("example.org", "default", "t1", false, "system"),
      ZoneId("example.com", "d2", "t1", false, "system"),
      ZoneId("example.com", "default", "t2", false, "system"),
      ZoneId("example.com", "default", "t1", true, "system"),
      ZoneId("example.com", "default", "t1", false, "domain"),
  };
  EXPECT_EQ(ids.size(), 6u);
}

TEST(UuidTest, ZoneIdFieldsCannotBleedIntoEachOther) {
  EXPECT_NE(ZoneId("ab", "c", "t", false, "system"), ZoneId("a", "bc", "t", false, "system"));
  EXPECT_NE(ZoneId("a", "", "b", false, "system"), ZoneId("a", "b", "", false, "system"));
  EXPECT_NE(ZoneId("x", "default", "t", false, ""), ZoneId("x", "default", "t", false, "0"));
  // A separator inside a value is just a byte of that value.
  EXPECT_NE(ZoneId("a,1:b", "c", "t", false, "s"), ZoneId("a", "b,1:c", "t", false, "s"));
}

}  // namespace
}  // namespace cpdns
