// dns-migrator on a target that lives: after a first run, records and zones are edited,
// disabled, deleted and added the way Cloudpods' API does it, and legacy rows change;
// the plan lists each under its kind, a re-run reverts none of them and keeps the columns
// the migration does not own, and --overwrite-changed restores exactly the changed ones.
// Also a second connection writing while a run goes on.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/database.h"
#include "core/uuid.h"
#include "tests/integration/living_target.h"

namespace cpdns::testing {
namespace {

using nlohmann::json;

constexpr const char* kSystem = "5d65667d112e47249ae66dbd7bc07030";
constexpr const char* kOps = "71d0e5a3c9b84f26a1e7d3c5b9f20e48";
constexpr const char* kOwned =
    "`created_at`, `updated_at`, `name`, `status`, `enabled`, `dns_zone_id`, `dns_type`, "
    "`dns_value`, `ttl`, `mx_priority`, `policy_type`, `policy_value`, `deleted`, `deleted_at`";
constexpr const char* kNotOwned = "`description`, `update_version`";
// The owned columns but the times, which the API sets on every edit.
constexpr const char* kOwnedButTimes =
    "`name`, `status`, `enabled`, `dns_zone_id`, `dns_type`, `dns_value`, `ttl`, `mx_priority`, "
    "`policy_type`, `policy_value`, `deleted`, `deleted_at`";

// Record id -> the report's entry for it; zone id -> the report's zone.
struct ReportIndex {
  explicit ReportIndex(const json& report) {
    for (const json& row : report.at("rows")) {
      if (!row.contains("records")) continue;
      for (const json& r : row.at("records")) records[r.at("id")] = r;
    }
    for (const json& z : report.at("zones")) zones[z.at("id")] = z;
  }
  std::string RecordAction(const std::string& id) const {
    auto it = records.find(id);
    return it == records.end() ? "(not reported)" : it->second.at("action").get<std::string>();
  }
  std::string ZoneAction(const std::string& id) const {
    auto it = zones.find(id);
    return it == zones.end() ? "(not reported)" : it->second.at("action").get<std::string>();
  }
  std::map<std::string, json> records, zones;
};

json Plan(const ScratchDatabase& db, std::vector<std::string> extra = {}) {
  TempPath report("plan.json");
  std::vector<std::string> args = {"--report-json", report.path()};
  args.insert(args.end(), extra.begin(), extra.end());
  ProcessResult r = RunMigrator(db, args);
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  return ReadJson(report.path());
}

int64_t Changes(const json& report, const char* object, const char* kind) {
  return report.at("totals").at("changes").at(object).at(kind).get<int64_t>();
}

// What the test does to the migrated database, and the ids it touched.
struct Edits {
  std::string edited, disabled, soft_deleted, hard_deleted, described, legacy_changed;
  std::string new_legacy_record, blocked_record;
  std::string api_record, api_zone, disabled_zone, deleted_zone;
};

Edits EditLikeTheApi(const ScratchDatabase& db) {
  Edits e;
  e.edited = RecordIdOf(db, "app01", "example.com");
  e.disabled = RecordIdOf(db, "ftp", "example.com");
  e.soft_deleted = RecordIdOf(db, "vpn", "example.com");
  e.hard_deleted = RecordIdOf(db, "mail", "example.com", "AAAA");
  e.described = RecordIdOf(db, "archive", "example.com");
  e.legacy_changed = RecordIdOf(db, "host", "example.com");
  e.disabled_zone = ZoneIdOf(db, "example.io");
  e.deleted_zone = ZoneIdOf(db, "example.dev");
  for (const std::string* id : {&e.edited, &e.disabled, &e.soft_deleted, &e.hard_deleted,
                                &e.described, &e.legacy_changed, &e.disabled_zone,
                                &e.deleted_zone}) {
    EXPECT_FALSE(id->empty());
  }
  ApiUpdateRecord(db, e.edited, "`ttl` = 42, `dns_value` = '10.9.9.9'");
  ApiUpdateRecord(db, e.disabled, "`enabled` = 0");
  ApiSoftDeleteRecord(db, e.soft_deleted);
  HardDeleteRecord(db, e.hard_deleted);
  // Columns the migration does not own: not a change of the record.
  ApiUpdateRecord(db, e.described, "`description` = 'owned by the web team'");
  ApiUpdateRecord(db, e.legacy_changed, "`description` = 'kept across updates'");
  e.api_record = ApiAddRecord(db, ZoneIdOf(db, "example.net"), "added", "192.0.2.77");
  e.api_zone = ApiAddZone(db, "added.example");
  ApiUpdateZone(db, e.disabled_zone, "`enabled` = 0");
  ApiUpdateZone(db, e.deleted_zone, "`deleted` = 1, `deleted_at` = UTC_TIMESTAMP()");
  // And the legacy table: one row changed, two added (one into the deleted zone).
  Connection c = db.Connect();
  c.Execute("UPDATE `dnsrecord_tbl` SET `records` = 'A:10.2.3.5' WHERE `id` = "
            "'ba51c000-0001-4000-8000-000000000010'");
  c.Execute(std::string("INSERT INTO `dnsrecord_tbl` (`id`, `name`, `records`, `ttl`, `enabled`, "
            "`deleted`, `is_public`, `public_scope`, `tenant_id`, `domain_id`, `project_src`, "
            "`status`, `created_at`, `updated_at`) VALUES ('ba51c000-0001-4000-8000-000000000998', 'new-host.example.com', "
            "'A:10.7.7.7', 300, 1, 0, 1, 'system', '") + kSystem + "', 'default', "
            "'local', 'available', '2023-01-01 00:00:00', '2023-01-01 00:00:00'), ('ba51c000-0019-4000-8000-000000000999', "
            "'new.example.dev', 'A:10.8.8.8', 300, 1, 0, 0, 'none', '" + kOps + "', 'default', "
            "'local', 'available', '2023-01-01 00:00:00', '2023-01-01 00:00:00')");
  e.new_legacy_record = RecordId("ba51c000-0001-4000-8000-000000000998", 0);
  e.blocked_record = RecordId("ba51c000-0019-4000-8000-000000000999", 0);
  return e;
}

TEST(MigratorLivingTarget, PlanIsADiffAndARerunRevertsNothing) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  ASSERT_EQ(RunMigrator(db, {"--execute"}).exit_code, 1);
  const Edits e = EditLikeTheApi(db);

