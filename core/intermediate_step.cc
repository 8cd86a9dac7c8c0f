#include "core/intermediate_step.h"

#include "core/dns_name.h"
#include "core/errors.h"
#include "core/intermediate_report.h"

namespace cpdns {

namespace {

constexpr std::size_t kMapReasonsBytes = 512;  // cpdns_migration_map.reasons

MapWrite RecordMapRow(const IntermediateRecordPlan& r, const std::string& zone_id) {
  std::string codes, detail;
  for (const Reason& reason : r.reasons) {
    if (codes.size() + 1 + reason.code.size() <= kMapReasonsBytes) {
      codes += (codes.empty() ? "" : ",") + reason.code;
    }
    detail += (detail.empty() ? "" : "; ") + reason.code + ": " + reason.detail;
  }
  return {"intermediate:" + r.source_id,
          0,
          std::string(ToString(r.outcome)),
          codes,
          detail.empty() ? std::nullopt : std::optional<std::string>(detail),
          zone_id,
          r.id};
}

}  // namespace

IntermediateBatchCounts AddIntermediateToBatch(const IntermediateZonePlan& plan, const ZoneCatalog& zones,
                                   std::set<std::size_t>& zones_written, TargetWriter& batch) {
  IntermediateBatchCounts n;
  if (plan.home == ZoneHome::kNone) return n;
  const PlannedZone& z = zones.zones().at(plan.zone_slot);
  if (!z.exists && z.rows == 0 && zones_written.insert(plan.zone_slot).second) {
    batch.AddZone({z.id, z.name, z.owner.domain_id, z.owner.tenant_id, z.owner.is_public,
                   z.owner.public_scope, z.created_at, z.updated_at, z.zone_type, z.enabled,
                   z.description});
    ++n.zones;
  }
  for (const IntermediateRecordPlan& r : plan.records) {
    if (r.outcome == RowOutcome::kSkipped) continue;
    batch.AddRecord({r.id, r.name, z.id, r.type, r.value, r.ttl, r.enabled, r.created_at,
                     r.updated_at, r.mx_priority});
    batch.AddMapRow(RecordMapRow(r, z.id));
    ++n.records;
  }
  for (const IntermediateVpcPlan& v : plan.vpcs) {
    batch.AddVpc({z.id, v.vpc_id, v.created_at, v.updated_at});
    ++n.vpcs;
  }
  return n;
}

IntermediateMode ParseIntermediateMode(std::string_view text) {
  if (text == "report") return IntermediateMode::kReport;
  if (text == "migrate") return IntermediateMode::kMigrate;
  throw ConfigError("--intermediate-zones takes report or migrate (spelled out), not " +
                    QuoteBytes(text));
}

std::string_view ToString(IntermediateMode mode) {
  return mode == IntermediateMode::kMigrate ? "migrate" : "report";
}

void IntermediateStep::Load(Connection& read) {
  snapshot_ = ReadIntermediateZones(read, {}, options_.projects.ProjectIds());
  if (!snapshot_.present) return;
  std::vector<std::string> names;
  for (const IntermediateZone& z : snapshot_.zones) {
    if (NameResult n = NormalizeName(z.zone.name); n.ok()) names.push_back(n.value.name);
  }
  answers_.emplace(names);
}

void IntermediateStep::Plan(ZoneCatalog& zones) {
  plans_.clear();
  if (!answers_) return;
  const ProjectDirectory* directory = snapshot_.projects ? &*snapshot_.projects : nullptr;
  IntermediateZonePlanner planner(zones, *answers_, directory, options_);
  for (const IntermediateZone& z : snapshot_.zones) plans_.push_back(planner.Plan(z));
}

int64_t IntermediateStep::Rejected() const {
  return migrate() ? SummarizeIntermediate(plans_).Rejected() : 0;
}

void IntermediateStep::WriteText(const ZoneCatalog& zones, bool executed, std::ostream& out) const {
  if (!snapshot_.present) return;
  out << "\n";
  WriteIntermediateText(plans_, zones, {.migrate = migrate(), .executed = executed}, out);
}

nlohmann::json IntermediateStep::Json(const ZoneCatalog& zones) const {
  nlohmann::json j = {{"mode", std::string(ToString(mode_))}, {"present", snapshot_.present}};
  if (!snapshot_.present) return j;
  j.update(IntermediateJson(plans_, zones));
  return j;
}

}  // namespace cpdns
