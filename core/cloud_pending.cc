#include "core/cloud_pending.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "core/dns_answer.h"
#include "core/dns_name.h"
#include "core/schema_check.h"

namespace cpdns {

using nlohmann::json;

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

std::string UpperAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - ('a' - 'A'));
  }
  return out;
}

// A host name inside a value (CNAME target, MX host, SRV target).
std::string NormalizeHost(std::string_view host) {
  host = Trim(host);
  if (host.size() > 1 && host.back() == '.') host.remove_suffix(1);
  return AsciiLower(host);
}

std::string NormalizeOneValue(const std::string& type, std::string_view value) {
  value = Trim(value);
  if (type == "A" || type == "AAAA") {
    // "2408:4005:3a0:8a00:0:0:0:10" and "2408:4005:3a0:8a00::10" are one address.
    if (auto ip = ParseGoIp(value)) return FormatGoIp(*ip);
    return AsciiLower(value);
  }
  if (type == "CNAME" || type == "MX" || type == "NS" || type == "PTR") return NormalizeHost(value);
  if (type == "SRV") {
    std::vector<std::string_view> fields;
    std::size_t i = 0;
    while (i < value.size()) {
      while (i < value.size() && IsBlank(value[i])) ++i;
      std::size_t start = i;
      while (i < value.size() && !IsBlank(value[i])) ++i;
      if (i > start) fields.push_back(value.substr(start, i - start));
    }
    // Not "priority weight port target": compared as stored, so it never matches by accident.
    if (fields.size() != 4) return std::string(value);
    return std::string(fields[0]) + " " + std::string(fields[1]) + " " + std::string(fields[2]) +
           " " + NormalizeHost(fields[3]);
  }
  if (type == "TXT" || type == "SPF") {
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
  }
  return std::string(value);
}

int64_t ToInt(const Cell& c) { return CellInt(c); }

std::string Str(const Cell& c) { return CellText(c); }

std::string Q(std::string_view name) { return QuoteIdentifier(name); }

// A name column as the server compares it for the pre-filter: blanks and trailing dots
// removed, one collation for both sides (long-lived databases may differ in charset).
std::string NameExpr(const std::string& column) {
  return "TRIM(TRAILING '.' FROM TRIM(CONVERT(" + column +
         " USING utf8mb4))) COLLATE utf8mb4_unicode_ci";
}

struct Presence {
  bool zones = false, caches = false, recordsets = false, accounts = false, providers = false,
       target_zones = false, target_records = false;
};

// Checks each table read; a present table must have the columns named below.
Presence CheckTables(Connection& conn, const CloudTables& t, std::vector<std::string>& missing) {
  const std::string hint =
      "point --database at the Cloudpods region database, or name the table with its option";
  auto check = [&](const std::string& table, const std::vector<std::string>& columns) {
    if (!TableExists(conn, table)) {
      missing.push_back(table);
      return false;
    }
    RequireColumns(conn, table, columns, hint);
    return true;
  };
  Presence p;
  p.zones = check(t.zones, {"id", "name", "zone_type", "deleted"});
  p.caches = check(t.zone_caches, {"dns_zone_id", "cloudaccount_id", "deleted"});
  p.recordsets = check(t.recordsets, {"id", "name", "dns_zone_id", "dns_type", "dns_value", "ttl",
                                      "mx_priority", "enabled", "deleted"});
  p.accounts = check(t.accounts, {"id", "name", "provider", "brand", "deleted"});
  p.providers = check(t.providers, {"id", "cloudaccount_id", "deleted"});
  p.target_zones = check(t.target_zones, {"id", "name", "manager_id", "deleted"});
  p.target_records = check(
      t.target_records, {"dns_zone_id", "name", "dns_type", "dns_value", "mx_priority", "deleted"});
  return p;
}

// The live (account, zone) pairs of the intermediate model, as a derived table `c`.
std::string LiveHoldings(const CloudTables& t) {
  return "(SELECT DISTINCT `dns_zone_id`, `cloudaccount_id` FROM " + Q(t.zone_caches) +
         " WHERE `deleted` = 0) AS c";
}

