// RowPlanner and ZoneCatalog: one legacy row's outcome, zone, record name and
// records, from plain values (no database).
#include "core/row_planner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/uuid.h"

namespace cpdns {
namespace {

constexpr const char* kSystem = "5d65667d112e47249ae66dbd7bc07030";
constexpr const char* kWebProd = "c2b7a6d81f3e4a9bb0e5d4c3f2a19087";
constexpr const char* kData = "3f9c0e7a5b1d42c8a6e4d2b0f8c6a4e2";

LegacyRow Public(std::string id, std::string name, std::optional<std::string> records) {
  LegacyRow r;
  r.id = std::move(id);
  r.name = std::move(name);
  r.records = std::move(records);
  r.ttl = 300;
  r.is_public = true;
  r.public_scope = "system";
  r.tenant_id = kSystem;
  r.created_at = "2022-03-08 03:38:37";
  r.updated_at = "2022-03-08 03:55:37";
  return r;
}

LegacyRow Private(std::string id, std::string name, std::string records, std::string tenant) {
  LegacyRow r = Public(std::move(id), std::move(name), std::move(records));
  r.is_public = false;
  r.public_scope = "none";
  r.tenant_id = std::move(tenant);
  return r;
}

std::vector<std::string> Codes(const RowPlan& p) {
  std::vector<std::string> out;
  for (const Reason& r : p.reasons) out.push_back(r.code);
  return out;
}

bool HasCode(const RowPlan& p, const std::string& code) {
  auto c = Codes(p);
  return std::find(c.begin(), c.end(), code) != c.end();
}

// A catalog and a planner over it, as a run builds them.
struct Fixture {
  explicit Fixture(std::vector<std::string> named = {},
                   InferenceStrategy inference = InferenceStrategy::kPsl,
                   TargetVersion target = TargetVersion::k311, std::vector<ZoneRow> existing = {},
                   SharedNames shared_names = {})
      : shared(std::move(shared_names)),
        catalog(std::move(existing), named, inference),
        planner(catalog, shared, target) {}

  const PlannedZone& ZoneOf(const RowPlan& p) const { return catalog.zones().at(p.zone_slot); }

  SharedNames shared;
  ZoneCatalog catalog;
  RowPlanner planner;
};

TEST(RowPlannerTest, PlainRowIsMigratedIntoItsRegistrableDomain) {
  Fixture f;
  RowPlan p = f.planner.Plan(Public("r1", "www.example.com", "A:203.0.113.11"));
  EXPECT_EQ(p.outcome, RowOutcome::kMigrated);
  EXPECT_FALSE(p.rejected);
  EXPECT_TRUE(p.reasons.empty()) << p.ReasonDetails();
  EXPECT_EQ(p.legacy_id, "r1");
  EXPECT_EQ(p.fqdn, "www.example.com");
  EXPECT_EQ(f.ZoneOf(p).name, "example.com");
  EXPECT_FALSE(f.ZoneOf(p).exists);
  EXPECT_EQ(p.relative, "www");
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].type, "A");
  EXPECT_EQ(p.records[0].value, "203.0.113.11");
  EXPECT_EQ(p.records[0].ttl, 300);
  EXPECT_TRUE(p.records[0].enabled);
  EXPECT_EQ(p.records[0].position, 0);
}

TEST(RowPlannerTest, DeletedRowIsSkippedButNotRejected) {
  Fixture f;
  LegacyRow row = Public("r1", "intranet.example.com", "A:10.0.9.1");
  row.deleted = true;
  RowPlan p = f.planner.Plan(row);
  EXPECT_EQ(p.outcome, RowOutcome::kSkipped);
  EXPECT_FALSE(p.rejected);
  EXPECT_EQ(Codes(p), std::vector<std::string>{"deleted"});
  EXPECT_TRUE(p.records.empty());
  // A deleted row is never parsed: its malformed records do not make it rejected.
  row.records = "A:999.1.1.1";
  RowPlan q = f.planner.Plan(row);
  EXPECT_FALSE(q.rejected);
  EXPECT_EQ(Codes(q), std::vector<std::string>{"deleted"});
  EXPECT_TRUE(f.catalog.zones().empty()) << "a deleted row made a zone";
}

