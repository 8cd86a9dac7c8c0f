#include "core/intermediate_zones.h"

#include <algorithm>
#include <map>

#include "core/dns_name.h"
#include "core/errors.h"
#include "core/intermediate_records.h"
#include "core/uuid.h"

namespace cpdns {

namespace {

void Refuse(IntermediateZonePlan& plan, bool rejected, std::string code, std::string detail) {
  plan.outcome = RowOutcome::kSkipped;
  plan.rejected = rejected;
  plan.reasons.push_back({std::move(code), std::move(detail)});
}

RowOutcome OutcomeOf(const std::vector<Reason>& reasons) {
  return reasons.empty() ? RowOutcome::kMigrated : RowOutcome::kWarned;
}

// Legacy region-dns answered a query of `type` at a row's name when the row holds an entry of
// that type, or is a CNAME row (chased for every type).
bool Answered(const LegacyAnswers::Answer& a, std::string_view type) {
  return a.cname || a.types.count(std::string(type)) > 0;
}

bool SameClients(const LegacyAnswers::Answer& a, const ZoneOwner& owner) {
  return a.is_public || owner.is_public || a.tenant_id == owner.tenant_id;
}

std::string Codes(const std::vector<Reason>& reasons) {
  std::string out;
  for (const Reason& r : reasons) out += (out.empty() ? "" : ",") + r.code;
  return out;
}

}  // namespace

// ---- LegacyAnswers ----

LegacyAnswers::LegacyAnswers(const std::vector<std::string>& zone_names) {
  for (const std::string& z : zone_names) zones_.Add(z);
}

void LegacyAnswers::Add(const LegacyRow& row) {
  if (row.deleted || !row.enabled || zones_.empty()) return;
  NameResult n = NormalizeName(row.name);
  if (!n.ok() || n.value.had_trailing_dot) return;
  ZoneMatch m = zones_.Match(n.value.name);
  if (!m.enclosing && !m.apex) return;
  Answer a;
  a.legacy_id = row.id;
  a.tenant_id = row.tenant_id;
  a.is_public = row.is_public;
  const std::string_view records = row.records ? std::string_view(*row.records) : "";
  a.cname = records.substr(0, 6) == "CNAME:";
  std::size_t start = 0;
  while (start <= records.size() && !records.empty()) {
    std::size_t comma = records.find(',', start);
    std::string_view entry = records.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (std::size_t colon = entry.find(':'); colon != std::string_view::npos) {
      a.types.emplace(entry.substr(0, colon));
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  a.records = QuoteBytes(records, 60);
  by_name_[n.value.name].push_back(std::move(a));
}

const std::vector<LegacyAnswers::Answer>* LegacyAnswers::Find(std::string_view fqdn) const {
  auto it = by_name_.find(std::string(fqdn));
  return it == by_name_.end() ? nullptr : &it->second;
}

// ---- Small vocabulary ----

IntermediateConflicts ParseIntermediateConflicts(std::string_view text) {
  if (text == "legacy-wins") return IntermediateConflicts::kLegacyWins;
  if (text == "keep-both") return IntermediateConflicts::kKeepBoth;
  throw ConfigError("--intermediate-conflicts takes legacy-wins or keep-both, not " +
                    QuoteBytes(text));
}

std::string_view ToString(IntermediateConflicts c) {
  return c == IntermediateConflicts::kKeepBoth ? "keep-both" : "legacy-wins";
}

std::string_view ToString(ZoneHome home) {
  switch (home) {
    case ZoneHome::kNone:
      return "none";
    case ZoneHome::kCreated:
      return "created";
    case ZoneHome::kLegacy:
      return "legacy";
    case ZoneHome::kExisting:
      return "existing";
    case ZoneHome::kIntermediate:
      return "intermediate";
  }
  return "?";
}

std::size_t IntermediateZonePlan::RecordsToWrite() const {
  return static_cast<std::size_t>(std::count_if(
      records.begin(), records.end(),
      [](const IntermediateRecordPlan& r) { return r.outcome != RowOutcome::kSkipped; }));
}

std::string IntermediateZonePlan::ReasonCodes() const { return Codes(reasons); }

// ---- IntermediateZonePlanner ----

IntermediateZonePlanner::IntermediateZonePlanner(ZoneCatalog& zones, const LegacyAnswers& legacy,
                                                 const ProjectDirectory* directory,
                                                 IntermediateOptions options)
    : zones_(zones), legacy_(legacy), directory_(directory), options_(std::move(options)) {}

IntermediateZonePlan IntermediateZonePlanner::Plan(const IntermediateZone& source) {
  IntermediateZonePlan plan;
  plan.source_id = source.zone.id;
  plan.raw_name = source.zone.name;
  if (CheckZone(source, plan)) {
    PlaceZone(source.zone, plan);
    PlanRecords(source, plan);
    std::map<std::string, const IntermediateVpcRow*> vpcs;  // one link per VPC
    for (const IntermediateVpcRow& v : source.vpcs) vpcs.try_emplace(v.vpc_id, &v);
    for (const IntermediateVpcRow& v : source.vpcs) {
      if (vpcs.at(v.vpc_id) == &v) plan.vpcs.push_back({v.vpc_id, v.created_at, v.updated_at});
    }
    plan.outcome = OutcomeOf(plan.reasons);
    return plan;
  }
  for (const IntermediateRecordRow& r : source.records) {
    IntermediateRecordPlan rp;
    rp.source_id = r.id;
    rp.raw_name = r.name;
    rp.reasons.push_back({"zone_not_migrated", "its zone " + QuoteBytes(source.zone.name) +
                                                   " is not migrated: " + plan.ReasonCodes()});
    plan.records.push_back(std::move(rp));
  }
  return plan;
}

bool IntermediateZonePlanner::CheckZone(const IntermediateZone& source,
                                        IntermediateZonePlan& plan) const {
  const IntermediateZoneRow& z = source.zone;
  NameResult n = NormalizeName(z.name);
  if (!n.ok() || n.value.wildcard) {
    Refuse(plan, true, "invalid_zone_name",
           n.ok() ? "zone name " + QuoteBytes(z.name) + ": a zone has no '*'"
                  : "zone name " + n.message);
    return false;
  }
  plan.name = n.value.name;
  if (z.zone_type != "PublicZone" && z.zone_type != "PrivateZone") {
    Refuse(plan, true, "unknown_zone_type",
           "zone_type " + QuoteBytes(z.zone_type) + " is neither PublicZone nor PrivateZone");
    return false;
  }
  if (z.status == "deleting" || z.status == "delete_failed") {
    Refuse(plan, false, "zone_deletion_pending",
           "status " + z.status +
               ": its deletion was asked for in Cloudpods, so it is not "
               "brought back");
    return false;
  }
  OwnerDecision owner = DecideIntermediateOwner(z.domain_id, options_.projects, directory_);
  if (!owner.ok()) {
    Refuse(plan, true, owner.code, owner.detail);
    return false;
  }
  plan.owner = ZoneOwner{z.domain_id, owner.tenant_id, z.is_public, z.public_scope};
  plan.owner_detail = owner.detail;
  if (owner.source == OwnerSource::kFirstProjectOfDomain) {
    plan.reasons.push_back({"owner_first_project_of_domain", owner.detail});
  }
  return true;
}

void IntermediateZonePlanner::PlaceZone(const IntermediateZoneRow& row,
                                        IntermediateZonePlan& plan) {
  plan.zone_slot = zones_.Resolve(plan.name, plan.owner);
  PlannedZone& zone = zones_.zones()[plan.zone_slot];
  const bool enabled = row.enabled.value_or(false);
  plan.home = zone.exists                   ? ZoneHome::kExisting
              : zone.rows > 0               ? ZoneHome::kLegacy
              : zone.intermediate_zones > 0 ? ZoneHome::kIntermediate
                                            : ZoneHome::kCreated;
  if (plan.home == ZoneHome::kCreated) {
    zone.zone_type = row.zone_type;
    zone.enabled = enabled;
    zone.description = row.description;
    zone.created_at = row.created_at;
    zone.updated_at = row.updated_at;
  } else if (plan.home == ZoneHome::kIntermediate) {
    zone.created_at = std::min(zone.created_at, row.created_at);
    zone.updated_at = std::max(zone.updated_at, row.updated_at);
  }
  zone.intermediate_zones += 1;
  const std::string into = "zone " + zone.id + " (" + std::string(ToString(plan.home)) + ")";
  if (!enabled) {
    plan.reasons.push_back(
        {"zone_disabled", plan.home == ZoneHome::kCreated
                              ? "disabled in the intermediate model: created disabled, its "
                                "records do not answer until it is enabled"
                              : "disabled in the intermediate model, merged into " + into +
                                    ", which keeps its state: the records are written disabled"});
  } else if (!zone.enabled) {
    plan.reasons.push_back({"zone_disabled", "merged into " + into +
                                                 ", which is disabled or not available: its "
                                                 "records do not answer until it is enabled"});
  }
  if (plan.home != ZoneHome::kCreated && zone.zone_type != row.zone_type) {
    plan.reasons.push_back({"zone_type_differs", "a " + row.zone_type + " merged into " + into +
                                                     ", a " + zone.zone_type});
  }
  if (row.status != "available") {
    plan.reasons.push_back(
        {"zone_status_reset", "status " + QuoteBytes(row.status) +
                                  " in the intermediate model; a local zone is \"available\" once "
                                  "created (v3.11 DnsZoneCreateTask)"});
  }
  if (row.zone_type == "PublicZone") {
    plan.reasons.push_back({"local_public_zone",
                            "a PublicZone with no cloud account: region-dns answers it like "
                            "any local zone, but the v3.11 API creates local zones only as "
                            "PrivateZone and attaches VPCs to PrivateZones only"});
  }
  if (!row.is_public) {
    plan.reasons.push_back(
        {"visibility_narrowed_to_project",
         "is_public=0: the intermediate zone was visible to its whole domain " + row.domain_id +
             "; a dnszones_tbl zone with is_public=0 answers only clients of its project " +
             plan.owner.tenant_id});
  }
}

void IntermediateZonePlanner::PlanRecords(const IntermediateZone& source,
                                          IntermediateZonePlan& plan) const {
  PlannedZone& zone = zones_.zones()[plan.zone_slot];
  const bool zone_enabled = source.zone.enabled.value_or(false);
  std::vector<RecordCheck> checks;
  std::map<std::string, std::set<std::string>> types_by_name;  // of the records that pass
  for (const IntermediateRecordRow& r : source.records) {
    checks.push_back(CheckIntermediateRecord(r, plan.name, options_.target));
    if (checks.back().ok()) types_by_name[checks.back().name].insert(r.dns_type);
  }
  for (std::size_t i = 0; i < source.records.size(); ++i) {
    const IntermediateRecordRow& r = source.records[i];
    RecordCheck& c = checks[i];
    IntermediateRecordPlan rp;
    rp.source_id = r.id;
    rp.raw_name = r.name;
    if (!c.ok()) {
      rp.rejected = true;
      rp.reasons = std::move(c.rejections);
      plan.records.push_back(std::move(rp));
      continue;
    }
    rp.id = IntermediateRecordId(r.id);
    rp.name = c.name;
    rp.fqdn = c.fqdn;
    rp.type = r.dns_type;
    rp.value = r.dns_value;
    rp.ttl = r.ttl;
    rp.mx_priority = r.mx_priority;
    // A disabled zone merged elsewhere cannot stay disabled as a zone: its records do.
    rp.enabled = r.enabled.value_or(false) && (zone_enabled || plan.home == ZoneHome::kCreated);
    rp.description = r.description;
    rp.created_at = r.created_at;
    rp.updated_at = r.updated_at;
    rp.reasons = std::move(c.warnings);
    const std::set<std::string>& types = types_by_name[rp.name];
    if (types.size() > 1 && types.count("CNAME") > 0) {
      rp.reasons.push_back(
          {"cname_beside_other_data", "the zone holds a CNAME and other records named " + rp.name +
                                          "; the Cloudpods API refuses that"});
    }
    if (!rp.enabled && zone.enabled && options_.target == TargetVersion::k310) {
      rp.reasons.push_back({"disabled_served_by_target",
                            "3.10.5-3.10.16 do not filter records on enabled: this disabled "
                            "record will answer"});
    }
    if (LegacyWins(plan, rp)) {
      rp.outcome = RowOutcome::kSkipped;
    } else {
      rp.outcome = OutcomeOf(rp.reasons);
      zone.intermediate_records += 1;
    }
    plan.records.push_back(std::move(rp));
  }
}

bool IntermediateZonePlanner::LegacyWins(const IntermediateZonePlan& plan,
                                         IntermediateRecordPlan& rp) const {
  const PlannedZone& zone = zones_.zones()[plan.zone_slot];
  const bool k310 = options_.target == TargetVersion::k310;
  const bool answers = !rp.fqdn.empty() && zone.enabled && (k310 || rp.enabled) &&
                       TargetServesType(rp.type, options_.target);
  if (!answers) return false;
  // The legacy names whose answers this record would change: its own name and, for a
  // wildcard under 3.11, the name just above it ("*.x" outranks "x" there).
  std::vector<std::pair<std::string, bool>> names = {{rp.fqdn, false}};
  if (!k310 && rp.fqdn.substr(0, 2) == "*.") names.emplace_back(rp.fqdn.substr(2), true);
  for (const auto& [name, above] : names) {
    const std::vector<LegacyAnswers::Answer>* answers_here = legacy_.Find(name);
    if (answers_here == nullptr) continue;
    for (const LegacyAnswers::Answer& a : *answers_here) {
      if (!SameClients(a, plan.owner) || (!k310 && !Answered(a, rp.type))) continue;
      const std::string what = "legacy row " + a.legacy_id + " answers " + name + " (" + a.records +
                               ") for the same clients";
      if (options_.conflicts == IntermediateConflicts::kKeepBoth) {
        rp.reasons.push_back({"answer_differs_from_legacy",
                              what + (above ? "; this wildcard takes precedence over it"
                                            : "; this record joins that answer")});
        return false;
      }
      rp.reasons.push_back(
          {"legacy_name_wins", what + "; legacy rows win, so this record is not migrated "
                                      "(--intermediate-conflicts keep-both migrates it too)"});
      return true;
    }
  }
  return false;
}

}  // namespace cpdns
