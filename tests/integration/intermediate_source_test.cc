// Reading the intermediate model's local zones from the real server: fixtures/cloud on top of
// sql/legacy (README "Zones" and "tenant_cache_tbl" say what each row is for).
#include "core/intermediate_source.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/errors.h"
#include "tests/integration/test_database.h"

namespace cpdns {
namespace {

using testing::ScratchDatabase;

constexpr const char* kSystem = "5d65667d112e47249ae66dbd7bc07030";
constexpr const char* kPartnerDomain = "3f1e9a7c5b2d4e6f8a0b1c2d3e4f5a6b";

class IntermediateSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_.LoadLegacySchema();
    db_.LoadFixture("cloud");
    conn_.emplace(db_.Connect());
  }
  Connection& conn() { return *conn_; }

  ScratchDatabase db_;
  std::optional<Connection> conn_;
};

std::vector<std::string> Names(const IntermediateSnapshot& s) {
  std::vector<std::string> out;
  for (const IntermediateZone& z : s.zones) out.push_back(z.zone.name);
  return out;
}

TEST_F(IntermediateSourceTest, ReadsTheLiveLocalZonesWithTheirRecordsAndVpcs) {
  IntermediateSnapshot s = ReadIntermediateZones(conn(), {}, {});
  EXPECT_TRUE(s.present);
  EXPECT_TRUE(s.missing_tables.empty());
  // Cloud zones (a live cache row) and the deleted zone 12 are not local zones.
  EXPECT_EQ(Names(s),
            (std::vector<std::string>{"example.com", "lab.example.org", "office.example-shop.com",
                                      "old-lab.example.net", "partner.example.net"}));
  const IntermediateZone& lab = s.zones[1];
  EXPECT_EQ(lab.zone.id, "d2000000-0008-4000-8000-000000000008");
  EXPECT_EQ(lab.zone.zone_type, "PublicZone");
  EXPECT_EQ(lab.zone.enabled, true);
  EXPECT_EQ(lab.zone.domain_id, "default");
  EXPECT_EQ(lab.zone.created_at, "2023-10-11 10:28:56");
  EXPECT_FALSE(lab.zone.description.has_value());
  ASSERT_EQ(lab.records.size(), 8u);  // 041 is deleted
  EXPECT_EQ(lab.records[0].id, "d5000000-0008-4000-8000-000000000037");
  const IntermediateRecordRow& caa = lab.records[4];
  EXPECT_EQ(caa.id, "d5000000-0008-4000-8000-000000000042");
  EXPECT_EQ(caa.dns_type, "CAA");
  EXPECT_EQ(caa.dns_value, "0 issue \"letsencrypt.org\"");
  EXPECT_EQ(caa.ttl, 3600);
  EXPECT_EQ(lab.records[5].mx_priority, 10);
  EXPECT_EQ(lab.records[7].enabled, false);  // 045 staging
  EXPECT_TRUE(lab.vpcs.empty());

  const IntermediateZone& office = s.zones[2];
  ASSERT_EQ(office.vpcs.size(), 2u);  // link 4 is deleted
  EXPECT_EQ(office.vpcs[0].row_id, 2);
  EXPECT_EQ(office.vpcs[0].vpc_id, "8b1f0d3e-2c4a-4e6b-8d9f-0a1b2c3d4e5f");
  EXPECT_EQ(office.vpcs[1].row_id, 3);

  const IntermediateZone& old_lab = s.zones[3];
  EXPECT_EQ(old_lab.zone.enabled, false);
  EXPECT_FALSE(old_lab.zone.is_public);
  EXPECT_EQ(old_lab.zone.public_scope, "none");
  EXPECT_EQ(s.zones[0].zone.description, "shared services");
}

