#include "core/run_ledger.h"

#include <set>

#include "core/errors.h"
#include "core/schema_check.h"
#include "core/sql_files.h"
#include "core/uuid.h"

namespace cpdns {

namespace {

const char* StatusText(RunStatus s) {
  switch (s) {
    case RunStatus::kRunning: return "running";
    case RunStatus::kFinished: return "finished";
    case RunStatus::kFailed: return "failed";
    case RunStatus::kAborted: return "aborted";
    case RunStatus::kInterrupted: return "interrupted";
    case RunStatus::kRollingBack: return "rolling_back";
    case RunStatus::kRolledBack: return "rolled_back";
  }
  return "failed";
}

const BulkTable& MapTable() {
  static const BulkTable kTable{
      kMapTable,
      {"run_id", "legacy_id", "position", "outcome", "reasons", "detail", "zone_id", "record_id",
       "action"},
      {"outcome", "reasons", "detail", "zone_id", "record_id", "action"}};
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

LedgerVersion RunLedger::Version() {
  if (!TableExists(*conn_, kRunsTable) || !TableExists(*conn_, kRunZonesTable)) {
    return LedgerVersion::kNone;
  }
  // The fingerprint column came with the tables of the owned records and the changes.
  // (A table this user cannot see counts as missing: creating it then says so.)
  const bool current =
      conn_->QueryValue("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                        "DATABASE() AND TABLE_NAME = " + conn_->Literal(kRunZonesTable) +
                        " AND COLUMN_NAME = 'fingerprint'")
          .value_or("0") != "0";
  return current ? LedgerVersion::kCurrent : LedgerVersion::kEarlier;
}

void RunLedger::EnsureTables() {
  const LedgerVersion version = Version();
  // Created only when missing, so that a user with just SELECT/INSERT/UPDATE/DELETE on
  // existing tables can run the migration.
  bool missing = false;
  for (const char* t : {kRunsTable, kMapTable, kRunZonesTable, kOwnedRecordsTable, kChangesTable}) {
    missing = missing || !TableExists(*conn_, t);
  }
  if (missing) LoadSqlFolder(*conn_, SqlDirectory() / "migrator");
  if (version != LedgerVersion::kEarlier) return;
  const auto upgrade = SqlDirectory() / "migrator" / "upgrade" / "from_v1.sql";
  try {
    ExecuteSqlScript(*conn_, ReadTextFile(upgrade), upgrade.string());
  } catch (const DatabaseError& e) {
    throw ConfigError(
        "the bookkeeping tables were written by an earlier dns-migrator, which kept no "
        "fingerprints, and upgrading them failed (" + std::string(e.what()) +
        "): grant ALTER on the cpdns_migration_* tables to this user once, or load " +
        upgrade.string() + " as a user who has it, then run again");
  }
}

void RunLedger::MarkCutOffRuns() {
  conn_->Execute("UPDATE " + QuoteIdentifier(kRunsTable) +
                 " SET `status` = 'interrupted' WHERE `status` = 'running'");
}

std::string RunLedger::StartRun(const std::string& options_json, const std::string& scope_json) {
  std::string run_id = RandomUuid();
  conn_->Execute("INSERT INTO " + QuoteIdentifier(kRunsTable) +
                 " (`run_id`, `status`, `tool_version`, `options`, `scope`, `started_at`, "
                 "`updated_at`) VALUES (" + conn_->Literal(run_id) + ", 'running', " +
                 conn_->Literal(CPDNS_VERSION) + ", " + conn_->Literal(options_json) + ", " +
                 (scope_json.empty() ? std::string("NULL") : conn_->Literal(scope_json)) +
                 ", UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))");
  return run_id;
}

void RunLedger::SetChanges(const std::string& run_id, const std::string& changes_json) {
  conn_->Execute("UPDATE " + QuoteIdentifier(kRunsTable) + " SET `changes` = " +
                 conn_->Literal(changes_json) + " WHERE `run_id` = " + conn_->Literal(run_id));
}

namespace {

// An earlier version's runs table has no scope, changes or rollback time.
std::string RunColumns(bool current) {
  return std::string("`run_id`, `status`, `started_at`, `finished_at`, `options`, ") +
         (current ? "`scope`, `changes`, `rolled_back_at`" : "NULL, NULL, NULL") +
         ", `message`, `rows_read`, `records_written`, `zones_created`";
}

RunInfo RunFromRow(const Row& r) {
  RunInfo i;
  i.run_id = r[0].value_or("");
  i.status = r[1].value_or("");
  i.started_at = r[2].value_or("");
  i.finished_at = r[3];
  i.options_json = r[4].value_or("{}");
  i.scope_json = r[5];
  i.changes_json = r[6];
  i.rolled_back_at = r[7];
  i.message = r[8];
  i.rows_read = std::stoll(r[9].value_or("0"));
  i.records_written = std::stoll(r[10].value_or("0"));
  i.zones_created = std::stoll(r[11].value_or("0"));
  return i;
}

}  // namespace

std::vector<RunInfo> RunLedger::Runs() {
  std::vector<RunInfo> out;
  const LedgerVersion version = Version();
  if (version == LedgerVersion::kNone) return out;
  for (const Row& r : conn_->QueryAll("SELECT " + RunColumns(version == LedgerVersion::kCurrent) +
                                      " FROM " +
                                      QuoteIdentifier(kRunsTable) +
                                      " ORDER BY `started_at`, `run_id`")) {
    out.push_back(RunFromRow(r));
  }
  return out;
}

std::optional<RunInfo> RunLedger::Run(const std::string& run_id) {
  if (!TableExists(*conn_, kRunsTable)) return std::nullopt;
  auto rows = conn_->QueryAll("SELECT " + RunColumns(Version() == LedgerVersion::kCurrent) +
                              " FROM " +
                              QuoteIdentifier(kRunsTable) + " WHERE `run_id` = " +
                              conn_->Literal(run_id));
  if (rows.empty()) return std::nullopt;
  return RunFromRow(rows[0]);
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
  if (status == RunStatus::kRolledBack) sql += ", `rolled_back_at` = UTC_TIMESTAMP(6)";
  if (!message.empty()) sql += ", `message` = " + conn_->Literal(message);
  conn_->Execute(sql + " WHERE `run_id` = " + conn_->Literal(run_id));
}

void RunLedger::SaveCheckpoint(const std::string& run_id, const std::string& legacy_id,
                               const RunCounts& counts, int64_t records_written) {
  conn_->Execute("UPDATE " + QuoteIdentifier(kRunsTable) +
                 " SET `checkpoint_legacy_id` = " + conn_->Literal(legacy_id) +
                 ", `updated_at` = UTC_TIMESTAMP(6), `batches` = " + std::to_string(counts.batches) +
                 ", `rows_read` = " + std::to_string(counts.rows_read) +
                 ", `rows_migrated` = " + std::to_string(counts.rows_migrated) +
                 ", `rows_warned` = " + std::to_string(counts.rows_warned) +
                 ", `rows_skipped` = " + std::to_string(counts.rows_skipped) +
                 ", `records_written` = `records_written` + " + std::to_string(records_written) +
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
    tsv.Optional(m.detail).Optional(m.zone_id).Optional(m.record_id).Optional(m.action).EndRow();
  }
  WriteBulk(*conn_, MapTable(), tsv, OnDuplicate::kReplace, method, "writing the row map");
}

std::vector<std::pair<std::string, std::string>> RunLedger::MapActions(
    const std::string& run_id, std::span<const std::string> legacy_ids) {
  std::vector<std::pair<std::string, std::string>> out;
  constexpr std::size_t kInList = 1000;
  for (std::size_t i = 0; i < legacy_ids.size(); i += kInList) {
    std::string sql = "SELECT `record_id`, `action` FROM " + QuoteIdentifier(kMapTable) +
                      " WHERE `run_id` = " + conn_->Literal(run_id) +
                      " AND `record_id` IS NOT NULL AND `legacy_id` IN (";
    for (std::size_t j = i; j < std::min(legacy_ids.size(), i + kInList); ++j) {
      if (j != i) sql += ',';
      conn_->AppendLiteral(sql, legacy_ids[j]);
    }
    for (const Row& r : conn_->QueryAll(sql + ")")) {
      out.emplace_back(r[0].value_or(""), r[1].value_or(""));
    }
  }
  return out;
}

void RunLedger::DeleteMap(const std::string& run_id) {
  for (;;) {
    conn_->Execute("DELETE FROM " + QuoteIdentifier(kMapTable) + " WHERE `run_id` = " +
                   conn_->Literal(run_id) + " LIMIT 20000");
    if (conn_->affected_rows() == 0) break;
  }
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

void RunLedger::SkippedRows(
    const std::function<void(std::string legacy_id, std::string reasons)>& sink) {
  if (!TableExists(*conn_, kRunsTable) || !TableExists(*conn_, kMapTable)) return;
  const bool scoped_column = Version() == LedgerVersion::kCurrent;
  // Oldest first, so that a newer run's reasons replace an older one's.
  std::vector<std::string> runs;
  for (const Row& r : conn_->QueryAll(
           std::string("SELECT `run_id`, ") + (scoped_column ? "`scope`" : "NULL") + " FROM " +
           QuoteIdentifier(kRunsTable) +
           " WHERE `status` = 'finished' ORDER BY `finished_at` DESC")) {
    runs.insert(runs.begin(), r[0].value_or(""));
    if (!r[1]) break;  // a run over the whole table: older runs are superseded
  }
  for (const std::string& run : runs) SkippedRows(run, sink);
}

}  // namespace cpdns
