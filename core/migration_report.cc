#include "core/migration_report.h"

#include <nlohmann/json.hpp>

#include "core/dns_name.h"
#include "core/errors.h"

namespace cpdns {

using nlohmann::json;

namespace {

// Legacy names and values may hold any bytes; JSON text must be UTF-8.
std::string Safe(const std::string& s) {
  for (unsigned char c : s) {
    if (c >= 0x80 || c < 0x20) return QuoteBytes(s, 512);
  }
  return s;
}

}  // namespace

MigrationReport::MigrationReport(const MigrationOptions& options, std::string mode,
                                 std::string run_id)
    : options_(options), mode_(std::move(mode)), run_id_(std::move(run_id)) {
  if (options_.report_json.empty()) return;
  json_ = std::make_unique<std::ofstream>(options_.report_json, std::ios::binary | std::ios::trunc);
  if (!*json_) throw ConfigError("cannot write --report-json " + options_.report_json);
  json head = {{"schema", "cloudpods-dns-migrate/migration-report"},
               {"version", kMigrationReportVersion},
               {"tool_version", CPDNS_VERSION},
               {"mode", mode_},
               {"run_id", run_id_},
               {"options", json::parse(options_.ToJson())}};
  std::string text = head.dump();
  text.pop_back();  // reopen the object to stream the rows into it
  *json_ << text << ",\"rows\":[\n";
}

void MigrationReport::WriteJsonRow(const RowPlan& plan, const ZoneCatalog& zones) {
  if (!json_) return;
  if (!options_.report_all_rows && plan.reasons.empty()) return;
  json row = {{"id", Safe(plan.legacy_id)},
              {"name", Safe(plan.raw_name)},
              {"outcome", std::string(ToString(plan.outcome))}};
  if (plan.outcome == RowOutcome::kSkipped) row["rejected"] = plan.rejected;
  if (!plan.fqdn.empty()) row["fqdn"] = plan.fqdn;
  if (!plan.reasons.empty()) {
    json reasons = json::array();
    for (const Reason& r : plan.reasons) reasons.push_back({{"code", r.code}, {"detail", Safe(r.detail)}});
    row["reasons"] = std::move(reasons);
  }
  if (plan.outcome != RowOutcome::kSkipped) {
    const PlannedZone& z = zones.zones()[plan.zone_slot];
    row["zone"] = {{"id", z.id}, {"name", z.name}};
    row["record_name"] = plan.relative;
    json recs = json::array();
    for (const PlannedRecord& r : plan.records) {
      recs.push_back({{"id", r.id}, {"type", r.type}, {"value", r.value}, {"ttl", r.ttl},
                      {"enabled", r.enabled}});
    }
    row["records"] = std::move(recs);
  }
  *json_ << (first_json_row_ ? "" : ",\n") << row.dump();
  first_json_row_ = false;
}

void MigrationReport::Add(const RowPlan& plan, const ZoneCatalog& zones) {
  ++rows_;
  switch (plan.outcome) {
    case RowOutcome::kMigrated:
      ++migrated_;
      break;
    case RowOutcome::kWarned:
      ++warned_;
      break;
    case RowOutcome::kSkipped:
      if (plan.rejected) {
        ++rejected_;
      } else {
        ++deleted_;
      }
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
  WriteJsonRow(plan, zones);
}

void MigrationReport::Finish(const ZoneCatalog& zones, MigrationResult& result,
                             std::ostream& text) {
  result.rows_read = rows_;
  result.rows_deleted = deleted_;
  result.rows_migrated = migrated_;
  result.rows_warned = warned_;
  result.rows_rejected = rejected_;
  result.records = records_;
  int64_t to_create = 0, reused = 0;
  for (const PlannedZone& z : zones.zones()) {
    if (z.rows == 0) continue;
    (z.exists ? reused : to_create) += 1;
  }
  result.zones_created = to_create;
  result.zones_reused = reused;

  const bool plan = mode_ == "plan";
  text << (plan ? "Migration plan (nothing written; add --execute to write)\n"
                : "Migration report\n");
  if (!run_id_.empty()) text << "  run id:             " << run_id_ << "\n";
  text << "  database:           " << options_.connection.Describe() << "\n";
  if (options_.inference == InferenceStrategy::kPsl) {
    text << "  public suffix list: " << PublicSuffixListVersion() << "\n";
  }
  text << "  legacy rows:        " << rows_ << "\n"
       << "    migrated:         " << migrated_ << "\n"
       << "    with warnings:    " << warned_ << "\n"
       << "    rejected:         " << rejected_ << "\n"
       << "    deleted (skipped):" << " " << deleted_ << "\n"
       << "  records " << (plan ? "to write" : "written") << ":    " << records_;
  for (const auto& [type, n] : by_type_) text << "  " << type << "=" << n;
  text << "\n  zones " << (plan ? "to create" : "created") << ":    " << to_create
       << "\n  zones reused:       " << reused << "\n";
  if (!by_reason_.empty()) {
    text << "\nBy reason (rows; the first " << options_.text_rows_per_reason
         << " of each are listed):\n";
    for (const auto& [code, n] : by_reason_) {
      text << "  " << code << ": " << n << "\n";
      for (const std::string& line : examples_[code]) text << "    " << line << "\n";
    }
  }
  text << "\nZones (name, owner, rows, records):\n";
  int listed = 0;
  for (const PlannedZone& z : zones.zones()) {
    if (z.rows == 0) continue;
    if (++listed > 50) {
      text << "  ... see --report-json for every zone\n";
      break;
    }
    text << "  " << (z.exists ? "reuse  " : (plan ? "create " : "created ")) << z.name << "  "
         << (z.owner.is_public ? "public" : "project " + z.owner.tenant_id) << " (domain "
         << z.owner.domain_id << ")  rows=" << z.rows << " records=" << z.records << "\n";
  }

  if (json_) {
    json zones_json = json::array();
    for (const PlannedZone& z : zones.zones()) {
      if (z.rows == 0) continue;
      zones_json.push_back({{"id", z.id},
                            {"name", z.name},
                            {"action", z.exists ? "reuse" : "create"},
                            {"domain_id", z.owner.domain_id},
                            {"tenant_id", z.owner.tenant_id},
                            {"is_public", z.owner.is_public},
                            {"public_scope", z.owner.public_scope},
                            {"rows", z.rows},
                            {"records", z.records}});
    }
    json totals = {{"rows", rows_},         {"migrated", migrated_}, {"warned", warned_},
                   {"rejected", rejected_}, {"deleted", deleted_},   {"records", records_},
                   {"by_type", by_type_},   {"by_reason", by_reason_},
                   {"zones_to_create", to_create}, {"zones_reused", reused}};
    *json_ << "\n],\"zones\":" << zones_json.dump();
    for (const auto& [key, value] : sections_) *json_ << "," << json(key).dump() << ":" << value.dump();
    *json_ << ",\"totals\":" << totals.dump()
           << ",\"status\":\"" << (result.status == MigrationStatus::kDone ? "done" : "incomplete")
           << "\"}\n";
    json_->close();
    if (!*json_) throw ConfigError("writing --report-json " + options_.report_json + " failed");
  }
}

}  // namespace cpdns
