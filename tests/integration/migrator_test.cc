// dns-migrator end to end against the real server: the plan accounts for every
// legacy row and writes nothing; --execute writes exactly the hand-written
// expectations of fixtures/<case>/expected/; a second run changes nothing.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/database.h"
#include "tests/integration/migrator_harness.h"

namespace cpdns::testing {
namespace {

using nlohmann::json;

std::vector<std::string> LegacyIds(const ScratchDatabase& db) {
  Connection c = db.Connect();
  std::vector<std::string> ids;
  for (const Row& r : c.QueryAll("SELECT `id` FROM `dnsrecord_tbl`")) ids.push_back(*r[0]);
  return ids;
}

std::string Join(const std::vector<std::string>& codes) {
  std::string out;
  for (const std::string& c : codes) out += (out.empty() ? "" : ",") + c;
  return out;
}

// The report's zones: exactly the expected ones, with deterministic ids, each with `change`.
void ExpectZonesMatch(const json& zones, const Expected& e, const std::string& change) {
  std::map<std::string, const ExpectedZone*> want_zones;
  for (const ExpectedZone& z : e.zones) want_zones[z.Id()] = &z;
  ASSERT_EQ(want_zones.size(), e.zones.size()) << "zones.tsv names a zone twice";
  EXPECT_EQ(zones.size(), e.zones.size());
  for (const json& z : zones) {
    auto it = want_zones.find(z.at("id"));
    if (it == want_zones.end()) {
      ADD_FAILURE() << "unexpected zone " << z.dump();
      continue;
    }
    const ExpectedZone& w = *it->second;
    EXPECT_EQ(z.at("name"), w.name) << z.dump();
    EXPECT_EQ(z.at("action"), change) << z.dump();
    EXPECT_EQ(z.at("domain_id"), w.domain_id) << z.dump();
    EXPECT_EQ(z.at("tenant_id"), w.tenant_id) << z.dump();
    EXPECT_EQ(z.at("is_public").get<bool>(), w.is_public) << z.dump();
    EXPECT_EQ(z.at("public_scope"), w.public_scope) << z.dump();
    EXPECT_EQ(z.at("rows").get<int64_t>(), w.rows) << z.dump();
    EXPECT_EQ(z.at("records").get<int64_t>(), w.records) << z.dump();
  }
}

// The JSON report of a plan or execute run against the fixture's expectations.
// `change`: what the report says of each zone and record (a re-run finds them unchanged).
void ExpectReportMatches(const json& report, const Expected& e, const ScratchDatabase& db,
                         const std::string& mode, const std::string& change = "create") {
  EXPECT_EQ(report.at("schema"), "cloudpods-dns-migrate/migration-report");
  EXPECT_EQ(report.at("version"), 2);
  EXPECT_EQ(report.at("mode"), mode);
  EXPECT_EQ(report.at("status"), "done");

  // Every legacy row exactly once, each with one outcome.
  const json& rows = report.at("rows");
  std::vector<std::string> legacy = LegacyIds(db);
  ASSERT_EQ(rows.size(), legacy.size());
  ASSERT_EQ(static_cast<int64_t>(rows.size()), e.Total("rows"));
  std::set<std::string> seen;
  std::map<std::string, const json*> by_id;
  for (const json& row : rows) {
    const std::string id = row.at("id");
    EXPECT_TRUE(seen.insert(id).second) << "row " << id << " reported twice";
    by_id[id] = &row;
    const std::string outcome = row.at("outcome");
    ASSERT_TRUE(outcome == "migrated" || outcome == "warned" || outcome == "skipped") << outcome;
    ExpectedOutcome want = e.OutcomeOf(id);
    std::vector<std::string> codes;
    if (row.contains("reasons")) {
      for (const json& r : row.at("reasons")) codes.push_back(r.at("code"));
    }
    EXPECT_EQ(outcome, want.outcome) << "row " << id << " " << row.dump();
    EXPECT_EQ(codes, want.codes) << "row " << id << " " << row.dump();
    if (outcome == "skipped") {
      EXPECT_EQ(row.at("rejected").get<bool>(), want.codes != std::vector<std::string>{"deleted"})
          << row.dump();
      EXPECT_FALSE(row.contains("records")) << row.dump();
    } else {
      EXPECT_FALSE(row.contains("rejected")) << row.dump();
      EXPECT_TRUE(row.contains("zone") && row.contains("record_name")) << row.dump();
      EXPECT_FALSE(row.at("records").empty()) << row.dump();
    }
  }
  EXPECT_EQ(seen, std::set<std::string>(legacy.begin(), legacy.end()));
  for (const auto& [id, want] : e.outcomes) EXPECT_TRUE(seen.count(id)) << "expected row " << id;

  const json& totals = report.at("totals");
  for (const char* key : {"rows", "migrated", "warned", "rejected", "deleted", "records"}) {
    EXPECT_EQ(totals.at(key).get<int64_t>(), e.Total(key)) << key;
  }
  for (const char* type : {"A", "AAAA", "CNAME", "PTR", "SRV"}) {
    int64_t got = totals.at("by_type").value(type, int64_t{0});
    EXPECT_EQ(got, e.Total(std::string("records_") + type)) << type;
  }
  EXPECT_EQ(totals.at("zones_to_create").get<int64_t>(), change == "create" ? e.Total("zones") : 0);
  EXPECT_EQ(totals.at("zones_reused").get<int64_t>(), 0);
  EXPECT_EQ(totals.at("changes").at("records").at(change).get<int64_t>(), e.Total("records"));
  EXPECT_EQ(totals.at("changes").at("zones").at(change).get<int64_t>(), e.Total("zones"));

  ExpectZonesMatch(report.at("zones"), e, change);

  // The selected records, as the report plans them.
  for (const ExpectedRecord& r : e.records) {
    auto it = by_id.find(r.legacy_id);
    ASSERT_NE(it, by_id.end()) << r.legacy_id;
    const json& row = *it->second;
    const ExpectedZone& z = e.ZoneOf(r);
    ASSERT_TRUE(row.contains("zone")) << row.dump();
    EXPECT_EQ(row.at("zone").at("id"), z.Id()) << row.dump();
    EXPECT_EQ(row.at("zone").at("name"), z.name) << row.dump();
    EXPECT_EQ(row.at("record_name"), r.name) << row.dump();
    bool found = false;
    for (const json& rec : row.at("records")) {
      if (rec.at("id") != r.Id()) continue;
      found = true;
      EXPECT_EQ(rec.at("type"), r.type) << rec.dump();
      EXPECT_EQ(rec.at("value"), r.value) << rec.dump();
      EXPECT_EQ(rec.at("ttl").get<int64_t>(), r.ttl) << rec.dump();
      EXPECT_EQ(rec.at("enabled").get<bool>(), r.enabled) << rec.dump();
      EXPECT_EQ(rec.at("action"), change) << rec.dump();
    }
    EXPECT_TRUE(found) << "no record " << r.Id() << " (position " << r.position << ") in "
                       << row.dump();
  }
}

// The target tables after --execute against the fixture's expectations.
void ExpectTablesMatch(const ScratchDatabase& db, const Expected& e) {
  Connection c = db.Connect();
  std::map<std::string, Row> zones;
  for (Row& r :
       c.QueryAll("SELECT `id`, `name`, `domain_id`, `tenant_id`, `is_public`, `public_scope`, "
                  "`enabled`, `status`, `manager_id`, `zone_type`, `product_type`, `deleted`, "
                  "`project_src` FROM `dnszones_tbl`")) {
    zones[*r[0]] = r;
  }
  EXPECT_EQ(static_cast<int64_t>(zones.size()), e.Total("zones"));
  ASSERT_EQ(zones.size(), e.zones.size());
  for (const ExpectedZone& z : e.zones) {
    auto it = zones.find(z.Id());
    if (it == zones.end()) {
      ADD_FAILURE() << "zone " << z.name << " of " << z.tenant_id << " missing";
      continue;
    }
    const Row& r = it->second;
    EXPECT_EQ(r[1].value_or("NULL"), z.name);
    EXPECT_EQ(r[2].value_or("NULL"), z.domain_id);
    EXPECT_EQ(r[3].value_or("NULL"), z.tenant_id);
    EXPECT_EQ(r[4].value_or("NULL"), z.is_public ? "1" : "0");
    EXPECT_EQ(r[5].value_or("NULL"), z.public_scope);
    EXPECT_EQ(r[6].value_or("NULL"), "1") << "new zones are enabled";
    EXPECT_EQ(r[7].value_or("NULL"), "available");
    EXPECT_FALSE(r[8].has_value()) << "a local zone has no manager_id";
    EXPECT_EQ(r[9].value_or("NULL"), "PrivateZone");
    EXPECT_EQ(r[10].value_or("NULL"), "");
    EXPECT_EQ(r[11].value_or("NULL"), "0");
    EXPECT_EQ(r[12].value_or("NULL"), "local");
    EXPECT_EQ(std::stoll(c.QueryValue("SELECT COUNT(*) FROM `dns_records_tbl` WHERE "
                                      "`dns_zone_id` = " +
                                      c.Literal(z.Id()))
                             .value_or("-1")),
              z.records)
        << "records in zone " << z.name << " of " << z.tenant_id;
  }

  EXPECT_EQ(db.Count(kRecordsTable), e.Total("records"));
  for (const char* type : {"A", "AAAA", "CNAME", "PTR", "SRV"}) {
    EXPECT_EQ(db.Count(kRecordsTable, std::string("`dns_type` = '") + type + "'"),
              e.Total(std::string("records_") + type))
        << type;
  }
  for (const ExpectedRecord& r : e.records) {
    auto rows = c.QueryAll(
        "SELECT `name`, `dns_zone_id`, `dns_type`, `dns_value`, `ttl`, `enabled`, `status`, "
        "`deleted`, `mx_priority`, `policy_type`, `policy_value` FROM `dns_records_tbl` WHERE "
        "`id` = " +
        c.Literal(r.Id()));
    ASSERT_EQ(rows.size(), 1u) << "record " << r.legacy_id << "#" << r.position << " missing";
    const Row& got = rows[0];
    const std::string where = r.legacy_id + "#" + std::to_string(r.position);
    EXPECT_EQ(got[0].value_or("NULL"), r.name) << where;
    EXPECT_EQ(got[1].value_or("NULL"), e.ZoneOf(r).Id()) << where;
    EXPECT_EQ(got[2].value_or("NULL"), r.type) << where;
    EXPECT_EQ(got[3].value_or("NULL"), r.value) << where;
    EXPECT_EQ(got[4].value_or("NULL"), std::to_string(r.ttl)) << where;
    EXPECT_EQ(got[5].value_or("NULL"), r.enabled ? "1" : "0") << where;
    EXPECT_EQ(got[6].value_or("NULL"), "available") << where;
    EXPECT_EQ(got[7].value_or("NULL"), "0") << where;
    EXPECT_EQ(got[8].value_or("NULL"), "0") << where;
    EXPECT_EQ(got[9].value_or("NULL"), "") << where;
    EXPECT_EQ(got[10].value_or("NULL"), "") << where;
  }

  // Every record is mapped to its legacy row and carries that row's times.
  EXPECT_EQ(
      QueryOne(db,
               "SELECT COUNT(*) FROM `dns_records_tbl` r LEFT JOIN "
               "`cpdns_migration_map` m ON m.`record_id` = r.`id` WHERE m.`record_id` IS NULL"),
      "0");
  EXPECT_EQ(QueryOne(db,
                     "SELECT COUNT(*) FROM `cpdns_migration_map` m JOIN `dns_records_tbl` r ON "
                     "r.`id` = m.`record_id` JOIN `dnsrecord_tbl` l ON l.`id` = m.`legacy_id` "
                     "WHERE r.`created_at` <> l.`created_at` OR r.`updated_at` <> l.`updated_at`"),
            "0");
  // The map gives every legacy row its outcome.
  std::map<std::string, std::pair<std::string, std::string>> mapped;
  for (const Row& r : c.QueryAll("SELECT `legacy_id`, `outcome`, `reasons` FROM "
                                 "`cpdns_migration_map`")) {
    auto [it, inserted] = mapped.try_emplace(*r[0], *r[1], *r[2]);
    if (!inserted) {
      EXPECT_EQ(it->second, std::make_pair(*r[1], *r[2])) << "one row, two outcomes: " << *r[0];
    }
  }
  std::vector<std::string> legacy = LegacyIds(db);
  EXPECT_EQ(mapped.size(), legacy.size());
  for (const std::string& id : legacy) {
    ExpectedOutcome want = e.OutcomeOf(id);
    auto it = mapped.find(id);
    ASSERT_NE(it, mapped.end()) << "legacy row " << id << " not in the map";
    EXPECT_EQ(it->second.first, want.outcome) << id;
    EXPECT_EQ(it->second.second, Join(want.codes)) << id;
  }
}

class MigratorFixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(MigratorFixtureTest, PlanAccountsForEveryRowOnceAndWritesNothing) {
  const Expected e = LoadExpected(GetParam());
  ScratchDatabase db;
  LoadFixtureDatabase(db, GetParam(), "v3.11");
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());
  const Snapshot target = TakeSnapshot(db, TargetTables());
  TempPath report("plan.json");
  ProcessResult r = RunMigrator(db, {"--report-json", report.path()});
  EXPECT_EQ(r.exit_code, e.Total("exit_code")) << Describe(r);
  EXPECT_NE(r.out.find("nothing written"), std::string::npos) << r.out;
  ExpectReportMatches(ReadJson(report.path()), e, db, "plan");
  EXPECT_EQ(TakeSnapshot(db, TargetTables()), target);
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
  for (const std::string& t : BookkeepingTables()) EXPECT_FALSE(TableExists(db, t)) << t;
}

TEST_P(MigratorFixtureTest, ExecuteWritesExactlyTheExpectedZonesAndRecords) {
  const Expected e = LoadExpected(GetParam());
  ScratchDatabase db;
  LoadFixtureDatabase(db, GetParam(), "v3.11");
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());
  TempPath report("execute.json");
  ProcessResult r = RunMigrator(db, {"--execute", "--report-json", report.path()});
  ASSERT_EQ(r.exit_code, e.Total("exit_code")) << Describe(r);
  ExpectReportMatches(ReadJson(report.path()), e, db, "execute");
  ExpectTablesMatch(db, e);
  EXPECT_EQ(QueryOne(db, "SELECT `status` FROM `cpdns_migration_runs`"), "finished");
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
}

