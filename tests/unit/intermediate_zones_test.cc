// IntermediateZonePlanner: one local zone of the intermediate model into the new tables,
// decision by decision (zone home and id, ownership, state, VPCs, conflicts with legacy
// answers), from plain values.
#include "core/intermediate_zones.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/uuid.h"

namespace cpdns {
namespace {

constexpr const char* kSystem = "5d65667d112e47249ae66dbd7bc07030";
constexpr const char* kWebProd = "c2b7a6d81f3e4a9bb0e5d4c3f2a19087";

IntermediateZone Zone(std::string id, std::string name, std::string type = "PrivateZone") {
  IntermediateZone z;
  z.zone.id = std::move(id);
  z.zone.name = std::move(name);
  z.zone.zone_type = std::move(type);
  z.zone.enabled = true;
  z.zone.status = "available";
  z.zone.domain_id = "default";
  z.zone.is_public = true;
  z.zone.public_scope = "system";
  z.zone.description = "office network";
  z.zone.created_at = "2023-09-10 10:17:49";
  z.zone.updated_at = "2024-05-20 02:03:47";
  return z;
}

IntermediateRecordRow Rec(const IntermediateZone& z, std::string id, std::string name,
                          std::string type, std::string value) {
  IntermediateRecordRow r;
  r.id = std::move(id);
  r.zone_id = z.zone.id;
  r.name = std::move(name);
  r.dns_type = std::move(type);
  r.dns_value = std::move(value);
  r.ttl = 300;
  r.enabled = true;
  r.status = "available";
  r.created_at = "2023-09-11 11:34:58";
  r.updated_at = "2024-05-20 02:03:47";
  return r;
}

LegacyRow Legacy(std::string id, std::string name, std::string records) {
  LegacyRow r;
  r.id = std::move(id);
  r.name = std::move(name);
  r.records = std::move(records);
  r.ttl = 300;
  r.is_public = true;
  r.public_scope = "system";
  r.tenant_id = kSystem;
  r.created_at = "2022-11-05 08:21:39";
  r.updated_at = "2022-11-05 08:22:39";
  return r;
}

bool Has(const std::vector<Reason>& reasons, const std::string& code) {
  return std::any_of(reasons.begin(), reasons.end(),
                     [&](const Reason& r) { return r.code == code; });
}

// A run's pieces: legacy rows planned first, then intermediate zones.
struct PlanningRun {
  explicit PlanningRun(std::vector<std::string> intermediate_zone_names,
                       std::vector<ZoneRow> existing = {})
      : catalog(std::move(existing), {}, InferenceStrategy::kPsl),
        rows(catalog, shared, TargetVersion::k311),
        legacy(intermediate_zone_names) {
    directory.first_of_domain["default"] = {{kSystem}, "2022-01-01 00:00:10"};
    directory.domain_of_project[kSystem] = "default";
  }
  void AddLegacy(const LegacyRow& row) {
    (void)rows.Plan(row);
    legacy.Add(row);
  }
  IntermediateZonePlan Plan(const IntermediateZone& z, IntermediateOptions o = {}) {
    IntermediateZonePlanner planner(catalog, legacy, &directory, o);
    return planner.Plan(z);
  }
  const PlannedZone& ZoneOf(const IntermediateZonePlan& p) const {
    return catalog.zones().at(p.zone_slot);
  }

