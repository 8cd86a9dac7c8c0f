// Public-cloud records pending resync. The migration never copies cloud data: after the
// upgrade each cloud account's next sync re-creates its zones in dnszones_tbl (manager_id =
// the sub-account synced) and their records in dns_records_tbl. This module lists what those
// syncs must bring back, taken from the intermediate cloud-sync model (dns_zones_tbl,
// dns_zone_caches_tbl, dns_recordsets_tbl), per cloud account, and which records have already
// re-appeared. Zones of that model that no account holds are local: they are listed apart,
// with their record counts, because nothing in the new model holds them until migrated.
//
//   CloudPendingReport r = BuildCloudPendingReport(conn, CloudTables{});
//   std::cout << CloudPendingJson(r).dump(2);   // the verifier's summary has its lines
//   if (r.Pending() > 0) exit_bits |= verifier_exit::kCloudPending;
//
// Rules (live = deleted=0 everywhere):
// - A zone belongs to an account when a live zone has a live dns_zone_caches_tbl row naming
//   the account; every live recordset of it, enabled or not, is expected for that account (a
//   disabled record still exists in the cloud and comes back disabled). A zone held by two
//   accounts is expected in full for each.
// - A record has re-appeared for an account when a live dnszones_tbl zone whose manager_id is
//   a live cloudproviders_tbl row with that cloudaccount_id, with the same zone name, holds a
//   live dns_records_tbl row with the same name, type and value (and, for MX, mx_priority).
//   Enabled flags are not compared. Names compare case-insensitively without a trailing dot;
//   values as NormalizeCloudValue says.
// - A cloud-managed zone whose manager_id has no live cloudproviders_tbl row counts for no
//   account; such zones are counted as "unattributed". The sync always writes the id of the
//   sub-account it runs for, so an unknown manager is the leftover of a removed sub-account,
//   not a resync; crediting it to every account with a zone of that name would hide records
//   that are still missing.
// - Tables absent: without the intermediate tables nothing is expected (the report says
//   so); without the target tables, or without cloudproviders_tbl, nothing can have
//   re-appeared, so everything expected is pending.
//
// Memory: the server joins; the expected rows stream in account order and only the pending
// ones are kept. The synced side held in memory is restricted by the server to cloud-managed
// records of accounts and zone names that the intermediate model expects.
// Thread-safety: uses the caller's connection; the pure functions are safe to call
// concurrently, SyncedCloudRecords and CloudPendingTally belong to one thread.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/database.h"
#include "core/intermediate_source.h"

namespace cpdns {

// Table names; the defaults are Cloudpods'.
struct CloudTables {
  std::string zones = "dns_zones_tbl";
  std::string zone_caches = "dns_zone_caches_tbl";
  std::string recordsets = "dns_recordsets_tbl";
  std::string accounts = "cloudaccounts_tbl";
  std::string providers = "cloudproviders_tbl";
  std::string target_zones = "dnszones_tbl";
  std::string target_records = "dns_records_tbl";
};

struct CloudAccountSummary {
  std::string id;
  std::string name;      // "" when cloudaccounts_tbl has no row for the id
  std::string provider;  // cloudaccounts_tbl.provider, e.g. "Aliyun"
  std::string brand;
  bool known = false;    // cloudaccounts_tbl has a row for the id (live or not)
  bool deleted = false;  // that row is deleted: no sync will run for it
  // The provider's driver syncs DNS zones in Cloudpods v3.11.14 (ProviderSyncsDns): when
  // false, the account's records cannot come back by a sync.
  bool dns_sync_supported = false;
  int64_t zones = 0;  // live zones the account holds, with or without recordsets
  int64_t expected = 0;
  int64_t reappeared = 0;
  int64_t pending = 0;
};

// One live recordset of a zone held by an account, as stored in dns_recordsets_tbl.
struct ExpectedCloudRecord {
  std::string account_id;
  std::string zone_id;      // dns_zones_tbl.id
  std::string zone_name;    // as stored
  std::string record_id;    // dns_recordsets_tbl.id
  std::string record_name;  // relative, as stored ("@" is the apex)
  std::string type;
  std::string value;
  int64_t mx_priority = 0;
  int64_t ttl = 0;
  bool enabled = true;
};

struct PendingRecord : ExpectedCloudRecord {
  std::string account_name;
  // A zone of this name already came back for the account: the record itself is missing or
  // different (changed or removed in the cloud), rather than not synced yet.
  bool zone_synced = false;
};

struct CloudPendingReport {
  bool intermediate_tables_present = false;
  bool target_tables_present = false;
  bool providers_table_present = false;
  std::vector<std::string> missing_tables;    // of those this report reads
  std::vector<CloudAccountSummary> accounts;  // by name, then id
  std::vector<PendingRecord> pending;  // by account name and id, zone, record name, type, value
  // Local zones with live recordsets not in the target tables ("no home"), counting those only.
  std::vector<LocalIntermediateZone> local_zones;  // by name, then id
  int64_t local_recordsets = 0;
  // Local zones with recordsets migrated into the target (dns-migrator --intermediate-zones
  // migrate), and those recordsets: the verifier reports their answers (intermediate_zone).
  int64_t migrated_local_zones = 0;
  int64_t migrated_local_recordsets = 0;
  // Live cloud-managed target zones whose manager_id is not a live sub-account, and their
  // live records: they count for no account.
  int64_t unattributed_zones = 0;
  int64_t unattributed_records = 0;

