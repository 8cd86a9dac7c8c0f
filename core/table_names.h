// The tables the programs read and write: the legacy table and the two target
// tables (their names can be changed with --legacy-table, --zones-table and
// --records-table), and the project's own bookkeeping tables (fixed names,
// defined in sql/migrator/).
//
//   TableNames t;  t.zones = "dnszones_copy";
//   std::string sql = "SELECT `id` FROM " + QuoteIdentifier(t.zones);
//
// Thread-safety: plain values.
#pragma once

#include <string>

namespace cpdns {

struct TableNames {
  std::string legacy = "dnsrecord_tbl";
  std::string zones = "dnszones_tbl";
  std::string records = "dns_records_tbl";
  // The VPCs a zone is attached to (no id column: `row_id` AUTO_INCREMENT).
  std::string zone_vpcs = "dnszonevpcs_tbl";
};

// Bookkeeping tables, fixed names (sql/migrator/).
inline constexpr const char* kRunsTable = "cpdns_migration_runs";
inline constexpr const char* kMapTable = "cpdns_migration_map";
inline constexpr const char* kRunZonesTable = "cpdns_migration_zones";
inline constexpr const char* kOwnedRecordsTable = "cpdns_migration_records";
inline constexpr const char* kChangesTable = "cpdns_migration_changes";

}  // namespace cpdns
