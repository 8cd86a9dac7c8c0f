// Public-cloud pending resync against the real server: fixtures/cloud loaded on top of
// sql/legacy and sql/target/v3.11, then cloud syncs simulated by inserting the zones and
// records a sync would write. Expected numbers are those of fixtures/cloud/README.md.
#include "core/cloud_pending.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/errors.h"
#include "tests/integration/test_database.h"

namespace cpdns {
namespace {

using testing::ScratchDatabase;

constexpr const char* kAliyunProvider = "cb000001-0000-4000-8000-000000000001";
constexpr const char* kQcloudProvider = "cb000002-0000-4000-8000-000000000002";
constexpr const char* kHuaweiProviderAp = "cb000004-0000-4000-8000-000000000004";

class CloudPendingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_.LoadLegacySchema();
    db_.LoadTargetSchema("v3.11");
    db_.LoadFixture("cloud");
    conn_.emplace(db_.Connect());
    conn_->Execute("SET SESSION sql_mode='" + std::string(testing::kStrictSqlMode) + "'");
  }

  Connection& conn() { return *conn_; }
  std::string L(std::string_view v) { return conn().Literal(v); }

  // A dnszones_tbl row as a sync (manager set) or a local creation (manager NULL or '') writes it.
  std::string Zone(const std::string& name, std::optional<std::string> manager,
                   bool deleted = false) {
    std::string id = "e2000000-0000-4000-8000-" + Counter();
    conn().Execute(
        "INSERT INTO `dnszones_tbl` (`created_at`, `updated_at`, `id`, `name`, `status`, "
        "`tenant_id`, `project_src`, `zone_type`, `product_type`, `manager_id`, `external_id`, "
        "`deleted`) VALUES (UTC_TIMESTAMP(), UTC_TIMESTAMP(), " +
        L(id) + ", " + L(name) +
        ", 'available', '5d65667d112e47249ae66dbd7bc07030', 'cloud', 'PublicZone', "
        "'PublicZone', " +
        (manager ? L(*manager) : std::string("NULL")) + ", " + L("ext-" + id) + ", " +
        (deleted ? "1" : "0") + ")");
    return id;
  }

  void Record(const std::string& zone_id, const std::string& name, const std::string& type,
              const std::string& value, int64_t mx_priority = 0, bool enabled = true,
              bool deleted = false) {
    std::string id = "e5000000-0000-4000-8000-" + Counter();
    conn().Execute(
        "INSERT INTO `dns_records_tbl` (`created_at`, `updated_at`, `id`, `name`, `status`, "
        "`enabled`, `external_id`, `dns_zone_id`, `dns_type`, `dns_value`, `ttl`, "
        "`mx_priority`, `policy_type`, `policy_value`, `deleted`) VALUES (UTC_TIMESTAMP(), "
        "UTC_TIMESTAMP(), " +
        L(id) + ", " + L(name) + ", 'available', " + (enabled ? "1" : "0") + ", " + L("ext-" + id) +
        ", " + L(zone_id) + ", " + L(type) + ", " + L(value) + ", 600, " +
        std::to_string(mx_priority) + ", '', '', " + (deleted ? "1" : "0") + ")");
  }

  CloudPendingReport Build(const CloudTables& names = {}) {
    return BuildCloudPendingReport(conn(), names);
  }

  std::string Counter() {
    char buf[16];
    std::snprintf(buf, sizeof(buf), "%012d", ++counter_);
    return buf;
  }

  ScratchDatabase db_;
  std::optional<Connection> conn_;
  int counter_ = 0;
};

const CloudAccountSummary& Account(const CloudPendingReport& r, const std::string& name) {
  for (const CloudAccountSummary& a : r.accounts) {
    if (a.name == name) return a;
  }
  throw std::runtime_error("no account " + name);
}

