#include "core/migration.h"

#include <spdlog/spdlog.h>
#include <uuid/uuid.h>

#include <chrono>
#include <cmath>
#include <future>
#include <iostream>
#include <map>
#include <set>
#include <thread>
#include <nlohmann/json.hpp>

#include "core/database.h"
#include "core/dns_name.h"
#include "core/legacy_source.h"
#include "core/migration_report.h"
#include "core/progress.h"
#include "core/resume_key.h"
#include "core/row_planner.h"
#include "core/schema_check.h"
#include "core/sql_files.h"

namespace cpdns {

using nlohmann::json;

RejectLimit RejectLimit::Parse(std::string_view text) {
  RejectLimit l;
  std::string t(text);
  if (!t.empty() && t.back() == '%') {
    l.percent = true;
    t.pop_back();
  }
  try {
    size_t used = 0;
    l.value = std::stod(t, &used);
    if (used != t.size() || l.value < 0 || std::isnan(l.value) || (l.percent && l.value > 100)) {
      throw std::invalid_argument("range");
    }
  } catch (const std::exception&) {
    throw ConfigError("--max-rejected takes a count (25) or a percentage (2.5%), not " +
                      std::string(text));
  }
  return l;
}

bool RejectLimit::Exceeded(int64_t rejected, int64_t live_rows) const {
  if (!percent) return static_cast<double>(rejected) > value;
  if (live_rows == 0) return false;
  return 100.0 * static_cast<double>(rejected) / static_cast<double>(live_rows) > value;
}

std::string RejectLimit::ToString() const {
  std::string v = std::to_string(value);
  v.erase(v.find_last_not_of('0') + 1);
  if (!v.empty() && v.back() == '.') v.pop_back();
  return v + (percent ? "%" : "");
}

std::string MigrationOptions::ToJson() const {
  json j = {{"legacy_table", tables.legacy},
            {"zones_table", tables.zones},
            {"records_table", tables.records},
            {"zones", zones},
            {"zone_inference", std::string(cpdns::ToString(inference))},
            {"target_version", std::string(cpdns::ToString(target))},
            {"batch_size", batch_size},
            {"write_method", write_method == WriteMethod::kLoadData ? "load-data" : "insert"},
            {"public_suffix_list",
             inference == InferenceStrategy::kPsl ? PublicSuffixListVersion() : ""},
            {"database", connection.database},
            {"server", connection.Describe()}};
  return j.dump();
}

int ExitCodeFor(const MigrationResult& r) {
  switch (r.status) {
    case MigrationStatus::kAbortedThreshold:
      return exit_code::kAbortedThreshold;
    case MigrationStatus::kInterrupted:
      return exit_code::kInterrupted;
    case MigrationStatus::kRolledBack:
      return exit_code::kOk;
    case MigrationStatus::kDone:
      return r.rows_rejected > 0 ? exit_code::kRejectedRows : exit_code::kOk;
  }
  return exit_code::kInternal;
}

namespace {

const std::vector<std::string> kZoneColumns = {
    "created_at", "updated_at", "id",           "name",     "status",       "domain_id",
    "tenant_id",  "project_src", "is_public",   "public_scope", "enabled",  "manager_id",
    "zone_type",  "product_type", "deleted",    "description"};
const std::vector<std::string> kRecordColumns = {
    "created_at", "updated_at", "id",        "name",  "status",      "enabled",
    "dns_zone_id", "dns_type",  "dns_value", "ttl",   "mx_priority", "policy_type",
    "policy_value", "deleted"};

std::string NewRunId() {
  uuid_t u;
  uuid_generate_random(u);
  char text[37];
  uuid_unparse_lower(u, text);
  return text;
}

std::string LockName(Connection& c) {
  return "cloudpods-dns-migrate:" + c.QueryValue("SELECT DATABASE()").value_or("");
}

// `wait_s` > 0 after a reconnect: the server may not yet have noticed that the
// session which held the lock (ours) is gone.
void TakeLock(Connection& c, int wait_s = 0) {
  auto got = c.QueryValue("SELECT GET_LOCK(" + c.Literal(LockName(c)) + ", " +
                          std::to_string(wait_s) + ")");
  if (got.value_or("0") != "1") {
    std::string holder =
        c.QueryValue("SELECT IS_USED_LOCK(" + c.Literal(LockName(c)) + ")").value_or("?");
    throw LockedError("another dns-migrator run holds the lock " + LockName(c) +
                      " (server connection id " + holder +
                      "); wait for it to finish, or stop it, then run again");
  }
}

std::vector<ZoneRow> LoadExistingLocalZones(Connection& c, const TableNames& t, bool bookkeeping) {
  std::string sql =
      "SELECT `id`, `name`, `domain_id`, `tenant_id`, `is_public`, `public_scope`, `enabled`, "
      "`status` FROM " + QuoteIdentifier(t.zones) +
      " WHERE `deleted` = 0 AND (`manager_id` IS NULL OR `manager_id` = '')";
  // Zones earlier runs created are planned like new ones (same deterministic id),
  // so that every run decides exactly as the first one did.
  if (bookkeeping) {
    sql += " AND `id` NOT IN (SELECT `zone_id` FROM " + QuoteIdentifier(kRunZonesTable) + ")";
  }
  sql += " ORDER BY `created_at`, `id`";
  std::vector<ZoneRow> out;
  for (const Row& r : c.QueryAll(sql)) {
    ZoneRow z;
    z.id = r[0].value_or("");
    z.name = r[1].value_or("");
    z.domain_id = r[2].value_or("");
    z.tenant_id = r[3].value_or("");
    z.is_public = r[4].value_or("0") != "0";
    z.public_scope = r[5].value_or("");
    z.enabled = r[6] ? std::optional<bool>(*r[6] != "0") : std::nullopt;
    z.status = r[7].value_or("");
    out.push_back(std::move(z));
  }
  return out;
}

constexpr int kMaxAttempts = 8;

// 250 ms doubling to 8 s: rides out a server restart without hammering it.
int BackoffMs(int attempt) { return std::min(8000, 250 << std::min(attempt - 1, 5)); }

void ReconnectWriter(const MigrationOptions& o, std::optional<Connection>& write) {
  for (int attempt = 1;; ++attempt) {
    try {
      write.reset();
      write.emplace(Connection::Open(o.connection, "writer"));
      PrepareWriteSession(*write);
      TakeLock(*write, 60);
      return;
    } catch (const DatabaseError& e) {
      if (!e.retryable() || attempt >= kMaxAttempts) throw;
      spdlog::warn("reconnect attempt={} failed: {}", attempt, e.what());
      std::this_thread::sleep_for(std::chrono::milliseconds(BackoffMs(attempt)));
    }
  }
}

// cpdns_migration_map.reasons is varchar(512) and .detail TEXT (65,535 bytes), and strict
// sql_mode refuses anything longer: one row with thousands of bad entries (a 64 KiB value
// holds 65,536 empty ones) would fail its batch, and with it every later run. The map keeps
// each code once, in order, and the details up to the column's size; the JSON report keeps
// every reason.
constexpr std::size_t kMapReasonsBytes = 512;
constexpr std::size_t kMapDetailBytes = 65535;

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

// Per batch: the new zones it touches, with their created/updated extremes.
struct BatchZone {
  std::string created_at;
  std::string updated_at;
};

MigrationResult Rollback(const MigrationOptions& o) {
  Connection c = Connection::Open(o.connection, "rollback");
  PrepareWriteSession(c);
  TakeLock(c);
  if (!TableExists(c, kRunsTable)) throw ConfigError("no migration runs recorded in this database");
  const std::string& run = *o.rollback_run;
  auto status = c.QueryValue("SELECT `status` FROM " + QuoteIdentifier(kRunsTable) +
                             " WHERE `run_id` = " + c.Literal(run));
  if (!status) throw ConfigError("no migration run " + run + " in this database");
  if (*status == "rolled_back") throw ConfigError("run " + run + " was already rolled back");
  const std::string lit = c.Literal(run);
  // The run's rows live in the tables it was started with; deleting from others
  // would find nothing and still drop the map, leaving its rows impossible to undo.
  const json recorded = json::parse(
      c.QueryValue("SELECT `options` FROM " + QuoteIdentifier(kRunsTable) + " WHERE `run_id` = " +
                   lit).value_or("{}"),
      nullptr, false);
  const std::string run_zones = recorded.is_object() ? recorded.value("zones_table", o.tables.zones)
                                                     : o.tables.zones;
  const std::string run_records =
      recorded.is_object() ? recorded.value("records_table", o.tables.records) : o.tables.records;
  if (run_zones != o.tables.zones || run_records != o.tables.records) {
    throw ConfigError("run " + run + " wrote to the tables `" + run_zones + "` and `" +
                      run_records + "`: roll it back with --zones-table and --records-table "
                      "naming them");
  }
  // Ids are deterministic, so a re-run writes (and maps) the very rows an earlier
  // run wrote: those belong to the earlier run too and stay.
  const std::string other_runs_records = " AND `id` NOT IN (SELECT `record_id` FROM " +
                                         QuoteIdentifier(kMapTable) + " WHERE `run_id` <> " + lit +
                                         " AND `record_id` IS NOT NULL)";
  int64_t records = 0;
  for (;;) {
    c.Execute("DELETE FROM " + QuoteIdentifier(o.tables.records) +
              " WHERE `id` IN (SELECT `record_id` FROM " + QuoteIdentifier(kMapTable) +
              " WHERE `run_id` = " + lit + " AND `record_id` IS NOT NULL)" + other_runs_records +
              " LIMIT 10000");
    uint64_t n = c.affected_rows();
    records += static_cast<int64_t>(n);
    if (n == 0) break;
  }
  c.Execute("DELETE FROM " + QuoteIdentifier(o.tables.zones) + " WHERE `id` IN (SELECT `zone_id` FROM " +
            QuoteIdentifier(kRunZonesTable) + " WHERE `run_id` = " + lit +
            ") AND `id` NOT IN (SELECT `zone_id` FROM " + QuoteIdentifier(kRunZonesTable) +
            " WHERE `run_id` <> " + lit + ") AND `id` NOT IN (SELECT `dns_zone_id` FROM " +
            QuoteIdentifier(o.tables.records) + ")");
  int64_t zones = static_cast<int64_t>(c.affected_rows());
  c.Execute("START TRANSACTION");
  c.Execute("DELETE FROM " + QuoteIdentifier(kMapTable) + " WHERE `run_id` = " + lit);
  c.Execute("DELETE FROM " + QuoteIdentifier(kRunZonesTable) + " WHERE `run_id` = " + lit);
  c.Execute("UPDATE " + QuoteIdentifier(kRunsTable) +
            " SET `status` = 'rolled_back', `updated_at` = UTC_TIMESTAMP(6) WHERE `run_id` = " + lit);
  c.Execute("COMMIT");
  std::cout << "Rolled back run " << run << ": deleted " << records << " records and " << zones
            << " zones it created\n";
  spdlog::info("rollback run={} records_deleted={} zones_deleted={}", run, records, zones);
  MigrationResult r;
  r.status = MigrationStatus::kRolledBack;
  r.run_id = run;
  return r;
}

}  // namespace

MigrationResult RunMigration(const MigrationOptions& o) {
  if (o.rollback_run) return Rollback(o);
  // A bad --zone is refused before anything is written: a run row left behind by it would be
  // what the next --resume picks up, with options no corrected command line matches.
  const ZoneCatalog zones_checked({}, o.zones, o.inference);

  Connection read = Connection::Open(o.connection, "reader");
  RequireColumns(read, o.tables.legacy, LegacySource::Columns(),
                 "point --database at the Cloudpods region database, or name the legacy table "
                 "with --legacy-table");

  std::optional<Connection> write;
  if (o.execute) {
    write.emplace(Connection::Open(o.connection, "writer"));
    PrepareWriteSession(*write);
    TakeLock(*write);
  }
  bool have_target = TableExists(read, o.tables.zones) && TableExists(read, o.tables.records);
  if (!have_target && o.create_target_tables && o.execute) {
    // sql/target/ defines the tables under their Cloudpods names; creating those
    // while the run is pointed at others would leave tables nobody asked for.
    const TableNames defaults;
    if (o.tables.zones != defaults.zones || o.tables.records != defaults.records) {
      throw ConfigError("--create-target-tables creates `" + defaults.zones + "` and `" +
                        defaults.records + "`; it cannot create `" + o.tables.zones + "` / `" +
                        o.tables.records + "`: create those first, or drop --zones-table / "
                        "--records-table");
    }
    LoadSqlFolder(*write, SqlDirectory() / "target" / o.target_release);
    spdlog::info("created target tables release={}", o.target_release);
    have_target = true;
  }
  if (have_target) {
    RequireColumns(read, o.tables.zones, kZoneColumns,
                   "upgrade Cloudpods to 3.10.5 or later first, or pass --zones-table");
    RequireColumns(read, o.tables.records, kRecordColumns,
                   "upgrade Cloudpods to 3.10.5 or later first, or pass --records-table");
  } else if (o.execute) {
    throw ConfigError("the target tables `" + o.tables.zones + "` and `" + o.tables.records +
                      "` do not exist: upgrade Cloudpods to 3.10.5 or later first (it creates "
                      "them), or pass --create-target-tables");
  } else {
    spdlog::warn("target tables {} / {} do not exist yet: planning as if they were empty",
                 o.tables.zones, o.tables.records);
  }

  std::string run_id;
  std::optional<std::string> checkpoint;
  int64_t checkpoint_batches = 0;  // batches the resumed run committed before
  bool bookkeeping = TableExists(read, kRunsTable) && TableExists(read, kRunZonesTable);
  if (o.execute) {
    // Created only when missing, so that a user with just SELECT/INSERT/UPDATE/
    // DELETE on existing tables can run the migration.
    if (!TableExists(*write, kRunsTable) || !TableExists(*write, kMapTable) ||
        !TableExists(*write, kRunZonesTable)) {
      LoadSqlFolder(*write, SqlDirectory() / "migrator");
    }
    bookkeeping = true;
    // Holding the lock, no other run is alive: earlier "running" rows were cut off.
    write->Execute("UPDATE " + QuoteIdentifier(kRunsTable) +
                   " SET `status` = 'interrupted' WHERE `status` = 'running'");
    if (o.resume) {
      auto rows = write->QueryAll("SELECT `run_id`, `checkpoint_legacy_id`, `options`, "
                                  "`batches` FROM " +
                                  QuoteIdentifier(kRunsTable) +
                                  " WHERE `status` IN ('interrupted', 'failed') ORDER BY "
                                  "`started_at` DESC LIMIT 1");
      if (rows.empty()) {
        throw ConfigError("--resume: no interrupted or failed run to resume; run without --resume");
      }
      run_id = *rows[0][0];
      checkpoint = rows[0][1];
      checkpoint_batches = std::stoll(rows[0][3].value_or("0"));
      if (auto diff = ResumeKeyDifferences(rows[0][2].value_or("{}"), o.ToJson());
          !diff.empty()) {
        std::string list;
        for (const std::string& d : diff) list += (list.empty() ? "" : "; ") + d;
        throw ConfigError("--resume: run " + run_id + " was started with other options (" +
                          list + "); resume with the same options, or start a new run");
      }
      write->Execute("UPDATE " + QuoteIdentifier(kRunsTable) +
                     " SET `status` = 'running', `updated_at` = UTC_TIMESTAMP(6) WHERE `run_id` = " +
                     write->Literal(run_id));
      spdlog::info("resuming run={} after legacy_id={}", run_id, checkpoint.value_or("(start)"));
    } else {
      run_id = NewRunId();
      write->Execute("INSERT INTO " + QuoteIdentifier(kRunsTable) +
                     " (`run_id`, `status`, `tool_version`, `options`, `started_at`, `updated_at`) "
                     "VALUES (" + write->Literal(run_id) + ", 'running', " +
                     write->Literal(CPDNS_VERSION) + ", " + write->Literal(o.ToJson()) +
                     ", UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))");
    }
  }

  std::vector<ZoneRow> existing =
      have_target ? LoadExistingLocalZones(read, o.tables, bookkeeping) : std::vector<ZoneRow>{};
  SharedNames shared = FindSharedNames(read, o.tables.legacy);
  LegacySource source(read, o.tables.legacy);
  source.OnRetryableError([&](const DatabaseError& e, int attempt) {
    if (attempt >= kMaxAttempts) return false;
    spdlog::warn("reading the legacy table attempt={} failed: {}; reconnecting", attempt, e.what());
    std::this_thread::sleep_for(std::chrono::milliseconds(BackoffMs(attempt)));
    try {
      read = Connection::Open(o.connection, "reader");
    } catch (const DatabaseError& again) {
      if (!again.retryable()) throw;
    }
    return true;
  });
  const int64_t total = source.CountRows();

  if (o.max_rejected && o.execute) {
    // Count before writing anything: a threshold is useless after the fact. A plan
    // is printed whole and judged at its end.
    ZoneCatalog dry_zones(existing, o.zones, o.inference);
    RowPlanner dry(dry_zones, shared, o.target);
    int64_t rejected = 0, live = 0;
    LegacyRow row;
    source.StartAfter(std::nullopt);
    while (source.Next(row)) {
      RowPlan p = dry.Plan(row);
      if (!row.deleted) ++live;
      if (p.rejected) ++rejected;
    }
    if (o.max_rejected->Exceeded(rejected, live)) {
      spdlog::error("aborted: {} of {} live rows would be rejected, more than --max-rejected {}; "
                    "nothing was written. Run without --execute to see why.",
                    rejected, live, o.max_rejected->ToString());
      if (write) {
        write->Execute("UPDATE " + QuoteIdentifier(kRunsTable) +
                       " SET `status` = 'aborted', `finished_at` = UTC_TIMESTAMP(6), `message` = " +
                       write->Literal("rejected rows over --max-rejected") +
                       " WHERE `run_id` = " + write->Literal(run_id));
      }
      MigrationResult r;
      r.status = MigrationStatus::kAbortedThreshold;
      r.run_id = run_id;
      r.rows_rejected = rejected;
      return r;
    }
  }

  ZoneCatalog zones(std::move(existing), o.zones, o.inference);
  RowPlanner planner(zones, shared, o.target);
  MigrationReport report(o, o.execute ? "execute" : "plan", run_id);
  MigrationResult result;
  result.run_id = run_id;
  Progress progress(o.progress_on_terminal, total);

  // Two batches alternate: while one commits on the writer connection (a thread of its
  // own), the next is read and planned. At most one commit is in flight, so the writer
  // connection is used by one thread at a time; `drain` waits for it and rethrows its error.
  std::optional<TargetWriter> writers[2];
  TargetWriter* writer = nullptr;  // the batch being filled
  if (o.execute) {
    writers[0].emplace(*write, o.tables, run_id, o.write_method);
    writers[1].emplace(*write, o.tables, run_id, o.write_method);
    writer = &*writers[0];
  }
  std::future<void> in_flight;
  auto drain = [&in_flight] {
    if (in_flight.valid()) in_flight.get();
  };
  RunCounts counts;
  counts.batches = checkpoint_batches;
  std::map<std::size_t, BatchZone> batch_zones;
  std::set<std::size_t> zones_written;
  std::size_t batch_rows = 0;
  std::string first_id;  // of the batch being collected
  std::string last_id;
  std::string committed_id = checkpoint.value_or("");

  auto flush = [&] {
    if (!writer || batch_rows == 0) return;
    for (const auto& [slot, bz] : batch_zones) {
      if (zones_written.count(slot)) continue;  // this run wrote it already
      const PlannedZone& z = zones.zones()[slot];
      writer->AddZone({z.id, z.name, z.owner.domain_id, z.owner.tenant_id, z.owner.is_public,
                       z.owner.public_scope, bz.created_at, bz.updated_at});
      zones_written.insert(slot);
    }
    counts.batches += 1;
    counts.rows_read = report.rows();
    counts.zones_created = static_cast<int64_t>(zones_written.size());
    drain();  // the previous batch is committed (or its error is thrown) before this one starts
    TargetWriter* batch = writer;
    in_flight = std::async(std::launch::async, [&o, &write, &committed_id, batch,
                                                snapshot = counts, first = first_id,
                                                last = last_id] {
      // The error alone names a statement of the batch; say which legacy rows were lost
      // with it, and where a --resume will start.
      auto report_failed = [&] {
        spdlog::error("batch={} (legacy rows {} to {}) was rolled back, none of it written; "
                      "the run's checkpoint stays after legacy_id={}",
                      snapshot.batches, QuoteBytes(first), QuoteBytes(last),
                      committed_id.empty() ? "(start)" : QuoteBytes(committed_id));
      };
      // A lost connection, a restarted server, a lock wait timeout or a deadlock
      // leaves the batch uncommitted: reconnect and write the same batch again.
      for (int attempt = 1;; ++attempt) {
        try {
          batch->Commit(last, snapshot);
          break;
        } catch (const DatabaseError& e) {
          if (!e.retryable() || attempt >= kMaxAttempts) {
            report_failed();
            throw;
          }
          spdlog::warn("batch={} attempt={} failed: {}; retrying in {} ms", snapshot.batches,
                       attempt, e.what(), BackoffMs(attempt));
          std::this_thread::sleep_for(std::chrono::milliseconds(BackoffMs(attempt)));
          ReconnectWriter(o, write);
          batch->Rebind(*write);
        } catch (const Error&) {
          report_failed();  // server warnings (DataError): the same batch would fail again
          throw;
        }
      }
      committed_id = last;
    });
    writer = (writer == &*writers[0]) ? &*writers[1] : &*writers[0];
    writer->Rebind(*write);
    batch_zones.clear();
    batch_rows = 0;
  };

  auto plan_rows = [&](std::optional<std::string> after, std::optional<std::string> until,
                       bool write_rows) {
    source.StartAfter(std::move(after), std::move(until));
    LegacyRow row;
    while (source.Next(row)) {
      RowPlan plan = planner.Plan(row);
      report.Add(plan, zones);
      progress.Tick(report.rows());
      if (!write_rows) {
        // Before a resumed run's checkpoint: written by the run already. Count it,
        // so that the run's totals cover every row as an uninterrupted run's do.
        if (writer && plan.outcome == RowOutcome::kSkipped) {
          counts.rows_skipped += 1;
        } else if (writer) {
          (plan.outcome == RowOutcome::kWarned ? counts.rows_warned : counts.rows_migrated) += 1;
          counts.records_written += static_cast<int64_t>(plan.records.size());
          if (!zones.zones()[plan.zone_slot].exists) zones_written.insert(plan.zone_slot);
        }
        continue;
      }
      if (batch_rows == 0) first_id = row.id;
      last_id = row.id;
      ++batch_rows;
      const std::string reasons = MapReasons(plan);
      const std::optional<std::string> detail = MapDetail(plan);
      if (plan.outcome == RowOutcome::kSkipped) {
        counts.rows_skipped += 1;
        writer->AddMapRow({row.id, -1, "skipped", reasons, detail, std::nullopt, std::nullopt});
      } else {
        (plan.outcome == RowOutcome::kWarned ? counts.rows_warned : counts.rows_migrated) += 1;
        const PlannedZone& z = zones.zones()[plan.zone_slot];
        if (!z.exists) {
          auto [it, inserted] = batch_zones.try_emplace(plan.zone_slot,
                                                        BatchZone{row.created_at, row.updated_at});
          if (!inserted) {
            it->second.created_at = std::min(it->second.created_at, row.created_at);
            it->second.updated_at = std::max(it->second.updated_at, row.updated_at);
          }
        }
        for (const PlannedRecord& r : plan.records) {
          writer->AddRecord({r.id, plan.relative, z.id, r.type, r.value, r.ttl, r.enabled,
                             row.created_at, row.updated_at});
          writer->AddMapRow({row.id, r.position, std::string(ToString(plan.outcome)), reasons,
                             detail, z.id, r.id});
          counts.records_written += 1;
        }
      }
      if (batch_rows >= o.batch_size) {
        if (o.stop_requested != nullptr && o.stop_requested->load()) {
          // Stop at the boundary of the batch committing now; the one just planned is
          // dropped unwritten, and a resume plans it again.
          drain();
          return false;
        }
        flush();
      }
    }
    return true;
  };

  bool completed = true;
  try {
    if (checkpoint) plan_rows(std::nullopt, checkpoint, false);  // already written: plan only
    completed = plan_rows(checkpoint, std::nullopt, o.execute);
    if (completed) flush();
    drain();
    if (completed && writer) {
      std::vector<ZoneWrite> finals;
      for (const PlannedZone& z : zones.zones()) {
        if (z.exists || z.rows == 0) continue;
        finals.push_back({z.id, z.name, z.owner.domain_id, z.owner.tenant_id, z.owner.is_public,
                          z.owner.public_scope, z.created_at, z.updated_at});
      }
      for (int attempt = 1;; ++attempt) {
        try {
          writer->FinalizeZones(finals);
          break;
        } catch (const DatabaseError& e) {
          if (!e.retryable() || attempt >= kMaxAttempts) throw;
          std::this_thread::sleep_for(std::chrono::milliseconds(BackoffMs(attempt)));
          ReconnectWriter(o, write);
          writer->Rebind(*write);
        }
      }
    }
  } catch (const Error& e) {
    progress.Done();
    // A batch still committing finishes first (the writer connection is its until then);
    // its own failure, if any, was logged by it.
    try {
      drain();
    } catch (const std::exception&) {
    }
    if (write) {
      try {
        write->Execute("UPDATE " + QuoteIdentifier(kRunsTable) +
                       " SET `status` = 'failed', `updated_at` = UTC_TIMESTAMP(6), `message` = " +
                       write->Literal(e.what()) + " WHERE `run_id` = " + write->Literal(run_id));
      } catch (const Error&) {
        // The connection itself failed; the run stays "running" and the next run marks it.
      }
      spdlog::error("run {} stopped; its committed batches stay: after fixing the cause, "
                    "continue with --execute --resume", run_id);
    }
    throw;
  }
  progress.Done();

  if (!completed) {
    result.status = MigrationStatus::kInterrupted;
    write->Execute("UPDATE " + QuoteIdentifier(kRunsTable) +
                   " SET `status` = 'interrupted', `updated_at` = UTC_TIMESTAMP(6) WHERE `run_id` = " +
                   write->Literal(run_id));
    spdlog::warn("interrupted at a batch boundary after legacy_id={}: everything up to it is "
                 "written; run again with --execute --resume to continue (run {})",
                 committed_id.empty() ? "(start)" : committed_id, run_id);
    return result;
  }
  report.Finish(zones, result, std::cout);
  if (!o.execute && o.max_rejected &&
      o.max_rejected->Exceeded(result.rows_rejected, report.live_rows())) {
    spdlog::error("{} of {} live rows would be rejected, more than --max-rejected {}: an "
                  "--execute run with it would stop before writing anything",
                  result.rows_rejected, report.live_rows(), o.max_rejected->ToString());
    result.status = MigrationStatus::kAbortedThreshold;
    return result;
  }
  if (write) {
    write->Execute("UPDATE " + QuoteIdentifier(kRunsTable) +
                   " SET `status` = 'finished', `finished_at` = UTC_TIMESTAMP(6), `updated_at` = "
                   "UTC_TIMESTAMP(6) WHERE `run_id` = " + write->Literal(run_id));
    write->Execute("DO RELEASE_LOCK(" + write->Literal(LockName(*write)) + ")");
  }
  spdlog::info("{} run={} rows={} migrated={} warned={} rejected={} deleted={} records={} "
               "zones_new={} zones_reused={}",
               o.execute ? "executed" : "planned", run_id.empty() ? "-" : run_id, result.rows_read,
               result.rows_migrated, result.rows_warned, result.rows_rejected,
               result.rows_deleted, result.records, result.zones_created, result.zones_reused);
  return result;
}

}  // namespace cpdns
