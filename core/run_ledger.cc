#include "core/run_ledger.h"

#include <uuid/uuid.h>

#include <nlohmann/json.hpp>
#include <set>

#include "core/errors.h"
#include "core/schema_check.h"
#include "core/sql_files.h"

namespace cpdns {

using nlohmann::json;

namespace {

std::string NewRunId() {
  uuid_t u;
  uuid_generate_random(u);
  char text[37];
  uuid_unparse_lower(u, text);
  return text;
}

const char* StatusText(RunStatus s) {
  switch (s) {
    case RunStatus::kRunning: return "running";
    case RunStatus::kFinished: return "finished";
    case RunStatus::kFailed: return "failed";
    case RunStatus::kAborted: return "aborted";
    case RunStatus::kInterrupted: return "interrupted";
    case RunStatus::kRolledBack: return "rolled_back";
  }
  return "failed";
}

const BulkTable& MapTable() {
  static const BulkTable kTable{
      kMapTable,
      {"run_id", "legacy_id", "position", "outcome", "reasons", "detail", "zone_id", "record_id"},
      {"outcome", "reasons", "detail", "zone_id", "record_id"}};
  return kTable;
}

constexpr std::size_t kMapReasonsBytes = 512;
constexpr std::size_t kMapDetailBytes = 65535;

}  // namespace

std::string MapReasons(const RowPlan& plan) {
  std::string out;
  std::set<std::string> seen;
  for (const Reason& r : plan.reasons) {
    if (!seen.insert(r.code).second) continue;
    if (out.size() + 1 + r.code.size() > kMapReasonsBytes) break;
    out += (out.empty() ? "" : ",") + r.code;
  }
  return out;
}

MapWrite VpcMapRow(const std::string& zone_id, const std::string& vpc_id) {
  return {"vpc:" + zone_id + "/" + vpc_id, kVpcLinkPosition, "migrated", "", vpc_id, zone_id,
          std::nullopt};
}

std::optional<std::string> MapDetail(const RowPlan& plan) {
  if (plan.reasons.empty()) return std::nullopt;
  std::string detail = plan.ReasonDetails();
  if (detail.size() <= kMapDetailBytes) return detail;
  const std::string note =
      "... (" + std::to_string(detail.size()) + " bytes in all; --report-json has every reason)";
  std::size_t cut = kMapDetailBytes - note.size();
  while (cut > 0 && (static_cast<unsigned char>(detail[cut]) & 0xC0) == 0x80) --cut;
  detail.resize(cut);
  return detail + note;
}

std::string RunLedger::LockName() {
  return "cloudpods-dns-migrate:" + conn_->QueryValue("SELECT DATABASE()").value_or("");
}

void RunLedger::TakeLock(int wait_s) {
  const std::string name = LockName();
  auto got = conn_->QueryValue("SELECT GET_LOCK(" + conn_->Literal(name) + ", " +
                               std::to_string(wait_s) + ")");
  if (got.value_or("0") == "1") return;
  std::string holder =
      conn_->QueryValue("SELECT IS_USED_LOCK(" + conn_->Literal(name) + ")").value_or("?");
  throw LockedError("another dns-migrator run holds the lock " + name +
                    " (server connection id " + holder +
                    "); wait for it to finish, or stop it, then run again");
}

void RunLedger::ReleaseLock() { conn_->Execute("DO RELEASE_LOCK(" + conn_->Literal(LockName()) + ")"); }

bool RunLedger::Exists() {
  return TableExists(*conn_, kRunsTable) && TableExists(*conn_, kRunZonesTable);
}

void RunLedger::EnsureTables() {
  // Created only when missing, so that a user with just SELECT/INSERT/UPDATE/DELETE on
  // existing tables can run the migration.
  if (!TableExists(*conn_, kRunsTable) || !TableExists(*conn_, kMapTable) ||
      !TableExists(*conn_, kRunZonesTable)) {
    LoadSqlFolder(*conn_, SqlDirectory() / "migrator");
  }
}

void RunLedger::MarkCutOffRuns() {
  conn_->Execute("UPDATE " + QuoteIdentifier(kRunsTable) +
                 " SET `status` = 'interrupted' WHERE `status` = 'running'");
}

std::string RunLedger::StartRun(const std::string& options_json) {
  std::string run_id = NewRunId();
  conn_->Execute("INSERT INTO " + QuoteIdentifier(kRunsTable) +
                 " (`run_id`, `status`, `tool_version`, `options`, `started_at`, `updated_at`) "
                 "VALUES (" + conn_->Literal(run_id) + ", 'running', " +
                 conn_->Literal(CPDNS_VERSION) + ", " + conn_->Literal(options_json) +
                 ", UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))");
  return run_id;
}

std::optional<ResumableRun> RunLedger::FindResumable() {
  auto rows = conn_->QueryAll("SELECT `run_id`, `checkpoint_legacy_id`, `options`, `batches` FROM " +
                              QuoteIdentifier(kRunsTable) +
                              " WHERE `status` IN ('interrupted', 'failed') ORDER BY "
                              "`started_at` DESC LIMIT 1");
  if (rows.empty()) return std::nullopt;
  ResumableRun r;
  r.run_id = rows[0][0].value_or("");
  r.checkpoint = rows[0][1];
  r.options_json = rows[0][2].value_or("{}");
  r.batches = std::stoll(rows[0][3].value_or("0"));
  return r;
}

void RunLedger::SetStatus(const std::string& run_id, RunStatus status,
                          const std::string& message) {
  std::string sql = "UPDATE " + QuoteIdentifier(kRunsTable) + " SET `status` = '" +
                    StatusText(status) + "', `updated_at` = UTC_TIMESTAMP(6)";
  if (status == RunStatus::kFinished || status == RunStatus::kAborted) {
    sql += ", `finished_at` = UTC_TIMESTAMP(6)";
  }
  if (!message.empty()) sql += ", `message` = " + conn_->Literal(message);
  conn_->Execute(sql + " WHERE `run_id` = " + conn_->Literal(run_id));
}

void RunLedger::SaveCheckpoint(const std::string& run_id, const std::string& legacy_id,
                               const RunCounts& counts) {
  conn_->Execute("UPDATE " + QuoteIdentifier(kRunsTable) +
                 " SET `checkpoint_legacy_id` = " + conn_->Literal(legacy_id) +
                 ", `updated_at` = UTC_TIMESTAMP(6), `batches` = " + std::to_string(counts.batches) +
                 ", `rows_read` = " + std::to_string(counts.rows_read) +
                 ", `rows_migrated` = " + std::to_string(counts.rows_migrated) +
                 ", `rows_warned` = " + std::to_string(counts.rows_warned) +
                 ", `rows_skipped` = " + std::to_string(counts.rows_skipped) +
                 ", `records_written` = " + std::to_string(counts.records_written) +
                 ", `zones_created` = " + std::to_string(counts.zones_created) +
                 " WHERE `run_id` = " + conn_->Literal(run_id));
  conn_->ThrowOnWarnings("saving the checkpoint");
}

void RunLedger::WriteMap(const std::string& run_id, const std::vector<MapWrite>& rows,
                         WriteMethod& method) {
  BulkRows tsv;
  tsv.reserve(rows.size() * 160);
  for (const MapWrite& m : rows) {
    tsv.Field(run_id).Field(m.legacy_id).Int(m.position).Field(m.outcome).Field(m.reasons);
    tsv.Optional(m.detail).Optional(m.zone_id).Optional(m.record_id).EndRow();
  }
  WriteBulk(*conn_, MapTable(), tsv, OnDuplicate::kReplace, method, "writing the row map");
}

void RunLedger::RecordCreatedZones(const std::string& run_id,
                                   const std::vector<CreatedZone>& zones) {
  if (zones.empty()) return;
  std::string sql = "INSERT INTO " + QuoteIdentifier(kRunZonesTable) +
                    " (`run_id`, `zone_id`, `zone_name`) VALUES ";
  const std::string run = conn_->Literal(run_id);
  for (std::size_t i = 0; i < zones.size(); ++i) {
    sql += std::string(i == 0 ? "" : ",") + "(" + run + "," + conn_->Literal(zones[i].id) + "," +
           conn_->Literal(zones[i].name) + ")";
  }
  conn_->Execute(sql + " ON DUPLICATE KEY UPDATE `zone_name` = VALUES(`zone_name`)");
  conn_->ThrowOnWarnings("recording created zones");
}

std::string RunLedger::NewestFinishedRun() {
  if (!TableExists(*conn_, kRunsTable) || !TableExists(*conn_, kMapTable)) return "";
  return conn_->QueryValue("SELECT `run_id` FROM " + QuoteIdentifier(kRunsTable) +
                           " WHERE `status` = 'finished' ORDER BY `finished_at` DESC LIMIT 1")
      .value_or("");
}

void RunLedger::SkippedRows(
    const std::string& run_id,
    const std::function<void(std::string legacy_id, std::string reasons)>& sink) {
  RowStream s = conn_->Stream("SELECT `legacy_id`, `reasons` FROM " + QuoteIdentifier(kMapTable) +
                              " WHERE `run_id` = " + conn_->Literal(run_id) +
                              " AND `position` = -1 AND `reasons` <> 'deleted'");
  Row r;
  while (s.Next(r)) sink(r[0].value_or(""), r[1].value_or(""));
}

RollbackCounts RunLedger::Rollback(const std::string& run, const TableNames& tables) {
  Connection& c = *conn_;
  if (!TableExists(c, kRunsTable)) throw ConfigError("no migration runs recorded in this database");
  const std::string lit = c.Literal(run);
  auto status = c.QueryValue("SELECT `status` FROM " + QuoteIdentifier(kRunsTable) +
                             " WHERE `run_id` = " + lit);
  if (!status) throw ConfigError("no migration run " + run + " in this database");
  if (*status == "rolled_back") throw ConfigError("run " + run + " was already rolled back");
  // The run's rows live in the tables it was started with; deleting from others
  // would find nothing and still drop the map, leaving its rows impossible to undo.
  const json recorded = json::parse(
      c.QueryValue("SELECT `options` FROM " + QuoteIdentifier(kRunsTable) + " WHERE `run_id` = " +
                   lit).value_or("{}"),
      nullptr, false);
  const std::string run_zones =
      recorded.is_object() ? recorded.value("zones_table", tables.zones) : tables.zones;
  const std::string run_records =
      recorded.is_object() ? recorded.value("records_table", tables.records) : tables.records;
  if (run_zones != tables.zones || run_records != tables.records) {
    throw ConfigError("run " + run + " wrote to the tables `" + run_zones + "` and `" +
                      run_records + "`: roll it back with --zones-table and --records-table "
                      "naming them");
  }
  // Ids are deterministic, so a re-run writes (and maps) the very rows an earlier
  // run wrote: those belong to the earlier run too and stay.
  const std::string other_runs_records = " AND `id` NOT IN (SELECT `record_id` FROM " +
                                         QuoteIdentifier(kMapTable) + " WHERE `run_id` <> " + lit +
                                         " AND `record_id` IS NOT NULL)";
  RollbackCounts n;
  for (;;) {
    c.Execute("DELETE FROM " + QuoteIdentifier(tables.records) +
              " WHERE `id` IN (SELECT `record_id` FROM " + QuoteIdentifier(kMapTable) +
              " WHERE `run_id` = " + lit + " AND `record_id` IS NOT NULL)" + other_runs_records +
              " LIMIT 10000");
    uint64_t deleted = c.affected_rows();
    n.records += static_cast<int64_t>(deleted);
    if (deleted == 0) break;
  }
  c.Execute("DELETE FROM " + QuoteIdentifier(tables.zones) +
            " WHERE `id` IN (SELECT `zone_id` FROM " + QuoteIdentifier(kRunZonesTable) +
            " WHERE `run_id` = " + lit + ") AND `id` NOT IN (SELECT `zone_id` FROM " +
            QuoteIdentifier(kRunZonesTable) + " WHERE `run_id` <> " + lit +
            ") AND `id` NOT IN (SELECT `dns_zone_id` FROM " + QuoteIdentifier(tables.records) + ")");
  n.zones = static_cast<int64_t>(c.affected_rows());
  if (TableExists(c, tables.zonevpcs)) {
    c.Execute("DELETE v FROM " + QuoteIdentifier(tables.zonevpcs) + " AS v JOIN " +
              QuoteIdentifier(kMapTable) + " AS m ON m.`run_id` = " + lit +
              " AND m.`position` = " + std::to_string(kVpcLinkPosition) +
              " AND m.`zone_id` = v.`dns_zone_id` AND m.`detail` = v.`vpc_id`");
    n.vpc_links = static_cast<int64_t>(c.affected_rows());
  }
  c.Execute("START TRANSACTION");
  c.Execute("DELETE FROM " + QuoteIdentifier(kMapTable) + " WHERE `run_id` = " + lit);
  c.Execute("DELETE FROM " + QuoteIdentifier(kRunZonesTable) + " WHERE `run_id` = " + lit);
  SetStatus(run, RunStatus::kRolledBack);
  c.Execute("COMMIT");
  return n;
}

}  // namespace cpdns