TEST(RowPlannerTest, NameNoQueryCanReachIsRejectedWithTheNameReason) {
  Fixture f;
  struct Case {
    std::string name;
    std::string code;
  } cases[] = {{"", "empty_name"},
               {"web@01.bad.example.com", "invalid_character"},
               {"my host.example.com", "invalid_character"},
               {"empty..label.example.com", "empty_label"},
               {std::string(64, 'a') + ".example.com", "label_too_long"},
               // NormalizeName stops at the '-' first; the '@' further on decides.
               {"-x.web@01.example.com", "invalid_character"}};
  for (const Case& c : cases) {
    RowPlan p = f.planner.Plan(Public("r", c.name, "A:10.9.0.1"));
    EXPECT_EQ(p.outcome, RowOutcome::kSkipped) << c.name;
    EXPECT_TRUE(p.rejected) << c.name;
    EXPECT_EQ(Codes(p), std::vector<std::string>{c.code}) << c.name;
    EXPECT_TRUE(p.fqdn.empty()) << c.name;
    EXPECT_TRUE(p.records.empty()) << c.name;
  }
  EXPECT_TRUE(f.catalog.zones().empty());
}

TEST(RowPlannerTest, NameTheApiRefusedButAClientCanAskForMigratesWithAWarning) {
  Fixture f;
  struct Case {
    std::string name;
    std::string code;
    std::string zone;
    std::string relative;
  } cases[] = {{"-lead.example.com", "label_starts_with_hyphen", "example.com", "-lead"},
               {"www.*.example.com", "misplaced_wildcard", "example.com", "www.*"},
               {"1.2.3.4", "ip_address", "3.4", "1.2"},
               {"Web!01.example.com", "character_not_api_valid", "example.com", "web!01"}};
  for (const Case& c : cases) {
    RowPlan p = f.planner.Plan(Public("r", c.name, "A:10.9.0.1"));
    EXPECT_EQ(p.outcome, RowOutcome::kWarned) << c.name << ": " << p.ReasonDetails();
    EXPECT_TRUE(HasCode(p, c.code)) << c.name << ": " << p.ReasonCodes();
    EXPECT_EQ(f.ZoneOf(p).name, c.zone) << c.name;
    EXPECT_EQ(p.relative, c.relative) << c.name;
    EXPECT_EQ(p.records.size(), 1u) << c.name;
  }
}

TEST(RowPlannerTest, EntriesLegacyNeverAnsweredAreDroppedTheRestMigrates) {
  Fixture f;
  RowPlan p = f.planner.Plan(
      Public("r", "multi-bad.example.com", "A:256.1.1.1,AAAA:1::2::3,TXT:x,A:10.0.0.1"));
  EXPECT_EQ(p.outcome, RowOutcome::kWarned);
  EXPECT_FALSE(p.rejected);
  EXPECT_EQ(Codes(p), (std::vector<std::string>{"invalid_ipv4", "invalid_ipv6", "unknown_type"}));
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].value, "10.0.0.1");
  EXPECT_EQ(p.records[0].position, 3);
  // The detail names each entry and what happened to it.
  EXPECT_NE(p.ReasonDetails().find("entry 1"), std::string::npos) << p.ReasonDetails();
  EXPECT_NE(p.ReasonDetails().find("dropped"), std::string::npos) << p.ReasonDetails();

  // Nothing left that legacy answered: rejected, no_served_entry first.
  RowPlan q = f.planner.Plan(Public("q", "all-bad.example.com", "A:256.1.1.1,TXT:x"));
  EXPECT_TRUE(q.rejected);
  EXPECT_EQ(Codes(q),
            (std::vector<std::string>{"no_served_entry", "invalid_ipv4", "unknown_type"}));
  EXPECT_TRUE(q.records.empty());

  // An entry the target cannot hold rejects the row whole.
  RowPlan u = f.planner.Plan(Public("u", "utf8.example.com",
                                    "CNAME:b\xc3\xbc"
                                    "cher.example.com"));
  EXPECT_TRUE(u.rejected);
  EXPECT_EQ(Codes(u), std::vector<std::string>{"value_not_ascii"});

  RowPlan n = f.planner.Plan(Public("n", "null.example.com", std::nullopt));
  EXPECT_TRUE(n.rejected);
  EXPECT_EQ(Codes(n), std::vector<std::string>{"null_records"});
  EXPECT_EQ(f.catalog.zones().size(), 1u) << "only the migrated row made a zone";
}