void ExpectCounts(const CloudPendingReport& r, const std::string& name, int64_t expected,
                  int64_t reappeared, int64_t pending) {
  const CloudAccountSummary& a = Account(r, name);
  EXPECT_EQ(a.expected, expected) << name;
  EXPECT_EQ(a.reappeared, reappeared) << name;
  EXPECT_EQ(a.pending, pending) << name;
}

std::multiset<std::string> PendingOf(const CloudPendingReport& r, const std::string& account) {
  std::multiset<std::string> out;
  for (const PendingRecord& p : r.pending) {
    if (p.account_name == account) out.insert(p.zone_name + " " + p.record_name + " " + p.type);
  }
  return out;
}

TEST_F(CloudPendingTest, BeforeAnySyncEverythingExpectedIsPending) {
  const CloudPendingReport r = Build();
  EXPECT_TRUE(r.intermediate_tables_present);
  EXPECT_TRUE(r.target_tables_present);
  EXPECT_TRUE(r.providers_table_present);
  EXPECT_TRUE(r.missing_tables.empty());
  ASSERT_EQ(r.accounts.size(), 3u);

  // README "Expected cloud records per account".
  ExpectCounts(r, "aliyun-prod", 20, 0, 20);
  ExpectCounts(r, "qcloud-media", 6, 0, 6);
  ExpectCounts(r, "huawei-intl", 9, 0, 9);
  EXPECT_EQ(Account(r, "aliyun-prod").zones, 3);   // 01, 03, 04
  EXPECT_EQ(Account(r, "qcloud-media").zones, 1);  // 02: not 05 (deleted cache), not 06 (deleted)
  EXPECT_EQ(Account(r, "huawei-intl").zones, 2);   // 03, 05
  EXPECT_EQ(Account(r, "aliyun-prod").provider, "Aliyun");
  EXPECT_EQ(Account(r, "huawei-intl").brand, "Huawei");
  EXPECT_TRUE(Account(r, "aliyun-prod").dns_sync_supported);
  EXPECT_FALSE(Account(r, "huawei-intl").dns_sync_supported);
  EXPECT_EQ(r.Expected(), 35);
  EXPECT_EQ(r.Pending(), 35);
  ASSERT_EQ(r.pending.size(), 35u);

  std::set<std::string> distinct_ids;
  bool staging_listed = false;
  for (const PendingRecord& p : r.pending) {
    distinct_ids.insert(p.record_id);
    EXPECT_FALSE(p.zone_synced);
    EXPECT_NE(p.record_id, "d5000000-0001-4000-8000-000000000012");  // deleted recordset
    EXPECT_NE(p.zone_name, "old-campaign.com");                      // deleted zone
    EXPECT_NE(p.zone_name, "lab.example.org");                       // local zones
    EXPECT_NE(p.zone_name, "office.example-shop.com");
    if (p.record_name == "staging") {
      staging_listed = true;
      EXPECT_FALSE(p.enabled);
    }
    if (p.record_id == "d5000000-0001-4000-8000-000000000003") {
      EXPECT_EQ(p.type, "MX");
      EXPECT_EQ(p.value, "mxw2.mxhichina.com");
      EXPECT_EQ(p.mx_priority, 10);
    }
  }
  EXPECT_TRUE(staging_listed);
  EXPECT_EQ(distinct_ids.size(), 30u);  // zone 03 counts for two accounts

  // Zones 07-11; 12 is deleted.
  ASSERT_EQ(r.local_zones.size(), 5u);
  EXPECT_EQ(r.local_zones[0].name, "example.com");
  EXPECT_EQ(r.local_zones[0].recordsets, 5);
  EXPECT_EQ(r.local_zones[1].name, "lab.example.org");
  EXPECT_EQ(r.local_zones[1].recordsets, 8);  // 041 is deleted
  EXPECT_EQ(r.local_zones[1].zone_type, "PublicZone");
  EXPECT_EQ(r.local_zones[2].name, "office.example-shop.com");
  EXPECT_EQ(r.local_zones[2].recordsets, 3);
  EXPECT_EQ(r.local_zones[2].zone_type, "PrivateZone");
  EXPECT_EQ(r.local_zones[3].name, "old-lab.example.net");
  EXPECT_EQ(r.local_zones[3].recordsets, 1);
  EXPECT_EQ(r.local_zones[4].name, "partner.example.net");
  EXPECT_EQ(r.local_zones[4].recordsets, 1);
  EXPECT_EQ(r.local_recordsets, 18);
  EXPECT_EQ(r.unattributed_zones, 0);
}

