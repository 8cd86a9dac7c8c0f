#include "core/target_writer.h"

#include "core/errors.h"

namespace cpdns {

namespace {

// Multi-row statements are cut at this many rows to keep packets moderate.
constexpr size_t kRowsPerStatement = 2000;

std::string Bool(bool b) { return b ? "1" : "0"; }

// The columns the migrator writes in dns_records_tbl; a re-run updates all but the id.
BulkTable RecordsTable(const std::string& name) {
  BulkTable t{name,
              {"created_at", "updated_at", "id", "name", "status", "enabled", "dns_zone_id",
               "dns_type", "dns_value", "ttl", "mx_priority", "policy_type", "policy_value",
               "deleted"},
              {}};
  for (const std::string& c : t.columns) {
    if (c != "id") t.update_columns.push_back(c);
  }
  return t;
}

}  // namespace

void PrepareWriteSession(Connection& conn) {
  conn.Execute(std::string("SET SESSION sql_mode='") + kStrictSqlMode + "'");
  conn.Execute("SET SESSION time_zone='+00:00'");
}

TargetWriter::TargetWriter(Connection& conn, TableNames tables, std::string run_id,
                           WriteMethod method)
    : conn_(&conn),
      method_(method),
      tables_(std::move(tables)),
      records_table_(RecordsTable(tables_.records)),
      run_id_(std::move(run_id)) {}

void TargetWriter::Run(const std::string& sql, const char* what) {
  conn_->Execute(sql);
  conn_->ThrowOnWarnings(what);
}

void TargetWriter::WriteZones() {
  if (zones_.empty()) return;
  Connection& c = *conn_;
  std::string zones_sql =
      "INSERT INTO " + QuoteIdentifier(tables_.zones) +
      " (`created_at`, `updated_at`, `id`, `name`, `status`, `domain_id`, `tenant_id`, "
      "`project_src`, `is_public`, `public_scope`, `enabled`, `manager_id`, `zone_type`, "
      "`product_type`, `deleted`, `description`) VALUES ";
  std::vector<CreatedZone> created;
  for (const ZoneWrite& z : zones_) {
    if (!created.empty()) zones_sql += ",";
    zones_sql += "(" + c.Literal(z.created_at) + "," + c.Literal(z.updated_at) + "," +
                 c.Literal(z.id) + "," + c.Literal(z.name) + ",'available'," +
                 c.Literal(z.domain_id) + "," + c.Literal(z.tenant_id) + ",'local'," +
                 Bool(z.is_public) + "," + c.Literal(z.public_scope) + "," + Bool(z.enabled) +
                 ",NULL," + c.Literal(z.zone_type) + ",'',0," +
                 (z.description ? c.Literal(*z.description) : std::string("NULL")) + ")";
    created.push_back({z.id, z.name});
  }
  // Written once per run; the times are settled by FinalizeZones.
  zones_sql += " ON DUPLICATE KEY UPDATE `id` = `id`";
  Run(zones_sql, "writing zones");
  RunLedger(c).RecordCreatedZones(run_id_, created);
}

void TargetWriter::WriteRecords() {
  if (records_.empty()) return;
  BulkRows rows;
  rows.reserve(records_.size() * 200);
  for (const RecordWrite& r : records_) {
    rows.Field(r.created_at).Field(r.updated_at).Field(r.id).Field(r.name).Raw("available");
    rows.Bool(r.enabled).Field(r.zone_id).Field(r.type).Field(r.value).Int(r.ttl);
    rows.Int(r.mx_priority).Raw("").Raw("").Raw("0").EndRow();
  }
  WriteBulk(*conn_, records_table_, rows, OnDuplicate::kReplace, method_,
            "writing records");
}

void TargetWriter::WriteVpcs() {
  Connection& c = *conn_;
  for (const VpcWrite& v : vpcs_) {
    // No key but the row id: a link already there (an earlier or resumed run) stays one.
    Run("INSERT INTO " + QuoteIdentifier(tables_.zonevpcs) +
            " (`created_at`, `updated_at`, `deleted`, `dns_zone_id`, `vpc_id`) SELECT " +
            c.Literal(v.created_at) + "," + c.Literal(v.updated_at) + ",0," + c.Literal(v.zone_id) +
            "," + c.Literal(v.vpc_id) + " FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM " +
            QuoteIdentifier(tables_.zonevpcs) + " WHERE `dns_zone_id` = " + c.Literal(v.zone_id) +
            " AND `vpc_id` = " + c.Literal(v.vpc_id) + " AND `deleted` = 0)",
        "writing VPC links");
    // The link this run made, for --rollback; one that was there already is not its own.
    if (c.affected_rows() == 1) map_.push_back(VpcMapRow(v.zone_id, v.vpc_id));
  }
}

void TargetWriter::FinalizeZones(const std::vector<ZoneWrite>& zones) {
  Connection& c = *conn_;
  c.Execute("START TRANSACTION");
  try {
    for (size_t start = 0; start < zones.size(); start += kRowsPerStatement) {
      size_t end = std::min(zones.size(), start + kRowsPerStatement);
      std::string sql = "INSERT INTO " + QuoteIdentifier(tables_.zones) +
                        " (`id`, `created_at`, `updated_at`, `name`, `tenant_id`, `project_src`, "
                        "`zone_type`, `product_type`) VALUES ";
      for (size_t i = start; i < end; ++i) {
        const ZoneWrite& z = zones[i];
        sql += std::string(i == start ? "" : ",") + "(" + c.Literal(z.id) + "," +
               c.Literal(z.created_at) + "," + c.Literal(z.updated_at) + "," + c.Literal(z.name) +
               "," + c.Literal(z.tenant_id) + ",'local','PrivateZone','')";
      }
      // Every zone exists by now: only the times change.
      sql += " ON DUPLICATE KEY UPDATE `created_at` = VALUES(`created_at`), `updated_at` = "
             "VALUES(`updated_at`)";
      Run(sql, "settling zone times");
    }
    c.Execute("COMMIT");
  } catch (...) {
    try {
      c.Execute("ROLLBACK");
    } catch (const Error&) {
    }
    throw;
  }
}

void TargetWriter::Commit(const std::string& checkpoint_legacy_id, const RunCounts& counts) {
  Connection& c = *conn_;
  c.Execute("START TRANSACTION");
  try {
    WriteZones();
    WriteRecords();
    WriteVpcs();
    RunLedger ledger(c);
    ledger.WriteMap(run_id_, map_, method_);
    ledger.SaveCheckpoint(run_id_, checkpoint_legacy_id, counts);
    c.Execute("COMMIT");
  } catch (...) {
    try {
      c.Execute("ROLLBACK");
    } catch (const Error&) {
      // The connection is gone; the server rolls the transaction back itself.
    }
    throw;
  }
  zones_.clear();
  records_.clear();
  map_.clear();
  vpcs_.clear();
}

}  // namespace cpdns
