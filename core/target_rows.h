// The statements that write the target tables: zones and records inserted, their owned
// columns set (target_diff.h), and rows deleted. Inserts give a row every column the
// new model needs; updates touch only the owned columns, so `description`,
// `update_version` and whatever Cloudpods adds keep their values. Every call fails on
// any server warning (the caller's strict session makes them errors).
//
//   WriteMethod method = WriteMethod::kLoadData;
//   InsertRecords(conn, TableNames{}, {RecordWrite{}}, method);
//   SetRecords(conn, TableNames{}, {{"record-id", RecordCells(RecordWrite{})}}, method);
//   DeleteRows(conn, TableNames{}.records, {"record-id"});
//   InsertZoneVpcs(conn, TableNames{}, "zone-id", {ZoneVpcWrite{"vpc-id", "2024-01-02 03:04:05",
//                                                              "2024-01-02 03:04:05"}});
//
// Thread-safety: uses the caller's connection (and transaction).
#pragma once

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/bulk_load.h"
#include "core/database.h"
#include "core/table_names.h"
#include "core/target_diff.h"

namespace cpdns {

// The sql_mode of every write connection: no silent truncation or conversion.
inline constexpr const char* kStrictSqlMode =
    "STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
    "NO_ENGINE_SUBSTITUTION";


// New records, through the bulk path: absent, as the caller made sure (kReplace), or as it
// assumes (kFail: DuplicateKeyError when one exists, and the caller rolls back).
void InsertRecords(Connection& conn, const TableNames& tables, const std::vector<RecordWrite>& records,
                   WriteMethod& method, OnDuplicate dup = OnDuplicate::kReplace);
// The owned columns of existing records (or of records re-inserted when absent).
void SetRecords(Connection& conn, const TableNames& tables,
                const std::vector<std::pair<std::string, OwnedCells>>& rows, WriteMethod& method);
// New zones; a duplicate id is an error.
void InsertZones(Connection& conn, const TableNames& tables, const std::vector<ZoneWrite>& zones);
// The owned columns of existing zones (or of zones re-inserted when absent).
void SetZones(Connection& conn, const TableNames& tables,
              const std::vector<std::pair<std::string, OwnedCells>>& rows);
// A link of a zone to a VPC (dnszonevpcs_tbl), with its times.
struct ZoneVpcWrite {
  std::string vpc_id;
  std::string created_at;
  std::string updated_at;
};
// The links of `zone_id` to these VPCs that it does not have yet (live); returns the VPC ids
// linked.
std::vector<std::string> InsertZoneVpcs(Connection& conn, const TableNames& tables,
                                        const std::string& zone_id,
                                        const std::vector<ZoneVpcWrite>& links);
// The links of `zone_id` to these VPCs, live or soft-deleted.
void DeleteZoneVpcs(Connection& conn, const TableNames& tables, const std::string& zone_id,
                    const std::vector<std::string>& vpc_ids);
// Rows of `table` by id.
void DeleteRows(Connection& conn, const std::string& table, const std::vector<std::string>& ids);

// Sets the write session up: strict sql_mode, UTC time zone, and READ COMMITTED, so
// that the rows a batch reads to compare are locked (and nothing around them).
void PrepareWriteSession(Connection& conn);

}  // namespace cpdns