void ReadSynced(Connection& conn, const CloudTables& t, bool intermediate,
                SyncedCloudRecords& synced) {
  std::string sql =
      "SELECT p.`cloudaccount_id`, z.`name`, r.`name`, r.`dns_type`, r.`dns_value`, "
      "r.`mx_priority` FROM " +
      Q(t.target_zones) + " AS z JOIN " + Q(t.providers) +
      " AS p ON p.`id` = z.`manager_id` AND p.`deleted` = 0 LEFT JOIN " + Q(t.target_records) +
      " AS r ON r.`dns_zone_id` = z.`id` AND r.`deleted` = 0 WHERE z.`deleted` = 0 AND "
      "z.`manager_id` <> ''";
  if (intermediate) {
    // Only zones that some holding of the same account could match: the cloud data of
    // unrelated zones never needs to be in memory.
    sql += " AND EXISTS (SELECT 1 FROM " + Q(t.zone_caches) + " AS c JOIN " + Q(t.zones) +
           " AS lz ON lz.`id` = c.`dns_zone_id` AND lz.`deleted` = 0 WHERE c.`deleted` = 0 AND "
           "c.`cloudaccount_id` = p.`cloudaccount_id` AND " +
           NameExpr("lz.`name`") + " = " + NameExpr("z.`name`") + ")";
  }
  RowStream rows = conn.Stream(sql);
  Row r;
  while (rows.Next(r)) {
    const std::string account = Str(r[0]);
    synced.AddZone(account, Str(r[1]));
    if (!r[2]) continue;  // a synced zone without records
    synced.AddRecord(
        MakeCloudRecordKey(account, Str(r[1]), Str(r[2]), Str(r[3]), Str(r[4]), ToInt(r[5])));
  }
}

void CountUnattributed(Connection& conn, const CloudTables& t, bool providers,
                       CloudPendingReport& report) {
  std::string sql = "SELECT COUNT(DISTINCT z.`id`), COUNT(r.`dns_zone_id`) FROM " +
                    Q(t.target_zones) + " AS z LEFT JOIN " + Q(t.target_records) +
                    " AS r ON r.`dns_zone_id` = z.`id` AND r.`deleted` = 0 WHERE z.`deleted` = 0 "
                    "AND z.`manager_id` <> ''";
  if (providers) {
    sql += " AND NOT EXISTS (SELECT 1 FROM " + Q(t.providers) +
           " AS p WHERE p.`id` = z.`manager_id` AND p.`deleted` = 0)";
  }
  for (const Row& r : conn.QueryAll(sql)) {
    report.unattributed_zones = ToInt(r[0]);
    report.unattributed_records = ToInt(r[1]);
  }
}

void ReadAccounts(Connection& conn, const CloudTables& t, CloudPendingTally& tally) {
  RowStream rows = conn.Stream("SELECT `id`, `name`, `provider`, `brand`, `deleted` FROM " +
                               Q(t.accounts) + " WHERE `id` IN (SELECT `cloudaccount_id` FROM " +
                               Q(t.zone_caches) + " WHERE `deleted` = 0)");
  Row r;
  while (rows.Next(r)) {
    CloudAccountSummary a;
    a.id = Str(r[0]);
    a.name = Str(r[1]);
    a.provider = Str(r[2]);
    a.brand = Str(r[3]);
    a.known = true;
    a.deleted = ToInt(r[4]) != 0;
    tally.SetAccount(a);
  }
}

