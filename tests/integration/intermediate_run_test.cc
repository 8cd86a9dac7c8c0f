// dns-migrator and the intermediate model's local zones of fixtures/cloud, end to end: every
// plan lists them; --intermediate-zones migrate plans each zone and record as the hand-written
// fixtures/cloud/expected/intermediate_*.tsv say, from the run's own pass over the legacy rows;
// the option and its value are spelled out (intermediate_write_test.cc writes them).
#include <gtest/gtest.h>
#include <set>

#include <string>
#include <vector>

#include "tests/integration/migrator_harness.h"

namespace cpdns::testing {
namespace {

using nlohmann::json;

std::string Codes(const json& reasons) {
  std::string out;
  for (const json& r : reasons) out += (out.empty() ? "" : ",") + r.at("code").get<std::string>();
  return out;
}

std::vector<std::vector<std::string>> Expected(const std::string& file) {
  return ReadTsv(SourceDir() / "fixtures" / "cloud" / "expected" / file);
}

class IntermediateRun : public ::testing::Test {
 protected:
  void SetUp() override { LoadFixtureDatabase(db_, "cloud"); }
  ProcessResult Plan(std::vector<std::string> args, const TempPath& json_path) {
    args.insert(args.end(), {"--report-json", json_path.path()});
    return RunMigrator(db_, args);
  }
  ScratchDatabase db_;
};

TEST_F(IntermediateRun, MigratePlansEveryZoneAndRecordAsExpected) {
  TempPath path("intermediate-plan");
  const Snapshot before = TakeSnapshot(db_, TargetTables());
  ProcessResult r = Plan({"--intermediate-zones", "migrate"}, path);
  // The zone whose domain has no project is refused: a rejection, as for a legacy row.
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_NE(r.out.find("Local zones of the intermediate model (never served by region-dns): 5 "
                       "zones, 18 records"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("owner_undecided:"), std::string::npos) << r.out;
  const json section = ReadJson(path.path()).at("intermediate_zones");
  EXPECT_EQ(section.at("mode"), "migrate");
  std::vector<std::vector<std::string>> zones, records;
  for (const json& z : section.at("zones")) {
    zones.push_back({z.at("id"), z.at("outcome"), Codes(z.at("reasons")), z.at("home")});
    for (const json& rec : z.at("records")) {
      std::vector<std::string> line = {rec.at("id"), rec.at("outcome"), Codes(rec.at("reasons"))};
      if (rec.contains("type")) {
        line.insert(line.end(), {rec.at("name"), rec.at("type"), rec.at("value"),
                                 std::to_string(rec.at("ttl").get<int64_t>()),
                                 std::to_string(rec.at("mx_priority").get<int64_t>()),
                                 rec.at("enabled").get<bool>() ? "1" : "0"});
      } else {
        line.insert(line.end(), 6, "-");
      }
      records.push_back(std::move(line));
    }
  }
  std::vector<std::vector<std::string>> want_zones, want_records;
  for (const auto& w : Expected("intermediate_zones.tsv")) want_zones.push_back({w[0], w[1], w[2], w[4]});
  for (const auto& w : Expected("intermediate_records.tsv")) {
    want_records.push_back({w[0], w[1], w[2], w[4], w[5], w[6], w[7], w[8], w[9]});
  }
  EXPECT_EQ(zones, want_zones);
  ASSERT_EQ(records.size(), want_records.size());
  for (std::size_t i = 0; i < records.size(); ++i) EXPECT_EQ(records[i], want_records[i]) << i;
  // Each planned record's change, by its record set: created, on a target without them.
  std::set<std::string> planned, changed;
  for (const auto& w : want_records) {
    if (w[1] != "skipped") planned.insert(w[0]);
  }
  const json report = ReadJson(path.path());
  for (const json& c : report.at("intermediate_changes")) {
    EXPECT_EQ(c.at("action"), "create") << c.dump();
    EXPECT_NE(c.at("fqdn").get<std::string>(), "") << c.dump();
    changed.insert(c.at("record_set").get<std::string>());
  }
  EXPECT_EQ(changed, planned);
  EXPECT_EQ(TakeSnapshot(db_, TargetTables()), before) << "a plan writes nothing";
}

TEST_F(IntermediateRun, EveryPlanReportsThemAndTheNamedOwnerDecides) {
  TempPath path("intermediate-report");
  ProcessResult r = Plan({}, path);
  EXPECT_EQ(r.exit_code, 0) << Describe(r);  // only reported: nothing of theirs is rejected
  EXPECT_NE(r.out.find("not migrated; --intermediate-zones migrate would create 3 zones"),
            std::string::npos)
      << r.out;
  const json section = ReadJson(path.path()).at("intermediate_zones");
  EXPECT_EQ(section.at("mode"), "report");
  EXPECT_EQ(section.at("totals").at("zones"), 5);

  // Naming the partner domain's project leaves nothing refused.
  ProcessResult named = Plan({"--intermediate-zones", "migrate", "--intermediate-project",
                              "3f1e9a7c5b2d4e6f8a0b1c2d3e4f5a6b=partner-project"},
                             path);
  EXPECT_EQ(named.exit_code, 0) << Describe(named);
  const json zones = ReadJson(path.path()).at("intermediate_zones").at("zones");
  ASSERT_EQ(zones.size(), 5u);
  EXPECT_EQ(zones[4].at("owner").at("tenant_id"), "partner-project");
  EXPECT_EQ(zones[4].at("home"), "created");
}

// A staged run takes the intermediate zones it names, and only their records.
TEST_F(IntermediateRun, OnlyZoneTakesTheIntermediateZonesItNames) {
  TempPath path("intermediate-only-zone");
  ProcessResult r = Plan({"--intermediate-zones", "migrate", "--only-zone", "lab.example.org"},
                         path);
  EXPECT_EQ(r.exit_code, 0) << Describe(r) << " (the refused zone is out of scope)";
  std::set<std::string> want, got;
  for (const auto& w : Expected("intermediate_records.tsv")) {
    if (w[3] == "lab.example.org" && w[1] != "skipped") want.insert(w[0]);
  }
  ASSERT_EQ(want.size(), 8u);
  const json report = ReadJson(path.path());
  for (const json& c : report.at("intermediate_changes")) {
    const std::string fqdn = c.at("fqdn");
    EXPECT_TRUE(fqdn == "lab.example.org" || fqdn.ends_with(".lab.example.org")) << fqdn;
    got.insert(c.at("record_set").get<std::string>());
  }
  EXPECT_EQ(got, want);
}

TEST_F(IntermediateRun, TheOptionAndItsValueAreSpelledOut) {
  const Snapshot before = TakeSnapshot(db_, TargetTables());
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--execute", "--intermediate-zon", "migrate"},
           {"--execute", "--intermediate-zones", "m"},
           {"--execute", "--intermediate-zones", "migrate", "--intermediate-conf", "keep-both"},
           {"--execute", "--intermediate-project", "p1"},
           {"--execute", "--intermediate-conflicts", "keep-both"}}) {
    ProcessResult r = RunMigrator(db_, args);
    EXPECT_EQ(r.exit_code, 2) << Describe(r);
  }
  ProcessResult e = RunMigrator(db_, {"--execute", "--intermediate-zones", "migr"});
  EXPECT_NE(e.err.find("--intermediate-zones takes report or migrate (spelled out)"),
            std::string::npos)
      << e.err;
  EXPECT_EQ(TakeSnapshot(db_, TargetTables()), before) << "nothing was written";
  EXPECT_FALSE(TableExists(db_, kRunsTable)) << "not even a run row";
}

}  // namespace
}  // namespace cpdns::testing