TEST_F(CloudPendingTest, PartialSyncMovesTheCountsExactly) {
  // Aliyun syncs example-shop.com with 8 of its records, two of them changed in the cloud.
  std::string shop = Zone("example-shop.com", kAliyunProvider);
  Record(shop, "@", "A", "47.96.10.21");
  Record(shop, "@", "MX", "mxw.mxhichina.com", 5);
  Record(shop, "@", "MX", "mxw2.mxhichina.com", 20);  // preference changed: 10 -> 20
  Record(shop, "@", "TXT", "v=spf1 include:spf1.dm.aliyun.com -all");
  Record(shop, "www", "CNAME", "www.example-shop.com.w.kunlunsl.com");
  Record(shop, "api", "A", "47.96.10.99");  // value changed
  Record(shop, "_sip._tcp", "SRV", "10 60 5060 sip.example-shop.com");
  Record(shop, "staging", "A", "47.96.10.40", 0, /*enabled=*/false);  // comes back disabled
  // Qcloud syncs example-media.cn with 2 of 6.
  std::string media = Zone("example-media.cn", kQcloudProvider);
  Record(media, "www", "CNAME", "example-media.cn.cdn.dnsv1.com");
  Record(media, "@", "MX", "mxbiz1.qq.com", 5);
  // Huawei's second sub-account syncs example-hw.net with 2 of 4.
  std::string hw = Zone("example-hw.net", kHuaweiProviderAp);
  Record(hw, "ldap", "A", "121.36.0.11");
  Record(hw, "_ldap._tcp", "SRV", "0 100 389 ldap.example-hw.net");

  const CloudPendingReport r = Build();
  // Aliyun: @ A, @ MX 5, @ TXT, www, _sip, staging = 6 of zone 01; nothing yet of 03 and 04.
  ExpectCounts(r, "aliyun-prod", 20, 6, 14);
  ExpectCounts(r, "qcloud-media", 6, 2, 4);
  ExpectCounts(r, "huawei-intl", 9, 2, 7);
  EXPECT_EQ(r.Reappeared(), 10);
  EXPECT_EQ(r.Pending(), 25);
  EXPECT_EQ(r.pending.size(), 25u);

  EXPECT_EQ(PendingOf(r, "qcloud-media"),
            (std::multiset<std::string>{"example-media.cn @ A", "example-media.cn @ MX",
                                        "example-media.cn @ TXT", "example-media.cn img CNAME"}));
  int shop_pending = 0;
  for (const PendingRecord& p : r.pending) {
    if (p.account_name != "aliyun-prod") continue;
    // Records of a zone that came back are missing or changed; others are not synced yet.
    EXPECT_EQ(p.zone_synced, p.zone_name == "example-shop.com") << p.zone_name;
    if (p.zone_name == "example-shop.com") ++shop_pending;
  }
  EXPECT_EQ(shop_pending, 5);  // MX 10, api x2, ipv6, *
}

