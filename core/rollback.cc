#include "core/rollback.h"

#include <spdlog/spdlog.h>

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "core/errors.h"
#include "core/owned_rows.h"
#include "core/run_ledger.h"
#include "core/target_rows.h"
#include "core/target_source.h"

namespace cpdns {

using nlohmann::json;

namespace {

constexpr std::size_t kChunk = 2000;
constexpr std::size_t kListed = 20;

// What undoing one run did, or would do.
struct Undo {
  int64_t records_deleted = 0, records_restored = 0, records_kept = 0;
  int64_t zones_deleted = 0, zones_restored = 0, zones_kept = 0;
  int64_t vpcs_deleted = 0;  // VPC links created with the zones deleted
  std::vector<std::string> kept;  // the first kept rows, for people
  // The first zones and records deleted (or to delete) and restored, for people.
  std::vector<std::string> zones_listed, records_listed;
  void Keep(const std::string& line) { List(kept, "kept " + line); }
  static void List(std::vector<std::string>& to, const std::string& line) {
    if (to.size() < kListed) to.push_back(line);
  }
};

// "  ... and N more" when `listed` of `total` lines are shown.
void PrintListed(const std::vector<std::string>& lines, int64_t total, std::ostream& text) {
  for (const std::string& line : lines) text << "  " << line << "\n";
  const int64_t more = total - static_cast<int64_t>(lines.size());
  if (more > 0) text << "  ... and " << more << " more\n";
}

bool Matches(const std::optional<OwnedCells>& current, const Ownership& own) {
  return current && own.fingerprint && Fingerprint(*current) == *own.fingerprint;
}

class RunUndo {
 public:
  // `rolled_back`: runs undone before; zones they created that are still there (they held
  // records then) are looked at again.
  RunUndo(Connection& conn, const MigrationOptions& o, std::string run_id,
          const std::set<std::string>& rolled_back)
      : conn_(conn),
        o_(o),
        run_(std::move(run_id)),
        rolled_back_(rolled_back),
        target_(conn, o.tables),
        owned_(conn, RunLedger(conn).Version()) {}

  Undo Run() {
    Journal();
    Records();
    Zones();
    return undo_;
  }

 private:
  // "delete" or "deleted", "restore" or "restored": what a line says was, or would be, done.
  std::string Verb(const char* verb) const { return std::string(verb) + (o_.execute ? "d" : ""); }

  // Each step commits on its own; without --execute it only counts.
  void Step(const std::function<void()>& work) {
    if (!o_.execute) {
      work();
      return;
    }
    InTransaction(conn_, work);
  }

  void UndoRecordChange(const Change& c) {
    const std::vector<std::string> id = {c.id};
    std::optional<OwnedCells> current;
    for (auto& [k, v] : target_.RecordStates(id, o_.execute)) current = v;
    std::optional<OwnedRecord> owner = owned_.Record(c.key, o_.execute);
    const bool ours = c.action == "remove"
                          ? !current && !owner
                          : owner && owner->own.written_run_id == run_ &&
                                (c.action == "adopt" || Matches(current, owner->own));
    if (!ours) {
      ++undo_.records_kept;
      undo_.Keep("record " + c.id + ": changed since run " + run_ + " wrote it; kept as it is");
      return;
    }
    ++undo_.records_restored;
    Undo::List(undo_.records_listed, Verb(c.previous ? "restore" : "delete") + " record " + c.id);
    if (!o_.execute) return;
    WriteMethod method = WriteMethod::kInsert;
    if (c.previous) {
      const std::vector<std::pair<std::string, OwnedCells>> row = {{c.id, *c.previous}};
      SetRecords(conn_, o_.tables, row, method);
    } else {
      DeleteRows(conn_, o_.tables.records, id);
    }
    std::optional<OwnedRecord> before;
    if (c.previous_owner) before = OwnedRows::DecodeRecordOwner(c.id, *c.previous_owner);
    if (before) {
      owned_.SaveRecords({*before}, method);
    } else {
      owned_.ForgetRecords({c.key});
    }
    owned_.ForgetChange(run_, c);
  }