  const json plan = Plan(db);
  const ReportIndex at(plan);
  EXPECT_EQ(at.RecordAction(e.edited), "changed_in_target");
  EXPECT_EQ(at.RecordAction(e.disabled), "changed_in_target");
  EXPECT_EQ(at.RecordAction(e.soft_deleted), "deleted_in_target");
  EXPECT_EQ(at.RecordAction(e.hard_deleted), "deleted_in_target");
  EXPECT_EQ(at.RecordAction(e.described), "unchanged");
  EXPECT_EQ(at.RecordAction(e.legacy_changed), "update");
  EXPECT_EQ(at.RecordAction(e.new_legacy_record), "create");
  EXPECT_EQ(at.RecordAction(e.blocked_record), "deleted_in_target");
  EXPECT_EQ(at.ZoneAction(e.disabled_zone), "changed_in_target");
  EXPECT_EQ(at.ZoneAction(e.deleted_zone), "deleted_in_target");
  EXPECT_EQ(at.ZoneAction(ZoneIdOf(db, "example.com")), "unchanged")
      << "a record more is no change of its zone";
  EXPECT_EQ(at.records.at(e.edited).at("before").at("ttl"), "42");
  EXPECT_EQ(Changes(plan, "records", "create"), 1);
  EXPECT_EQ(Changes(plan, "records", "update"), 1);
  EXPECT_EQ(Changes(plan, "records", "changed_in_target"), 2);
  EXPECT_EQ(Changes(plan, "records", "deleted_in_target"), 3);
  EXPECT_EQ(Changes(plan, "records", "unchanged"), 237 - 5);

  const std::vector<std::string> kept = {e.edited, e.disabled, e.soft_deleted, e.described};
  std::map<std::string, std::string> before;
  for (const std::string& id : kept) before[id] = RowOf(db, kRecordsTable, id, "*");
  const std::string api_record = RowOf(db, kRecordsTable, e.api_record, "*");
  const std::string api_zone = RowOf(db, kZonesTable, e.api_zone, "*");
  const std::string disabled_zone = RowOf(db, kZonesTable, e.disabled_zone, "*");
  const std::string deleted_zone = RowOf(db, kZonesTable, e.deleted_zone, "*");
  const std::string changed_not_owned = RowOf(db, kRecordsTable, e.legacy_changed, kNotOwned);

  TempPath report("run.json");
  ProcessResult run = RunMigrator(db, {"--execute", "--report-json", report.path()});
  ASSERT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_EQ(ReadJson(report.path()).at("totals").at("changes"), plan.at("totals").at("changes"))
      << "the run did what the plan said";
  for (const std::string& id : kept) EXPECT_EQ(RowOf(db, kRecordsTable, id, "*"), before[id]) << id;
  EXPECT_EQ(RowOf(db, kRecordsTable, e.hard_deleted, "*"), "(absent)");
  EXPECT_EQ(RowOf(db, kRecordsTable, e.blocked_record, "*"), "(absent)");
  EXPECT_EQ(RowOf(db, kRecordsTable, e.api_record, "*"), api_record);
  EXPECT_EQ(RowOf(db, kZonesTable, e.api_zone, "*"), api_zone);
  EXPECT_EQ(RowOf(db, kZonesTable, e.disabled_zone, "*"), disabled_zone);
  EXPECT_EQ(RowOf(db, kZonesTable, e.deleted_zone, "*"), deleted_zone);
  EXPECT_EQ(RowOf(db, kRecordsTable, e.legacy_changed, "`dns_value`"), "10.2.3.5");
  EXPECT_EQ(RowOf(db, kRecordsTable, e.legacy_changed, kNotOwned), changed_not_owned)
      << "an update sets only the owned columns";
  EXPECT_EQ(RowOf(db, kRecordsTable, e.new_legacy_record, "`dns_value`"), "10.7.7.7");

