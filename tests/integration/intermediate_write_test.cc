// dns-migrator --execute --intermediate-zones migrate on fixtures/cloud: it writes exactly the
// zones, records and VPC links of the hand-written fixtures/cloud/expected/
// intermediate_written_*.tsv (beside the legacy rows' own), and they go through the living-
// target machinery as legacy rows do: a re-run plans no change, a record edited in the target
// is changed_in_target and kept, --rollback removes them and nothing else, a run killed in
// their batches and resumed ends as an uninterrupted one, and the verifier finds them.
#include <gtest/gtest.h>
#include <signal.h>

#include <set>
#include <string>
#include <vector>

#include "core/database.h"
#include "core/uuid.h"
#include "tests/integration/intermediate_expected.h"
#include "tests/integration/migrator_harness.h"

namespace cpdns::testing {
namespace {

using nlohmann::json;
using Rows = std::vector<std::vector<std::string>>;

constexpr const char* kVpcsTable = "dnszonevpcs_tbl";
const std::vector<std::string> kMigrate = {"--intermediate-zones", "migrate"};

std::vector<std::string> With(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

Rows Expected(const std::string& file) {
  return ReadTsv(SourceDir() / "fixtures" / "cloud" / "expected" / file);
}

Rows Query(const ScratchDatabase& db, const std::string& sql) {
  Connection c = db.Connect();
  Rows out;
  for (const Row& r : c.QueryAll(sql)) {
    std::vector<std::string> line;
    for (const Cell& cell : r) line.push_back(cell.value_or("\\N"));
    out.push_back(std::move(line));
  }
  return out;
}

// `sql`'s rows whose first cell (an id) is not in `ref`'s rows of the same query, without
// that id.
Rows NewRows(const ScratchDatabase& db, const ScratchDatabase& ref, const std::string& sql) {
  std::set<std::string> old;
  for (const auto& r : Query(ref, sql)) old.insert(r[0]);
  Rows out;
  for (auto r : Query(db, sql)) {
    if (old.count(r[0])) continue;
    r.erase(r.begin());
    out.push_back(std::move(r));
  }
  return out;
}

const char* kZoneRows =
    "SELECT `id`, `name`, `domain_id`, `tenant_id`, `is_public`, `public_scope`, `zone_type`, "
    "`enabled`, `status`, `manager_id`, `description`, `created_at`, `updated_at` FROM "
    "`dnszones_tbl` WHERE `deleted` = 0 ORDER BY `name`";

const char* kRecordRows =
    "SELECT r.`id`, r.`id`, z.`name`, z.`is_public`, r.`name`, r.`dns_type`, r.`dns_value`, "
    "r.`ttl`, r.`mx_priority`, r.`enabled`, r.`status`, r.`created_at`, r.`updated_at` FROM "
    "`dns_records_tbl` r JOIN `dnszones_tbl` z ON z.`id` = r.`dns_zone_id` WHERE r.`deleted` = 0 "
    "ORDER BY r.`id`";

// The VPC links without their AUTO_INCREMENT row_id (a batch a kill rolled back uses up
// values), by zone name then VPC.
const char* kVpcRows =
    "SELECT z.`name`, v.`vpc_id`, v.`created_at`, v.`updated_at` FROM `dnszonevpcs_tbl` v JOIN "
    "`dnszones_tbl` z ON z.`id` = v.`dns_zone_id` WHERE v.`deleted` = 0 ORDER BY z.`name`, "
    "v.`vpc_id`";

// The expected records by record set id, in record id order, the id replaced by the record id.
Rows ExpectedRecords() {
  Rows want;
  for (auto r : Expected("intermediate_written_records.tsv")) {
    r[0] = IntermediateRecordId(r[0]);
    want.push_back(std::move(r));
  }
  std::sort(want.begin(), want.end());
  return want;
}

std::vector<std::string> Tables() {
  std::vector<std::string> t = TargetTables();
  t.push_back(kVpcsTable);
  return t;
}

class IntermediateWrite : public ::testing::Test {
 protected:
  void SetUp() override {
    LoadFixtureDatabase(db_, "cloud");
    LoadFixtureDatabase(legacy_only_, "cloud");
    ASSERT_EQ(RunMigrator(legacy_only_, {"--execute"}).exit_code, 0);
  }
  ProcessResult Execute(std::vector<std::string> extra = {}) {
    return RunMigrator(db_, With(With({"--execute"}, kMigrate), extra));
  }
  // What the run wrote beyond what the legacy rows alone write, against the expectation.
  void ExpectTheWrittenRows() {
    EXPECT_EQ(NewRows(db_, legacy_only_, kRecordRows), ExpectedRecords());
    EXPECT_EQ(NewRows(db_, legacy_only_, kZoneRows), Expected("intermediate_written_zones.tsv"));
    EXPECT_EQ(Query(db_, kVpcRows), Expected("intermediate_written_vpcs.tsv"));
    // The legacy rows' zones and records are as a run without intermediate zones leaves them
    // (example.com receives records but keeps its own state and description).
    EXPECT_EQ(NewRows(legacy_only_, db_, kZoneRows), Rows{});
    EXPECT_EQ(NewRows(legacy_only_, db_, kRecordRows), Rows{});
    const std::string legacy_zones = "SELECT * FROM `dnszones_tbl` WHERE `id` IN (" + [&] {
      std::string ids;
      for (const auto& z : Query(legacy_only_, kZoneRows)) ids += (ids.empty() ? "'" : ",'") + z[0] + "'";
      return ids;
    }() + ") ORDER BY `id`";
    EXPECT_EQ(Query(db_, legacy_zones), Query(legacy_only_, legacy_zones));
  }
  ScratchDatabase db_;
  ScratchDatabase legacy_only_{"legacy_only"};
};

TEST_F(IntermediateWrite, ExecuteWritesExactlyTheExpectedRows) {
  ProcessResult r = Execute();
  // partner.example.net is refused (owner_undecided): a rejection, as for a legacy row.
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_NE(r.out.find("created "), std::string::npos) << r.out;
  ExpectTheWrittenRows();
  EXPECT_EQ(CountRows(db_, kOwnedRecordsTable, "`legacy_id` LIKE 'intermediate:%'"),
            static_cast<long long>(Expected("intermediate_written_records.tsv").size()));
  EXPECT_EQ(CountRows(db_, kChangesTable, "`object` = 'vpc'"),
            static_cast<long long>(Expected("intermediate_written_vpcs.tsv").size()));
}

TEST_F(IntermediateWrite, ARerunPlansNoChangesAndWritesNothing) {
  ASSERT_EQ(Execute().exit_code, 1);
  const Snapshot after = TakeSnapshot(db_, Tables());
  ProcessResult plan = RunMigrator(db_, kMigrate);
  EXPECT_EQ(plan.exit_code, 1) << Describe(plan);
  EXPECT_NE(plan.out.find("No changes."), std::string::npos) << plan.out;
  ProcessResult again = Execute();
  EXPECT_EQ(again.exit_code, 1) << Describe(again);
  EXPECT_NE(again.out.find("No changes were made."), std::string::npos) << again.out;
  EXPECT_EQ(TakeSnapshot(db_, Tables()), after);
  ExpectTheWrittenRows();
}

TEST_F(IntermediateWrite, RollbackRemovesThemAndNothingElse) {
  // After the legacy rows alone: the rollback of the intermediate run gives this back.
  ASSERT_EQ(RunMigrator(db_, {"--execute"}).exit_code, 0);
  const Snapshot legacy = TakeSnapshot(db_, Tables());
  ASSERT_EQ(Execute().exit_code, 1);
  ASSERT_NE(TakeSnapshot(db_, Tables()), legacy);
  ProcessResult plan = RunMigrator(db_, {"--rollback", "latest"});
  EXPECT_EQ(plan.exit_code, 0) << Describe(plan);
  EXPECT_NE(plan.out.find("would delete 15 records and 3 zones it created (with their 3 VPC "
                          "links)"),
            std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("delete record " + IntermediateRecordId("d5000000-0007-4000-8000-000000000035") +
                          " (record set d5000000-0007-4000-8000-000000000035)"),
            std::string::npos)
      << plan.out;
  ProcessResult undo = RunMigrator(db_, {"--rollback", "latest", "--execute"});
  EXPECT_EQ(undo.exit_code, 0) << Describe(undo);
  EXPECT_EQ(TakeSnapshot(db_, Tables()), legacy) << undo.out;
  EXPECT_EQ(CountRows(db_, kChangesTable), 0);

  // One run writing both, rolled back: the tables as before any run.
  ScratchDatabase fresh("fresh");
  LoadFixtureDatabase(fresh, "cloud");
  const Snapshot before = TakeSnapshot(fresh, Tables());
  ASSERT_EQ(RunMigrator(fresh, With({"--execute"}, kMigrate)).exit_code, 1);
  ASSERT_EQ(RunMigrator(fresh, {"--rollback", "latest", "--execute"}).exit_code, 0);
  EXPECT_EQ(TakeSnapshot(fresh, Tables()), before);
}

TEST_F(IntermediateWrite, ARecordEditedInTheTargetIsChangedInTargetAndKept) {
  ASSERT_EQ(Execute().exit_code, 1);
  const std::string id = IntermediateRecordId("d5000000-0008-4000-8000-000000000038");
  Connection c = db_.Connect();
  c.Execute("UPDATE `dns_records_tbl` SET `dns_value` = '10.50.0.99' WHERE `id` = " + c.Literal(id));
  ProcessResult plan = RunMigrator(db_, kMigrate);
  EXPECT_NE(plan.out.find("changed_in_target record \"gitlab.lab.example.org\" (" + id +
                          ", record set d5000000-0008-4000-8000-000000000038): dns_value: "
                          "\"10.50.0.99\" -> \"10.50.0.10\""),
            std::string::npos)
      << plan.out;
  const Snapshot edited = TakeSnapshot(db_, Tables());
  ProcessResult again = Execute();
  EXPECT_EQ(again.exit_code, 1) << Describe(again);
  EXPECT_EQ(TakeSnapshot(db_, Tables()), edited) << "not reverted";
  EXPECT_EQ(QueryOne(db_, "SELECT `dns_value` FROM `dns_records_tbl` WHERE `id` = '" + id + "'"),
            "10.50.0.99");
  // --overwrite-changed puts it back.
  ASSERT_EQ(Execute({"--overwrite-changed"}).exit_code, 1);
  EXPECT_EQ(QueryOne(db_, "SELECT `dns_value` FROM `dns_records_tbl` WHERE `id` = '" + id + "'"),
            "10.50.0.10");
}

TEST_F(IntermediateWrite, KilledInTheirBatchesAndResumedEndsAsAnUninterruptedRun) {
  const std::vector<std::string> args = With({"--execute", "--batch-size", "1"}, kMigrate);
  ScratchDatabase ref("ref");
  LoadFixtureDatabase(ref, "cloud");
  ASSERT_EQ(RunMigrator(ref, args).exit_code, 1);
  // One batch per legacy row, then one per intermediate zone, by name: example.com, lab,
  // office.example-shop.com (2 VPC links), old-lab.example.net (1), killed inside the last.
  const int64_t legacy_batches = CountRows(db_, kLegacyTable);
  StoppedRun stopped = RunAndStopAfterBatches(db_, args, legacy_batches + 3, SIGKILL);
  EXPECT_EQ(stopped.result.signal, SIGKILL);
  WaitForMigrationLockFree(db_);
  ASSERT_EQ(CountRows(db_, kVpcsTable), 2) << "the links of office.example-shop.com only";
  ASSERT_EQ(CountRows(db_, kOwnedRecordsTable, "`legacy_id` LIKE 'intermediate:%'"),
            static_cast<long long>(Expected("intermediate_written_records.tsv").size()) - 1)
      << "all but the record of old-lab.example.net";
  ProcessResult resumed = RunMigrator(db_, With(args, {"--resume"}));
  EXPECT_EQ(resumed.exit_code, 1) << Describe(resumed);
  EXPECT_EQ(TakeSnapshot(db_, TargetTables()), TakeSnapshot(ref, TargetTables()));
  EXPECT_TRUE(SameRows(TableRows(db_, kZonesTable), TableRows(ref, kZonesTable)));
  EXPECT_TRUE(SameRows(TableRows(db_, kRecordsTable), TableRows(ref, kRecordsTable)));
  EXPECT_EQ(Query(db_, kVpcRows), Query(ref, kVpcRows));
  ExpectTheWrittenRows();
}

TEST_F(IntermediateWrite, TheVerifierFindsThemAsIntermediateZoneNowAnswers) {
  ASSERT_EQ(Execute().exit_code, 1);
  ExpectVerifierFindsIntermediateRecords(db_);
}

}  // namespace
}  // namespace cpdns::testing