  void UndoZoneChange(const Change& c) {
    const std::vector<std::string> id = {c.id};
    std::optional<OwnedCells> current;
    for (auto& [k, v] : target_.ZoneStates(id, o_.execute)) current = v;
    std::optional<OwnedZone> owner = owned_.Zone(c.id, o_.execute);
    if (!owner || owner->own.written_run_id != run_ ||
        (c.action != "adopt" && !Matches(current, owner->own))) {
      ++undo_.zones_kept;
      undo_.Keep("zone " + c.id + ": changed since run " + run_ + " wrote it; kept as it is");
      return;
    }
    ++undo_.zones_restored;
    Undo::List(undo_.zones_listed, Verb("restore") + " zone " + c.id);
    if (!o_.execute) return;
    if (c.previous) {
      const std::vector<std::pair<std::string, OwnedCells>> row = {{c.id, *c.previous}};
      SetZones(conn_, o_.tables, row);
    }
    std::optional<OwnedZone> before;
    if (c.previous_owner) before = OwnedRows::DecodeZoneOwner(c.id, *c.previous_owner);
    if (before) {
      owned_.SaveZones({*before});
    } else {
      owned_.ForgetZones(id);
    }
    owned_.ForgetChange(run_, c);
  }

  // What the run changed in rows that existed before it, put back.
  void Journal() {
    for (const Change& c : owned_.ChangesOf(run_)) {
      if (c.object == "vpc") continue;  // undone with its zone (Zones)
      Step([&] { c.object == "zone" ? UndoZoneChange(c) : UndoRecordChange(c); });
    }
  }

  // The records the run created, unless someone changed them since.
  void Records() {
    std::pair<std::string, int> after{"", -2};
    for (;;) {
      bool more = false;
      Step([&] {
        std::vector<OwnedRecord> chunk = owned_.RecordsCreatedBy(run_, after, kChunk, o_.execute);
        more = chunk.size() == kChunk;
        if (chunk.empty()) return;
        after = {chunk.back().legacy_id, chunk.back().position};
        std::vector<std::string> ids;
        for (const OwnedRecord& r : chunk) ids.push_back(r.record_id);
        auto current = target_.RecordStates(ids, o_.execute);
        std::vector<std::string> remove;
        std::vector<RecordKey> forget;
        for (const OwnedRecord& r : chunk) {
          auto it = current.find(r.record_id);
          if (it == current.end()) {
            forget.push_back({r.legacy_id, r.position});
          } else if (Matches(it->second, r.own)) {
            Undo::List(undo_.records_listed, Verb("delete") + " record " + r.record_id + " (" +
                                                 DescribeRecordKey(r.legacy_id, r.position) + ")");
            remove.push_back(r.record_id);
            forget.push_back({r.legacy_id, r.position});
            ++deleted_in_zone_[r.zone_id];
          } else {
            ++undo_.records_kept;
            undo_.Keep("record " + r.record_id + " (" + DescribeRecordKey(r.legacy_id, r.position) +
                       "): " +
                       (r.own.fingerprint
                            ? "changed in the target since the migration wrote it"
                            : "written by an earlier dns-migrator, which kept no fingerprint "
                              "(a plain --execute run records one for each row that is what "
                              "its legacy row gives; roll back after it)") +
                       "; kept");
          }
        }
        undo_.records_deleted += static_cast<int64_t>(remove.size());
        if (!o_.execute) return;
        DeleteRows(conn_, o_.tables.records, remove);
        owned_.ForgetRecords(forget);
      });
      if (!more) break;
    }
  }

