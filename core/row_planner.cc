#include "core/row_planner.h"

#include "core/dns_name.h"
#include "core/errors.h"
#include "core/legacy_records.h"
#include "core/uuid.h"

namespace cpdns {

std::string_view ToString(RowOutcome o) {
  switch (o) {
    case RowOutcome::kMigrated:
      return "migrated";
    case RowOutcome::kWarned:
      return "warned";
    case RowOutcome::kSkipped:
      return "skipped";
  }
  return "?";
}

std::string RowPlan::ReasonCodes() const {
  std::string out;
  for (const Reason& r : reasons) out += (out.empty() ? "" : ",") + r.code;
  return out;
}

std::string RowPlan::ReasonDetails() const {
  std::string out;
  for (const Reason& r : reasons) out += (out.empty() ? "" : "; ") + r.code + ": " + r.detail;
  return out;
}

// ---- ZoneCatalog ----

ZoneCatalog::ZoneCatalog(std::vector<ZoneRow> existing_local,
                         const std::vector<std::string>& named, InferenceStrategy inference)
    : inferrer_(inference) {
  for (ZoneRow& z : existing_local) {
    NameResult n = NormalizeName(z.name);
    // A zone whose name the new API could not hold answers nothing; leave it alone.
    if (!n.ok() || n.value.wildcard) continue;
    candidates_.Add(n.value.name);
    ZoneOwner owner{z.domain_id, z.tenant_id, z.is_public, z.public_scope};
    auto key = std::make_pair(n.value.name, owner);
    if (by_key_.count(key)) continue;  // two operator zones, same name and owner: first wins
    PlannedZone p;
    p.id = z.id;
    p.name = n.value.name;
    p.owner = owner;
    p.exists = true;
    p.enabled = z.enabled.value_or(false) && z.status == "available";
    p.zone_type = z.zone_type;
    by_key_.emplace(std::move(key), zones_.size());
    zones_.push_back(std::move(p));
  }
  for (const std::string& raw : named) {
    NameResult n = NormalizeName(raw);
    if (!n.ok()) throw ConfigError("--zone " + QuoteBytes(raw) + ": " + n.message);
    if (n.value.wildcard) throw ConfigError("--zone " + QuoteBytes(raw) + ": a zone has no '*'");
    candidates_.Add(n.value.name);
  }
}

std::size_t ZoneCatalog::Resolve(const std::string& name, const ZoneOwner& owner) {
  auto key = std::make_pair(name, owner);
  if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
  PlannedZone p;
  p.id = ZoneId(name, owner.domain_id, owner.tenant_id, owner.is_public, owner.public_scope);
  p.name = name;
  p.owner = owner;
  by_key_.emplace(std::move(key), zones_.size());
  zones_.push_back(std::move(p));
  return zones_.size() - 1;
}

// ---- RowPlanner ----

RowPlanner::RowPlanner(ZoneCatalog& zones, const SharedNames& shared, TargetVersion target)
    : zones_(zones), shared_(shared), target_(target) {}

namespace {

void Skip(RowPlan& plan, bool rejected, std::string code, std::string detail) {
  plan.outcome = RowOutcome::kSkipped;
  plan.rejected = rejected;
  plan.reasons.push_back({std::move(code), std::move(detail)});
}

}  // namespace

RowPlan RowPlanner::Plan(const LegacyRow& row) {
  RowPlan plan;
  plan.legacy_id = row.id;
  plan.raw_name = row.name;
  if (row.deleted) {
    Skip(plan, false, "deleted", "soft-deleted row (deleted=1): never served, not migrated");
    return plan;
  }
  NameResult name = NormalizeName(row.name);
  if (!name.ok()) {
    Skip(plan, true, std::string(ToString(*name.error)), "name " + name.message);
    return plan;
  }
  plan.fqdn = name.value.name;

  LegacyParseResult parsed =
      ParseLegacyRecords(row.records ? std::optional<std::string_view>(*row.records) : std::nullopt,
                         row.name);
  if (!parsed.ok()) {
    plan.outcome = RowOutcome::kSkipped;
    plan.rejected = true;
    for (const Rejection& r : parsed.rejections) {
      std::string where = r.entry_index ? "entry " + std::to_string(*r.entry_index) + " " +
                                              r.RawForDisplay() + ": "
                                        : std::string();
      plan.reasons.push_back({std::string(ToString(r.reason)), where + r.detail});
    }
    return plan;
  }

  // Zone: the longest candidate above the name, else one inferred from the name.
  std::string zone_name;
  ZoneMatch match = zones_.candidates().Match(plan.fqdn);
  if (match.enclosing) {
    zone_name = std::string(match.enclosing->zone);
    plan.relative = std::string(match.enclosing->relative);
    if (match.apex) {
      plan.reasons.push_back(
          {"apex_moved_to_parent", "the name is itself a zone; Cloudpods never resolves '@', so "
                                   "the records go into the enclosing zone " + zone_name});
    }
  } else if (match.apex) {
    Skip(plan, true, "apex_unresolvable",
         "the name is itself the zone " + plan.fqdn +
             " and no candidate zone encloses it; Cloudpods never resolves '@'. Name its parent "
             "with --zone to place it there");
    return plan;
  } else {
    InferredZone z = zones_.inferrer().Infer(plan.fqdn);
    switch (z.status) {
      case InferenceStatus::kInferred:
        zone_name = z.zone;
        plan.relative = plan.fqdn.substr(0, plan.fqdn.size() - zone_name.size() - 1);
        break;
      case InferenceStatus::kApex:
        Skip(plan, true, "apex_unresolvable",
             "the name is a registrable domain, so its inferred zone is the name itself; "
             "Cloudpods never resolves '@'. Name its parent with --zone (for example --zone " +
                 plan.fqdn.substr(plan.fqdn.find('.') + 1) + ") to place it there");
        return plan;
      default:
        Skip(plan, true, "no_zone",
             "no candidate zone encloses the name and inference (" +
                 std::string(ToString(zones_.inferrer().strategy())) + ") gave " +
                 std::string(ToString(z.status)) + "; name a zone with --zone");
        return plan;
    }
  }
  ZoneOwner owner{row.domain_id, row.tenant_id, row.is_public, row.public_scope};
  plan.zone_slot = zones_.Resolve(zone_name, owner);
  PlannedZone& zone = zones_.zones()[plan.zone_slot];
  if (zone.exists && !zone.enabled) {
    plan.reasons.push_back({"zone_disabled", "existing zone " + zone.id +
                                                 " is disabled or not available: its records "
                                                 "do not resolve until it is enabled"});
  }
  if (!IsValidRelativeRecordName(plan.relative)) {
    plan.reasons.push_back({"record_name_not_api_valid",
                            "record name " + QuoteBytes(plan.relative) +
                                " is stored as is, but the Cloudpods API would refuse to edit it"});
  }

  int64_t ttl = ServedLegacyTtl(row.ttl);
  bool trimmed = false;
  for (const ParsedRecord& rec : parsed.records) {
    PlannedRecord p;
    p.position = static_cast<int>(rec.entry_index);
    p.id = RecordId(row.id, rec.entry_index);
    p.type = std::string(ToString(rec.type));
    p.value = rec.TargetValue();
    p.ttl = ttl;
    p.enabled = row.enabled;
    trimmed = trimmed || rec.type_trimmed || rec.value_trimmed;
    plan.records.push_back(std::move(p));
  }
  zone.rows += 1;
  if (zone.created_at.empty() || row.created_at < zone.created_at) zone.created_at = row.created_at;
  if (row.updated_at > zone.updated_at) zone.updated_at = row.updated_at;
  zone.records += static_cast<int64_t>(plan.records.size());

  if (name.value.had_trailing_dot) {
    plan.reasons.push_back({"now_answers_trailing_dot",
                            "legacy region-dns never answered this row (its name ends with '.'); "
                            "the migrated records will answer"});
  }
  if (trimmed) {
    plan.reasons.push_back({"now_answers_trimmed_value",
                            "blanks around a type or value kept legacy region-dns from answering; "
                            "the migrated records, without them, will answer"});
  }
  if (name.value.wildcard) {
    plan.reasons.push_back({"wildcard_now_active",
                            "legacy region-dns matched '*' literally; the target answers every "
                            "name it covers"});
  }
  CheckSharedName(row, plan);
  AddTargetWarnings(row, plan);
  plan.outcome = plan.reasons.empty() ? RowOutcome::kMigrated : RowOutcome::kWarned;
  return plan;
}

void RowPlanner::CheckSharedName(const LegacyRow& row, RowPlan& plan) const {
  auto it = shared_.find(plan.fqdn);
  if (it == shared_.end()) return;
  // Rows a client of this row's audience also sees: public rows, and rows of the
  // same project when this one is private. Legacy answered one row (enabled only);
  // 3.10 answers one of all of them, 3.11 all enabled ones together.
  bool count_disabled = target_ == TargetVersion::k310;
  std::string others;
  bool cname = false, other_data = false;
  int visible = 0;
  for (const NameSharer& s : it->second) {
    bool seen = s.is_public || row.is_public || s.tenant_id == row.tenant_id;
    if (!seen || (!s.enabled && !count_disabled)) continue;
    ++visible;
    (s.is_cname ? cname : other_data) = true;
    if (s.id != row.id) others += (others.empty() ? "" : ", ") + s.id;
  }
  if (visible < 2 || others.empty()) return;
  plan.reasons.push_back({"shared_name", "rows " + others +
                                             " hold the same name for the same clients; legacy "
                                             "answered with one row, the target " +
                                             (target_ == TargetVersion::k310
                                                  ? std::string("answers one value of all")
                                                  : std::string("merges all of them"))});
  if (cname && other_data) {
    plan.reasons.push_back(
        {"cname_beside_other_data", "one of the rows holding this name is a CNAME, another is not"});
  }
}

void RowPlanner::AddTargetWarnings(const LegacyRow& row, RowPlan& plan) const {
  bool has_ptr = false, has_cname = false;
  for (const PlannedRecord& r : plan.records) {
    has_ptr = has_ptr || r.type == "PTR";
    has_cname = has_cname || r.type == "CNAME";
  }
  if (target_ == TargetVersion::k311) {
    if (has_ptr) {
      plan.reasons.push_back({"ptr_ignored_by_target",
                              "3.11 and later ignore PTR records and derive reverse answers from "
                              "A/AAAA records"});
    }
    if (has_cname && row.enabled) {
      plan.reasons.push_back({"cname_not_chased_by_target",
                              "3.11 answers a CNAME record only to CNAME queries; legacy also "
                              "chased it for A/AAAA queries"});
    }
  } else {
    if (!row.enabled) {
      plan.reasons.push_back({"disabled_served_by_target",
                              "3.10.5-3.10.16 do not filter records on enabled: this disabled "
                              "row will answer"});
    }
    if (plan.records.size() > 1) {
      plan.reasons.push_back({"one_value_answered_by_target",
                              "3.10.5-3.10.16 answer one value of a name; legacy answered all " +
                                  std::to_string(plan.records.size())});
    }
  }
}

}  // namespace cpdns