TEST_F(CloudPendingTest, FullResyncLeavesNothingPending) {
  // What every account's sync would write: one zone per live holding, under the account's
  // first sub-account, with every live recordset.
  conn().Execute(
      "INSERT INTO `dnszones_tbl` (`created_at`, `updated_at`, `id`, `name`, `status`, "
      "`tenant_id`, `project_src`, `zone_type`, `product_type`, `manager_id`, `external_id`) "
      "SELECT UTC_TIMESTAMP(), UTC_TIMESTAMP(), c.`id`, z.`name`, 'available', "
      "'5d65667d112e47249ae66dbd7bc07030', 'cloud', z.`zone_type`, c.`product_type`, "
      "(SELECT MIN(p.`id`) FROM `cloudproviders_tbl` p WHERE p.`cloudaccount_id` = "
      "c.`cloudaccount_id`), c.`external_id` FROM `dns_zone_caches_tbl` c JOIN `dns_zones_tbl` "
      "z ON z.`id` = c.`dns_zone_id` AND z.`deleted` = 0 WHERE c.`deleted` = 0");
  conn().Execute(
      "INSERT INTO `dns_records_tbl` (`created_at`, `updated_at`, `id`, `name`, `status`, "
      "`enabled`, `dns_zone_id`, `dns_type`, `dns_value`, `ttl`, `mx_priority`, `policy_type`, "
      "`policy_value`) SELECT UTC_TIMESTAMP(), UTC_TIMESTAMP(), CONCAT(c.`id`, '/', r.`id`), "
      "r.`name`, 'available', r.`enabled`, c.`id`, r.`dns_type`, r.`dns_value`, r.`ttl`, "
      "r.`mx_priority`, '', '' FROM `dns_zone_caches_tbl` c JOIN `dns_recordsets_tbl` r ON "
      "r.`dns_zone_id` = c.`dns_zone_id` AND r.`deleted` = 0 JOIN `dns_zones_tbl` z ON z.`id` = "
      "c.`dns_zone_id` AND z.`deleted` = 0 WHERE c.`deleted` = 0");
  const CloudPendingReport r = Build();
  ExpectCounts(r, "aliyun-prod", 20, 20, 0);
  ExpectCounts(r, "qcloud-media", 6, 6, 0);
  ExpectCounts(r, "huawei-intl", 9, 9, 0);
  EXPECT_TRUE(r.pending.empty());
  EXPECT_EQ(r.local_zones.size(), 5u);  // still without a home
}

TEST_F(CloudPendingTest, RecordUnderAnotherAccountsZoneDoesNotCount) {
  // Zone 03 is held by Aliyun and Huawei; only Aliyun's sub-account syncs it.
  std::string global = Zone("example-global.com", kAliyunProvider);
  Record(global, "@", "A", "8.210.10.5");
  Record(global, "www", "A", "8.210.10.5");
  // example-hw.net is Huawei's (its Qcloud cache is deleted); Qcloud's sub-account holds it now.
  std::string hw = Zone("example-hw.net", kQcloudProvider);
  Record(hw, "@", "A", "121.36.0.10");
  Record(hw, "www", "CNAME", "example-hw.net");

  const CloudPendingReport r = Build();
  ExpectCounts(r, "aliyun-prod", 20, 2, 18);
  ExpectCounts(r, "huawei-intl", 9, 0, 9);
  ExpectCounts(r, "qcloud-media", 6, 0, 6);
  for (const PendingRecord& p : r.pending) {
    if (p.account_name == "huawei-intl") {
      EXPECT_FALSE(p.zone_synced) << p.zone_name;
    }
  }
}

TEST_F(CloudPendingTest, LocalZoneWithTheSameRecordsDoesNotCount) {
  for (std::optional<std::string> manager :
       {std::optional<std::string>(), std::optional<std::string>("")}) {
    std::string media = Zone("example-media.cn", manager);
    Record(media, "@", "A", "119.29.29.100");
    Record(media, "www", "CNAME", "example-media.cn.cdn.dnsv1.com");
    Record(media, "img", "CNAME", "img.example-media.cn.cdn.dnsv1.com");
    Record(media, "@", "MX", "mxbiz1.qq.com", 5);
    Record(media, "@", "MX", "mxbiz2.qq.com", 10);
    Record(media, "@", "TXT", "v=spf1 include:spf.mail.qq.com ~all");
  }
  const CloudPendingReport r = Build();
  ExpectCounts(r, "qcloud-media", 6, 0, 6);
  EXPECT_EQ(r.unattributed_zones, 0);
}