  // The zones the run created, unless someone changed them since or they still hold
  // records (added through the API, or kept above).
  void Zones() {
    for (const OwnedZone& z : owned_.Zones()) {
      if (z.own.created_run_id != run_ && !rolled_back_.count(z.own.created_run_id)) continue;
      Step([&] {
        const std::vector<std::string> id = {z.zone_id};
        std::optional<OwnedCells> current;
        for (auto& [k, v] : target_.ZoneStates(id, o_.execute)) current = v;
        int64_t records = target_.RecordCount(z.zone_id);
        if (!o_.execute) records -= deleted_in_zone_[z.zone_id];
        if (!current) {
          if (o_.execute) owned_.ForgetZones(id);
          return;
        }
        if (!Matches(current, z.own) || records > 0) {
          ++undo_.zones_kept;
          undo_.Keep("zone " + z.name + " (" + z.zone_id + "): " +
                     (records > 0 ? "still holds " + std::to_string(records) +
                                        " records the rollback does not delete"
                                  : std::string("changed in the target since the migration "
                                                "wrote it")) +
                     "; kept");
          return;
        }
        ++undo_.zones_deleted;
        Undo::List(undo_.zones_listed, Verb("delete") + " zone " + z.name + " (" + z.zone_id + ")");
        const std::vector<Change> links = LinksCreatedWith(z);
        undo_.vpcs_deleted += static_cast<int64_t>(links.size());
        if (!o_.execute) return;
        DeleteRows(conn_, o_.tables.zones, id);
        owned_.ForgetZones(id);
        std::vector<std::string> vpcs;
        for (const Change& c : links) vpcs.push_back(c.id.substr(z.zone_id.size() + 1));
        DeleteZoneVpcs(conn_, o_.tables, z.zone_id, vpcs);
        for (const Change& c : links) owned_.ForgetChange(z.own.created_run_id, c);
      });
    }
  }

  // The VPC links the run that created `z` created with it (and nobody else's).
  std::vector<Change> LinksCreatedWith(const OwnedZone& z) {
    std::vector<Change> out;
    const std::string prefix = ZoneVpcChangeId(z.zone_id, "");
    for (Change& c : owned_.ChangesOf(z.own.created_run_id)) {
      if (c.object == "vpc" && c.id.starts_with(prefix)) out.push_back(std::move(c));
    }
    return out;
  }

  Connection& conn_;
  const MigrationOptions& o_;
  std::string run_;
  const std::set<std::string>& rolled_back_;
  TargetSource target_;
  OwnedRows owned_;
  Undo undo_;
  std::unordered_map<std::string, int64_t> deleted_in_zone_;
};

// The runs `--rollback WHAT` names, newest first; ConfigError for an unknown one.
std::vector<RunInfo> Selected(RunLedger& ledger, const std::string& what) {
  std::vector<RunInfo> runs = ledger.Runs();
  std::vector<RunInfo> out;
  auto undoable = [](const RunInfo& r) { return r.status != "rolled_back"; };
  if (what == "latest" || what == "all") {
    for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
      if (!undoable(*it) || it->status == "aborted") continue;
      out.push_back(*it);
      if (what == "latest") break;
    }
    return out;
  }
  for (const RunInfo& r : runs) {
    if (r.run_id == what) return {r};
  }
  throw ConfigError("no migration run " + what + " in this database; --list-runs lists them");
}

void CheckTables(const RunInfo& run, const TableNames& tables) {
  // The run's rows live in the tables it was started with.
  const json recorded = json::parse(run.options_json, nullptr, false);
  const std::string zones =
      recorded.is_object() ? recorded.value("zones_table", tables.zones) : tables.zones;
  const std::string records =
      recorded.is_object() ? recorded.value("records_table", tables.records) : tables.records;
  if (zones != tables.zones || records != tables.records) {
    throw ConfigError("run " + run.run_id + " wrote to the tables `" + zones + "` and `" + records +
                      "`: roll it back with --zones-table and --records-table "
                      "naming them");
  }
}

void Print(const MigrationOptions& o, const std::string& run, const Undo& u, std::ostream& text) {
  if (o.execute) {
    text << "Rolled back run " << run << ": deleted " << u.records_deleted << " records and "
         << u.zones_deleted << " zones it created";
  } else {
    text << "Rollback of run " << run << " (nothing deleted; add --execute to do it): would "
         << "delete " << u.records_deleted << " records and " << u.zones_deleted
         << " zones it created";
  }
  if (u.vpcs_deleted > 0) text << " (with their " << u.vpcs_deleted << " VPC links)";
  text << "; " << (o.execute ? "restored " : "would restore ") << u.records_restored
       << " records and " << u.zones_restored << " zones it had changed; kept " << u.records_kept
       << " records and " << u.zones_kept << " zones changed since\n";
  PrintListed(u.zones_listed, u.zones_deleted + u.zones_restored, text);
  PrintListed(u.records_listed, u.records_deleted + u.records_restored, text);
  PrintListed(u.kept, u.records_kept + u.zones_kept, text);
}

}  // namespace