TEST(RowPlannerTest, NamingAShortZoneForAnApexNameLeavesOtherNamesInTheirZones) {
  // --zone com: example.com (a registrable domain, its own inferred zone) goes into com;
  // www.example.com keeps its inferred zone example.com, the longer of the two.
  Fixture f({"com"});
  RowPlan apex = f.planner.Plan(Public("a", "example.com", "A:10.0.0.1"));
  EXPECT_EQ(apex.outcome, RowOutcome::kWarned) << apex.ReasonDetails();
  EXPECT_EQ(Codes(apex), std::vector<std::string>{"apex_moved_to_parent"});
  EXPECT_EQ(f.ZoneOf(apex).name, "com");
  EXPECT_EQ(apex.relative, "example");
  RowPlan www = f.planner.Plan(Public("w", "www.example.com", "A:10.0.0.2"));
  EXPECT_EQ(www.outcome, RowOutcome::kMigrated) << www.ReasonDetails();
  EXPECT_EQ(f.ZoneOf(www).name, "example.com");
  EXPECT_EQ(www.relative, "www");
  RowPlan other = f.planner.Plan(Public("o", "a.b.other.com", "A:10.0.0.3"));
  EXPECT_EQ(f.ZoneOf(other).name, "other.com");
  // A named zone longer than the inferred one still wins.
  Fixture g({"corp.example.com"});
  RowPlan deep = g.planner.Plan(Public("d", "a.corp.example.com", "A:10.0.0.4"));
  EXPECT_EQ(g.ZoneOf(deep).name, "corp.example.com");
  // An existing zone that is the name itself: the inferred zone above it takes the records.
  RowPlan self = g.planner.Plan(Public("s", "corp.example.com", "A:10.0.0.5"));
  EXPECT_EQ(g.ZoneOf(self).name, "example.com");
  EXPECT_EQ(Codes(self), std::vector<std::string>{"apex_moved_to_parent"});
}

TEST(RowPlannerTest, LongestOfNestedCandidateZonesWins) {
  Fixture f({"example.com", "corp.example.com", "b.corp.example.com"});
  RowPlan p = f.planner.Plan(Public("r", "a.b.corp.example.com", "A:10.0.0.1"));
  EXPECT_EQ(p.outcome, RowOutcome::kMigrated) << p.ReasonDetails();
  EXPECT_EQ(f.ZoneOf(p).name, "b.corp.example.com");
  EXPECT_EQ(p.relative, "a");
  RowPlan q = f.planner.Plan(Public("q", "x.y.corp.example.com", "A:10.0.0.2"));
  EXPECT_EQ(f.ZoneOf(q).name, "corp.example.com");
  EXPECT_EQ(q.relative, "x.y");
  // A candidate beats inference: www.example.org would infer example.org, but no
  // candidate covers it; www.example.com is under the candidate example.com.
  RowPlan r = f.planner.Plan(Public("r2", "www.example.com", "A:10.0.0.3"));
  EXPECT_EQ(f.ZoneOf(r).name, "example.com");
}

TEST(RowPlannerTest, ApexNameMovesToTheEnclosingCandidate) {
  Fixture f({"example.com", "corp.example.com"});
  RowPlan p = f.planner.Plan(Public("r", "corp.example.com", "A:10.0.0.1"));
  EXPECT_EQ(p.outcome, RowOutcome::kWarned);
  EXPECT_FALSE(p.rejected);
  EXPECT_EQ(Codes(p), std::vector<std::string>{"apex_moved_to_parent"});
  EXPECT_EQ(f.ZoneOf(p).name, "example.com");
  EXPECT_EQ(p.relative, "corp");
  ASSERT_EQ(p.records.size(), 1u);
}

TEST(RowPlannerTest, ApexWithoutEnclosingCandidateIsUnresolvable) {
  {
    Fixture f({"example.com"});  // the name is a candidate, nothing above it
    RowPlan p = f.planner.Plan(Public("r", "example.com", "A:203.0.113.10"));
    EXPECT_EQ(p.outcome, RowOutcome::kSkipped);
    EXPECT_TRUE(p.rejected);
    EXPECT_EQ(Codes(p), std::vector<std::string>{"apex_unresolvable"});
  }
  {
    Fixture f;  // psl: the name is a registrable domain
    RowPlan p = f.planner.Plan(Public("r", "yunion-demo.com.cn", "A:198.51.100.60"));
    EXPECT_TRUE(p.rejected);
    EXPECT_EQ(Codes(p), std::vector<std::string>{"apex_unresolvable"});
    EXPECT_NE(p.ReasonDetails().find("--zone com.cn"), std::string::npos) << p.ReasonDetails();
    EXPECT_TRUE(f.catalog.zones().empty());
  }
}