TEST_F(CloudPendingTest, CaseAndTrailingDotDifferencesStillMatch) {
  std::string global = Zone("Example-Global.COM.", kAliyunProvider);
  Record(global, "WWW", "A", "8.210.10.5");
  Record(global, "api", "cname", "API.Example-Global.com.EdgeKey.net.");
  Record(global, "@", "TXT", "\"google-site-verification=Zm9vYmFyZml4dHVyZXRva2VuMDAx\"");
  Record(global, "www", "AAAA", "2408:4005:3a0:8a00:0:0:0:20");
  // TXT content is case-sensitive: this one is a different record.
  std::string media = Zone("EXAMPLE-MEDIA.CN", kQcloudProvider);
  Record(media, "@", "TXT", "V=SPF1 INCLUDE:SPF.MAIL.QQ.COM ~ALL");
  Record(media, "IMG.", "CNAME", "img.example-media.cn.cdn.dnsv1.com.");

  const CloudPendingReport r = Build();
  ExpectCounts(r, "aliyun-prod", 20, 4, 16);
  ExpectCounts(r, "qcloud-media", 6, 1, 5);
  ExpectCounts(r, "huawei-intl", 9, 0, 9);
}

TEST_F(CloudPendingTest, UnknownOrDeletedSubAccountCountsForNobody) {
  conn().Execute(
      "INSERT INTO `cloudproviders_tbl` (`id`, `name`, `status`, `enabled`, `domain_id`, "
      "`tenant_id`, `provider`, `account`, `secret`, `cloudaccount_id`, `deleted`, "
      "`deleted_at`, `created_at`, `updated_at`) VALUES ('cb000005-0000-4000-8000-000000000005', "
      "'qcloud-media-old', 'connected', 1, 'default', '5d65667d112e47249ae66dbd7bc07030', "
      "'Qcloud', 'placeholder', 'placeholder', 'ca000002-0000-4000-8000-000000000002', 1, "
      "UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP())");
  std::string old = Zone("example-media.cn", std::string("cb000005-0000-4000-8000-000000000005"));
  Record(old, "@", "A", "119.29.29.100");
  Record(old, "img", "CNAME", "img.example-media.cn.cdn.dnsv1.com");
  std::string gone = Zone("example-media.cn", std::string("cb999999-0000-4000-8000-000000000999"));
  Record(gone, "www", "CNAME", "example-media.cn.cdn.dnsv1.com");

  const CloudPendingReport r = Build();
  ExpectCounts(r, "qcloud-media", 6, 0, 6);
  EXPECT_EQ(r.unattributed_zones, 2);
  EXPECT_EQ(r.unattributed_records, 3);
}

TEST_F(CloudPendingTest, DeletedTargetRowsDoNotCount) {
  std::string shop = Zone("example-shop.com", kAliyunProvider);
  Record(shop, "@", "A", "47.96.10.21", 0, true, /*deleted=*/true);
  Record(shop, "ipv6", "AAAA", "2408:4005:3a0:8a00::10");
  std::string dead = Zone("example-media.cn", kQcloudProvider, /*deleted=*/true);
  Record(dead, "@", "A", "119.29.29.100");

  const CloudPendingReport r = Build();
  ExpectCounts(r, "aliyun-prod", 20, 1, 19);
  ExpectCounts(r, "qcloud-media", 6, 0, 6);
}

