#include "core/target_rows.h"

#include <algorithm>

#include "core/errors.h"

namespace cpdns {

namespace {

constexpr std::size_t kRowsPerStatement = 2000;

// `id`, then the owned columns; an update sets all but the id.
BulkTable OwnedTable(const std::string& name, std::span<const char* const> owned) {
  BulkTable t{name, {"id"}, {}};
  for (const char* c : owned) {
    t.columns.emplace_back(c);
    t.update_columns.emplace_back(c);
  }
  return t;
}

void AppendRows(BulkRows& rows, const std::vector<std::pair<std::string, OwnedCells>>& cells) {
  for (const auto& [id, row] : cells) {
    rows.Field(id);
    for (const Cell& c : row) rows.Optional(c);
    rows.EndRow();
  }
}

}  // namespace

void PrepareWriteSession(Connection& conn) {
  conn.Execute(std::string("SET SESSION sql_mode='") + kStrictSqlMode + "'");
  conn.Execute("SET SESSION time_zone='+00:00'");
  conn.Execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
}

void InsertRecords(Connection& conn, const TableNames& tables, const std::vector<RecordWrite>& records,
                   WriteMethod& method, OnDuplicate dup) {
  if (records.empty()) return;
  const BulkTable table = OwnedTable(tables.records, kRecordOwnedColumns);
  BulkRows rows;
  rows.reserve(records.size() * 200);
  for (const RecordWrite& r : records) {
    rows.Field(r.id).Field(r.created_at).Field(r.updated_at).Field(r.name).Raw("available");
    rows.Bool(r.enabled).Field(r.zone_id).Field(r.type).Field(r.value).Int(r.ttl);
    rows.Int(r.mx_priority).Raw("").Raw("").Raw("0").Null().EndRow();
  }
  // Only records the batch found absent (their rows locked) are inserted, so REPLACE
  // replaces nothing; it is there because with LOCAL, LOAD DATA without REPLACE turns
  // refused values into warnings, and a statement error names the value and the
  // statement better. kFail also loads with REPLACE, and counts.
  WriteBulk(conn, table, rows, dup, method, "writing records");
}

void SetRecords(Connection& conn, const TableNames& tables,
                const std::vector<std::pair<std::string, OwnedCells>>& cells, WriteMethod& method) {
  if (cells.empty()) return;
  BulkRows rows;
  AppendRows(rows, cells);
  WriteBulk(conn, OwnedTable(tables.records, kRecordOwnedColumns), rows, OnDuplicate::kUpdate,
            method, "updating records");
}

void InsertZones(Connection& conn, const TableNames& tables, const std::vector<ZoneWrite>& zones) {
  if (zones.empty()) return;
  BulkTable table = OwnedTable(tables.zones, kZoneOwnedColumns);
  table.columns.emplace_back("description");
  BulkRows rows;
  for (const ZoneWrite& z : zones) {
    rows.Field(z.id);
    for (const Cell& c : ZoneCells(z)) rows.Optional(c);
    rows.Optional(z.description).EndRow();
  }
  WriteMethod insert = WriteMethod::kInsert;  // few rows: one statement
  WriteBulk(conn, table, rows, OnDuplicate::kError, insert, "writing zones");
}

void SetZones(Connection& conn, const TableNames& tables,
              const std::vector<std::pair<std::string, OwnedCells>>& cells) {
  if (cells.empty()) return;
  BulkRows rows;
  AppendRows(rows, cells);
  WriteMethod insert = WriteMethod::kInsert;
  WriteBulk(conn, OwnedTable(tables.zones, kZoneOwnedColumns), rows, OnDuplicate::kUpdate, insert,
            "updating zones");
}

std::vector<std::string> InsertZoneVpcs(Connection& conn, const TableNames& tables,
                                        const std::string& zone_id,
                                        const std::vector<ZoneVpcWrite>& links) {
  std::vector<std::string> linked;
  if (links.empty()) return linked;
  const std::string table = QuoteIdentifier(tables.zone_vpcs);
  const std::string zone = conn.Literal(zone_id);
  std::vector<std::string> have;
  for (const Row& r : conn.QueryAll("SELECT `vpc_id` FROM " + table + " WHERE `dns_zone_id` = " +
                                    zone + " AND `deleted` = 0 FOR UPDATE")) {
    have.push_back(r[0].value_or(""));
  }
  std::string sql = "INSERT INTO " + table +
                    " (`created_at`, `updated_at`, `update_version`, `deleted`, `dns_zone_id`, "
                    "`vpc_id`) VALUES ";
  for (const ZoneVpcWrite& l : links) {
    if (std::find(have.begin(), have.end(), l.vpc_id) != have.end()) continue;
    if (std::find(linked.begin(), linked.end(), l.vpc_id) != linked.end()) continue;
    sql += std::string(linked.empty() ? "" : ",") + "(" + conn.Literal(l.created_at) + "," +
           conn.Literal(l.updated_at) + ",0,0," + zone + "," + conn.Literal(l.vpc_id) + ")";
    linked.push_back(l.vpc_id);
  }
  if (linked.empty()) return linked;
  conn.Execute(sql);
  conn.ThrowOnWarnings("writing the zone's VPC links");
  return linked;
}

void DeleteZoneVpcs(Connection& conn, const TableNames& tables, const std::string& zone_id,
                    const std::vector<std::string>& vpc_ids) {
  if (vpc_ids.empty()) return;
  std::string sql = "DELETE FROM " + QuoteIdentifier(tables.zone_vpcs) +
                    " WHERE `dns_zone_id` = " + conn.Literal(zone_id) + " AND `vpc_id` IN (";
  for (std::size_t i = 0; i < vpc_ids.size(); ++i) {
    if (i != 0) sql += ',';
    conn.AppendLiteral(sql, vpc_ids[i]);
  }
  conn.Execute(sql + ")");
  conn.ThrowOnWarnings("deleting the zone's VPC links");
}

void DeleteRows(Connection& conn, const std::string& table, const std::vector<std::string>& ids) {
  for (std::size_t i = 0; i < ids.size(); i += kRowsPerStatement) {
    std::string sql = "DELETE FROM " + QuoteIdentifier(table) + " WHERE `id` IN (";
    for (std::size_t j = i; j < std::min(ids.size(), i + kRowsPerStatement); ++j) {
      if (j != i) sql += ',';
      conn.AppendLiteral(sql, ids[j]);
    }
    conn.Execute(sql + ")");
    conn.ThrowOnWarnings("deleting rows");
  }
}

}  // namespace cpdns