TEST(RowPlannerTest, InferenceNoneLeavesUncoveredNamesWithoutZone) {
  Fixture f({"example.com"}, InferenceStrategy::kNone);
  RowPlan p = f.planner.Plan(Public("r", "www.example.org", "A:10.0.0.1"));
  EXPECT_EQ(p.outcome, RowOutcome::kSkipped);
  EXPECT_TRUE(p.rejected);
  EXPECT_EQ(Codes(p), std::vector<std::string>{"no_zone"});
  RowPlan q = f.planner.Plan(Public("q", "www.example.com", "A:10.0.0.1"));
  EXPECT_EQ(q.outcome, RowOutcome::kMigrated);
  EXPECT_EQ(f.ZoneOf(q).name, "example.com");
}

TEST(RowPlannerTest, InferenceParentAndPslPickDifferentZones) {
  Fixture parent({}, InferenceStrategy::kParent);
  RowPlan p = parent.planner.Plan(Public("r", "a.b.example.com", "A:10.0.0.1"));
  EXPECT_EQ(parent.ZoneOf(p).name, "b.example.com");
  EXPECT_EQ(p.relative, "a");
  Fixture psl;
  RowPlan q = psl.planner.Plan(Public("r", "a.b.example.co.uk", "A:10.0.0.1"));
  EXPECT_EQ(psl.ZoneOf(q).name, "example.co.uk");
  EXPECT_EQ(q.relative, "a.b");
  RowPlan ptr = psl.planner.Plan(Public("p", "4.3.2.10.in-addr.arpa", "PTR:host.example.com"));
  EXPECT_EQ(psl.ZoneOf(ptr).name, "3.2.10.in-addr.arpa");
  EXPECT_EQ(ptr.relative, "4");
}

TEST(RowPlannerTest, OwnersWithTheSameSuffixGetTheirOwnZones) {
  Fixture f;
  RowPlan web = f.planner.Plan(Private("w", "wiki.corp.example.org", "A:10.10.0.50", kWebProd));
  RowPlan data = f.planner.Plan(Private("d", "wiki.corp.example.org", "A:10.20.0.50", kData));
  RowPlan web2 = f.planner.Plan(Private("w2", "gitlab.corp.example.org", "A:10.10.0.10", kWebProd));
  RowPlan pub = f.planner.Plan(Public("p", "www.example.org", "A:198.51.100.10"));
  EXPECT_NE(web.zone_slot, data.zone_slot);
  EXPECT_EQ(web.zone_slot, web2.zone_slot);
  EXPECT_NE(pub.zone_slot, web.zone_slot);
  EXPECT_NE(pub.zone_slot, data.zone_slot);
  EXPECT_EQ(f.catalog.zones().size(), 3u);
  for (const RowPlan* p : {&web, &data, &pub}) EXPECT_EQ(f.ZoneOf(*p).name, "example.org");
  EXPECT_EQ(f.ZoneOf(web).owner.tenant_id, kWebProd);
  EXPECT_FALSE(f.ZoneOf(web).owner.is_public);
  EXPECT_EQ(f.ZoneOf(web).owner.public_scope, "none");
  EXPECT_EQ(f.ZoneOf(data).owner.tenant_id, kData);
  EXPECT_TRUE(f.ZoneOf(pub).owner.is_public);
  EXPECT_NE(f.ZoneOf(web).id, f.ZoneOf(data).id);
  EXPECT_EQ(f.ZoneOf(web).rows, 2);
  EXPECT_EQ(f.ZoneOf(web).records, 2);
  // Same FQDN, different owners: not a shared name (no such entry in SharedNames).
  EXPECT_EQ(web.outcome, RowOutcome::kMigrated);
  EXPECT_EQ(data.outcome, RowOutcome::kMigrated);
}