  SharedNames shared;
  ZoneCatalog catalog;
  RowPlanner rows;
  LegacyAnswers legacy;
  ProjectDirectory directory;
};

TEST(IntermediateZones, ALocalZoneIsCreatedWithTheIdOfItsNameAndOwner) {
  PlanningRun run({"office.example-shop.com"});
  IntermediateZone z = Zone("d2000000-0007-4000-8000-000000000007", "Office.Example-Shop.com.");
  z.records.push_back(Rec(z, "d5000000-0007-4000-8000-000000000035", "NAS", "A", "192.168.10.30"));
  IntermediateZonePlan p = run.Plan(z);
  EXPECT_EQ(p.outcome, RowOutcome::kWarned);  // the owner came from the convention
  EXPECT_EQ(p.ReasonCodes(), "owner_first_project_of_domain");
  EXPECT_EQ(p.home, ZoneHome::kCreated);
  EXPECT_EQ(p.name, "office.example-shop.com");
  const PlannedZone& zone = run.ZoneOf(p);
  EXPECT_EQ(zone.id, ZoneId("office.example-shop.com", "default", kSystem, true, "system"));
  EXPECT_FALSE(zone.exists);
  EXPECT_EQ(zone.zone_type, "PrivateZone");
  EXPECT_TRUE(zone.enabled);
  EXPECT_EQ(zone.description, "office network");
  EXPECT_EQ(zone.created_at, "2023-09-10 10:17:49");
  EXPECT_EQ(zone.updated_at, "2024-05-20 02:03:47");
  EXPECT_EQ(zone.rows, 0);
  EXPECT_EQ(zone.intermediate_zones, 1);
  EXPECT_EQ(zone.intermediate_records, 1);
  ASSERT_EQ(p.records.size(), 1u);
  const IntermediateRecordPlan& r = p.records[0];
  EXPECT_EQ(r.outcome, RowOutcome::kMigrated);
  EXPECT_EQ(r.id, IntermediateRecordId("d5000000-0007-4000-8000-000000000035"));
  EXPECT_EQ(r.name, "nas");
  EXPECT_EQ(r.fqdn, "nas.office.example-shop.com");
  EXPECT_EQ(r.value, "192.168.10.30");
  EXPECT_EQ(r.ttl, 300);
  EXPECT_TRUE(r.enabled);
  EXPECT_EQ(r.created_at, "2023-09-11 11:34:58");
  EXPECT_EQ(p.RecordsToWrite(), 1u);
}

TEST(IntermediateZones, TheSameInputGivesTheSamePlan) {
  IntermediateZone z = Zone("z7", "office.example-shop.com");
  z.records.push_back(Rec(z, "r1", "nas", "A", "192.168.10.30"));
  PlanningRun a({z.zone.name}), b({z.zone.name});
  IntermediateZonePlan pa = a.Plan(z), pb = b.Plan(z);
  EXPECT_EQ(a.ZoneOf(pa).id, b.ZoneOf(pb).id);
  EXPECT_EQ(pa.records[0].id, pb.records[0].id);
  EXPECT_NE(pa.records[0].id, RecordId("r1", 0));  // never a legacy record's id
}

TEST(IntermediateZones, RecordsMergeIntoTheZoneLegacyRowsProduceForTheSameOwner) {
  PlanningRun run({"example.com"});
  run.AddLegacy(Legacy("c1", "bastion.example.com", "A:203.0.113.150"));
  IntermediateZone z = Zone("z9", "example.com");
  z.records.push_back(Rec(z, "r1", "www", "A", "203.0.113.10"));
  IntermediateZonePlan p = run.Plan(z);
  EXPECT_EQ(p.home, ZoneHome::kLegacy);
  const PlannedZone& zone = run.ZoneOf(p);
  EXPECT_EQ(zone.rows, 1);
  EXPECT_EQ(zone.zone_type, "PrivateZone");
  EXPECT_EQ(zone.created_at, "2022-11-05 08:21:39");  // the legacy zone's times stay
  EXPECT_EQ(run.catalog.zones().size(), 1u);
  EXPECT_EQ(p.records[0].outcome, RowOutcome::kMigrated);
}

TEST(IntermediateZones, AnotherOwnerMakesAnotherZone) {
  PlanningRun run({"example.com"});
  LegacyRow priv = Legacy("c5", "dev.example.com", "A:10.70.1.10");
  priv.is_public = false;
  priv.public_scope = "none";
  priv.tenant_id = kWebProd;
  run.AddLegacy(priv);
  IntermediateZonePlan p = run.Plan(Zone("z9", "example.com"));
  EXPECT_EQ(p.home, ZoneHome::kCreated);
  EXPECT_EQ(run.catalog.zones().size(), 2u);
}

TEST(IntermediateZones, AZoneAlreadyInTheTargetReceivesTheRecords) {
  ZoneRow existing;
  existing.id = "operator-zone";
  existing.name = "example.com";
  existing.tenant_id = kSystem;
  existing.is_public = true;
  PlanningRun run({"example.com"}, {existing});
  IntermediateZone z = Zone("z9", "example.com", "PublicZone");
  z.records.push_back(Rec(z, "r1", "www", "A", "203.0.113.10"));
  IntermediateZonePlan p = run.Plan(z);
  EXPECT_EQ(p.home, ZoneHome::kExisting);
  EXPECT_EQ(run.ZoneOf(p).id, "operator-zone");
  EXPECT_TRUE(Has(p.reasons, "zone_type_differs"));  // PublicZone into a PrivateZone
}

TEST(IntermediateZones, TwoIntermediateZonesOfOneNameAndOwnerShareOneZone) {
  PlanningRun run({"lab.example.org"});
  IntermediateZone first = Zone("z1", "lab.example.org");
  IntermediateZone second = Zone("z2", "LAB.example.org");
  second.zone.created_at = "2021-01-01 00:00:00";
  IntermediateZonePlan a = run.Plan(first);
  IntermediateZonePlan b = run.Plan(second);
  EXPECT_EQ(a.home, ZoneHome::kCreated);
  EXPECT_EQ(b.home, ZoneHome::kIntermediate);
  EXPECT_EQ(a.zone_slot, b.zone_slot);
  EXPECT_EQ(run.ZoneOf(b).created_at, "2021-01-01 00:00:00");
  EXPECT_EQ(run.ZoneOf(b).intermediate_zones, 2);
}

TEST(IntermediateZones, ADisabledZoneIsCreatedDisabledAndNeverDisablesAnotherZone) {
  PlanningRun run({"lab.example.org", "example.com"});
  IntermediateZone off = Zone("z10", "lab.example.org");
  off.zone.enabled = std::nullopt;  // NULL reads as disabled, the column's default is 0
  off.records.push_back(Rec(off, "r1", "app", "A", "10.60.0.5"));
  IntermediateZonePlan created = run.Plan(off);
  EXPECT_TRUE(Has(created.reasons, "zone_disabled"));
  EXPECT_FALSE(run.ZoneOf(created).enabled);
  EXPECT_TRUE(created.records[0].enabled);  // its own flag: the zone stops it

  run.AddLegacy(Legacy("c1", "bastion.example.com", "A:203.0.113.150"));
  IntermediateZone off2 = Zone("z11", "example.com");
  off2.zone.enabled = false;
  off2.records.push_back(Rec(off2, "r2", "www", "A", "203.0.113.10"));
  IntermediateZonePlan merged = run.Plan(off2);
  EXPECT_EQ(merged.home, ZoneHome::kLegacy);
  EXPECT_TRUE(Has(merged.reasons, "zone_disabled"));
  EXPECT_TRUE(run.ZoneOf(merged).enabled);  // the legacy rows' zone stays enabled
  EXPECT_FALSE(merged.records[0].enabled);  // its records are written disabled
}

TEST(IntermediateZones, RecordsMergedIntoADisabledExistingZoneAreReported) {
  ZoneRow existing;
  existing.id = "operator-zone";
  existing.name = "example.com";
  existing.tenant_id = kSystem;
  existing.is_public = true;
  existing.enabled = false;
  PlanningRun run({"example.com"}, {existing});
  IntermediateZonePlan p = run.Plan(Zone("z9", "example.com"));
  EXPECT_TRUE(Has(p.reasons, "zone_disabled"));
}

TEST(IntermediateZones, AnUnsharedZoneBecomesPrivateToItsProject) {
  PlanningRun run({"old-lab.example.net"});
  IntermediateZone z = Zone("z10", "old-lab.example.net");
  z.zone.is_public = false;
  z.zone.public_scope = "none";
  IntermediateZonePlan p = run.Plan(z);
  EXPECT_TRUE(Has(p.reasons, "visibility_narrowed_to_project"));
  EXPECT_FALSE(p.owner.is_public);
  EXPECT_EQ(p.owner.public_scope, "none");
  EXPECT_EQ(p.owner.tenant_id, kSystem);
}

TEST(IntermediateZones, VpcLinksAreCarriedOncePerVpc) {
  PlanningRun run({"office.example-shop.com"});
  IntermediateZone z = Zone("z7", "office.example-shop.com");
  z.vpcs = {{2, "z7", "vpc-a", "2023-09-10 10:17:49", "2023-09-10 10:17:49"},
            {3, "z7", "vpc-b", "2023-09-12 08:00:00", "2023-09-12 08:00:00"},
            {5, "z7", "vpc-a", "2024-01-01 00:00:00", "2024-01-01 00:00:00"}};
  IntermediateZonePlan p = run.Plan(z);
  ASSERT_EQ(p.vpcs.size(), 2u);
  EXPECT_EQ(p.vpcs[0].vpc_id, "vpc-a");
  EXPECT_EQ(p.vpcs[0].created_at, "2023-09-10 10:17:49");  // the first link's times
  EXPECT_EQ(p.vpcs[1].vpc_id, "vpc-b");
}

TEST(IntermediateZones, AZoneWithoutADecidableOwnerIsRefusedWithItsRecords) {
  PlanningRun run({"partner.example.net"});
  IntermediateZone z = Zone("z12", "partner.example.net");
  z.zone.domain_id = "3f1e9a7c5b2d4e6f8a0b1c2d3e4f5a6b";
  z.records.push_back(Rec(z, "r1", "www", "A", "198.51.100.7"));
  IntermediateZonePlan p = run.Plan(z);
  EXPECT_EQ(p.outcome, RowOutcome::kSkipped);
  EXPECT_TRUE(p.rejected);
  EXPECT_EQ(p.ReasonCodes(), "owner_undecided");
  EXPECT_EQ(p.home, ZoneHome::kNone);
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].outcome, RowOutcome::kSkipped);
  EXPECT_TRUE(Has(p.records[0].reasons, "zone_not_migrated"));
  EXPECT_EQ(p.RecordsToWrite(), 0u);
  EXPECT_TRUE(run.catalog.zones().empty());

