// The project's sql/ files against the real server: they load, they are the
// tables Cloudpods creates, and every fixture loads on top of them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "core/database.h"
#include "core/sql_files.h"
#include "tests/integration/test_database.h"

namespace cpdns {
namespace {

namespace fs = std::filesystem;
using testing::ScratchDatabase;

// The tables as Cloudpods' ORM creates them (SHOW CREATE TABLE at each
// release), kept in tests/integration/data/reference; CPDNS_REFERENCE_SCHEMAS
// names another folder holding the same files.
fs::path ReferenceSchemas() {
  if (const char* env = std::getenv("CPDNS_REFERENCE_SCHEMAS"); env != nullptr && *env) return env;
  return testing::SourceDir() / "tests" / "integration" / "data" / "reference";
}

std::map<std::string, std::string> CreateStatements(const ScratchDatabase& db) {
  Connection c = db.Connect();
  std::map<std::string, std::string> out;
  for (const Row& t : c.QueryAll("SHOW TABLES")) {
    auto rows = c.QueryAll("SHOW CREATE TABLE " + QuoteIdentifier(*t[0]));
    out[*t[0]] = *rows.at(0).at(1);
  }
  return out;
}

// `extra`: tables of `ours` that the reference file does not define.
void ExpectSameTables(const fs::path& ours, const fs::path& reference,
                      const std::vector<std::string>& tables,
                      const std::vector<std::string>& extra = {}) {
  ScratchDatabase a("ours");
  ScratchDatabase b("reference");
  Connection ca = a.Connect();
  LoadSqlFolder(ca, ours);
  Connection cb = b.Connect();
  ExecuteSqlScript(cb, ReadTextFile(reference), reference.string());
  auto mine = CreateStatements(a);
  auto theirs = CreateStatements(b);
  ASSERT_EQ(mine.size(), tables.size() + extra.size()) << ours;
  for (const std::string& t : extra) ASSERT_TRUE(mine.count(t)) << t << " missing from " << ours;
  for (const std::string& t : tables) {
    ASSERT_TRUE(mine.count(t)) << t << " missing from " << ours;
    ASSERT_TRUE(theirs.count(t)) << t << " missing from " << reference;
    EXPECT_EQ(mine[t], theirs[t]) << "table " << t << " differs from " << reference;
  }
}

TEST(Schema, LegacyTablesAreCloudpodsV3104) {
  const fs::path ref = ReferenceSchemas();
  // tenant_cache_tbl is not in the reference file; its columns are those of v3.10.4
  // pkg/cloudcommon/db STenant (keystonecache.go), and only id, domain_id, created_at and
  // deleted are read.
  ExpectSameTables(SqlDirectory() / "legacy", ref / "cloudpods-v3.10.4.sql",
                   {"dnsrecord_tbl", "dns_zones_tbl", "dns_zone_caches_tbl", "dns_recordsets_tbl",
                    "dns_zonevpcs_tbl", "cloudaccounts_tbl", "cloudproviders_tbl"},
                   {"tenant_cache_tbl"});
}

TEST(Schema, TargetTablesAreCloudpodsV31114) {
  const fs::path ref = ReferenceSchemas();
  ExpectSameTables(SqlDirectory() / "target" / "v3.11", ref / "cloudpods-v3.11.14-dns.sql",
                   {"dnszones_tbl", "dns_records_tbl", "dnszonevpcs_tbl"});
}

TEST(Schema, TargetTablesAreCloudpodsV3105) {
  const fs::path ref = ReferenceSchemas();
  ScratchDatabase a("ours");
  ScratchDatabase b("reference");
  Connection ca = a.Connect();
  LoadSqlFolder(ca, SqlDirectory() / "target" / "v3.10.5");
  Connection cb = b.Connect();
  fs::path file = ref / "cloudpods-v3.10.5.sql";
  ExecuteSqlScript(cb, ReadTextFile(file), file.string());
  auto mine = CreateStatements(a);
  auto theirs = CreateStatements(b);
  ASSERT_EQ(mine.size(), 3u);
  for (const char* t : {"dnszones_tbl", "dns_records_tbl", "dnszonevpcs_tbl"}) {
    EXPECT_EQ(mine[t], theirs[t]) << "table " << t;
  }
}

TEST(Schema, EveryFolderLoadsTwice) {
  // IF NOT EXISTS everywhere: loading over an upgraded database changes nothing.
  ScratchDatabase db;
  Connection c = db.Connect();
  for (int i = 0; i < 2; ++i) {
    LoadSqlFolder(c, SqlDirectory() / "legacy");
    LoadSqlFolder(c, SqlDirectory() / "target" / "v3.11");
    LoadSqlFolder(c, SqlDirectory() / "migrator");
  }
  EXPECT_EQ(c.QueryAll("SHOW TABLES").size(), 16u);
}

class FixtureLoads : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureLoads, IntoTheLegacySchemaWithoutWarnings) {
  ScratchDatabase db;
  db.LoadLegacySchema();
  ASSERT_NO_THROW(db.LoadFixture(GetParam()));
  EXPECT_GT(db.Count("dnsrecord_tbl"), 0);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixtureLoads,
                         ::testing::Values("basic", "cloud", "bad_input", "decisions"));

TEST(Fixture, BasicIsARealisticRegion) {
  ScratchDatabase db;
  db.LoadLegacySchema();
  db.LoadFixture("basic");
  EXPECT_GE(db.Count("dnsrecord_tbl"), 200);
  EXPECT_GT(db.Count("dnsrecord_tbl", "deleted = 1"), 0);
  EXPECT_GT(db.Count("dnsrecord_tbl", "enabled = 0"), 0);
  EXPECT_GT(db.Count("dnsrecord_tbl", "is_public = 0"), 0);
  EXPECT_GT(db.Count("dnsrecord_tbl", "name LIKE '%.'"), 0);
  EXPECT_GT(db.Count("dnsrecord_tbl", "BINARY name <> LOWER(name)"), 0);
  for (const char* type : {"A:", "AAAA:", "CNAME:", "SRV:", "PTR:"}) {
    EXPECT_GT(db.Count("dnsrecord_tbl", std::string("records LIKE '%") + type + "%'"), 0) << type;
  }
}

TEST(Fixture, CloudHasCachedAndLocalZones) {
  ScratchDatabase db;
  db.LoadLegacySchema();
  db.LoadFixture("cloud");
  EXPECT_GT(db.Count("dns_zone_caches_tbl"), 0);
  EXPECT_GT(db.Count("dns_zones_tbl",
                     "id NOT IN (SELECT dns_zone_id FROM dns_zone_caches_tbl)"), 0);
  EXPECT_GT(db.Count("dns_recordsets_tbl"), 0);
}

}  // namespace
}  // namespace cpdns