TEST(RowPlannerTest, ExistingZoneIsReusedOnlyForItsOwner) {
  ZoneRow op;
  op.id = "operator-zone-1";
  op.name = "Example.ORG";  // stored in another case: still the same zone
  op.tenant_id = kWebProd;
  op.is_public = false;
  op.public_scope = "none";
  Fixture f({}, InferenceStrategy::kPsl, TargetVersion::k311, {op});
  RowPlan web = f.planner.Plan(Private("w", "gitlab.corp.example.org", "A:10.10.0.10", kWebProd));
  EXPECT_EQ(f.ZoneOf(web).id, "operator-zone-1");
  EXPECT_TRUE(f.ZoneOf(web).exists);
  EXPECT_EQ(web.relative, "gitlab.corp");
  EXPECT_EQ(web.outcome, RowOutcome::kMigrated);
  RowPlan data = f.planner.Plan(Private("d", "jupyter.corp.example.org", "A:10.20.0.10", kData));
  EXPECT_NE(f.ZoneOf(data).id, "operator-zone-1");
  EXPECT_FALSE(f.ZoneOf(data).exists);
  EXPECT_EQ(f.ZoneOf(data).name, "example.org");
  EXPECT_EQ(f.ZoneOf(data).id, ZoneId("example.org", "default", kData, false, "none"));
}

TEST(RowPlannerTest, DisabledExistingZoneWarns) {
  ZoneRow op;
  op.id = "operator-zone-2";
  op.name = "example.com";
  op.tenant_id = kSystem;
  op.is_public = true;
  op.public_scope = "system";
  op.enabled = false;
  Fixture f({}, InferenceStrategy::kPsl, TargetVersion::k311, {op});
  RowPlan p = f.planner.Plan(Public("r", "www.example.com", "A:10.0.0.1"));
  EXPECT_EQ(f.ZoneOf(p).id, "operator-zone-2");
  EXPECT_EQ(p.outcome, RowOutcome::kWarned);
  EXPECT_EQ(Codes(p), std::vector<std::string>{"zone_disabled"});
}

TEST(RowPlannerTest, WildcardGetsItsZoneAndAWarning) {
  Fixture f;
  RowPlan p = f.planner.Plan(Public("r", "*.apps.example.com", "A:10.0.8.10,A:10.0.8.11"));
  EXPECT_EQ(p.outcome, RowOutcome::kWarned);
  EXPECT_EQ(Codes(p), std::vector<std::string>{"wildcard_now_active"});
  EXPECT_EQ(f.ZoneOf(p).name, "example.com");
  EXPECT_EQ(p.relative, "*.apps");
  EXPECT_EQ(p.records.size(), 2u);
  Fixture g({"example.com"});
  RowPlan q = g.planner.Plan(Public("q", "*.example.com", "A:10.0.8.12"));
  EXPECT_EQ(g.ZoneOf(q).name, "example.com");
  EXPECT_EQ(q.relative, "*");
}

TEST(RowPlannerTest, TrailingDotAndUpperCaseAreNormalised) {
  Fixture f;
  RowPlan p = f.planner.Plan(Public("r", "FTP.Example.com.", "A:203.0.113.20"));
  EXPECT_EQ(p.outcome, RowOutcome::kWarned);
  EXPECT_EQ(Codes(p), std::vector<std::string>{"now_answers_trailing_dot"});
  EXPECT_EQ(p.fqdn, "ftp.example.com");
  EXPECT_EQ(p.relative, "ftp");
  EXPECT_EQ(f.ZoneOf(p).name, "example.com");
  // Upper case alone is no warning: legacy lower-cased the query and compared
  // case-insensitively.
  RowPlan q = f.planner.Plan(Public("q", "WWW.Example.COM", "A:203.0.113.11"));
  EXPECT_EQ(q.outcome, RowOutcome::kMigrated) << q.ReasonDetails();
  EXPECT_EQ(q.relative, "www");
}

TEST(RowPlannerTest, TrimmedValueIsStoredWithoutBlanksAndWarned) {
  Fixture f;
  RowPlan p = f.planner.Plan(Public("r", "legacy-app.example.com", "A: 10.1.1.1"));
  EXPECT_EQ(p.outcome, RowOutcome::kWarned);
  EXPECT_EQ(Codes(p), std::vector<std::string>{"now_answers_trimmed_value"});
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].value, "10.1.1.1");
}