  // Nothing left to write: the conflicts stay listed, and stay kept.
  ProcessResult again = RunMigrator(db, {});
  EXPECT_NE(again.out.find("No changes."), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("changed_in_target record \"app01.example.com\""), std::string::npos)
      << again.out;
}

TEST(MigratorLivingTarget, OverwriteChangedRestoresExactlyTheChangedOnes) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  ASSERT_EQ(RunMigrator(db, {"--execute"}).exit_code, 1);
  const Edits e = EditLikeTheApi(db);
  // What a fresh migration of the same legacy table writes, for comparison.
  ScratchDatabase ref("ref");
  LoadFixtureDatabase(ref, "basic");
  {
    Connection c = ref.Connect();
    c.Execute("DELETE FROM `dnsrecord_tbl`");
    c.Execute("INSERT INTO `dnsrecord_tbl` SELECT * FROM " + QuoteIdentifier(db.name()) +
              ".`dnsrecord_tbl`");
  }
  ASSERT_EQ(RunMigrator(ref, {"--execute"}).exit_code, 1);
  const std::string described_not_owned = RowOf(db, kRecordsTable, e.described, kNotOwned);
  const std::string edited_not_owned = RowOf(db, kRecordsTable, e.edited, kNotOwned);

  TempPath report("overwrite.json");
  ProcessResult r =
      RunMigrator(db, {"--execute", "--overwrite-changed", "--report-json", report.path()});
  ASSERT_EQ(r.exit_code, 1) << Describe(r);
  const json j = ReadJson(report.path());
  const ReportIndex at(j);
  for (const std::string& id : {e.edited, e.disabled, e.soft_deleted, e.hard_deleted}) {
    EXPECT_TRUE(at.records.at(id).value("overwritten", false)) << id;
  }
  EXPECT_FALSE(at.records.at(e.described).value("overwritten", false));
  EXPECT_EQ(j.at("totals").at("overwritten"), 4);
  EXPECT_NE(r.out.find("restored by --overwrite-changed"), std::string::npos) << r.out;
  // Every record the migration owns is what a fresh migration writes, on the owned columns
  // (times included for the restored ones: the API moved the others' updated_at).
  Connection c = ref.Connect();
  for (const Row& row : c.QueryAll("SELECT `id` FROM `dns_records_tbl`")) {
    const std::string id = *row[0];
    EXPECT_EQ(RowOf(db, kRecordsTable, id, kOwnedButTimes),
              RowOf(ref, kRecordsTable, id, kOwnedButTimes))
        << id;
  }
  for (const std::string& id : {e.edited, e.disabled, e.soft_deleted, e.hard_deleted}) {
    EXPECT_EQ(RowOf(db, kRecordsTable, id, kOwned), RowOf(ref, kRecordsTable, id, kOwned)) << id;
  }
  EXPECT_EQ(db.Count(kRecordsTable), ref.Count(kRecordsTable) + 1) << "plus the API's record";
  EXPECT_EQ(RowOf(db, kRecordsTable, e.described, kNotOwned), described_not_owned);
  EXPECT_EQ(RowOf(db, kRecordsTable, e.edited, kNotOwned), edited_not_owned);
  EXPECT_NE(RowOf(db, kRecordsTable, e.api_record, "`id`"), "(absent)");
  EXPECT_NE(RowOf(db, kZonesTable, e.api_zone, "`id`"), "(absent)");
  for (const std::string& zone : {e.disabled_zone, e.deleted_zone}) {
    EXPECT_EQ(RowOf(db, kZonesTable, zone, "`enabled`, `deleted`"), "1|0") << zone;
  }
}