TEST_F(IntermediateSourceTest, FindsEachDomainsFirstLiveProjectAndTheDomainsOfNamedProjects) {
  IntermediateSnapshot s = ReadIntermediateZones(conn(), {}, {kSystem, "no-such-project"});
  ASSERT_TRUE(s.projects.has_value());
  const ProjectDirectory& d = *s.projects;
  // trial was created earlier but is deleted; the domains themselves are rows of another
  // "domain" (<<keystone.domain.root>>).
  ASSERT_EQ(d.first_of_domain.count("default"), 1u);
  EXPECT_EQ(d.first_of_domain.at("default").ids, std::vector<std::string>{kSystem});
  EXPECT_EQ(d.first_of_domain.at("default").created_at, "2022-01-01 00:00:10");
  EXPECT_EQ(d.first_of_domain.count(kPartnerDomain), 0u);
  EXPECT_EQ(d.domain_of_project.at(kSystem), "default");
  EXPECT_EQ(d.domain_of_project.count("no-such-project"), 0u);

  // Two projects created in the same second are both reported: nobody can say which is first.
  conn().Execute(
      "INSERT INTO `tenant_cache_tbl` (`id`, `name`, `domain_id`, `created_at`, "
      "`updated_at`) VALUES ('p-one', 'one', '" +
      std::string(kPartnerDomain) +
      "', '2024-01-01 00:00:00', '2024-01-01 00:00:00'), ('p-two', 'two', '" + kPartnerDomain +
      "', '2024-01-01 00:00:00', '2024-01-01 00:00:00')");
  IntermediateSnapshot tie = ReadIntermediateZones(conn(), {}, {});
  EXPECT_EQ(tie.projects->first_of_domain.at(kPartnerDomain).ids,
            (std::vector<std::string>{"p-one", "p-two"}));
}

TEST_F(IntermediateSourceTest, ListsTheSameZonesWithTheirCounts) {
  std::vector<LocalIntermediateZone> list = ListLocalIntermediateZones(conn(), {});
  IntermediateSnapshot s = ReadIntermediateZones(conn(), {}, {});
  ASSERT_EQ(list.size(), s.zones.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(list[i].id, s.zones[i].zone.id);
    EXPECT_EQ(list[i].recordsets, static_cast<int64_t>(s.zones[i].records.size()));
  }
}

TEST_F(IntermediateSourceTest, ZoneIdsMatchAsTheServerComparesThem) {
  // dns_zone_id is ascii_general_ci: a link in other letter case still belongs to its zone.
  conn().Execute(
      "UPDATE `dns_recordsets_tbl` SET `dns_zone_id` = UPPER(`dns_zone_id`) WHERE "
      "`id` = 'd5000000-0010-4000-8000-000000000051'");
  IntermediateSnapshot s = ReadIntermediateZones(conn(), {}, {});
  EXPECT_EQ(s.zones[3].records.size(), 1u);
}

TEST_F(IntermediateSourceTest, OptionalTablesMayBeAbsent) {
  conn().Execute("DROP TABLE `dns_zonevpcs_tbl`");
  conn().Execute("DROP TABLE `tenant_cache_tbl`");
  IntermediateSnapshot s = ReadIntermediateZones(conn(), {}, {});
  EXPECT_TRUE(s.present);
  EXPECT_EQ(s.missing_tables, (std::vector<std::string>{"dns_zonevpcs_tbl", "tenant_cache_tbl"}));
  EXPECT_EQ(s.zones.size(), 5u);
  EXPECT_TRUE(s.zones[2].vpcs.empty());
  EXPECT_FALSE(s.projects.has_value());

  conn().Execute("DROP TABLE `dns_zone_caches_tbl`");
  IntermediateSnapshot none = ReadIntermediateZones(conn(), {}, {});
  EXPECT_FALSE(none.present);
  EXPECT_TRUE(none.zones.empty());
}

TEST_F(IntermediateSourceTest, ATableWithoutTheColumnsReadIsAConfigError) {
  conn().Execute("ALTER TABLE `dns_zones_tbl` DROP COLUMN `public_scope`");
  EXPECT_THROW((void)ReadIntermediateZones(conn(), {}, {}), ConfigError);
}

TEST_F(IntermediateSourceTest, TableNamesComeFromTheCaller) {
  conn().Execute("RENAME TABLE `dns_recordsets_tbl` TO `old recordsets`");
  IntermediateTables t;
  t.recordsets = "old recordsets";
  IntermediateSnapshot s = ReadIntermediateZones(conn(), t, {});
  EXPECT_EQ(s.zones.at(0).records.size(), 5u);
}

}  // namespace
}  // namespace cpdns
