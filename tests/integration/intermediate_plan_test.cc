// The intermediate model's local zones of fixtures/cloud planned from the real server the way
// a run plans them: every legacy row through RowPlanner first (the zones the legacy rows
// make, what they answered), then every local zone. Compared with the hand-written
// fixtures/cloud/expected/intermediate_zones.tsv and intermediate_records.tsv.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/dns_name.h"
#include "core/intermediate_source.h"
#include "core/intermediate_zones.h"
#include "core/legacy_source.h"
#include "core/uuid.h"
#include "tests/integration/migrator_harness.h"
#include "tests/integration/test_database.h"

namespace cpdns {
namespace {

using testing::ScratchDatabase;

constexpr const char* kPartnerDomain = "3f1e9a7c5b2d4e6f8a0b1c2d3e4f5a6b";

struct PlannedFixture {
  ZoneCatalog catalog{{}, {}, InferenceStrategy::kPsl};
  std::vector<IntermediateZonePlan> plans;

  const PlannedZone& ZoneOf(const IntermediateZonePlan& p) const {
    return catalog.zones().at(p.zone_slot);
  }
  const IntermediateZonePlan& Named(const std::string& name) const {
    for (const IntermediateZonePlan& p : plans) {
      if (p.name == name) return p;
    }
    throw std::runtime_error("no plan for " + name);
  }
};

std::unique_ptr<PlannedFixture> Plan(Connection& conn, const IntermediateOptions& options) {
  auto out = std::make_unique<PlannedFixture>();
  IntermediateSnapshot s = ReadIntermediateZones(conn, {}, options.projects.ProjectIds());
  std::vector<std::string> names;
  for (const IntermediateZone& z : s.zones) {
    if (NameResult n = NormalizeName(z.zone.name); n.ok()) names.push_back(n.value.name);
  }
  LegacyAnswers legacy(names);
  SharedNames shared = FindSharedNames(conn, "dnsrecord_tbl");
  RowPlanner rows(out->catalog, shared, options.target);
  LegacySource source(conn, "dnsrecord_tbl");
  source.StartAfter(std::nullopt);
  LegacyRow row;
  while (source.Next(row)) {
    (void)rows.Plan(row);
    legacy.Add(row);
  }
  IntermediateZonePlanner planner(out->catalog, legacy, s.projects ? &*s.projects : nullptr,
                                  options);
  for (const IntermediateZone& z : s.zones) out->plans.push_back(planner.Plan(z));
  return out;
}

std::string Expected(const std::string& file) {
  return (testing::SourceDir() / "fixtures" / "cloud" / "expected" / file).string();
}

std::string Vpcs(const IntermediateZonePlan& p) {
  std::string out;
  for (const IntermediateVpcPlan& v : p.vpcs) out += (out.empty() ? "" : ",") + v.vpc_id;
  return out.empty() ? "-" : out;
}

std::string Codes(const std::vector<Reason>& reasons) {
  std::string out;
  for (const Reason& r : reasons) out += (out.empty() ? "" : ",") + r.code;
  return out;
}

// One zone plan as a line of intermediate_zones.tsv.
std::vector<std::string> ZoneLine(const PlannedFixture& f, const IntermediateZonePlan& p) {
  if (p.home == ZoneHome::kNone) {
    return {p.source_id,
            std::string(ToString(p.outcome)),
            p.ReasonCodes(),
            p.name,
            "none",
            "-",
            "-",
            "-",
            "-",
            "-",
            "-"};
  }
  const PlannedZone& z = f.ZoneOf(p);
  return {p.source_id,
          std::string(ToString(p.outcome)),
          p.ReasonCodes(),
          p.name,
          std::string(ToString(p.home)),
          p.owner.tenant_id,
          p.owner.is_public ? "1" : "0",
          p.owner.public_scope,
          z.zone_type,
          z.enabled ? "1" : "0",
          Vpcs(p)};
}

std::vector<std::string> RecordLine(const IntermediateZonePlan& zone,
                                    const IntermediateRecordPlan& r) {
  if (r.type.empty()) {
    return {r.source_id,
            std::string(ToString(r.outcome)),
            Codes(r.reasons),
            zone.name,
            "-",
            "-",
            "-",
            "-",
            "-",
            "-"};
  }
  return {r.source_id,
          std::string(ToString(r.outcome)),
          Codes(r.reasons),
          zone.name,
          r.name,
          r.type,
          r.value,
          std::to_string(r.ttl),
          std::to_string(r.mx_priority),
          r.enabled ? "1" : "0"};
}

class IntermediatePlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_.LoadLegacySchema();
    db_.LoadTargetSchema("v3.11");
    db_.LoadFixture("cloud");
    conn_.emplace(db_.Connect());
  }
  ScratchDatabase db_;
  std::optional<Connection> conn_;
};