  IntermediateOptions o;
  o.projects.Add("3f1e9a7c5b2d4e6f8a0b1c2d3e4f5a6b=partner-project");
  IntermediateZonePlan decided = run.Plan(z, o);
  EXPECT_EQ(decided.outcome, RowOutcome::kMigrated);
  EXPECT_EQ(decided.owner.tenant_id, "partner-project");
}

TEST(IntermediateZones, ZonesNoTargetCanHoldAreRefusedAndDeletionsAreNotUndone) {
  PlanningRun run({"x.example.org"});
  IntermediateZone bad_name = Zone("z1", "*.example.org");
  EXPECT_EQ(run.Plan(bad_name).ReasonCodes(), "invalid_zone_name");
  IntermediateZone bad_label = Zone("z2", "a..example.org");
  EXPECT_EQ(run.Plan(bad_label).ReasonCodes(), "invalid_zone_name");
  IntermediateZone bad_type = Zone("z3", "x.example.org", "ForwardZone");
  IntermediateZonePlan t = run.Plan(bad_type);
  EXPECT_EQ(t.ReasonCodes(), "unknown_zone_type");
  EXPECT_TRUE(t.rejected);
  IntermediateZone deleting = Zone("z4", "x.example.org");
  deleting.zone.status = "delete_failed";
  IntermediateZonePlan d = run.Plan(deleting);
  EXPECT_EQ(d.ReasonCodes(), "zone_deletion_pending");
  EXPECT_EQ(d.outcome, RowOutcome::kSkipped);
  EXPECT_FALSE(d.rejected);
}