SharedNames Sharing(const std::string& fqdn, std::vector<NameSharer> rows) {
  SharedNames s;
  s[fqdn] = std::move(rows);
  return s;
}

TEST(RowPlannerTest, SharedNameWarnsWhenTheSameClientsSeeBothRows) {
  const std::string name = "api.example.com";
  // Two public rows: every client sees both.
  Fixture f({}, InferenceStrategy::kPsl, TargetVersion::k311, {},
            Sharing(name, {{"a", kSystem, true, true, false}, {"b", kSystem, true, true, false}}));
  RowPlan a = f.planner.Plan(Public("a", name, "A:203.0.113.40"));
  RowPlan b = f.planner.Plan(Public("b", name, "A:203.0.113.41"));
  EXPECT_EQ(a.outcome, RowOutcome::kWarned);
  EXPECT_EQ(Codes(a), std::vector<std::string>{"shared_name"});
  EXPECT_NE(a.ReasonDetails().find("rows b "), std::string::npos) << a.ReasonDetails();
  EXPECT_EQ(Codes(b), std::vector<std::string>{"shared_name"});
  EXPECT_NE(b.ReasonDetails().find("rows a "), std::string::npos) << b.ReasonDetails();
  EXPECT_EQ(a.zone_slot, b.zone_slot);
}

TEST(RowPlannerTest, SharedNameNeedsACommonAudience) {
  const std::string name = "wiki.corp.example.org";
  // Private rows of two projects: no client sees both.
  Fixture f({}, InferenceStrategy::kPsl, TargetVersion::k311, {},
            Sharing(name, {{"w", kWebProd, false, true, false}, {"d", kData, false, true, false}}));
  EXPECT_EQ(f.planner.Plan(Private("w", name, "A:10.10.0.50", kWebProd)).outcome,
            RowOutcome::kMigrated);
  EXPECT_EQ(f.planner.Plan(Private("d", name, "A:10.20.0.50", kData)).outcome,
            RowOutcome::kMigrated);
  // A public row and a private one: the private project's clients see both.
  Fixture g(
      {}, InferenceStrategy::kPsl, TargetVersion::k311, {},
      Sharing(name, {{"p", kSystem, true, true, false}, {"w", kWebProd, false, true, false}}));
  EXPECT_TRUE(HasCode(g.planner.Plan(Public("p", name, "A:10.0.0.1")), "shared_name"));
  EXPECT_TRUE(HasCode(g.planner.Plan(Private("w", name, "A:10.0.0.2", kWebProd)), "shared_name"));
}

TEST(RowPlannerTest, DisabledSharerCountsOnlyWhereTheTargetServesDisabledRows) {
  const std::string name = "api.example.com";
  auto sharers = [&] {
    return Sharing(name, {{"a", kSystem, true, true, false}, {"b", kSystem, true, false, false}});
  };
  Fixture v311({}, InferenceStrategy::kPsl, TargetVersion::k311, {}, sharers());
  EXPECT_EQ(v311.planner.Plan(Public("a", name, "A:10.0.0.1")).outcome, RowOutcome::kMigrated);
  Fixture v310({}, InferenceStrategy::kPsl, TargetVersion::k310, {}, sharers());
  EXPECT_TRUE(HasCode(v310.planner.Plan(Public("a", name, "A:10.0.0.1")), "shared_name"));
}

TEST(RowPlannerTest, CnameBesideOtherDataIsNamed) {
  const std::string name = "mixed.example.com";
  Fixture f({}, InferenceStrategy::kPsl, TargetVersion::k311, {},
            Sharing(name, {{"a", kSystem, true, true, false}, {"c", kSystem, true, true, true}}));
  RowPlan a = f.planner.Plan(Public("a", name, "A:10.0.0.1"));
  EXPECT_EQ(Codes(a), (std::vector<std::string>{"shared_name", "cname_beside_other_data"}));
}