INSTANTIATE_TEST_SUITE_P(Migrator, MigratorFixtureTest,
                         ::testing::Values("basic", "cloud", "bad_input", "decisions"),
                         [](const auto& info) { return info.param; });

TEST(Migrator, PlanWithoutTargetTablesWritesNothing) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic", "");
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());
  TempPath report("plan.json");
  ProcessResult r = RunMigrator(db, {"--report-json", report.path()});
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_NE(r.err.find("do not exist yet"), std::string::npos) << r.err;
  ExpectReportMatches(ReadJson(report.path()), LoadExpected("basic"), db, "plan");
  for (const std::string& t : TargetTables()) EXPECT_FALSE(TableExists(db, t)) << t;
  for (const std::string& t : BookkeepingTables()) EXPECT_FALSE(TableExists(db, t)) << t;
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
}

TEST(Migrator, SecondRunChangesNothing) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  ProcessResult first = RunMigrator(db, {"--execute"});
  ASSERT_EQ(first.exit_code, 1) << Describe(first);
  const Snapshot after_first = TakeSnapshot(db, TargetTables());
  // A plan now reads the bookkeeping tables but changes neither them nor the target.
  const Snapshot bookkeeping = TakeSnapshot(db, BookkeepingTables());
  ProcessResult plan = RunMigrator(db, {});
  EXPECT_EQ(plan.exit_code, 1) << Describe(plan);
  EXPECT_EQ(TakeSnapshot(db, BookkeepingTables()), bookkeeping);
  EXPECT_EQ(TakeSnapshot(db, TargetTables()), after_first);
  const std::vector<std::string> records = TableRows(db, kRecordsTable);
  const std::vector<std::string> zones = TableRows(db, kZonesTable);
  TempPath report("second.json");
  ProcessResult second = RunMigrator(db, {"--execute", "--report-json", report.path()});
  ASSERT_EQ(second.exit_code, 1) << Describe(second);
  EXPECT_EQ(TakeSnapshot(db, TargetTables()), after_first);
  EXPECT_TRUE(SameRows(TableRows(db, kRecordsTable), records));
  EXPECT_TRUE(SameRows(TableRows(db, kZonesTable), zones));
  // The zones of the first run are not taken for zones an operator made: the
  // second run plans them exactly as the first did, and finds every one unchanged.
  const json r = ReadJson(report.path());
  EXPECT_EQ(r.at("totals").at("zones_reused"), 0);
  EXPECT_EQ(r.at("totals").at("zones_to_create"), 0);
  ExpectReportMatches(r, LoadExpected("basic"), db, "execute", "unchanged");
  EXPECT_NE(second.out.find("No changes were made."), std::string::npos) << second.out;
  EXPECT_NE(plan.out.find("No changes."), std::string::npos) << plan.out;
  EXPECT_EQ(CountRows(db, kRunsTable, "`status` = 'finished'"), 2);
}