void ReadExpected(Connection& conn, const CloudTables& t, CloudPendingTally& tally) {
  RowStream rows = conn.Stream(
      "SELECT c.`cloudaccount_id`, z.`id`, z.`name`, r.`id`, r.`name`, r.`dns_type`, "
      "r.`dns_value`, r.`mx_priority`, r.`ttl`, r.`enabled` FROM " +
      LiveHoldings(t) + " JOIN " + Q(t.zones) +
      " AS z ON z.`id` = c.`dns_zone_id` AND z.`deleted` = 0 LEFT JOIN " + Q(t.recordsets) +
      " AS r ON r.`dns_zone_id` = z.`id` AND r.`deleted` = 0");
  Row r;
  while (rows.Next(r)) {
    if (!r[3]) {  // a held zone without live recordsets
      tally.AddZone(Str(r[0]), Str(r[1]));
      continue;
    }
    ExpectedCloudRecord e;
    e.account_id = Str(r[0]);
    e.zone_id = Str(r[1]);
    e.zone_name = Str(r[2]);
    e.record_id = Str(r[3]);
    e.record_name = Str(r[4]);
    e.type = Str(r[5]);
    e.value = Str(r[6]);
    e.mx_priority = ToInt(r[7]);
    e.ttl = ToInt(r[8]);
    e.enabled = ToInt(r[9]) != 0;  // NULL (the column's default is 0) reads as disabled
    tally.AddExpected(e);
  }
}

// The live local intermediate zones (by lower-case id) that a live local zone of the new
// model has the name of (compared as zone names are): they have a home.
std::set<std::string> ZonesWithHome(Connection& conn, const CloudTables& t) {
  RowStream rows = conn.Stream(
      "SELECT z.`id` FROM " + Q(t.zones) + " AS z WHERE z.`deleted` = 0 AND EXISTS (SELECT 1 FROM " +
      Q(t.target_zones) + " AS h WHERE h.`deleted` = 0 AND " +
      "(h.`manager_id` IS NULL OR h.`manager_id` = '') AND " + NameExpr("h.`name`") + " = " +
      NameExpr("z.`name`") + ")");
  std::set<std::string> out;
  Row r;
  while (rows.Next(r)) out.insert(AsciiLower(Str(r[0])));
  return out;
}

// A local zone has a home when a live local zone of the new model has its name.
void ReadLocalZones(Connection& conn, const CloudTables& t, CloudPendingReport& report) {
  IntermediateTables names;
  names.zones = t.zones;
  names.zone_caches = t.zone_caches;
  names.recordsets = t.recordsets;
  std::vector<LocalIntermediateZone> zones = ListLocalIntermediateZones(conn, names);
  std::map<std::string, int64_t> migrated;  // by zone id
  std::set<std::string> with_home;         // zone ids
  if (report.target_tables_present) {
    for (const IntermediateHome& h :
         FindIntermediateHomes(conn, names, t.target_zones, t.target_records)) {
      ++migrated[AsciiLower(h.zone_source_id)];
    }
    with_home = ZonesWithHome(conn, t);
  }
  for (LocalIntermediateZone& z : zones) {
    z.has_home = with_home.count(AsciiLower(z.id)) > 0;
    auto it = migrated.find(AsciiLower(z.id));
    if (it != migrated.end()) {
      report.migrated_local_zones += 1;
      report.migrated_local_recordsets += it->second;
      z.recordsets -= it->second;
      if (z.recordsets <= 0) continue;
    }
    report.local_recordsets += z.recordsets;
    report.local_zones.push_back(std::move(z));
  }
}

}  // namespace

// ---- Pure logic ----

std::string NormalizeCloudZoneName(std::string_view name) { return NormalizeHost(name); }

std::string NormalizeCloudRecordName(std::string_view name) {
  std::string out = NormalizeHost(name);
  return out.empty() ? "@" : out;
}

