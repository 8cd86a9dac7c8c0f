#include "bench/cloud_section.h"

#include <array>
#include <cstdio>

#include "bench/tsv_writer.h"

namespace cpdns::bench {

namespace {

struct Account {
  const char* id;
  const char* name;
  const char* provider;
  const char* access_url;  // nullptr: NULL
};

constexpr std::array<Account, 4> kAccounts = {{
    {"ca000001-0000-4000-8000-000000000001", "aliyun-prod", "Aliyun", "InternationalCloud"},
    {"ca000002-0000-4000-8000-000000000002", "qcloud-media", "Qcloud", nullptr},
    {"ca000003-0000-4000-8000-000000000003", "huawei-intl", "Huawei", "InternationalCloud"},
    {"ca000004-0000-4000-8000-000000000004", "aws-global", "Aws", "InternationalCloud"},
}};

constexpr std::array<const char*, 4> kZoneWords = {"shop", "media", "global", "campaign"};
constexpr std::array<const char*, 4> kZoneTlds = {"com", "cn", "net", "io"};
constexpr std::array<const char*, 6> kTypes = {"A", "A", "CNAME", "AAAA", "MX", "TXT"};

std::string Id(const char* prefix, long long n) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s-%04llx-4000-8000-%012llx", prefix, n & 0xffff, n);
  return buf;
}

TsvCell S(std::string v) { return TsvCell(std::move(v)); }
const TsvCell kNull = std::nullopt;

// A name the legacy rows hold: the zone psl inference gives it, and the rest of it.
struct LegacyName {
  std::string zone;
  std::string relative;
};

// The first live, enabled, public A row of the region whose name is written in its
// normalised form: its zone is one the legacy rows make for the system project.
LegacyName FirstPublicLegacyName(const RegionShape& shape) {
  SyntheticRegion region(shape);
  GeneratedRow g;
  while (region.Next(g)) {
    const LegacyRow& r = g.row;
    const std::string suffix = "." + g.zone;
    if (!r.is_public || !r.enabled || r.deleted || g.kind != RowKind::kA ||
        r.name.size() <= suffix.size() ||
        r.name.compare(r.name.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    return {g.zone, r.name.substr(0, r.name.size() - suffix.size())};
  }
  return {"example-cloud-local.com", "www"};
}

// The region's project cache: the default domain, the system project (its first project,
// the owner of local zones migrated without --intermediate-project), the private projects.
void WriteTenantCache(const std::string& dir, std::vector<std::string>& loads) {
  TsvWriter t(dir + "/tenant_cache_tbl.tsv", "tenant_cache_tbl",
              {"created_at", "updated_at", "update_version", "deleted", "id", "is_emulated", "name",
               "domain_id", "domain"});
  const std::string at = "2022-01-01 00:00:00", later = "2022-06-01 00:00:00";
  t.Row({S(at), S(at), S("0"), S("0"), S("default"), S("0"), S("Default"),
         S("<<keystone.domain.root>>"), S("<<keystone.domain.root>>")});
  t.Row({S("2022-01-01 00:00:10"), S(at), S("0"), S("0"),
         S(std::string(SyntheticRegion::kSystemProject)), S("0"), S("system"), S("default"),
         S("Default")});
  int n = 0;
  for (const std::string& p : SyntheticRegion::PrivateProjects()) {
    t.Row({S(later), S(later), S("0"), S("0"), S(p), S("0"), S("project-" + std::to_string(++n)),
           S("default"), S("Default")});
  }
  t.Close();
  loads.push_back(t.LoadStatement(true));
}

}  // namespace

std::vector<std::string> WriteCloudSection(const RegionShape& shape, const std::string& dir) {
  Rng rng(shape.seed ^ 0x636c6f7564ULL);
  const std::string ts = "2023-03-04 10:11:07", synced = "2024-05-20 02:03:47";
  std::vector<std::string> loads;

  TsvWriter accounts(dir + "/cloudaccounts_tbl.tsv", "cloudaccounts_tbl",
                     {"created_at", "updated_at", "update_version", "deleted", "id", "is_emulated",
                      "name", "domain_id", "is_public", "public_scope", "status", "enabled",
                      "sync_status", "tenant_id", "access_url", "account", "secret",
                      "is_public_cloud", "is_on_premise", "provider", "brand", "currency",
                      "health_status", "proxy_setting_id", "iam_login_url", "share_mode"});
  for (const Account& a : kAccounts) {
    accounts.Row({S(ts), S(synced), S("0"), S("0"), S(a.id), S("0"), S(a.name), S("default"),
                  S("0"), S("none"), S("connected"), S("1"), S("idle"),
                  S(std::string(SyntheticRegion::kSystemProject)),
                  a.access_url ? S(a.access_url) : kNull, S(std::string("AK-") + a.name),
                  S("ZW5jcnlwdGVkOnBsYWNlaG9sZGVy"), S("1"), S("0"), S(a.provider),
                  S(a.provider), S("CNY"), S("normal"), S("DIRECT"), S(""),
                  S("account_domain")});
  }
  accounts.Close();
  loads.push_back(accounts.LoadStatement(true));

  // One sub-account per account, two for Huawei (two projects).
  TsvWriter providers(dir + "/cloudproviders_tbl.tsv", "cloudproviders_tbl",
                      {"created_at", "updated_at", "update_version", "deleted", "id",
                       "is_emulated", "name", "status", "enabled", "domain_id", "tenant_id",
                       "sync_status", "health_status", "access_url", "account", "secret",
                       "cloudaccount_id", "provider"});
  int provider_no = 0;
  for (const Account& a : kAccounts) {
    const int subs = std::string(a.provider) == "Huawei" ? 2 : 1;
    for (int s = 0; s < subs; ++s) {
      ++provider_no;
      providers.Row({S(ts), S(synced), S("0"), S("0"), S(Id("cb000000", provider_no)), S("0"),
                     S(std::string(a.name) + (s ? "/ap-southeast-1" : "")), S("connected"),
                     S("1"), S("default"), S(std::string(SyntheticRegion::kSystemProject)),
                     S("idle"), S("normal"), a.access_url ? S(a.access_url) : kNull,
                     S(std::string("AK-") + a.name), S("ZW5jcnlwdGVkOnBsYWNlaG9sZGVy"),
                     S(a.id), S(a.provider)});
    }
  }
  providers.Close();
  loads.push_back(providers.LoadStatement(true));

  const long long zones = 20 + shape.rows / 20000;
  const long long recordsets = std::max<long long>(zones * 5, shape.rows / 100);
  TsvWriter zone_tsv(dir + "/dns_zones_tbl.tsv", "dns_zones_tbl",
                     {"created_at", "updated_at", "update_version", "deleted", "deleted_at", "id",
                      "is_emulated", "name", "domain_id", "is_public", "public_scope", "status",
                      "enabled", "is_dirty", "zone_type"});
  TsvWriter caches(dir + "/dns_zone_caches_tbl.tsv", "dns_zone_caches_tbl",
                   {"created_at", "updated_at", "update_version", "deleted", "id", "is_emulated",
                    "name", "status", "external_id", "dns_zone_id", "cloudaccount_id",
                    "product_type"});
  TsvWriter vpcs(dir + "/dns_zonevpcs_tbl.tsv", "dns_zonevpcs_tbl",
                 {"created_at", "updated_at", "update_version", "deleted", "dns_zone_id",
                  "vpc_id"});
  std::vector<std::string> zone_ids;
  std::string local_clash_zone;
  long long cache_no = 0;
  long long local_no = 0;
  const LegacyName clash = FirstPublicLegacyName(shape);
  for (long long z = 0; z < zones; ++z) {
    const bool private_zone = rng.Percent(20);
    const bool deleted = rng.Percent(3);
    std::string name =
        private_zone ? std::string("intra-") + std::to_string(z) + ".example-cloud.internal"
                     : std::string(kZoneWords[z % kZoneWords.size()]) + "-" + std::to_string(z) +
                           ".example-cloud." + kZoneTlds[rng.Below(kZoneTlds.size())];
    const std::string id = Id("d2000000", z + 1);
    zone_ids.push_back(id);
    // 15% are local zones of this model (no cache row); some are held by two accounts.
    const bool local = rng.Percent(15);
    // Of the live local zones: the first has the name of a legacy zone (its records merge
    // into it, one of them on a legacy name); every third is disabled.
    bool enabled = true;
    if (local && !deleted) {
      if (local_no == 0) {
        name = clash.zone;
        local_clash_zone = id;
      }
      enabled = local_no % 3 != 2;
      ++local_no;
    }
    zone_tsv.Row({S(ts), S(synced), S("0"), S(deleted ? "1" : "0"), deleted ? S(synced) : kNull,
                  S(id), S("0"), S(name), S("default"), S("1"), S("system"), S("available"),
                  S(enabled ? "1" : "0"), S("0"), S(private_zone ? "PrivateZone" : "PublicZone")});
    if (private_zone) {
      vpcs.Row({S(ts), S(synced), S("0"), S("0"), S(id), S(Id("f0000000", z + 1))});
    }
    if (local) continue;
    const int holders = rng.Percent(10) ? 2 : 1;
    const std::size_t first = rng.Below(kAccounts.size());
    for (int h = 0; h < holders; ++h) {
      const Account& a = kAccounts[(first + h) % kAccounts.size()];
      ++cache_no;
      caches.Row({S(ts), S(synced), S("0"), S("0"), S(Id("dc000000", cache_no)), S("0"), S(name),
                  S("available"), S(Id("e0000000", cache_no)), S(id), S(a.id),
                  S(private_zone ? "PrivateZone" : "PublicZone")});
    }
  }
  zone_tsv.Close();
  caches.Close();
  vpcs.Close();
  loads.push_back(zone_tsv.LoadStatement(true));
  loads.push_back(caches.LoadStatement(true));
  loads.push_back(vpcs.LoadStatement(true));

  TsvWriter sets(dir + "/dns_recordsets_tbl.tsv", "dns_recordsets_tbl",
                 {"created_at", "updated_at", "update_version", "deleted", "id", "is_emulated",
                  "name", "status", "enabled", "dns_zone_id", "dns_type", "dns_value", "ttl",
                  "mx_priority"});
  for (long long r = 0; r < recordsets; ++r) {
    const std::string& zone = zone_ids[rng.Below(zone_ids.size())];
    const std::string type = kTypes[rng.Below(kTypes.size())];
    std::string value;
    if (type == "A") {
      value = "47." + std::to_string(rng.Below(256)) + "." + std::to_string(rng.Below(256)) + "." +
              std::to_string(1 + rng.Below(254));
    } else if (type == "AAAA") {
      value = "2408:4005:3a0:" + std::to_string(rng.Below(9000) + 1000) + "::10";
    } else if (type == "CNAME") {
      value = "r" + std::to_string(r) + ".w.kunlunsl.com";
    } else if (type == "MX") {
      value = "mxw.mxhichina.com";
    } else {
      value = "v=spf1 include:spf1.dm.aliyun.com -all";
    }
    const std::string name = r % 11 == 0 ? "@" : "rs" + std::to_string(r);
    sets.Row({S(ts), S(synced), S("0"), S(rng.Percent(2) ? "1" : "0"), S(Id("d5000000", r + 1)),
              S("0"), S(name), S("available"), S(rng.Percent(3) ? "0" : "1"), S(zone), S(type),
              S(value), S("600"), S(type == "MX" ? "10" : "0")});
  }
  if (!local_clash_zone.empty()) {
    // On a name the legacy rows answer, with another address: legacy rows win it.
    sets.Row({S(ts), S(synced), S("0"), S("0"), S(Id("d5000000", recordsets + 1)), S("0"),
              S(clash.relative), S("available"), S("1"), S(local_clash_zone), S("A"),
              S("198.51.100.1"), S("600"), S("0")});
  }
  sets.Close();
  loads.push_back(sets.LoadStatement(true));
  WriteTenantCache(dir, loads);
  return loads;
}

}  // namespace cpdns::bench
