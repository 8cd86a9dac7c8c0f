#include "core/intermediate_report.h"

#include <algorithm>

#include "core/dns_name.h"

namespace cpdns {

using nlohmann::json;

namespace {

bool HasCode(const std::vector<Reason>& reasons, std::string_view code) {
  return std::any_of(reasons.begin(), reasons.end(),
                     [&](const Reason& r) { return r.code == code; });
}

// Names and values come from untrusted rows; JSON text must be UTF-8.
std::string Safe(const std::string& s) {
  for (unsigned char c : s) {
    if (c >= 0x80 || c < 0x20) return QuoteBytes(s, 512);
  }
  return s;
}

json ReasonsJson(const std::vector<Reason>& reasons) {
  json out = json::array();
  for (const Reason& r : reasons) out.push_back({{"code", r.code}, {"detail", Safe(r.detail)}});
  return out;
}

void CountRecord(const IntermediateRecordPlan& r, IntermediateTotals& t) {
  ++t.records;
  for (const Reason& reason : r.reasons) ++t.by_reason[reason.code];
  if (r.outcome != RowOutcome::kSkipped) {
    ++t.records_to_write;
    if (HasCode(r.reasons, "apex_not_served_by_target") ||
        HasCode(r.reasons, "type_not_served_by_target")) {
      ++t.records_not_served;
    }
  } else if (r.rejected) {
    ++t.records_rejected;
  } else if (HasCode(r.reasons, "legacy_name_wins")) {
    ++t.records_legacy_wins;
  } else {
    ++t.records_with_zone;
  }
}

std::string Owner(const ZoneOwner& o) {
  return (o.is_public ? "public" : "private") + std::string(", project ") + o.tenant_id +
         ", domain " + o.domain_id;
}

void WriteZones(const std::vector<IntermediateZonePlan>& plans, const ZoneCatalog& zones,
                const IntermediateTextOptions& o, std::ostream& out) {
  std::size_t listed = 0;
  for (const IntermediateZonePlan& p : plans) {
    if (++listed > o.max_listed) {
      out << "  ... " << (plans.size() - o.max_listed) << " more in --report-json\n";
      return;
    }
    out << "  " << QuoteBytes(p.raw_name, 100) << " (" << p.source_id << "): ";
    if (p.home == ZoneHome::kNone) {
      out << "not migrated: " << p.ReasonCodes() << "\n";
      continue;
    }
    const PlannedZone& z = zones.zones().at(p.zone_slot);
    out << (p.home == ZoneHome::kCreated ? (o.executed ? "created " : "create ") : "into ") << z.id
        << " (" << ToString(p.home) << ", " << Owner(p.owner) << "), " << p.RecordsToWrite()
        << " of " << p.records.size() << " records, " << p.vpcs.size() << " VPC links\n";
  }
}

void WriteReasons(const std::vector<IntermediateZonePlan>& plans, const IntermediateTextOptions& o,
                  std::ostream& out) {
  std::map<std::string, std::vector<std::string>> examples;
  auto add = [&](const std::string& what, const std::vector<Reason>& reasons) {
    for (const Reason& r : reasons) {
      auto& ex = examples[r.code];
      if (ex.size() < o.max_listed) ex.push_back(what + ": " + Safe(r.detail));
    }
  };
  for (const IntermediateZonePlan& p : plans) {
    add("zone " + p.source_id + " " + QuoteBytes(p.raw_name, 100), p.reasons);
    for (const IntermediateRecordPlan& r : p.records) {
      add("record " + r.source_id + " " + QuoteBytes(r.raw_name, 100), r.reasons);
    }
  }
  for (const auto& [code, lines] : examples) {
    out << "  " << code << ":\n";
    for (const std::string& line : lines) out << "    " << line << "\n";
  }
}

}  // namespace

IntermediateTotals SummarizeIntermediate(const std::vector<IntermediateZonePlan>& plans) {
  IntermediateTotals t;
  for (const IntermediateZonePlan& p : plans) {
    ++t.zones;
    for (const Reason& r : p.reasons) ++t.by_reason[r.code];
    if (p.home == ZoneHome::kNone) {
      (p.rejected ? t.zones_rejected : t.zones_skipped) += 1;
    } else {
      (p.home == ZoneHome::kCreated ? t.zones_created : t.zones_merged) += 1;
      t.vpcs += static_cast<int64_t>(p.vpcs.size());
    }
    for (const IntermediateRecordPlan& r : p.records) CountRecord(r, t);
  }
  return t;
}

void WriteIntermediateText(const std::vector<IntermediateZonePlan>& plans, const ZoneCatalog& zones,
                           const IntermediateTextOptions& o, std::ostream& out) {
  const IntermediateTotals t = SummarizeIntermediate(plans);
  out << "Local zones of the intermediate model (never served by region-dns): " << t.zones
      << " zones, " << t.records << " records\n";
  if (t.zones == 0) return;
  // "would create" (only reported), "to create" (planned), "created" (written).
  const bool done = o.migrate && o.executed;
  const char* lead = !o.migrate ? "not migrated; --intermediate-zones migrate would " : "to ";
  out << "  " << (done ? "" : lead) << (done ? "created " : "create ") << t.zones_created
      << " zones, " << (done ? "merged " : "merge ") << t.zones_merged
      << " into zones of the same name and owner, " << (done ? "wrote " : "write ")
      << t.records_to_write << " records (" << t.records_not_served
      << " never served by the target) and " << t.vpcs << " VPC links\n";
  out << "  not migrated: " << t.zones_rejected << " zones refused, " << t.zones_skipped
      << " skipped; " << t.records_rejected << " records refused, " << t.records_legacy_wins
      << " give way to legacy rows, " << t.records_with_zone << " with their zone\n";
  if (!o.migrate) return;
  WriteZones(plans, zones, o, out);
  out << "By reason (the first " << o.max_listed << " of each):\n";
  WriteReasons(plans, o, out);
}

json IntermediateJson(const std::vector<IntermediateZonePlan>& plans, const ZoneCatalog& zones) {
  const IntermediateTotals t = SummarizeIntermediate(plans);
  json zones_json = json::array();
  for (const IntermediateZonePlan& p : plans) {
    json z = {{"id", p.source_id},
              {"name", Safe(p.raw_name)},
              {"outcome", std::string(ToString(p.outcome))},
              {"rejected", p.rejected},
              {"reasons", ReasonsJson(p.reasons)},
              {"home", std::string(ToString(p.home))}};
    if (p.home != ZoneHome::kNone) {
      z["zone_id"] = zones.zones().at(p.zone_slot).id;
      z["owner"] = {{"domain_id", p.owner.domain_id},
                    {"tenant_id", p.owner.tenant_id},
                    {"is_public", p.owner.is_public},
                    {"public_scope", p.owner.public_scope}};
      json vpcs = json::array();
      for (const IntermediateVpcPlan& v : p.vpcs) vpcs.push_back(v.vpc_id);
      z["vpcs"] = std::move(vpcs);
    }
    json records = json::array();
    for (const IntermediateRecordPlan& r : p.records) {
      json rj = {{"id", r.source_id},
                 {"outcome", std::string(ToString(r.outcome))},
                 {"rejected", r.rejected},
                 {"reasons", ReasonsJson(r.reasons)}};
      if (!r.type.empty()) {
        rj.update({{"record_id", r.id},
                   {"name", r.name},
                   {"type", r.type},
                   {"value", Safe(r.value)},
                   {"ttl", r.ttl},
                   {"mx_priority", r.mx_priority},
                   {"enabled", r.enabled}});
      }
      records.push_back(std::move(rj));
    }
    z["records"] = std::move(records);
    zones_json.push_back(std::move(z));
  }
  return {{"totals",
           {{"zones", t.zones},
            {"zones_created", t.zones_created},
            {"zones_merged", t.zones_merged},
            {"zones_rejected", t.zones_rejected},
            {"zones_skipped", t.zones_skipped},
            {"records", t.records},
            {"records_to_write", t.records_to_write},
            {"records_rejected", t.records_rejected},
            {"records_legacy_wins", t.records_legacy_wins},
            {"records_with_zone", t.records_with_zone},
            {"records_not_served", t.records_not_served},
            {"vpcs", t.vpcs},
            {"by_reason", t.by_reason}}},
          {"zones", std::move(zones_json)}};
}

}  // namespace cpdns