std::string NormalizeCloudValue(std::string_view type, std::string_view value) {
  const std::string t = UpperAscii(Trim(type));
  if (value.find('\n') == std::string_view::npos) return NormalizeOneValue(t, value);
  std::string out;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = value.find('\n', start);
    std::string_view line =
        value.substr(start, end == std::string_view::npos ? value.npos : end - start);
    if (!Trim(line).empty()) out += (out.empty() ? "" : "\n") + NormalizeOneValue(t, line);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

bool ProviderSyncsDns(std::string_view provider) {
  return provider == "Aliyun" || provider == "Aws" || provider == "Qcloud";
}

CloudRecordKey MakeCloudRecordKey(std::string_view account_id, std::string_view zone,
                                  std::string_view name, std::string_view type,
                                  std::string_view value, int64_t mx_priority) {
  CloudRecordKey k;
  k.account_id = std::string(account_id);
  k.zone = NormalizeCloudZoneName(zone);
  k.name = NormalizeCloudRecordName(name);
  k.type = UpperAscii(Trim(type));
  k.value = NormalizeCloudValue(k.type, value);
  // Both syncs keep MX preference in mx_priority; other types carry whatever the driver gave.
  k.mx_priority = k.type == "MX" ? mx_priority : 0;
  return k;
}

void SyncedCloudRecords::AddZone(std::string_view account_id, std::string_view zone_name) {
  zones_.emplace(std::string(account_id), NormalizeCloudZoneName(zone_name));
}

void SyncedCloudRecords::AddRecord(const CloudRecordKey& key) {
  zones_.emplace(key.account_id, key.zone);
  records_.insert(key);
}

bool SyncedCloudRecords::HasZone(std::string_view account_id, std::string_view zone_name) const {
  return zones_.count({std::string(account_id), NormalizeCloudZoneName(zone_name)}) > 0;
}

bool SyncedCloudRecords::Contains(const CloudRecordKey& key) const {
  return records_.count(key) > 0;
}

CloudPendingTally::Account& CloudPendingTally::AccountFor(std::string_view id) {
  auto it = accounts_.find(id);
  if (it == accounts_.end()) {
    it = accounts_.emplace(std::string(id), Account{}).first;
    it->second.summary.id = std::string(id);
  }
  return it->second;
}

void CloudPendingTally::SetAccount(const CloudAccountSummary& info) {
  Account& a = AccountFor(info.id);
  a.summary.name = info.name;
  a.summary.provider = info.provider;
  a.summary.brand = info.brand;
  a.summary.known = info.known;
  a.summary.deleted = info.deleted;
}

void CloudPendingTally::AddZone(std::string_view account_id, std::string_view zone_id) {
  AccountFor(account_id).zone_ids.emplace(zone_id);
}

void CloudPendingTally::AddExpected(const ExpectedCloudRecord& record) {
  Account& a = AccountFor(record.account_id);
  a.zone_ids.insert(record.zone_id);
  ++a.summary.expected;
  if (synced_.Contains(MakeCloudRecordKey(record.account_id, record.zone_name, record.record_name,
                                          record.type, record.value, record.mx_priority))) {
    ++a.summary.reappeared;
    return;
  }
  ++a.summary.pending;
  PendingRecord p;
  static_cast<ExpectedCloudRecord&>(p) = record;
  p.zone_synced = synced_.HasZone(record.account_id, record.zone_name);
  pending_.push_back(std::move(p));
}

void CloudPendingTally::Finish(CloudPendingReport& report) && {
  report.accounts.clear();
  for (auto& [id, a] : accounts_) {
    a.summary.zones = static_cast<int64_t>(a.zone_ids.size());
    a.summary.dns_sync_supported = ProviderSyncsDns(a.summary.provider);
    report.accounts.push_back(a.summary);
  }
  std::sort(report.accounts.begin(), report.accounts.end(),
            [](const CloudAccountSummary& x, const CloudAccountSummary& y) {
              return std::tie(x.name, x.id) < std::tie(y.name, y.id);
            });
  for (PendingRecord& p : pending_) p.account_name = accounts_.at(p.account_id).summary.name;
  auto key = [](const PendingRecord& p) {
    return std::make_tuple(p.account_name, p.account_id, NormalizeCloudZoneName(p.zone_name),
                           NormalizeCloudRecordName(p.record_name), p.type, p.value, p.record_id);
  };
  std::sort(pending_.begin(), pending_.end(),
            [&key](const PendingRecord& x, const PendingRecord& y) { return key(x) < key(y); });
  report.pending = std::move(pending_);
}

// ---- Report ----

int64_t CloudPendingReport::Expected() const {
  int64_t n = 0;
  for (const auto& a : accounts) n += a.expected;
  return n;
}

int64_t CloudPendingReport::Reappeared() const {
  int64_t n = 0;
  for (const auto& a : accounts) n += a.reappeared;
  return n;
}

int64_t CloudPendingReport::Pending() const {
  int64_t n = 0;
  for (const auto& a : accounts) n += a.pending;
  return n;
}

int64_t CloudPendingReport::LocalZonesWithoutHome() const {
  return static_cast<int64_t>(std::count_if(local_zones.begin(), local_zones.end(),
                                            [](const auto& z) { return !z.has_home; }));
}

CloudPendingReport BuildCloudPendingReport(Connection& conn, const CloudTables& names) {
  CloudPendingReport report;
  const Presence p = CheckTables(conn, names, report.missing_tables);
  report.intermediate_tables_present = p.zones && p.caches && p.recordsets;
  report.target_tables_present = p.target_zones && p.target_records;
  report.providers_table_present = p.providers;

  SyncedCloudRecords synced;
  if (report.target_tables_present) {
    if (p.providers) ReadSynced(conn, names, report.intermediate_tables_present, synced);
    CountUnattributed(conn, names, p.providers, report);
  }
  if (!report.intermediate_tables_present) return report;

  CloudPendingTally tally(synced);
  if (p.accounts) ReadAccounts(conn, names, tally);
  ReadExpected(conn, names, tally);
  std::move(tally).Finish(report);
  ReadLocalZones(conn, names, report);
  return report;
}

json CloudPendingJson(const CloudPendingReport& r) {
  json accounts = json::array();
  for (const CloudAccountSummary& a : r.accounts) {
    accounts.push_back({{"id", a.id},
                        {"name", a.name},
                        {"provider", a.provider},
                        {"brand", a.brand},
                        {"known", a.known},
                        {"deleted", a.deleted},
                        {"dns_sync_supported", a.dns_sync_supported},
                        {"zones", a.zones},
                        {"expected", a.expected},
                        {"reappeared", a.reappeared},
                        {"pending", a.pending}});
  }
  json pending = json::array();
  for (const PendingRecord& p : r.pending) {
    pending.push_back({{"account_id", p.account_id},
                       {"account_name", p.account_name},
                       {"zone_id", p.zone_id},
                       {"zone_name", p.zone_name},
                       {"record_id", p.record_id},
                       {"record_name", p.record_name},
                       {"type", p.type},
                       {"value", p.value},
                       {"mx_priority", p.mx_priority},
                       {"ttl", p.ttl},
                       {"enabled", p.enabled},
                       {"zone_synced", p.zone_synced}});
  }
  json local = json::array();
  for (const LocalIntermediateZone& z : r.local_zones) {
    local.push_back(
        {{"id", z.id}, {"name", z.name}, {"zone_type", z.zone_type}, {"recordsets", z.recordsets},
         {"has_home", z.has_home}});
  }
  return {{"intermediate_tables_present", r.intermediate_tables_present},
          {"target_tables_present", r.target_tables_present},
          {"providers_table_present", r.providers_table_present},
          {"missing_tables", r.missing_tables},
          {"totals",
           {{"accounts", r.accounts.size()},
            {"expected", r.Expected()},
            {"reappeared", r.Reappeared()},
            {"pending", r.Pending()},
            {"local_zones", r.local_zones.size()},
            {"local_recordsets", r.local_recordsets},
            {"migrated_local_zones", r.migrated_local_zones},
            {"migrated_local_recordsets", r.migrated_local_recordsets},
            {"unattributed_zones", r.unattributed_zones},
            {"unattributed_records", r.unattributed_records}}},
          {"accounts", std::move(accounts)},
          {"pending", std::move(pending)},
          {"local_zones", std::move(local)}};
}

}  // namespace cpdns