TEST_F(IntermediatePlanTest, EveryZoneAndRecordAsTheHandWrittenExpectationSays) {
  auto f = Plan(*conn_, {});
  std::vector<std::vector<std::string>> zones;
  for (const IntermediateZonePlan& p : f->plans) zones.push_back(ZoneLine(*f, p));
  EXPECT_EQ(zones, testing::ReadTsv(Expected("intermediate_zones.tsv")));

  std::vector<std::vector<std::string>> records;
  for (const IntermediateZonePlan& p : f->plans) {
    for (const IntermediateRecordPlan& r : p.records) records.push_back(RecordLine(p, r));
  }
  const auto want = testing::ReadTsv(Expected("intermediate_records.tsv"));
  ASSERT_EQ(records.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(records[i], want[i]) << "line " << i;
}

TEST_F(IntermediatePlanTest, MergedAndCreatedZonesGetTheIdsOfTheirNameAndOwner) {
  auto f = Plan(*conn_, {});
  const IntermediateZonePlan& merged = f->Named("example.com");
  EXPECT_EQ(f->ZoneOf(merged).id,
            ZoneId("example.com", "default", "5d65667d112e47249ae66dbd7bc07030", true, "system"));
  EXPECT_EQ(f->ZoneOf(merged).rows, 3);  // bastion, git, _ssh._tcp
  EXPECT_EQ(f->ZoneOf(merged).intermediate_records, 4);
  const IntermediateZonePlan& lab = f->Named("lab.example.org");
  EXPECT_EQ(f->ZoneOf(lab).description, std::nullopt);
  EXPECT_EQ(f->ZoneOf(lab).created_at, "2023-10-11 10:28:56");
  EXPECT_EQ(f->ZoneOf(lab).intermediate_records, 8);
  EXPECT_EQ(lab.records[0].id, IntermediateRecordId("d5000000-0008-4000-8000-000000000037"));
  // Three zones from legacy rows, three created from intermediate zones.
  EXPECT_EQ(f->catalog.zones().size(), 6u);
}

TEST_F(IntermediatePlanTest, TheOperatorNamesTheOwnerTheConventionCannotFind) {
  IntermediateOptions o;
  o.projects.Add(std::string(kPartnerDomain) + "=partner-project");
  auto f = Plan(*conn_, o);
  const IntermediateZonePlan& partner = f->Named("partner.example.net");
  EXPECT_EQ(partner.outcome, RowOutcome::kWarned);
  EXPECT_EQ(partner.ReasonCodes(), "local_public_zone");
  EXPECT_EQ(partner.owner.tenant_id, "partner-project");
  EXPECT_EQ(partner.owner.domain_id, kPartnerDomain);
  EXPECT_EQ(partner.RecordsToWrite(), 1u);

  // A project of domain default named for every domain is refused for the partner's zone.
  IntermediateOptions wrong;
  wrong.projects.Add("c2b7a6d81f3e4a9bb0e5d4c3f2a19087");
  auto g = Plan(*conn_, wrong);
  EXPECT_EQ(g->Named("partner.example.net").ReasonCodes(), "owner_project_other_domain");
  EXPECT_EQ(g->Named("example.com").home, ZoneHome::kCreated);  // another owner: its own zone
}

TEST_F(IntermediatePlanTest, KeepBothMigratesTheRecordsLegacyRowsWin) {
  IntermediateOptions o;
  o.conflicts = IntermediateConflicts::kKeepBoth;
  auto f = Plan(*conn_, o);
  const IntermediateRecordPlan& printer = f->Named("office.example-shop.com").records.at(0);
  EXPECT_EQ(printer.source_id, "d5000000-0007-4000-8000-000000000034");
  EXPECT_EQ(printer.outcome, RowOutcome::kWarned);
  EXPECT_EQ(Codes(printer.reasons), "answer_differs_from_legacy");
  EXPECT_NE(printer.reasons[0].detail.find("c10d0000-0000-4000-8000-000000000002"),
            std::string::npos);
  const IntermediateRecordPlan& bastion = f->Named("example.com").records.at(1);
  EXPECT_EQ(Codes(bastion.reasons), "answer_differs_from_legacy");
}

}  // namespace
}  // namespace cpdns
