// dns-verifier on fixtures/cloud once the local zones of the intermediate model have a home:
// after the legacy rows are migrated, the test loads the rows that migrating the intermediate
// zones produces (the hand-written fixtures/cloud/expected/intermediate_written_*.tsv) into
// the target, and the verifier reports their answers as now_answers, rule intermediate_zone,
// and lists as "no home" only what is still missing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/database.h"
#include "core/uuid.h"
#include "tests/integration/intermediate_expected.h"
#include "tests/integration/migrator_harness.h"

namespace cpdns::testing {
namespace {


constexpr const char* kOwner = "5d65667d112e47249ae66dbd7bc07030";

std::vector<std::vector<std::string>> Expected(const std::string& file) {
  return ReadTsv(SourceDir() / "fixtures" / "cloud" / "expected" / file);
}

std::string Value(Connection& c, const std::string& cell) {
  return cell == "\\N" ? std::string("NULL") : c.Literal(cell);
}

// The zone of that name and owner: one the legacy rows made, or one of the expected zones.
std::string ZoneIdOf(const std::string& name, bool is_public) {
  return ZoneId(name, "default", kOwner, is_public, is_public ? "system" : "none");
}

void LoadWrittenRows(const ScratchDatabase& db) {
  Connection c = db.Connect();
  for (const auto& z : Expected("intermediate_written_zones.tsv")) {
    c.Execute("INSERT INTO `dnszones_tbl` (`id`, `name`, `domain_id`, `tenant_id`, `is_public`, "
              "`public_scope`, `zone_type`, `enabled`, `status`, `manager_id`, `description`, "
              "`created_at`, `updated_at`, `project_src`, `product_type`) VALUES (" +
              c.Literal(ZoneId(z[0], z[1], z[2], z[3] == "1", z[4])) + "," + c.Literal(z[0]) +
              "," + c.Literal(z[1]) + "," + c.Literal(z[2]) + "," + z[3] + "," + c.Literal(z[4]) +
              "," + c.Literal(z[5]) + "," + z[6] + "," + c.Literal(z[7]) + "," + Value(c, z[8]) +
              "," + Value(c, z[9]) + "," + c.Literal(z[10]) + "," + c.Literal(z[11]) +
              ",'local','')");
  }
  for (const auto& r : Expected("intermediate_written_records.tsv")) {
    c.Execute("INSERT INTO `dns_records_tbl` (`id`, `dns_zone_id`, `name`, `dns_type`, "
              "`dns_value`, `ttl`, `mx_priority`, `enabled`, `status`, `created_at`, "
              "`updated_at`, `policy_type`, `policy_value`) VALUES (" +
              c.Literal(IntermediateRecordId(r[0])) + "," +
              c.Literal(ZoneIdOf(r[1], r[2] == "1")) + "," + c.Literal(r[3]) + "," +
              c.Literal(r[4]) + "," + c.Literal(r[5]) + "," + r[6] + "," + r[7] + "," + r[8] +
              "," + c.Literal(r[9]) + "," + c.Literal(r[10]) + "," + c.Literal(r[11]) + ",'','')");
  }
}

TEST(IntermediateVerify, TheirAnswersAreIntermediateZoneNowAnswers) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "cloud");
  ASSERT_EQ(RunMigrator(db, {"--execute"}).exit_code, 0);
  LoadWrittenRows(db);
  // Every record found where it belongs, in its zone (the merged ones in the legacy zone).
  EXPECT_EQ(CountRows(db, kRecordsTable, "`dns_zone_id` IN (SELECT `id` FROM `dnszones_tbl`)"),
            static_cast<long long>(LoadExpected("cloud").records.size() +
                                   Expected("intermediate_written_records.tsv").size()));
  ExpectVerifierFindsIntermediateRecords(db);
}

}  // namespace
}  // namespace cpdns::testing