TEST(Migrator, ExitCodeIsZeroWhenNoRowIsRejected) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  // Naming the parents of the two apex names gives them a home.
  TempPath report("zones.json");
  ProcessResult r =
      RunMigrator(db, {"--zone", "com", "--zone", "example.com", "--zone", "com.cn", "--zone",
                       "yunion-demo.com.cn", "--report-json", report.path()});
  EXPECT_EQ(r.exit_code, 0) << Describe(r);
  const json j = ReadJson(report.path());
  EXPECT_EQ(j.at("totals").at("rejected"), 0);
  EXPECT_EQ(j.at("totals").at("records"), 239);
  for (const json& row : j.at("rows")) {
    if (row.at("id") == "ba51c000-0001-4000-8000-000000000001") {
      EXPECT_EQ(row.at("outcome"), "warned") << row.dump();
      EXPECT_EQ(row.at("zone").at("name"), "com") << row.dump();
      EXPECT_EQ(row.at("record_name"), "example") << row.dump();
      EXPECT_EQ(row.at("reasons").at(0).at("code"), "apex_moved_to_parent") << row.dump();
    }
    if (row.at("id") == "ba51c000-0001-4000-8000-000000000002") {
      EXPECT_EQ(row.at("zone").at("name"), "example.com") << row.dump();
      EXPECT_EQ(row.at("record_name"), "www") << row.dump();
    }
  }
  // The same, written: exit 0 too.
  ProcessResult x = RunMigrator(db, {"--execute", "--zone", "com", "--zone", "example.com",
                                     "--zone", "com.cn", "--zone", "yunion-demo.com.cn"});
  EXPECT_EQ(x.exit_code, 0) << Describe(x);
  EXPECT_EQ(db.Count(kRecordsTable), 239);
}

