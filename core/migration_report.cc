#include "core/migration_report.h"

#include <nlohmann/json.hpp>

#include "core/dns_name.h"
#include "core/errors.h"

namespace cpdns {

using nlohmann::json;

namespace {

constexpr ChangeKind kKinds[] = {ChangeKind::kCreate, ChangeKind::kUnchanged, ChangeKind::kUpdate,
                                 ChangeKind::kChangedInTarget, ChangeKind::kDeletedInTarget};

// Legacy names and values may hold any bytes; JSON text must be UTF-8.
std::string Safe(const std::string& s) {
  for (unsigned char c : s) {
    if (c >= 0x80 || c < 0x20) return QuoteBytes(s, 512);
  }
  return s;
}

std::size_t Index(ChangeKind k) { return static_cast<std::size_t>(k); }

json CountsJson(const ChangeCounts& c) {
  json j = json::object();
  for (ChangeKind k : kKinds) j[std::string(ToString(k))] = c[Index(k)];
  return j;
}

// The owned columns of a row by name (the "before" of a change).
json CellsJson(const std::optional<OwnedCells>& cells, bool zone) {
  if (!cells) return nullptr;
  json j = json::object();
  for (std::size_t i = 0; i < cells->size(); ++i) {
    const char* name = zone ? kZoneOwnedColumns[i] : kRecordOwnedColumns[i];
    j[name] = (*cells)[i] ? json(Safe(*(*cells)[i])) : json(nullptr);
  }
  return j;
}

json ChangeJson(const RecordChange& c) {
  json j = {{"id", c.id}, {"action", std::string(ToString(c.decision.kind))}};
  if (!c.decision.note.empty()) j["note"] = c.decision.note;
  if (c.decision.overwritten) j["overwritten"] = true;
  if (c.decision.kind != ChangeKind::kCreate && c.decision.kind != ChangeKind::kUnchanged) {
    j["before"] = CellsJson(c.before, false);
  }
  return j;
}

const char* Sigil(ChangeKind k) {
  switch (k) {
    case ChangeKind::kCreate: return "+";
    case ChangeKind::kUpdate: return "~";
    case ChangeKind::kChangedInTarget: return "!";
    case ChangeKind::kDeletedInTarget: return "-";
    case ChangeKind::kUnchanged: return "=";
  }
  return " ";
}

}  // namespace

std::string MigrationReport::ChangesJson(const ChangeCounts& records, const ChangeCounts& zones) {
  return json{{"records", CountsJson(records)}, {"zones", CountsJson(zones)}}.dump();
}

MigrationReport::MigrationReport(const MigrationOptions& options, std::string mode,
                                 std::string run_id)
    : options_(options), mode_(std::move(mode)), run_id_(std::move(run_id)) {
  if (options_.report_json.empty()) return;
  json_ = std::make_unique<std::ofstream>(options_.report_json, std::ios::binary | std::ios::trunc);
  if (!*json_) throw ConfigError("cannot write --report-json " + options_.report_json);
  const std::string scope = options_.ScopeJson();
  json head = {{"schema", "cloudpods-dns-migrate/migration-report"},
               {"version", kMigrationReportVersion},
               {"tool_version", CPDNS_VERSION},
               {"mode", mode_},
               {"run_id", run_id_},
               {"options", json::parse(options_.ToJson())},
               {"scope", scope.empty() ? json(nullptr) : json::parse(scope)}};
  std::string text = head.dump();
  text.pop_back();  // reopen the object to stream the rows into it
  *json_ << text << ",\"rows\":[\n";
}

void MigrationReport::CountChange(const RecordChange& c, const std::string& fqdn) {
  const ChangeKind k = c.decision.kind;
  ++record_changes_[Index(k)];
  if (c.decision.overwritten) ++overwritten_;
  if (k == ChangeKind::kCreate || k == ChangeKind::kUnchanged) return;
  auto& lines = change_lines_[static_cast<int>(k)];
  if (lines.size() >= options_.text_rows_per_reason) return;
  std::string line = std::string(Sigil(k)) + " " + std::string(ToString(k)) + " record " +
                     QuoteBytes(fqdn, 100) + " (" + c.id + ", " +
                     DescribeRecordKey(Safe(c.legacy_id), c.position) + ")";
  const std::string diff = DescribeDifference(c.before, c.after, false);
  if (!diff.empty()) line += ": " + diff;
  if (!c.decision.note.empty()) line += " [" + c.decision.note + "]";
  lines.push_back(std::move(line));
}

void MigrationReport::WriteJsonRow(const RowPlan& plan, const ZoneCatalog& zones, bool in_scope,
                                   std::span<const RecordChange* const> changes) {
  if (!json_) return;
  if (!options_.report_all_rows && plan.reasons.empty() && in_scope) {
    bool eventful = false;
    for (const RecordChange* c : changes) eventful = eventful || c->decision.kind != ChangeKind::kUnchanged;
    if (!eventful) return;
  }
  json row = {{"id", Safe(plan.legacy_id)},
              {"name", Safe(plan.raw_name)},
              {"outcome", std::string(ToString(plan.outcome))}};
  if (!in_scope) row["in_scope"] = false;
  if (plan.outcome == RowOutcome::kSkipped) row["rejected"] = plan.rejected;
  if (!plan.fqdn.empty()) row["fqdn"] = plan.fqdn;
  if (!plan.reasons.empty()) {
    json reasons = json::array();
    for (const Reason& r : plan.reasons) reasons.push_back({{"code", r.code}, {"detail", Safe(r.detail)}});
    row["reasons"] = std::move(reasons);
  }
  std::map<std::string, const RecordChange*> by_id;
  json removed = json::array();
  for (const RecordChange* c : changes) {
    if (c->planned >= 0) {
      by_id[c->id] = c;
    } else {
      json j = ChangeJson(*c);
      j["position"] = c->position;
      removed.push_back(std::move(j));
    }
  }
  if (plan.outcome != RowOutcome::kSkipped) {
    const PlannedZone& z = zones.zones()[plan.zone_slot];
    row["zone"] = {{"id", z.id}, {"name", z.name}};
    row["record_name"] = plan.relative;
    json recs = json::array();
    for (const PlannedRecord& r : plan.records) {
      json rec = {{"id", r.id}, {"type", r.type}, {"value", r.value}, {"ttl", r.ttl},
                  {"enabled", r.enabled}};
      if (auto it = by_id.find(r.id); it != by_id.end()) {
        json change = ChangeJson(*it->second);
        change.erase("id");
        rec.update(change);
      }
      recs.push_back(std::move(rec));
    }
    row["records"] = std::move(recs);
  }
  if (!removed.empty()) row["removed"] = std::move(removed);
  *json_ << (first_json_row_ ? "" : ",\n") << row.dump();
  first_json_row_ = false;
}

void MigrationReport::Add(const RowPlan& plan, const ZoneCatalog& zones, bool in_scope,
                          std::span<const RecordChange* const> changes) {
  ++rows_;
  if (!in_scope) ++out_of_scope_;
  switch (plan.outcome) {
    case RowOutcome::kMigrated:
      ++migrated_;
      break;
    case RowOutcome::kWarned:
      ++warned_;
      break;
    case RowOutcome::kSkipped:
      (plan.rejected ? rejected_ : deleted_) += 1;
      break;
  }
  records_ += static_cast<int64_t>(plan.records.size());
  for (const PlannedRecord& r : plan.records) ++by_type_[r.type];
  for (const Reason& r : plan.reasons) {
    ++by_reason_[r.code];
    auto& ex = examples_[r.code];
    if (ex.size() < options_.text_rows_per_reason) {
      ex.push_back("row " + Safe(plan.legacy_id) + " " + QuoteBytes(plan.raw_name, 100) + ": " +
                   Safe(r.detail));
    }
  }
  const std::string fqdn = plan.fqdn.empty() ? plan.raw_name : plan.fqdn;
  for (const RecordChange* c : changes) CountChange(*c, fqdn);
  WriteJsonRow(plan, zones, in_scope, changes);
}

void MigrationReport::AddIntermediate(const RecordChange& change, const std::string& fqdn) {
  CountChange(change, fqdn);
  if (!json_) return;
  json j = ChangeJson(change);
  j["record_set"] = Safe(change.legacy_id.substr(kIntermediateKeyPrefix.size()));
  j["fqdn"] = Safe(fqdn);
  intermediate_json_ += (intermediate_json_.empty() ? "" : ",") + j.dump();
}

void MigrationReport::AddOrphan(const RecordChange& change) {
  CountChange(change, "(legacy row " + change.legacy_id + " is gone)");
  if (!json_) return;
  json j = ChangeJson(change);
  j["legacy_id"] = Safe(change.legacy_id);
  j["position"] = change.position;
  orphans_json_ += (orphans_json_.empty() ? "" : ",") + j.dump();
}

void MigrationReport::WriteText(const ZoneCatalog& zones,
                                const std::vector<ZoneChange>& zone_changes,
                                const ChangeCounts& zone_counts, std::ostream& text) const {
  const bool plan = mode_ == "plan";
  text << (plan ? "Migration plan (nothing written; add --execute to write)\n"
                : "Migration report\n");
  if (!run_id_.empty()) text << "  run id:             " << run_id_ << "\n";
  text << "  database:           " << options_.connection.Describe() << "\n";
  if (options_.inference == InferenceStrategy::kPsl) {
    text << "  public suffix list: " << PublicSuffixListVersion() << "\n";
  }
  if (const std::string scope = options_.ScopeJson(); !scope.empty()) {
    text << "  scope:              " << scope << "\n";
  }
  text << "  legacy rows:        " << rows_ << "\n"
       << "    migrated:         " << migrated_ << "\n"
       << "    with warnings:    " << warned_ << "\n"
       << "    rejected:         " << rejected_ << "\n"
       << "    deleted (skipped):" << " " << deleted_ << "\n";
  if (out_of_scope_ > 0) text << "    out of scope:     " << out_of_scope_ << " (not compared, not written)\n";
  text << "  records planned:    " << records_;
  for (const auto& [type, n] : by_type_) text << "  " << type << "=" << n;
  text << "\n\n" << (plan ? "Changes to the target" : "Changes made to the target")
       << " (records / zones):\n";
  for (ChangeKind k : kKinds) {
    std::string label = std::string(ToString(k)) + ":";
    label.resize(20, ' ');
    text << "  " << label << record_changes_[Index(k)] << " / " << zone_counts[Index(k)];
    if (k == ChangeKind::kChangedInTarget || k == ChangeKind::kDeletedInTarget) {
      text << (options_.overwrite_changed ? "  (restored: --overwrite-changed)"
                                          : "  (kept; --overwrite-changed restores them)");
    }
    text << "\n";
  }
  if (overwritten_ > 0) text << "  overwritten:        " << overwritten_ << " records\n";
  const auto writes = [](const ChangeCounts& c) {
    return c[Index(ChangeKind::kCreate)] + c[Index(ChangeKind::kUpdate)];
  };
  if (writes(record_changes_) + writes(zone_counts) + overwritten_ == 0) {
    text << (plan ? "No changes." : "No changes were made.") << "\n";
  }
  for (const auto& [kind, lines] : change_lines_) {
    for (const std::string& line : lines) text << "  " << line << "\n";
  }
  if (!by_reason_.empty()) {
    text << "\nBy reason (rows; the first " << options_.text_rows_per_reason
         << " of each are listed):\n";
    for (const auto& [code, n] : by_reason_) {
      text << "  " << code << ": " << n << "\n";
      for (const std::string& line : examples_.at(code)) text << "    " << line << "\n";
    }
  }
  text << "\nZones (change, name, owner, rows, records):\n";
  int listed = 0;
  for (std::size_t i = 0; i < zones.zones().size(); ++i) {
    const PlannedZone& z = zones.zones()[i];
    if (!zone_changes[i].known) continue;  // no row in scope, nor intermediate zone, plans into it
    if (++listed > 50) {
      text << "  ... see --report-json for every zone\n";
      break;
    }
    const std::string action =
        z.exists ? "reuse" : std::string(ToString(zone_changes[i].decision.kind));
    text << "  " << action << " " << z.name << "  "
         << (z.owner.is_public ? "public" : "project " + z.owner.tenant_id) << " (domain "
         << z.owner.domain_id << ")  rows=" << z.rows << " records=" << z.records;
    if (z.intermediate_records > 0) text << " intermediate_records=" << z.intermediate_records;
    if (!z.exists && !zone_changes[i].difference.empty()) text << "  " << zone_changes[i].difference;
    if (!z.exists && !zone_changes[i].decision.note.empty()) {
      text << "  [" << zone_changes[i].decision.note << "]";
    }
    text << "\n";
  }
}

void MigrationReport::Finish(const ZoneCatalog& zones, const std::vector<ZoneChange>& zone_changes,
                             MigrationResult& result, std::ostream& text) {
  result.rows_read = rows_;
  result.rows_deleted = deleted_;
  result.rows_migrated = migrated_;
  result.rows_warned = warned_;
  result.rows_rejected = rejected_;
  result.records = records_;
  ChangeCounts zone_counts{};
  int64_t reused = 0;
  json zones_json = json::array();
  for (std::size_t i = 0; i < zones.zones().size(); ++i) {
    const PlannedZone& z = zones.zones()[i];
    if (!zone_changes[i].known) continue;  // no row in scope, nor intermediate zone, plans into it
    if (z.exists) ++reused;
    if (!z.exists) ++zone_counts[Index(zone_changes[i].decision.kind)];
    if (!json_) continue;
    json zj = {{"id", z.id},
               {"name", z.name},
               {"action", z.exists ? "reuse" : std::string(ToString(zone_changes[i].decision.kind))},
               {"domain_id", z.owner.domain_id},
               {"tenant_id", z.owner.tenant_id},
               {"is_public", z.owner.is_public},
               {"public_scope", z.owner.public_scope},
               {"rows", z.rows},
               {"records", z.records}};
    if (z.intermediate_zones > 0) {
      zj["intermediate_zones"] = z.intermediate_zones;
      zj["intermediate_records"] = z.intermediate_records;
    }
    if (!z.exists && !zone_changes[i].decision.note.empty()) zj["note"] = zone_changes[i].decision.note;
    if (!z.exists && zone_changes[i].decision.overwritten) zj["overwritten"] = true;
    if (!z.exists && !zone_changes[i].difference.empty()) zj["difference"] = zone_changes[i].difference;
    zones_json.push_back(std::move(zj));
  }
  result.zones_created = zone_counts[Index(ChangeKind::kCreate)];
  result.zones_reused = reused;
  result.record_changes = record_changes_;
  result.zone_changes = zone_counts;
  WriteText(zones, zone_changes, zone_counts, text);
  if (!json_) return;
  json totals = {{"rows", rows_},         {"migrated", migrated_}, {"warned", warned_},
                 {"rejected", rejected_}, {"deleted", deleted_},   {"records", records_},
                 {"by_type", by_type_},   {"by_reason", by_reason_},
                 {"zones_to_create", zone_counts[Index(ChangeKind::kCreate)]},
                 {"zones_reused", reused}, {"out_of_scope", out_of_scope_},
                 {"overwritten", overwritten_},
                 {"changes", {{"records", CountsJson(record_changes_)},
                              {"zones", CountsJson(zone_counts)}}}};
  *json_ << "\n],\"orphans\":[" << orphans_json_ << "],\"intermediate_changes\":["
         << intermediate_json_ << "],\"zones\":" << zones_json.dump();
  for (const auto& [key, value] : sections_) *json_ << "," << json(key).dump() << ":" << value.dump();
  *json_ << ",\"totals\":" << totals.dump() << ",\"status\":\""
         << (result.status == MigrationStatus::kDone ? "done" : "incomplete") << "\"}\n";
  json_->close();
  if (!*json_) throw ConfigError("writing --report-json " + options_.report_json + " failed");
}

}  // namespace cpdns