  // Sums over accounts: a zone held by two accounts counts twice.
  int64_t Expected() const;
  int64_t Reappeared() const;
  int64_t Pending() const;
  int64_t LocalZonesWithoutHome() const;
};

// Reads the tables named by `names` in the connection's database. Throws ConfigError when a
// table exists without the columns read here, DatabaseError on a server error.
[[nodiscard]] CloudPendingReport BuildCloudPendingReport(Connection& conn,
                                                         const CloudTables& names);

// Everything, every pending record included.
[[nodiscard]] nlohmann::json CloudPendingJson(const CloudPendingReport& report);

// ---- Pure logic, unit-tested without a database ----

// Zone names: ASCII lower case, surrounding blanks and one trailing dot removed.
[[nodiscard]] std::string NormalizeCloudZoneName(std::string_view name);
// Relative record names: as zone names, and "" (some APIs' apex) becomes "@".
[[nodiscard]] std::string NormalizeCloudRecordName(std::string_view name);

// A value in the form compared. Both the v3.10.4 recordset sync and the v3.11.14 record sync
// store what the same cloud driver returns (GetDnsValue), with MX preference apart in
// mx_priority, so synced rows compare equal as stored; the normalisation only absorbs
// spellings that mean the same record, for rows written through the API or by hand:
// - surrounding blanks removed; a value of several lines (AWS joins the values of one record
//   set with '\n') is normalised line by line;
// - A / AAAA: the canonical address text when it parses;
// - CNAME, MX, NS, PTR: lower case, one trailing dot removed;
// - SRV "priority weight port target": single spaces, the target as a CNAME value;
// - TXT / SPF: one pair of surrounding double quotes removed, case kept;
// - anything else: as stored (blanks trimmed).
[[nodiscard]] std::string NormalizeCloudValue(std::string_view type, std::string_view value);

// Whether the cloud driver of `provider` (cloudaccounts_tbl.provider) syncs DNS zones in
// Cloudpods v3.11.14: only Aliyun, Aws and Qcloud declare the dnszone capability there.
[[nodiscard]] bool ProviderSyncsDns(std::string_view provider);

// What two records must share to be the same cloud record for one account.
struct CloudRecordKey {
  std::string account_id;
  std::string zone;         // normalised
  std::string name;         // normalised
  std::string type;         // upper case
  std::string value;        // normalised
  int64_t mx_priority = 0;  // MX only; 0 for every other type

  friend auto operator<=>(const CloudRecordKey&, const CloudRecordKey&) = default;
};

[[nodiscard]] CloudRecordKey MakeCloudRecordKey(std::string_view account_id, std::string_view zone,
                                                std::string_view name, std::string_view type,
                                                std::string_view value, int64_t mx_priority);

// The records (and zones) that syncs have brought into the new model, per account.
class SyncedCloudRecords {
 public:
  void AddZone(std::string_view account_id, std::string_view zone_name);
  void AddRecord(const CloudRecordKey& key);
  [[nodiscard]] bool HasZone(std::string_view account_id, std::string_view zone_name) const;
  [[nodiscard]] bool Contains(const CloudRecordKey& key) const;
  [[nodiscard]] std::size_t records() const { return records_.size(); }

 private:
  std::set<std::pair<std::string, std::string>> zones_;  // account id, normalised name
  std::set<CloudRecordKey> records_;
};

// Counts expected records per account against what was synced and keeps the pending ones.
// Expected records may come in any order; a record repeated in the input counts each time.
class CloudPendingTally {
 public:
  explicit CloudPendingTally(const SyncedCloudRecords& synced) : synced_(synced) {}

  // Name, provider, flags of an account; the counters are ignored. An account seen only
  // through AddZone/AddExpected is reported as unknown.
  void SetAccount(const CloudAccountSummary& info);
  // A live zone the account holds (once per zone; repeats are ignored).
  void AddZone(std::string_view account_id, std::string_view zone_id);
  // One expected record; also counts its zone for the account.
  void AddExpected(const ExpectedCloudRecord& record);
  // Fills report.accounts and report.pending, sorted as CloudPendingReport says.
  void Finish(CloudPendingReport& report) &&;

 private:
  struct Account {
    CloudAccountSummary summary;
    std::set<std::string> zone_ids;
  };
  Account& AccountFor(std::string_view id);

  const SyncedCloudRecords& synced_;
  std::map<std::string, Account, std::less<>> accounts_;
  std::vector<PendingRecord> pending_;
};

}  // namespace cpdns