TEST(RowPlannerTest, Target311WarnsAboutPtrAndEnabledCname) {
  Fixture f;
  RowPlan ptr = f.planner.Plan(Public("p", "4.3.2.10.in-addr.arpa", "PTR:host.example.com"));
  EXPECT_EQ(ptr.outcome, RowOutcome::kWarned);
  EXPECT_EQ(Codes(ptr), std::vector<std::string>{"ptr_ignored_by_target"});
  ASSERT_EQ(ptr.records.size(), 1u);
  EXPECT_EQ(ptr.records[0].type, "PTR");
  EXPECT_EQ(ptr.records[0].value, "host.example.com");
  RowPlan cname = f.planner.Plan(Public("c", "blog.example.com", "CNAME:www.example.com."));
  EXPECT_EQ(Codes(cname), std::vector<std::string>{"cname_not_chased_by_target"});
  ASSERT_EQ(cname.records.size(), 1u);
  EXPECT_EQ(cname.records[0].value, "www.example.com");  // trailing dot dropped
  LegacyRow off = Public("o", "test.example.com", "CNAME:web01.example.com");
  off.enabled = false;
  RowPlan disabled = f.planner.Plan(off);
  EXPECT_EQ(disabled.outcome, RowOutcome::kMigrated) << disabled.ReasonDetails();
  // 3.11 has no one-value or disabled warnings.
  LegacyRow multi = Public("m", "lb.example.com", "A:10.0.0.1,A:10.0.0.2");
  multi.enabled = false;
  EXPECT_EQ(f.planner.Plan(multi).outcome, RowOutcome::kMigrated);
}

TEST(RowPlannerTest, Target310WarnsAboutDisabledAndMultiValueRows) {
  Fixture f({}, InferenceStrategy::kPsl, TargetVersion::k310);
  LegacyRow off = Public("o", "old-www.example.com", "A:203.0.113.90");
  off.enabled = false;
  EXPECT_EQ(Codes(f.planner.Plan(off)), std::vector<std::string>{"disabled_served_by_target"});
  RowPlan multi =
      f.planner.Plan(Public("m", "rr.example.com", "A:10.0.0.11,A:10.0.0.12,A:10.0.0.13"));
  EXPECT_EQ(Codes(multi), std::vector<std::string>{"one_value_answered_by_target"});
  EXPECT_NE(multi.ReasonDetails().find("all 3"), std::string::npos) << multi.ReasonDetails();
  // No PTR / CNAME warnings for 3.10: it serves both.
  EXPECT_EQ(f.planner.Plan(Public("p", "4.3.2.10.in-addr.arpa", "PTR:host.example.com")).outcome,
            RowOutcome::kMigrated);
  EXPECT_EQ(f.planner.Plan(Public("c", "docs.example.com", "CNAME:www.example.com")).outcome,
            RowOutcome::kMigrated);
}

TEST(RowPlannerTest, TtlZeroOrNullBecomesTenOthersAreKept) {
  Fixture f;
  auto ttl_of = [&f](std::optional<int64_t> ttl) {
    LegacyRow r = Public("r", "vpn.example.com", "A:203.0.113.30");
    r.ttl = ttl;
    RowPlan p = f.planner.Plan(r);
    EXPECT_EQ(p.records.size(), 1u);
    return p.records.empty() ? -1 : p.records[0].ttl;
  };
  EXPECT_EQ(ttl_of(0), 10);
  EXPECT_EQ(ttl_of(std::nullopt), 10);
  EXPECT_EQ(ttl_of(1), 1);
  EXPECT_EQ(ttl_of(300), 300);
  EXPECT_EQ(ttl_of(86400), 86400);
}

TEST(RowPlannerTest, EnabledIsCarriedOverToEveryRecord) {
  Fixture f;
  LegacyRow r = Public("r", "dual.example.com", "A:10.0.0.3,AAAA:fd00::3");
  r.enabled = false;
  RowPlan p = f.planner.Plan(r);
  ASSERT_EQ(p.records.size(), 2u);
  for (const PlannedRecord& rec : p.records) EXPECT_FALSE(rec.enabled);
  EXPECT_EQ(p.records[1].type, "AAAA");
  EXPECT_EQ(p.records[1].value, "fd00::3");
  r.enabled = true;
  for (const PlannedRecord& rec : f.planner.Plan(r).records) EXPECT_TRUE(rec.enabled);
}