TEST(IntermediateZones, StateAndTypeOfTheZoneAreReported) {
  PlanningRun run({"lab.example.org"});
  IntermediateZone z = Zone("z8", "lab.example.org", "PublicZone");
  z.zone.status = "sync_record_sets_failed";
  IntermediateZonePlan p = run.Plan(z);
  EXPECT_TRUE(Has(p.reasons, "zone_status_reset"));
  EXPECT_TRUE(Has(p.reasons, "local_public_zone"));
  EXPECT_EQ(run.ZoneOf(p).zone_type, "PublicZone");
}

// ---- Conflicts with what legacy rows answered ----

struct ConflictCase {
  const char* label;
  const char* legacy_name;
  const char* legacy_records;
  const char* record_name;
  const char* type;
  bool conflict;
};

void PrintTo(const ConflictCase& c, std::ostream* os) { *os << c.label; }

class IntermediateConflict : public ::testing::TestWithParam<ConflictCase> {};

TEST_P(IntermediateConflict, LegacyRowsWinTheNamesTheyAnswered) {
  const ConflictCase& c = GetParam();
  PlanningRun run({"office.example-shop.com"});
  run.AddLegacy(Legacy("c2", c.legacy_name, c.legacy_records));
  IntermediateZone z = Zone("z7", "office.example-shop.com");
  z.records.push_back(Rec(z, "r1", c.record_name, c.type,
                          std::string(c.type) == "CNAME"  ? "nas.office.example-shop.com"
                          : std::string(c.type) == "AAAA" ? "fd00::20"
                                                          : "192.168.10.20"));
  IntermediateZonePlan p = run.Plan(z);
  const IntermediateRecordPlan& r = p.records.at(0);
  EXPECT_EQ(Has(r.reasons, "legacy_name_wins"), c.conflict);
  EXPECT_EQ(r.outcome == RowOutcome::kSkipped, c.conflict);
  EXPECT_FALSE(r.rejected);
  EXPECT_EQ(run.ZoneOf(p).intermediate_records, c.conflict ? 0 : 1);

  IntermediateOptions both;
  both.conflicts = IntermediateConflicts::kKeepBoth;
  PlanningRun again({"office.example-shop.com"});
  again.AddLegacy(Legacy("c2", c.legacy_name, c.legacy_records));
  const IntermediateZonePlan kept_zone = again.Plan(z, both);
  const IntermediateRecordPlan& kept = kept_zone.records.at(0);
  EXPECT_NE(kept.outcome, RowOutcome::kSkipped);
  EXPECT_EQ(Has(kept.reasons, "answer_differs_from_legacy"), c.conflict);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, IntermediateConflict,
    ::testing::Values(
        ConflictCase{"same_name_same_type", "printer.office.example-shop.com", "A:192.168.10.20",
                     "printer", "A", true},
        ConflictCase{"name_in_other_case", "Printer.Office.example-shop.com", "A:192.168.10.21",
                     "PRINTER", "A", true},
        ConflictCase{"type_legacy_did_not_answer", "printer.office.example-shop.com",
                     "A:192.168.10.20", "printer", "AAAA", false},
        ConflictCase{"legacy_cname_answered_every_type", "printer.office.example-shop.com",
                     "CNAME:nas.office.example-shop.com", "printer", "A", true},
        ConflictCase{"wildcard_above_a_legacy_name", "office.example-shop.com", "A:192.168.10.1",
                     "*", "A", true},
        ConflictCase{"wildcard_beside_a_legacy_name", "printer.office.example-shop.com",
                     "A:192.168.10.20", "*", "A", false},
        ConflictCase{"legacy_name_with_trailing_dot", "printer.office.example-shop.com.",
                     "A:192.168.10.20", "printer", "A", false},
        ConflictCase{"other_name", "scanner.office.example-shop.com", "A:192.168.10.20", "printer",
                     "A", false}),
    [](const auto& info) { return std::string(info.param.label); });

