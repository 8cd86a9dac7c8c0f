#include "core/cloud_pending.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace cpdns {
namespace {

ExpectedCloudRecord Expected(const std::string& account, const std::string& zone_id,
                             const std::string& zone, const std::string& name,
                             const std::string& type, const std::string& value,
                             int64_t mx_priority = 0) {
  ExpectedCloudRecord e;
  e.account_id = account;
  e.zone_id = zone_id;
  e.zone_name = zone;
  e.record_id = zone_id + "/" + name + "/" + type + "/" + value;
  e.record_name = name;
  e.type = type;
  e.value = value;
  e.mx_priority = mx_priority;
  e.ttl = 600;
  return e;
}

CloudAccountSummary Account(const std::string& id, const std::string& name,
                            const std::string& provider) {
  CloudAccountSummary a;
  a.id = id;
  a.name = name;
  a.provider = provider;
  a.brand = provider;
  a.known = true;
  return a;
}

TEST(CloudPendingNames, ZoneNamesLoseCaseAndOneTrailingDot) {
  EXPECT_EQ(NormalizeCloudZoneName("Example-Shop.COM."), "example-shop.com");
  EXPECT_EQ(NormalizeCloudZoneName(" example.com "), "example.com");
  EXPECT_EQ(NormalizeCloudZoneName("example.com"), "example.com");
}

TEST(CloudPendingNames, EmptyRecordNameIsTheApex) {
  EXPECT_EQ(NormalizeCloudRecordName(""), "@");
  EXPECT_EQ(NormalizeCloudRecordName("@"), "@");
  EXPECT_EQ(NormalizeCloudRecordName("WWW."), "www");
  EXPECT_EQ(NormalizeCloudRecordName("*"), "*");
  EXPECT_EQ(NormalizeCloudRecordName("_SIP._tcp"), "_sip._tcp");
}

TEST(CloudPendingValues, HostValuesLoseCaseAndTrailingDot) {
  EXPECT_EQ(NormalizeCloudValue("CNAME", "WWW.Example-Shop.com.W.Kunlunsl.com."),
            "www.example-shop.com.w.kunlunsl.com");
  EXPECT_EQ(NormalizeCloudValue("mx", "MXW.mxhichina.com."), "mxw.mxhichina.com");
  EXPECT_EQ(NormalizeCloudValue("NS", "ns1.Example.net."), "ns1.example.net");
  EXPECT_EQ(NormalizeCloudValue("PTR", "host.example.com"), "host.example.com");
}

TEST(CloudPendingValues, SrvFieldsAreSpacedOnceAndTheTargetNormalised) {
  EXPECT_EQ(NormalizeCloudValue("SRV", "10  60\t5060 SIP.example-shop.com."),
            "10 60 5060 sip.example-shop.com");
  // Not four fields: kept as stored, so it cannot match a well-formed value by accident.
  EXPECT_EQ(NormalizeCloudValue("SRV", "sip.example.com:5060"), "sip.example.com:5060");
}

TEST(CloudPendingValues, TxtLosesOnePairOfQuotesButKeepsCase) {
  EXPECT_EQ(NormalizeCloudValue("TXT", "\"v=spf1 include:spf.mail.qq.com ~all\""),
            "v=spf1 include:spf.mail.qq.com ~all");
  EXPECT_EQ(NormalizeCloudValue("TXT", "Zm9vYmFy"), "Zm9vYmFy");
  EXPECT_NE(NormalizeCloudValue("TXT", "Zm9vYmFy"), NormalizeCloudValue("TXT", "zm9vymfy"));
  EXPECT_EQ(NormalizeCloudValue("SPF", "\"v=spf1 -all\""), "v=spf1 -all");
  EXPECT_EQ(NormalizeCloudValue("TXT", "\""), "\"");
}

TEST(CloudPendingValues, AddressesAreCanonical) {
  EXPECT_EQ(NormalizeCloudValue("AAAA", "2408:4005:03A0:8a00:0:0:0:10"), "2408:4005:3a0:8a00::10");
  EXPECT_EQ(NormalizeCloudValue("A", " 47.96.10.21 "), "47.96.10.21");
  EXPECT_EQ(NormalizeCloudValue("A", "not-an-address"), "not-an-address");
}

TEST(CloudPendingValues, SeveralLinesAreNormalisedOneByOne) {
  EXPECT_EQ(NormalizeCloudValue("CNAME", "A.example.com.\nB.example.com."),
            "a.example.com\nb.example.com");
  EXPECT_EQ(NormalizeCloudValue("TXT", "\"one\"\n\"Two\"\n"), "one\nTwo");
}

TEST(CloudPendingValues, OtherTypesAreComparedAsStored) {
  EXPECT_EQ(NormalizeCloudValue("CAA", " 0 issue \"LetsEncrypt.org\" "),
            "0 issue \"LetsEncrypt.org\"");
}

TEST(CloudPendingProviders, OnlyDriversWithTheDnsZoneCapabilitySync) {
  EXPECT_TRUE(ProviderSyncsDns("Aliyun"));
  EXPECT_TRUE(ProviderSyncsDns("Qcloud"));
  EXPECT_TRUE(ProviderSyncsDns("Aws"));
  EXPECT_FALSE(ProviderSyncsDns("Huawei"));
  EXPECT_FALSE(ProviderSyncsDns("aliyun"));
  EXPECT_FALSE(ProviderSyncsDns(""));
}

TEST(CloudPendingKey, MxPriorityCountsOnlyForMx) {
  EXPECT_NE(MakeCloudRecordKey("a", "z.com", "@", "MX", "mx.z.com", 5),
            MakeCloudRecordKey("a", "z.com", "@", "MX", "mx.z.com", 10));
  EXPECT_EQ(MakeCloudRecordKey("a", "z.com", "@", "A", "1.2.3.4", 5),
            MakeCloudRecordKey("a", "z.com", "@", "A", "1.2.3.4", 0));
  EXPECT_EQ(MakeCloudRecordKey("a", "Z.com.", "WWW", "cname", "X.z.com.", 0),
            MakeCloudRecordKey("a", "z.com", "www", "CNAME", "x.z.com", 0));
  EXPECT_NE(MakeCloudRecordKey("a", "z.com", "www", "A", "1.2.3.4", 0),
            MakeCloudRecordKey("b", "z.com", "www", "A", "1.2.3.4", 0));
}

TEST(CloudPendingSynced, RecordsAndZonesArePerAccount) {
  SyncedCloudRecords s;
  s.AddRecord(MakeCloudRecordKey("acc1", "Example.com.", "www", "A", "1.2.3.4", 0));
  s.AddZone("acc2", "other.com");
  EXPECT_TRUE(s.Contains(MakeCloudRecordKey("acc1", "example.com", "WWW", "A", "1.2.3.4", 0)));
  EXPECT_FALSE(s.Contains(MakeCloudRecordKey("acc2", "example.com", "www", "A", "1.2.3.4", 0)));
  EXPECT_TRUE(s.HasZone("acc1", "EXAMPLE.com"));  // a record implies its zone
  EXPECT_TRUE(s.HasZone("acc2", "other.com."));
  EXPECT_FALSE(s.HasZone("acc1", "other.com"));
  EXPECT_EQ(s.records(), 1u);
}

TEST(CloudPendingTally, CountsPerAccountAndKeepsOnlyPendingRecords) {
  SyncedCloudRecords s;
  s.AddRecord(MakeCloudRecordKey("acc1", "shop.com", "@", "A", "1.1.1.1", 0));
  s.AddRecord(MakeCloudRecordKey("acc1", "shop.com", "@", "MX", "mx1.shop.com", 5));
  s.AddRecord(MakeCloudRecordKey("acc1", "shop.com", "@", "MX", "mx2.shop.com", 20));  // changed
  CloudPendingTally t(s);
  t.SetAccount(Account("acc1", "shop-account", "Aliyun"));
  t.SetAccount(Account("acc2", "hw-account", "Huawei"));
  t.AddExpected(Expected("acc1", "z1", "shop.com", "@", "A", "1.1.1.1"));
  t.AddExpected(Expected("acc1", "z1", "shop.com", "@", "MX", "mx1.shop.com", 5));
  t.AddExpected(Expected("acc1", "z1", "shop.com", "@", "MX", "mx2.shop.com", 10));
  t.AddExpected(Expected("acc1", "z2", "global.com", "www", "A", "2.2.2.2"));
  t.AddExpected(Expected("acc2", "z2", "global.com", "www", "A", "2.2.2.2"));
  t.AddZone("acc2", "z3");  // held, no recordsets
  t.AddZone("acc2", "z3");
  t.AddExpected(Expected("ghost", "z4", "ghost.com", "@", "A", "3.3.3.3"));
  CloudPendingReport r;
  std::move(t).Finish(r);

  ASSERT_EQ(r.accounts.size(), 3u);
  // Sorted by name: the unknown account (empty name) first.
  EXPECT_EQ(r.accounts[0].id, "ghost");
  EXPECT_FALSE(r.accounts[0].known);
  EXPECT_EQ(r.accounts[1].name, "hw-account");
  EXPECT_EQ(r.accounts[2].name, "shop-account");

  const CloudAccountSummary& shop = r.accounts[2];
  EXPECT_EQ(shop.zones, 2);
  EXPECT_EQ(shop.expected, 4);
  EXPECT_EQ(shop.reappeared, 2);
  EXPECT_EQ(shop.pending, 2);
  EXPECT_TRUE(shop.dns_sync_supported);

  const CloudAccountSummary& hw = r.accounts[1];
  EXPECT_EQ(hw.zones, 2);
  EXPECT_EQ(hw.expected, 1);
  EXPECT_EQ(hw.pending, 1);
  EXPECT_FALSE(hw.dns_sync_supported);

  EXPECT_EQ(r.Expected(), 6);
  EXPECT_EQ(r.Reappeared(), 2);
  EXPECT_EQ(r.Pending(), 4);

  ASSERT_EQ(r.pending.size(), 4u);
  EXPECT_EQ(r.pending[0].account_id, "ghost");
  EXPECT_EQ(r.pending[1].account_name, "hw-account");
  EXPECT_FALSE(r.pending[1].zone_synced);
  // shop-account: global.com (zone not synced) sorts before shop.com (synced, MX changed).
  EXPECT_EQ(r.pending[2].zone_name, "global.com");
  EXPECT_FALSE(r.pending[2].zone_synced);
  EXPECT_EQ(r.pending[3].zone_name, "shop.com");
  EXPECT_EQ(r.pending[3].value, "mx2.shop.com");
  EXPECT_EQ(r.pending[3].mx_priority, 10);
  EXPECT_TRUE(r.pending[3].zone_synced);
}

TEST(CloudPendingTally, RepeatedInputCountsEachTime) {
  SyncedCloudRecords s;
  CloudPendingTally t(s);
  t.AddExpected(Expected("a", "z", "x.com", "www", "A", "1.1.1.1"));
  t.AddExpected(Expected("a", "z", "x.com", "www", "A", "1.1.1.1"));
  CloudPendingReport r;
  std::move(t).Finish(r);
  ASSERT_EQ(r.accounts.size(), 1u);
  EXPECT_EQ(r.accounts[0].expected, 2);
  EXPECT_EQ(r.accounts[0].zones, 1);
  EXPECT_EQ(r.pending.size(), 2u);
}

CloudPendingReport SampleReport() {
  SyncedCloudRecords s;
  CloudPendingTally t(s);
  t.SetAccount(Account("acc1", "shop-account", "Aliyun"));
  t.SetAccount(Account("acc2", "hw-account", "Huawei"));
  t.AddExpected(Expected("acc1", "z1", "shop.com", "@", "MX", "mx1.shop.com", 5));
  t.AddExpected(Expected("acc1", "z1", "shop.com", "www", "A", "1.1.1.1"));
  t.AddExpected(Expected("acc2", "z2", "hw.net", "www", "A", "2.2.2.2"));
  CloudPendingReport r;
  r.intermediate_tables_present = true;
  r.target_tables_present = true;
  r.providers_table_present = true;
  std::move(t).Finish(r);
  r.local_zones = {{"z7", "office.shop.com", "PrivateZone", 3}, {"z8", "lab.org", "PublicZone", 4}};
  r.local_recordsets = 7;
  return r;
}

TEST(CloudPendingOutput, JsonHoldsEveryPendingRecord) {
  const nlohmann::json j = CloudPendingJson(SampleReport());
  EXPECT_EQ(j["totals"]["expected"], 3);
  EXPECT_EQ(j["totals"]["pending"], 3);
  EXPECT_EQ(j["totals"]["local_recordsets"], 7);
  ASSERT_EQ(j["pending"].size(), 3u);
  EXPECT_EQ(j["pending"][0]["account_name"], "hw-account");
  ASSERT_EQ(j["accounts"].size(), 2u);
  EXPECT_EQ(j["accounts"][0]["dns_sync_supported"], false);
  EXPECT_EQ(j["local_zones"][1]["name"], "lab.org");
  EXPECT_TRUE(j["intermediate_tables_present"].get<bool>());
}

}  // namespace
}  // namespace cpdns
