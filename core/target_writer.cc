#include "core/target_writer.h"

#include <mysqld_error.h>
#include <spdlog/spdlog.h>

#include "core/errors.h"

namespace cpdns {

namespace {

// Multi-row statements are cut at this many rows to keep packets moderate.
constexpr size_t kRowsPerStatement = 2000;

std::string Bool(bool b) { return b ? "1" : "0"; }

// One field of LOAD DATA's text format (FIELDS TERMINATED BY '\t' ESCAPED BY '\\').
void AppendField(std::string& out, std::string_view v) {
  for (char c : v) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      case '\0': out += "\\0"; break;
      default: out += c;
    }
  }
}

void AppendNullable(std::string& out, const std::optional<std::string>& v) {
  if (v) {
    AppendField(out, std::string_view(*v));
  } else {
    out += "\\N";
  }
}

constexpr const char* kRecordColumns =
    "`created_at`, `updated_at`, `id`, `name`, `status`, `enabled`, `dns_zone_id`, `dns_type`, "
    "`dns_value`, `ttl`, `mx_priority`, `policy_type`, `policy_value`, `deleted`";
constexpr const char* kMapColumns =
    "`run_id`, `legacy_id`, `position`, `outcome`, `reasons`, `detail`, `zone_id`, `record_id`";

}  // namespace

void PrepareWriteSession(Connection& conn) {
  conn.Execute(std::string("SET SESSION sql_mode='") + kStrictSqlMode + "'");
  conn.Execute("SET SESSION time_zone='+00:00'");
}

TargetWriter::TargetWriter(Connection& conn, TableNames tables, std::string run_id,
                           WriteMethod method)
    : conn_(&conn), method_(method), tables_(std::move(tables)), run_id_(std::move(run_id)) {}

bool TargetWriter::Load(const std::string& table, const char* columns, const std::string& tsv,
                        const char* what) {
  const std::string sql = "LOAD DATA LOCAL INFILE 'cloudpods-dns-migrate-batch' REPLACE INTO TABLE " +
                          QuoteIdentifier(table) +
                          " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' "
                          "LINES TERMINATED BY '\\n' (" + columns + ")";
  try {
    conn_->LoadLocal(sql, tsv);
  } catch (const DatabaseError& e) {
    if (e.errnum() != ER_NOT_ALLOWED_COMMAND &&
        e.errnum() != ER_LOAD_INFILE_CAPABILITY_DISABLED) {
      throw;
    }
    spdlog::info("the server does not allow LOAD DATA LOCAL INFILE ({}): writing with INSERT "
                 "statements instead, which is slower; set local_infile=ON on the server to use "
                 "its bulk path",
                 e.what());
    method_ = WriteMethod::kInsert;
    return false;
  }
  conn_->ThrowOnWarnings(what);
  return true;
}

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
  if (records_.empty()) return;
  if (method_ == WriteMethod::kLoadData) {
    std::string tsv;
    tsv.reserve(records_.size() * 200);
    for (const RecordWrite& r : records_) {
      AppendField(tsv, r.created_at);
      tsv += '\t';
      AppendField(tsv, r.updated_at);
      tsv += '\t';
      AppendField(tsv, r.id);
      tsv += '\t';
      AppendField(tsv, r.name);
      tsv += "\tavailable\t";
      tsv += Bool(r.enabled);
      tsv += '\t';
      AppendField(tsv, r.zone_id);
      tsv += '\t';
      AppendField(tsv, r.type);
      tsv += '\t';
      AppendField(tsv, r.value);
      tsv += '\t';
      tsv += std::to_string(r.ttl);
      tsv += "\t0\t\t\t0\n";
    }
    if (Load(tables_.records, kRecordColumns, tsv, "writing records")) return;
  }
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
  if (map_.empty()) return;
  if (method_ == WriteMethod::kLoadData) {
    std::string tsv;
    tsv.reserve(map_.size() * 160);
    for (const MapWrite& m : map_) {
      AppendField(tsv, run_id_);
      tsv += '\t';
      AppendField(tsv, m.legacy_id);
      tsv += '\t';
      tsv += std::to_string(m.position);
      tsv += '\t';
      AppendField(tsv, m.outcome);
      tsv += '\t';
      AppendField(tsv, m.reasons);
      tsv += '\t';
      AppendNullable(tsv, m.detail);
      tsv += '\t';
      AppendNullable(tsv, m.zone_id);
      tsv += '\t';
      AppendNullable(tsv, m.record_id);
      tsv += '\n';
    }
    if (Load(kMapTable, kMapColumns, tsv, "writing the row map")) return;
  }
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
