// --intermediate-zones and what it adds to a run's recorded options (the resume key).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "core/intermediate_step.h"
#include "core/migration.h"
#include "core/resume_key.h"

namespace cpdns {
namespace {

TEST(IntermediateStep, TheModeIsSpelledOut) {
  EXPECT_EQ(ParseIntermediateMode("report"), IntermediateMode::kReport);
  EXPECT_EQ(ParseIntermediateMode("migrate"), IntermediateMode::kMigrate);
  for (const char* bad : {"m", "migr", "Migrate", "", "migrate "}) {
    EXPECT_THROW((void)ParseIntermediateMode(bad), ConfigError) << bad;
  }
  EXPECT_EQ(ToString(IntermediateMode::kMigrate), "migrate");
}

TEST(IntermediateStep, OnlyMigrateChangesTheRecordedOptions) {
  MigrationOptions report;
  const nlohmann::json before = nlohmann::json::parse(report.ToJson());
  EXPECT_FALSE(before.contains("intermediate_zones"));  // runs recorded before keep resuming

  MigrationOptions migrate;
  migrate.intermediate_zones = IntermediateMode::kMigrate;
  migrate.intermediate_projects.Add("default=p1");
  const nlohmann::json j = nlohmann::json::parse(migrate.ToJson());
  EXPECT_EQ(j.at("intermediate_zones"), "migrate");
  EXPECT_EQ(j.at("intermediate_project"), nlohmann::json::array({"default=p1"}));
  EXPECT_EQ(j.at("intermediate_conflicts"), "legacy-wins");
  // A run started with one cannot be resumed with the other.
  EXPECT_FALSE(ResumeKeyDifferences(report.ToJson(), migrate.ToJson()).empty());
  MigrationOptions other = migrate;
  other.intermediate_conflicts = IntermediateConflicts::kKeepBoth;
  EXPECT_EQ(ResumeKeyDifferences(migrate.ToJson(), other.ToJson()).size(), 1u);
}

}  // namespace
}  // namespace cpdns
