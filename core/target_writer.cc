#include "core/target_writer.h"

#include "core/errors.h"

namespace cpdns {

namespace {

// Multi-row statements are cut at this many rows to keep packets moderate.
constexpr size_t kRowsPerStatement = 2000;

std::string Bool(bool b) { return b ? "1" : "0"; }

}  // namespace

void PrepareWriteSession(Connection& conn) {
  conn.Execute(std::string("SET SESSION sql_mode='") + kStrictSqlMode + "'");
  conn.Execute("SET SESSION time_zone='+00:00'");
}

TargetWriter::TargetWriter(Connection& conn, TableNames tables, std::string run_id)
    : conn_(&conn), tables_(std::move(tables)), run_id_(std::move(run_id)) {}

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
  std::string run_zones_sql = "INSERT INTO " + QuoteIdentifier(kRunZonesTable) +
                              " (`run_id`, `zone_id`, `zone_name`) VALUES ";
  bool first = true;
  for (const ZoneWrite& z : zones_) {
    if (!first) {
      zones_sql += ",";
      run_zones_sql += ",";
    }
    first = false;
    zones_sql += "(" + c.Literal(z.created_at) + "," + c.Literal(z.updated_at) + "," +
                 c.Literal(z.id) + "," + c.Literal(z.name) + ",'available'," +
                 c.Literal(z.domain_id) + "," + c.Literal(z.tenant_id) + ",'local'," +
                 Bool(z.is_public) + "," + c.Literal(z.public_scope) +
                 ",1,NULL,'PrivateZone','',0,'created by cloudpods-dns-migrate')";
    run_zones_sql += "(" + c.Literal(run_id_) + "," + c.Literal(z.id) + "," + c.Literal(z.name) + ")";
  }
  // Written once per run; the times are settled by FinalizeZones.
  zones_sql += " ON DUPLICATE KEY UPDATE `id` = `id`";
  run_zones_sql += " ON DUPLICATE KEY UPDATE `zone_name` = VALUES(`zone_name`)";
  Run(zones_sql, "writing zones");
  Run(run_zones_sql, "recording created zones");
}

void TargetWriter::WriteRecords() {
  Connection& c = *conn_;
  const std::string head =
      "INSERT INTO " + QuoteIdentifier(tables_.records) +
      " (`created_at`, `updated_at`, `id`, `name`, `status`, `enabled`, `dns_zone_id`, "
      "`dns_type`, `dns_value`, `ttl`, `mx_priority`, `policy_type`, `policy_value`, `deleted`) "
      "VALUES ";
  const std::string tail =
      " ON DUPLICATE KEY UPDATE `created_at` = VALUES(`created_at`), `updated_at` = "
      "VALUES(`updated_at`), `name` = VALUES(`name`), `status` = VALUES(`status`), `enabled` = "
      "VALUES(`enabled`), `dns_zone_id` = VALUES(`dns_zone_id`), `dns_type` = VALUES(`dns_type`), "
      "`dns_value` = VALUES(`dns_value`), `ttl` = VALUES(`ttl`), `mx_priority` = "
      "VALUES(`mx_priority`), `policy_type` = VALUES(`policy_type`), `policy_value` = "
      "VALUES(`policy_value`), `deleted` = VALUES(`deleted`)";
  for (size_t start = 0; start < records_.size(); start += kRowsPerStatement) {
    size_t end = std::min(records_.size(), start + kRowsPerStatement);
    std::string sql = head;
    sql.reserve(head.size() + (end - start) * 220 + tail.size());
    for (size_t i = start; i < end; ++i) {
      const RecordWrite& r = records_[i];
      if (i != start) sql += ",";
      sql += "(" + c.Literal(r.created_at) + "," + c.Literal(r.updated_at) + "," + c.Literal(r.id) +
             "," + c.Literal(r.name) + ",'available'," + Bool(r.enabled) + "," +
             c.Literal(r.zone_id) + "," + c.Literal(r.type) + "," + c.Literal(r.value) + "," +
             std::to_string(r.ttl) + ",0,'','',0)";
    }
    sql += tail;
    Run(sql, "writing records");
  }
}

void TargetWriter::WriteMap() {
  Connection& c = *conn_;
  auto opt = [&c](const std::optional<std::string>& v) { return v ? c.Literal(*v) : "NULL"; };
  const std::string head = "INSERT INTO " + QuoteIdentifier(kMapTable) +
                           " (`run_id`, `legacy_id`, `position`, `outcome`, `reasons`, `detail`, "
                           "`zone_id`, `record_id`) VALUES ";
  const std::string tail =
      " ON DUPLICATE KEY UPDATE `outcome` = VALUES(`outcome`), `reasons` = VALUES(`reasons`), "
      "`detail` = VALUES(`detail`), `zone_id` = VALUES(`zone_id`), `record_id` = "
      "VALUES(`record_id`)";
  const std::string run = c.Literal(run_id_);
  for (size_t start = 0; start < map_.size(); start += kRowsPerStatement) {
    size_t end = std::min(map_.size(), start + kRowsPerStatement);
    std::string sql = head;
    for (size_t i = start; i < end; ++i) {
      const MapWrite& m = map_[i];
      if (i != start) sql += ",";
      sql += "(" + run + "," + c.Literal(m.legacy_id) + "," + std::to_string(m.position) + "," +
             c.Literal(m.outcome) + "," + c.Literal(m.reasons) + "," + opt(m.detail) + "," +
             opt(m.zone_id) + "," + opt(m.record_id) + ")";
    }
    sql += tail;
    Run(sql, "writing the row map");
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
    WriteMap();
    Run("UPDATE " + QuoteIdentifier(kRunsTable) +
            " SET `checkpoint_legacy_id` = " + c.Literal(checkpoint_legacy_id) +
            ", `updated_at` = UTC_TIMESTAMP(6), `batches` = " + std::to_string(counts.batches) +
            ", `rows_read` = " + std::to_string(counts.rows_read) +
            ", `rows_migrated` = " + std::to_string(counts.rows_migrated) +
            ", `rows_warned` = " + std::to_string(counts.rows_warned) +
            ", `rows_skipped` = " + std::to_string(counts.rows_skipped) +
            ", `records_written` = " + std::to_string(counts.records_written) +
            ", `zones_created` = " + std::to_string(counts.zones_created) +
            " WHERE `run_id` = " + c.Literal(run_id_),
        "saving the checkpoint");
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
}

}  // namespace cpdns