TEST(IntermediateZones, TypesTheTargetNeverServesChangeNoLegacyAnswer) {
  PlanningRun run({"example.com"});
  run.AddLegacy(Legacy("c4", "git.example.com", "CNAME:bastion.example.com"));
  IntermediateZone z = Zone("z9", "example.com");
  z.records.push_back(Rec(z, "r1", "git", "TXT", "v=git"));
  const IntermediateZonePlan p = run.Plan(z);
  const IntermediateRecordPlan& r = p.records.at(0);
  EXPECT_EQ(r.outcome, RowOutcome::kWarned);
  EXPECT_TRUE(Has(r.reasons, "type_not_served_by_target"));
  EXPECT_FALSE(Has(r.reasons, "legacy_name_wins"));

  // 3.10.x answers one record of the name whatever its type: then it conflicts.
  IntermediateOptions o;
  o.target = TargetVersion::k310;
  PlanningRun old({"example.com"});
  old.AddLegacy(Legacy("c4", "git.example.com", "CNAME:bastion.example.com"));
  EXPECT_TRUE(Has(old.Plan(z, o).records.at(0).reasons, "legacy_name_wins"));
}

TEST(IntermediateZones, OnlyRecordsThatAnswerTheSameClientsConflict) {
  IntermediateZone z = Zone("z7", "office.example-shop.com");
  z.zone.is_public = false;
  z.zone.public_scope = "none";
  z.records.push_back(Rec(z, "r1", "printer", "A", "192.168.10.99"));
  PlanningRun other({z.zone.name});
  LegacyRow priv = Legacy("c2", "printer.office.example-shop.com", "A:192.168.10.20");
  priv.is_public = false;
  priv.tenant_id = kWebProd;  // another project's private row: its clients never see the zone
  other.AddLegacy(priv);
  EXPECT_FALSE(Has(other.Plan(z).records.at(0).reasons, "legacy_name_wins"));

  PlanningRun same({z.zone.name});
  priv.tenant_id = kSystem;  // the zone's own project
  same.AddLegacy(priv);
  EXPECT_TRUE(Has(same.Plan(z).records.at(0).reasons, "legacy_name_wins"));

  PlanningRun disabled({z.zone.name});
  LegacyRow off = Legacy("c2", "printer.office.example-shop.com", "A:192.168.10.20");
  off.enabled = false;  // legacy served nothing from it
  disabled.AddLegacy(off);
  EXPECT_FALSE(Has(disabled.Plan(z).records.at(0).reasons, "legacy_name_wins"));
}