TEST_F(CloudPendingTest, TargetTablesAbsentEverythingIsPending) {
  conn().Execute("DROP TABLE `dns_records_tbl`");
  const CloudPendingReport r = Build();
  EXPECT_TRUE(r.intermediate_tables_present);
  EXPECT_FALSE(r.target_tables_present);
  EXPECT_EQ(r.missing_tables, std::vector<std::string>{"dns_records_tbl"});
  ExpectCounts(r, "aliyun-prod", 20, 0, 20);
  ExpectCounts(r, "qcloud-media", 6, 0, 6);
  ExpectCounts(r, "huawei-intl", 9, 0, 9);
  EXPECT_EQ(r.local_zones.size(), 5u);
  EXPECT_EQ(r.Pending(), 35);
  EXPECT_EQ(r.pending.size(), 35u);
}

TEST_F(CloudPendingTest, ProvidersTableAbsentNothingCanHaveReappeared) {
  std::string shop = Zone("example-shop.com", kAliyunProvider);
  Record(shop, "@", "A", "47.96.10.21");
  conn().Execute("DROP TABLE `cloudproviders_tbl`");
  const CloudPendingReport r = Build();
  EXPECT_FALSE(r.providers_table_present);
  ExpectCounts(r, "aliyun-prod", 20, 0, 20);
  EXPECT_EQ(r.unattributed_zones, 1);
  EXPECT_EQ(r.unattributed_records, 1);
}

TEST_F(CloudPendingTest, AccountsTableAbsentStillCountsById) {
  conn().Execute("DROP TABLE `cloudaccounts_tbl`");
  const CloudPendingReport r = Build();
  ASSERT_EQ(r.accounts.size(), 3u);
  for (const CloudAccountSummary& a : r.accounts) {
    EXPECT_FALSE(a.known);
    EXPECT_FALSE(a.dns_sync_supported);
  }
  EXPECT_EQ(r.accounts[0].id, "ca000001-0000-4000-8000-000000000001");
  EXPECT_EQ(r.accounts[0].expected, 20);
  EXPECT_EQ(r.Expected(), 35);
}

TEST_F(CloudPendingTest, IntermediateTablesAbsentNothingIsExpected) {
  std::string shop = Zone("example-shop.com", kAliyunProvider);
  Record(shop, "@", "A", "47.96.10.21");
  conn().Execute("DROP TABLE `dns_zone_caches_tbl`");
  const CloudPendingReport r = Build();
  EXPECT_FALSE(r.intermediate_tables_present);
  EXPECT_TRUE(r.target_tables_present);
  EXPECT_EQ(r.missing_tables, std::vector<std::string>{"dns_zone_caches_tbl"});
  EXPECT_TRUE(r.accounts.empty());
  EXPECT_TRUE(r.pending.empty());
  EXPECT_TRUE(r.local_zones.empty());
  EXPECT_EQ(r.Expected(), 0);
  EXPECT_FALSE(CloudPendingJson(r)["intermediate_tables_present"].get<bool>());
}

TEST(CloudPending, EmptyDatabaseReportsEveryTableMissing) {
  ScratchDatabase db;
  Connection c = db.Connect();
  const CloudPendingReport r = BuildCloudPendingReport(c, {});
  EXPECT_FALSE(r.intermediate_tables_present);
  EXPECT_FALSE(r.target_tables_present);
  EXPECT_EQ(r.missing_tables.size(), 7u);
}

TEST_F(CloudPendingTest, TableWithoutTheColumnsReadIsAConfigError) {
  conn().Execute("ALTER TABLE `dns_recordsets_tbl` DROP COLUMN `mx_priority`");
  EXPECT_THROW((void)Build(), ConfigError);
}

TEST_F(CloudPendingTest, TableNamesComeFromTheCaller) {
  conn().Execute("RENAME TABLE `dns_recordsets_tbl` TO `old recordsets`");
  CloudTables names;
  names.recordsets = "old recordsets";
  const CloudPendingReport r = Build(names);
  ExpectCounts(r, "aliyun-prod", 20, 0, 20);
  EXPECT_EQ(r.local_recordsets, 18);
}

}  // namespace
}  // namespace cpdns
