// Staged migration: --only-zone (repeatable) and --only-project restrict a run to part
// of the legacy table, the rest reported as out of scope; disjoint staged runs end in
// the same bytes as one full run, and roll back like any run.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/database.h"
#include "tests/integration/living_target.h"

namespace cpdns::testing {
namespace {

using nlohmann::json;

// `basic` migrated in one run, in a database of its own.
struct FullRun {
  FullRun() : db("full") {
    LoadFixtureDatabase(db, "basic");
    ProcessResult r = RunMigrator(db, {"--execute"});
    EXPECT_EQ(r.exit_code, 1) << Describe(r);
  }
  void ExpectSameBytes(const ScratchDatabase& staged) const {
    EXPECT_EQ(TakeSnapshot(staged, TargetTables()), TakeSnapshot(db, TargetTables()));
    EXPECT_TRUE(SameRows(TableRows(staged, kZonesTable), TableRows(db, kZonesTable)));
    EXPECT_TRUE(SameRows(TableRows(staged, kRecordsTable), TableRows(db, kRecordsTable)));
  }
  ScratchDatabase db;
};

std::vector<std::string> ZoneNames(const ScratchDatabase& db) {
  TempPath report("zones.json");
  EXPECT_EQ(RunMigrator(db, {"--report-json", report.path()}).exit_code, 1);
  std::set<std::string> names;
  const json j = ReadJson(report.path());
  for (const json& z : j.at("zones")) names.insert(z.at("name").get<std::string>());
  EXPECT_FALSE(names.empty()) << j.at("zones").dump().substr(0, 400);
  return {names.begin(), names.end()};
}

TEST(MigratorStaged, DisjointZoneStagesEndInTheBytesOfOneFullRun) {
  const FullRun full;
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  const std::vector<std::string> names = ZoneNames(db);
  ASSERT_GT(names.size(), 4u);
  std::vector<std::string> stages[2];
  for (std::size_t i = 0; i < names.size(); ++i) {
    stages[i % 2].push_back("--only-zone");
    stages[i % 2].push_back(names[i]);
  }
  TempPath report("stage1.json");
  std::vector<std::string> first = {"--execute", "--report-json", report.path()};
  first.insert(first.end(), stages[0].begin(), stages[0].end());
  ProcessResult r1 = RunMigrator(db, first);
  ASSERT_EQ(r1.exit_code, 1) << Describe(r1);
  const json j = ReadJson(report.path());
  EXPECT_GT(j.at("totals").at("out_of_scope").get<int64_t>(), 0);
  EXPECT_FALSE(j.at("scope").is_null());
  int64_t outside = 0;
  for (const json& row : j.at("rows")) outside += row.value("in_scope", true) ? 0 : 1;
  EXPECT_EQ(outside, j.at("totals").at("out_of_scope").get<int64_t>());
  EXPECT_LT(db.Count(kRecordsTable), 237);
  EXPECT_GT(db.Count(kRecordsTable), 0);

  std::vector<std::string> second = {"--execute"};
  second.insert(second.end(), stages[1].begin(), stages[1].end());
  ProcessResult r2 = RunMigrator(db, second);
  ASSERT_EQ(r2.exit_code, 1) << Describe(r2);
  full.ExpectSameBytes(db);
  // Over the whole table now: nothing left to do.
  ProcessResult plan = RunMigrator(db, {});
  EXPECT_NE(plan.out.find("No changes."), std::string::npos) << plan.out;
  ProcessResult list = RunMigrator(db, {"--list-runs"});
  EXPECT_NE(list.out.find("\"only_zones\":[\"" + names[0] + "\""), std::string::npos) << list.out;
  // Staged runs roll back like any other.
  ASSERT_EQ(RunMigrator(db, {"--rollback", "all", "--execute"}).exit_code, 0);
  EXPECT_EQ(db.Count(kRecordsTable), 0);
  EXPECT_EQ(db.Count(kZonesTable), 0);
}

TEST(MigratorStaged, OneStagePerProjectEndsInTheBytesOfOneFullRun) {
  const FullRun full;
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  Connection c = db.Connect();
  std::vector<std::string> projects;
  for (const Row& r : c.QueryAll("SELECT DISTINCT `tenant_id` FROM `dnsrecord_tbl` ORDER BY 1")) {
    projects.push_back(*r[0]);
  }
  ASSERT_GT(projects.size(), 1u);
  for (std::size_t i = 0; i < projects.size(); ++i) {
    ProcessResult r = RunMigrator(db, {"--execute", "--only-project", projects[i]});
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << Describe(r);
    if (i + 1 < projects.size()) {
      EXPECT_LT(db.Count(kRecordsTable), 237);
    }
  }
  full.ExpectSameBytes(db);
}

TEST(MigratorStaged, AnOnlyZoneThatIsNoZoneNameIsRefused) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  ProcessResult r = RunMigrator(db, {"--execute", "--only-zone", "bad..name"});
  EXPECT_EQ(r.exit_code, 5) << Describe(r);
  EXPECT_NE(r.err.find("--only-zone"), std::string::npos) << r.err;
  EXPECT_EQ(db.Count(kRecordsTable), 0);
}

}  // namespace
}  // namespace cpdns::testing