TEST(IntermediateZones, RecordsThatNeverAnswerNeverConflict) {
  PlanningRun run({"office.example-shop.com"});
  run.AddLegacy(Legacy("c2", "office.example-shop.com", "A:192.168.10.1"));
  IntermediateZone z = Zone("z7", "office.example-shop.com");
  z.records.push_back(Rec(z, "r1", "@", "A", "192.168.10.2"));  // '@' never resolves
  IntermediateRecordRow off = Rec(z, "r2", "*", "A", "192.168.10.3");
  off.enabled = false;  // 3.11 filters records on enabled
  z.records.push_back(off);
  IntermediateZonePlan p = run.Plan(z);
  EXPECT_FALSE(Has(p.records[0].reasons, "legacy_name_wins"));
  EXPECT_TRUE(Has(p.records[0].reasons, "apex_not_served_by_target"));
  EXPECT_FALSE(Has(p.records[1].reasons, "legacy_name_wins"));
  EXPECT_FALSE(p.records[1].enabled);
}

TEST(IntermediateZones, RecordRulesTheApiWouldRefuseAreReported) {
  PlanningRun run({"lab.example.org"});
  IntermediateZone z = Zone("z8", "lab.example.org");
  z.records.push_back(Rec(z, "r1", "ci", "CNAME", "gitlab.lab.example.org"));
  z.records.push_back(Rec(z, "r2", "ci", "A", "10.50.0.10"));
  z.records.push_back(Rec(z, "r3", "bad", "A", "not-an-ip"));
  IntermediateRecordRow off = Rec(z, "r4", "staging", "A", "10.50.0.40");
  off.enabled = false;
  z.records.push_back(off);
  IntermediateOptions o;
  o.target = TargetVersion::k310;
  IntermediateZonePlan p = run.Plan(z, o);
  EXPECT_TRUE(Has(p.records[0].reasons, "cname_beside_other_data"));
  EXPECT_TRUE(Has(p.records[1].reasons, "cname_beside_other_data"));
  EXPECT_TRUE(p.records[2].rejected);
  EXPECT_TRUE(Has(p.records[2].reasons, "invalid_value"));
  EXPECT_TRUE(Has(p.records[3].reasons, "disabled_served_by_target"));
  EXPECT_EQ(p.RecordsToWrite(), 3u);
}

TEST(IntermediateZones, ConflictOptionParsesItsTwoSpellings) {
  EXPECT_EQ(ParseIntermediateConflicts("legacy-wins"), IntermediateConflicts::kLegacyWins);
  EXPECT_EQ(ParseIntermediateConflicts("keep-both"), IntermediateConflicts::kKeepBoth);
  EXPECT_THROW((void)ParseIntermediateConflicts("keep"), ConfigError);
  EXPECT_EQ(ToString(IntermediateConflicts::kKeepBoth), "keep-both");
}

}  // namespace
}  // namespace cpdns