TEST(RowPlannerTest, SrvValueIsRewrittenAsPriorityWeightPortHost) {
  Fixture f;
  RowPlan two = f.planner.Plan(Public("a", "_sip._udp.example.com", "SRV:sip.example.com:5060"));
  ASSERT_EQ(two.records.size(), 1u);
  EXPECT_EQ(two.records[0].type, "SRV");
  EXPECT_EQ(two.records[0].value, "0 100 5060 sip.example.com");
  RowPlan three =
      f.planner.Plan(Public("b", "_sip._tcp.example.com", "SRV:sip.example.com:5060:10"));
  EXPECT_EQ(three.records.at(0).value, "0 10 5060 sip.example.com");
  RowPlan four =
      f.planner.Plan(Public("c", "_sips._tcp.example.com", "SRV:sip.example.com.:5061:10:5"));
  EXPECT_EQ(four.records.at(0).value, "5 10 5061 sip.example.com");
  RowPlan pair =
      f.planner.Plan(Public("d", "_ldap._tcp.example.com",
                            "SRV:ldap1.example.com:389:60:10,SRV:ldap2.example.com:389:40:10"));
  ASSERT_EQ(pair.records.size(), 2u);
  EXPECT_EQ(pair.records[0].value, "10 60 389 ldap1.example.com");
  EXPECT_EQ(pair.records[1].value, "10 40 389 ldap2.example.com");
  EXPECT_EQ(pair.records[1].position, 1);
  EXPECT_EQ(pair.relative, "_ldap._tcp");
}

TEST(RowPlannerTest, RecordNameTheNewApiWouldRefuseIsWarned) {
  Fixture f;
  // The legacy rule let a label end with '-'; the v3.10.5+ API does not.
  RowPlan p = f.planner.Plan(Public("r", "web-.example.com", "A:10.0.0.1"));
  EXPECT_EQ(p.outcome, RowOutcome::kWarned);
  EXPECT_EQ(Codes(p), std::vector<std::string>{"record_name_not_api_valid"});
  EXPECT_EQ(p.relative, "web-");
}

TEST(RowPlannerTest, IdsAreDeterministic) {
  auto plan_once = [] {
    Fixture f;
    std::vector<RowPlan> plans;
    plans.push_back(f.planner.Plan(Public("ba51-1", "www.example.com", "A:10.0.0.1,A:10.0.0.2")));
    plans.push_back(
        f.planner.Plan(Private("ba51-2", "wiki.corp.example.org", "A:10.0.0.3", kData)));
    std::vector<std::string> ids;
    for (const RowPlan& p : plans) {
      ids.push_back(f.ZoneOf(p).id);
      for (const PlannedRecord& r : p.records) ids.push_back(r.id);
    }
    return ids;
  };
  std::vector<std::string> first = plan_once();
  EXPECT_EQ(first, plan_once());
  ASSERT_EQ(first.size(), 5u);
  EXPECT_EQ(first[0], ZoneId("example.com", "default", kSystem, true, "system"));
  EXPECT_EQ(first[1], RecordId("ba51-1", 0));
  EXPECT_EQ(first[2], RecordId("ba51-1", 1));
  EXPECT_EQ(first[3], ZoneId("example.org", "default", kData, false, "none"));
  EXPECT_EQ(first[4], RecordId("ba51-2", 0));
  std::vector<std::string> sorted = first;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end()) << "two rows share an id";
  for (const std::string& id : first) EXPECT_EQ(Uuid::Parse(id)->version(), 5) << id;
}

TEST(RowPlannerTest, PlanningIsIndependentOfRowOrderForEachRow) {
  // A resumed run re-plans the rows before its checkpoint without writing them;
  // every row must get the same plan whatever came before it.
  std::vector<LegacyRow> rows = {Public("1", "a.example.com", "A:10.0.0.1"),
                                 Private("2", "b.example.com", "A:10.0.0.2", kWebProd),
                                 Public("3", "example.com", "A:10.0.0.3"),
                                 Public("4", "c.example.org", "CNAME:a.example.com")};
  auto describe = [](Fixture& f, const RowPlan& p) {
    std::string out = std::string(ToString(p.outcome)) + "|" + p.ReasonCodes() + "|" + p.relative;
    if (p.outcome != RowOutcome::kSkipped) out += "|" + f.ZoneOf(p).id;
    for (const PlannedRecord& r : p.records) out += "|" + r.id + "=" + r.value;
    return out;
  };
  Fixture forward, backward;
  std::vector<std::string> a, b;
  for (const LegacyRow& r : rows) a.push_back(describe(forward, forward.planner.Plan(r)));
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
    b.insert(b.begin(), describe(backward, backward.planner.Plan(*it)));
  }
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace cpdns
