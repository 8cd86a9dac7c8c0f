// What the plans of intermediate zones add up to, in text and JSON.
#include "core/intermediate_report.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace cpdns {
namespace {

IntermediateRecordPlan Record(std::string id, RowOutcome outcome, std::vector<Reason> reasons,
                              bool rejected = false) {
  IntermediateRecordPlan r;
  r.source_id = std::move(id);
  r.raw_name = "www";
  r.outcome = outcome;
  r.rejected = rejected;
  r.reasons = std::move(reasons);
  if (outcome != RowOutcome::kSkipped || !rejected) {
    r.id = "rec-" + r.source_id;
    r.name = "www";
    r.type = "A";
    r.value = "10.0.0.1";
  }
  return r;
}

struct Plans {
  Plans() : catalog({}, {}, InferenceStrategy::kPsl) {
    ZoneOwner owner{"default", "p1", true, "system"};
    IntermediateZonePlan created;
    created.source_id = "z1";
    created.raw_name = "lab.example.org";
    created.outcome = RowOutcome::kMigrated;
    created.home = ZoneHome::kCreated;
    created.owner = owner;
    created.zone_slot = catalog.Resolve("lab.example.org", owner);
    created.vpcs = {{"vpc-a", "", ""}};
    created.records = {Record("r1", RowOutcome::kMigrated, {}),
                       Record("r2", RowOutcome::kWarned, {{"type_not_served_by_target", "TXT"}}),
                       Record("r3", RowOutcome::kSkipped, {{"legacy_name_wins", "legacy row c1"}}),
                       Record("r4", RowOutcome::kSkipped, {{"invalid_value", "A value x"}}, true)};
    IntermediateZonePlan refused;
    refused.source_id = "z2";
    refused.raw_name = "partner.example.net";
    refused.rejected = true;
    refused.reasons = {{"owner_undecided", "no project"}};
    refused.records = {Record("r5", RowOutcome::kSkipped, {{"zone_not_migrated", "z2"}})};
    refused.records[0].type.clear();
    plans = {created, refused};
  }
  ZoneCatalog catalog;
  std::vector<IntermediateZonePlan> plans;
};

TEST(IntermediateReport, CountsEveryZoneAndRecordOnce) {
  Plans p;
  IntermediateTotals t = SummarizeIntermediate(p.plans);
  EXPECT_EQ(t.zones, 2);
  EXPECT_EQ(t.zones_created, 1);
  EXPECT_EQ(t.zones_merged, 0);
  EXPECT_EQ(t.zones_rejected, 1);
  EXPECT_EQ(t.records, 5);
  EXPECT_EQ(t.records_to_write, 2);
  EXPECT_EQ(t.records_not_served, 1);
  EXPECT_EQ(t.records_legacy_wins, 1);
  EXPECT_EQ(t.records_rejected, 1);
  EXPECT_EQ(t.records_with_zone, 1);
  EXPECT_EQ(t.vpcs, 1);
  EXPECT_EQ(t.Rejected(), 2);
  EXPECT_EQ(t.by_reason.at("owner_undecided"), 1);
}

TEST(IntermediateReport, ReportModeSaysWhatMigrateWouldDo) {
  Plans p;
  std::ostringstream out;
  WriteIntermediateText(p.plans, p.catalog, {}, out);
  const std::string text = out.str();
  EXPECT_NE(text.find("2 zones, 5 records"), std::string::npos) << text;
  EXPECT_NE(text.find("not migrated; --intermediate-zones migrate would create 1 zones"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("owner_undecided:"), std::string::npos) << text;  // no detail listing
}

TEST(IntermediateReport, MigrateModeListsZonesAndReasons) {
  Plans p;
  std::ostringstream planned, written;
  WriteIntermediateText(p.plans, p.catalog, {.migrate = true}, planned);
  WriteIntermediateText(p.plans, p.catalog, {.migrate = true, .executed = true}, written);
  EXPECT_NE(planned.str().find("to create 1 zones"), std::string::npos) << planned.str();
  EXPECT_NE(planned.str().find("\"partner.example.net\" (z2): not migrated: owner_undecided"),
            std::string::npos)
      << planned.str();
  EXPECT_NE(planned.str().find("legacy_name_wins:\n    record r3"), std::string::npos)
      << planned.str();
  EXPECT_NE(written.str().find("created 1 zones"), std::string::npos) << written.str();
  EXPECT_NE(written.str().find("wrote 2 records"), std::string::npos) << written.str();
}

TEST(IntermediateReport, JsonHoldsEveryZoneAndRecord) {
  Plans p;
  nlohmann::json j = IntermediateJson(p.plans, p.catalog);
  EXPECT_EQ(j["totals"]["records_to_write"], 2);
  ASSERT_EQ(j["zones"].size(), 2u);
  EXPECT_EQ(j["zones"][0]["zone_id"], p.catalog.zones().at(0).id);
  EXPECT_EQ(j["zones"][0]["vpcs"][0], "vpc-a");
  EXPECT_EQ(j["zones"][0]["records"][0]["record_id"], "rec-r1");
  EXPECT_FALSE(j["zones"][1].contains("zone_id"));
  EXPECT_FALSE(j["zones"][1]["records"][0].contains("record_id"));
  EXPECT_EQ(j["zones"][1]["reasons"][0]["code"], "owner_undecided");
}

}  // namespace
}  // namespace cpdns
