// dns-migrator --execute --intermediate-zones migrate on fixtures/cloud against the real
// server: the zones, records and VPC links it writes are exactly the hand-written
// fixtures/cloud/expected/intermediate_written_*.tsv (beside the legacy rows' zones.tsv and
// records.tsv), a re-run changes nothing, rollback removes them, and a run killed inside one
// of their batches and resumed ends identical to an uninterrupted one.
#include <gtest/gtest.h>
#include <signal.h>

#include <set>
#include <string>
#include <vector>

#include "core/database.h"
#include "core/uuid.h"
#include "tests/integration/migrator_harness.h"

namespace cpdns::testing {
namespace {

using nlohmann::json;

constexpr const char* kVpcTable = "dnszonevpcs_tbl";
constexpr const char* kOwner = "5d65667d112e47249ae66dbd7bc07030";

std::vector<std::string> Migrate(std::vector<std::string> extra = {}) {
  std::vector<std::string> out = {"--execute", "--intermediate-zones", "migrate"};
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

std::vector<std::vector<std::string>> Expected(const std::string& file) {
  return ReadTsv(SourceDir() / "fixtures" / "cloud" / "expected" / file);
}

std::vector<std::string> Cells(const Row& row) {
  std::vector<std::string> out;
  for (const Cell& c : row) out.push_back(c ? *c : "\\N");
  return out;
}

// The links without row_id, the server's counter.
std::vector<std::vector<std::string>> VpcLinks(const ScratchDatabase& db) {
  Connection c = db.Connect();
  std::vector<std::vector<std::string>> out;
  for (const Row& row : c.QueryAll("SELECT `dns_zone_id`, `vpc_id`, `deleted`, `created_at`, "
                                   "`updated_at` FROM `dnszonevpcs_tbl` ORDER BY 1, 2")) {
    out.push_back(Cells(row));
  }
  return out;
}

Snapshot AllTarget(const ScratchDatabase& db) {
  std::vector<std::string> tables = TargetTables();
  tables.push_back(kVpcTable);
  return TakeSnapshot(db, tables);
}

class IntermediateExecute : public ::testing::Test {
 protected:
  void SetUp() override { LoadFixtureDatabase(db_, "cloud"); }
  ScratchDatabase db_;
};

TEST_F(IntermediateExecute, WritesExactlyTheExpectedZonesRecordsAndVpcLinks) {
  ProcessResult r = RunMigrator(db_, Migrate());
  ASSERT_EQ(r.exit_code, 1) << Describe(r);  // partner.example.net has no owner
  EXPECT_NE(r.out.find("created 3 zones, merged 1 into zones of the same name and owner, wrote "
                       "15 records"),
            std::string::npos)
      << r.out;
  Connection c = db_.Connect();
  const auto zones = Expected("intermediate_written_zones.tsv");
  for (const auto& want : zones) {
    const std::string id = ZoneId(want[0], want[1], want[2], want[3] == "1", want[4]);
    auto rows = c.QueryAll(
        "SELECT `name`, `domain_id`, `tenant_id`, `is_public`, `public_scope`, `zone_type`, "
        "`enabled`, `status`, `manager_id`, `description`, `created_at`, `updated_at` FROM "
        "`dnszones_tbl` WHERE `id` = " + c.Literal(id) + " AND `deleted` = 0");
    ASSERT_EQ(rows.size(), 1u) << want[0];
    EXPECT_EQ(Cells(rows[0]), want);
  }
  // The legacy rows' three zones and the three made from intermediate ones, nothing else.
  EXPECT_EQ(CountRows(db_, kZonesTable), 3 + static_cast<long long>(zones.size()));

  const auto records = Expected("intermediate_written_records.tsv");
  for (const auto& want : records) {
    auto rows = c.QueryAll(
        "SELECT z.`name`, z.`is_public`, r.`name`, r.`dns_type`, r.`dns_value`, r.`ttl`, "
        "r.`mx_priority`, r.`enabled`, r.`status`, r.`created_at`, r.`updated_at` FROM "
        "`dns_records_tbl` AS r JOIN `dnszones_tbl` AS z ON z.`id` = r.`dns_zone_id` WHERE r.`id` "
        "= " + c.Literal(IntermediateRecordId(want[0])) + " AND z.`tenant_id` = '" + kOwner + "'");
    ASSERT_EQ(rows.size(), 1u) << want[0];
    std::vector<std::string> got = Cells(rows[0]);
    got.insert(got.begin(), want[0]);
    EXPECT_EQ(got, want);
  }
  EXPECT_EQ(CountRows(db_, kRecordsTable),
            static_cast<long long>(LoadExpected("cloud").records.size() + records.size()));

  std::vector<std::vector<std::string>> vpcs;
  for (const Row& row : c.QueryAll("SELECT z.`name`, v.`vpc_id`, v.`created_at`, v.`updated_at` "
                                   "FROM `dnszonevpcs_tbl` AS v JOIN `dnszones_tbl` AS z ON z.`id` "
                                   "= v.`dns_zone_id` WHERE v.`deleted` = 0 ORDER BY 1, 2")) {
    vpcs.push_back(Cells(row));
  }
  EXPECT_EQ(vpcs, Expected("intermediate_written_vpcs.tsv"));
  EXPECT_EQ(CountRows(db_, kVpcTable), 3);
}

TEST_F(IntermediateExecute, ARerunChangesNothingAndRollbackRemovesThem) {
  const Snapshot empty = AllTarget(db_);
  ASSERT_EQ(RunMigrator(db_, Migrate()).exit_code, 1);
  const std::string first = QueryOne(db_, "SELECT `run_id` FROM `cpdns_migration_runs`");
  const Snapshot after = AllTarget(db_);
  const std::vector<std::string> records = TableRows(db_, kRecordsTable);
  ASSERT_EQ(RunMigrator(db_, Migrate()).exit_code, 1);
  EXPECT_EQ(AllTarget(db_), after);
  EXPECT_TRUE(SameRows(TableRows(db_, kRecordsTable), records));

  // The second run wrote nothing of its own: undoing it leaves the first run's rows.
  const std::string second = QueryOne(
      db_, "SELECT `run_id` FROM `cpdns_migration_runs` WHERE `run_id` <> '" + first + "'");
  ASSERT_EQ(RunMigrator(db_, {"--rollback", second}).exit_code, 0);
  EXPECT_EQ(AllTarget(db_), after);
  ProcessResult undo = RunMigrator(db_, {"--rollback", first});
  ASSERT_EQ(undo.exit_code, 0) << Describe(undo);
  EXPECT_NE(undo.out.find("deleted 22 records and 6 zones it created, and 3 VPC links"),
            std::string::npos)
      << undo.out;
  EXPECT_EQ(AllTarget(db_), empty);
}

TEST_F(IntermediateExecute, KilledInsideTheirBatchesAndResumedEndsIdentical) {
  // Batches of 2: the six legacy rows take three, each intermediate zone one more.
  const std::vector<std::string> args = Migrate({"--batch-size", "2"});
  ScratchDatabase ref;
  LoadFixtureDatabase(ref, "cloud");
  ASSERT_EQ(RunMigrator(ref, args).exit_code, 1);
  const MigratedTables want(ref);
  const auto want_vpcs = VpcLinks(ref);
  ASSERT_EQ(want_vpcs.size(), 3u);

  StoppedRun stop = RunAndStopAfterBatches(db_, args, 4, SIGKILL);
  ASSERT_EQ(stop.result.signal, SIGKILL) << Describe(stop.result);
  ASSERT_GE(stop.batches_when_signalled, 4);
  WaitForMigrationLockFree(db_);
  ProcessResult resumed = RunMigrator(db_, Migrate({"--batch-size", "2", "--resume"}));
  ASSERT_EQ(resumed.exit_code, 1) << Describe(resumed);
  // Ids and times are deterministic: row for row the same, but for the run's id.
  EXPECT_TRUE(SameRows(TableRows(db_, kZonesTable), want.zones));
  EXPECT_TRUE(SameRows(TableRows(db_, kRecordsTable), want.records));
  EXPECT_TRUE(SameRows(RunMapRows(db_, QueryOne(db_, "SELECT `run_id` FROM "
                                                     "`cpdns_migration_runs`")),
                       want.map));
  EXPECT_EQ(VpcLinks(db_), want_vpcs);
}

TEST_F(IntermediateExecute, TheVerifierReportsTheirAnswersAsIntermediateZoneNowAnswers) {
  ASSERT_EQ(RunMigrator(db_, Migrate()).exit_code, 1);
  TempPath path("intermediate-verify");
  ProcessResult v = RunProcess(CPDNS_VERIFIER_BIN,
                               WithConnection(db_, {"--report-json", path.path()}), ConnectionEnv());
  // Answers that are new are no defect: nothing unexplained.
  EXPECT_EQ(v.exit_code & 1, 0) << Describe(v);
  const json report = ReadJson(path.path());
  std::set<std::string> names;
  for (const json& d : report.at("differences")) {
    if (d.at("rule") != "intermediate_zone") continue;
    EXPECT_EQ(d.at("kind"), "now_answers") << d.dump();
    EXPECT_EQ(d.at("probe"), "intermediate_zone") << d.dump();
    EXPECT_EQ(d.at("before"), "no local answer") << d.dump();
    names.insert(d.at("name").get<std::string>());
  }
  // Every served record's name; not "@" (never served), not the disabled zone's or record's.
  const std::set<std::string> want = {"ci.lab.example.org", "cpdns-probe.dev.lab.example.org",
                                      "gitlab.lab.example.org", "mail.example.com",
                                      "nas.office.example-shop.com",
                                      "wiki.office.example-shop.com", "www.example.com"};
  EXPECT_EQ(names, want);
  EXPECT_GE(report.at("totals").at("by_rule").at("intermediate_zone").get<int64_t>(), 7);
  const json& cloud = report.at("cloud").at("totals");
  EXPECT_EQ(cloud.at("migrated_local_zones"), 4);
  EXPECT_EQ(cloud.at("migrated_local_recordsets"), 15);
  // What is left without a home: bastion and printer (legacy rows win) and the partner's zone.
  EXPECT_EQ(cloud.at("local_zones"), 3);
  EXPECT_EQ(cloud.at("local_recordsets"), 3);
  EXPECT_NE(v.out.find("migrated into the new tables: 4 zones, 15 recordsets"), std::string::npos)
      << v.out;
}

}  // namespace
}  // namespace cpdns::testing