TEST(MigratorLivingTarget, ASecondConnectionWritingDuringARunLosesNothing) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  TempPath report("concurrent.json");
  HeldRun run(db, {"--execute", "--batch-size", "3", "--report-json", report.path()});
  run.HoldAt(30);
  // Rows the run wrote already, changed by an operator; a cloud account syncing its zone.
  const std::string edited = RecordIdOf(db, "app01", "example.com");
  const std::string zone = ZoneIdOf(db, "example.com");
  ASSERT_FALSE(edited.empty());
  ASSERT_FALSE(zone.empty());
  Connection c = db.Connect();
  c.Execute("SET SESSION sql_mode='" + std::string(kStrictSqlMode) + "'");
  ApiUpdateRecord(db, edited, "`ttl` = 42");
  ApiUpdateZone(db, zone, "`enabled` = 0, `description` = 'paused'");
  c.Execute(std::string("INSERT INTO `dnszones_tbl` (`created_at`, `updated_at`, `id`, `name`, "
            "`status`, `domain_id`, `tenant_id`, `project_src`, `is_public`, `public_scope`, "
            "`enabled`, `manager_id`, `zone_type`, `product_type`, `external_id`) VALUES "
            "(UTC_TIMESTAMP(), UTC_TIMESTAMP(), 'cloud-zone-1', 'example.com', 'available', "
            "'default', '") + kSystem + "', 'cloud', 1, 'system', 1, 'provider-1', 'PublicZone', "
            "'dns_public', 'ext-1')");
  const std::string edited_row = RowOf(db, kRecordsTable, edited, "*");
  // The sync goes on inserting while the run goes on.
  std::atomic<bool> stop{false};
  std::atomic<int> inserted{0};
  std::thread sync([&] {
    Connection s = db.Connect();
    while (!stop) {
      s.Execute("INSERT INTO `dns_records_tbl` (`created_at`, `updated_at`, `id`, `name`, `status`, "
                "`enabled`, `dns_zone_id`, `dns_type`, `dns_value`, `ttl`, `mx_priority`, "
                "`policy_type`, `policy_value`) VALUES (UTC_TIMESTAMP(), UTC_TIMESTAMP(), "
                "'cloud-rec-" + std::to_string(inserted) + "', 'c" + std::to_string(inserted) +
                "', 'available', 1, 'cloud-zone-1', 'A', '198.51.100.9', 600, 0, '', '')");
      ++inserted;
    }
  });
  run.Release();
  ProcessResult r = run.Wait();
  stop = true;
  sync.join();
  ASSERT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_GT(inserted.load(), 0);
  EXPECT_EQ(db.Count(kRecordsTable, "`dns_zone_id` = 'cloud-zone-1'"), inserted.load());
  EXPECT_EQ(RowOf(db, kRecordsTable, edited, "*"), edited_row);
  EXPECT_EQ(RowOf(db, kZonesTable, zone, "`enabled`, `description`"), "0|paused")
      << "settling the zone's times at the end must not revert it";
  EXPECT_EQ(db.Count(kRecordsTable, "`dns_zone_id` <> 'cloud-zone-1'"), 237);
  // The run says what it saw: the zone changed under it.
  const ReportIndex at(ReadJson(report.path()));
  EXPECT_EQ(at.ZoneAction(zone), "changed_in_target");
  EXPECT_NE(at.zones.at(zone).value("note", "").find("while the run went on"), std::string::npos);
  // And the next plan finds the edited record changed in the target.
  EXPECT_EQ(ReportIndex(Plan(db)).RecordAction(edited), "changed_in_target");
}

// A first run writes its batches without reading the target first. A target that holds a
// record with an id the migration derives, and no bookkeeping that says so (the tables
// dropped), is caught when the batch writes: rolled back, compared row by row, and the
// record keeps what the migration does not own.
TEST(MigratorLivingTarget, AFirstRunOverRowsItDidNotRecordKeepsThem) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  ASSERT_EQ(RunMigrator(db, {"--execute"}).exit_code, 1);
  const std::string id = RecordIdOf(db, "app01", "example.com");
  Connection c = db.Connect();
  c.Execute(std::string("UPDATE ") + kRecordsTable +
            " SET `description` = 'kept by the api', `update_version` = 7 WHERE `id` = " +
            c.Literal(id));
  const std::string described = RowOf(db, kRecordsTable, id, "*");
  const TargetRows before(db);
  for (const char* t : {kChangesTable, kOwnedRecordsTable, kRunZonesTable, kMapTable, kRunsTable}) {
    c.Execute(std::string("DROP TABLE `") + t + "`");
  }

  TempPath report("run.json");
  ProcessResult run = RunMigrator(db, {"--execute", "--report-json", report.path()});
  ASSERT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_NE(run.err.find("compared with the target row by row"), std::string::npos) << run.err;
  EXPECT_EQ(RowOf(db, kRecordsTable, id, "*"), described)
      << "a record the migration did not record as its own is not replaced";
  const json done = ReadJson(report.path());
  EXPECT_EQ(Changes(done, "records", "create"), 0);
  EXPECT_EQ(Changes(done, "records", "unchanged"), 237);
  ExpectSameTargetRows(db, before);
}

}  // namespace
}  // namespace cpdns::testing