MigrationResult RunRollback(const MigrationOptions& o, std::ostream& text) {
  Connection c = Connection::Open(o.connection, "rollback");
  RunLedger ledger(c);
  if (o.execute) {
    PrepareWriteSession(c);
    ledger.TakeLock();
  }
  if (ledger.Version() == LedgerVersion::kNone) {
    throw ConfigError("no migration runs recorded in this database");
  }
  std::vector<RunInfo> runs = Selected(ledger, *o.rollback_run);
  for (const RunInfo& r : runs) CheckTables(r, o.tables);
  if (o.execute) {
    ledger.EnsureTables();
    ledger.MarkCutOffRuns();
  }
  MigrationResult result;
  result.status = MigrationStatus::kRolledBack;
  if (runs.empty() || (runs.size() == 1 && runs[0].status == "rolled_back")) {
    text << (runs.empty() ? std::string("No runs to roll back.")
                          : "Run " + runs[0].run_id + " is rolled back already: nothing to do.")
         << "\n";
    return result;
  }
  std::set<std::string> rolled_back;
  for (const RunInfo& r : ledger.Runs()) {
    if (r.status == "rolled_back") rolled_back.insert(r.run_id);
  }
  for (const RunInfo& r : runs) {
    if (o.execute) ledger.SetStatus(r.run_id, RunStatus::kRollingBack);
    const Undo u = RunUndo(c, o, r.run_id, rolled_back).Run();
    rolled_back.insert(r.run_id);
    if (o.execute) {
      ledger.DeleteMap(r.run_id);
      ledger.SetStatus(r.run_id, RunStatus::kRolledBack,
                       "rolled back; kept " + std::to_string(u.records_kept) + " records and " +
                           std::to_string(u.zones_kept) + " zones changed since");
    }
    Print(o, r.run_id, u, text);
    spdlog::info(
        "rollback run={} execute={} records_deleted={} records_restored={} "
        "records_kept={} zones_deleted={} zones_kept={}",
        r.run_id, o.execute, u.records_deleted, u.records_restored, u.records_kept, u.zones_deleted,
        u.zones_kept);
    result.run_id = r.run_id;
  }
  return result;
}

MigrationResult ListRuns(const MigrationOptions& o, std::ostream& text) {
  Connection c = Connection::Open(o.connection, "list-runs");
  std::vector<RunInfo> runs = RunLedger(c).Runs();
  if (runs.empty()) text << "No migration runs recorded in this database.\n";
  for (const RunInfo& r : runs) {
    text << r.run_id << "  " << r.status << "\n"
         << "  started " << r.started_at << ", ended " << r.finished_at.value_or("-")
         << (r.rolled_back_at ? ", rolled back " + *r.rolled_back_at : std::string()) << "\n"
         << "  scope " << r.scope_json.value_or("all") << "\n"
         << "  rows read " << r.rows_read << ", records written " << r.records_written
         << ", zones created " << r.zones_created << "\n";
    if (r.changes_json) text << "  changes " << *r.changes_json << "\n";
    if (r.message) text << "  " << *r.message << "\n";
  }
  MigrationResult result;
  result.status = MigrationStatus::kRolledBack;
  return result;
}

}  // namespace cpdns