// LOAD DATA LOCAL from memory (the default) and multi-row INSERT leave the same rows, on a
// first run and on a re-run over rows already there (REPLACE and ON DUPLICATE KEY UPDATE).
class WriteMethods : public ::testing::TestWithParam<std::string> {};

TEST_P(WriteMethods, LeaveIdenticalTablesOnFirstRunAndReRun) {
  ScratchDatabase by_insert("insert");
  ScratchDatabase by_load("load");
  LoadFixtureDatabase(by_insert, GetParam());
  LoadFixtureDatabase(by_load, GetParam());
  for (int pass = 1; pass <= 2; ++pass) {
    SCOPED_TRACE("pass " + std::to_string(pass));
    ProcessResult a = RunMigrator(by_insert, {"--execute", "--write-method", "insert"});
    ProcessResult b = RunMigrator(by_load, {"--execute"});
    ASSERT_TRUE(a.exit_code == 0 || a.exit_code == 1) << Describe(a);
    ASSERT_EQ(b.exit_code, a.exit_code) << Describe(b);
    EXPECT_EQ(b.err.find("INSERT statements instead"), std::string::npos) << b.err;
    const MigratedTables want(by_insert);
    ExpectSameMigration(by_load, want);
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, WriteMethods,
                         ::testing::Values("basic", "cloud", "bad_input", "hostile", "decisions"));

TEST(WriteMethods, UnknownMethodIsAUsageError) {
  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic");
  ProcessResult r = RunMigrator(db, {"--execute", "--write-method", "copy"});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_NE(r.err.find("--write-method must be load-data or insert"), std::string::npos) << r.err;
  EXPECT_EQ(db.Count(kRecordsTable), 0);
}

}  // namespace
}  // namespace cpdns::testing
