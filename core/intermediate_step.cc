#include "core/intermediate_step.h"

#include "core/dns_name.h"
#include "core/errors.h"
#include "core/intermediate_report.h"

namespace cpdns {

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

int64_t IntermediateStep::Rejected(
    const std::function<bool(const IntermediateZonePlan&)>& in_scope) const {
  if (!migrate()) return 0;
  std::vector<IntermediateZonePlan> kept;
  for (const IntermediateZonePlan& p : plans_) {
    if (in_scope(p)) kept.push_back(p);
  }
  return SummarizeIntermediate(kept).Rejected();
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
