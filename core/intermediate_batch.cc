#include "core/intermediate_batch.h"

#include "core/owned_rows.h"
#include "core/run_ledger.h"

namespace cpdns {

std::size_t AddIntermediateRecords(const IntermediateZonePlan& plan, const PlannedZone& zone,
                                   PlannedBatch& batch,
                                   std::unordered_map<std::string, std::string>& fqdns) {
  std::size_t written = 0;
  for (const IntermediateRecordPlan& r : plan.records) {
    std::string key = IntermediateRecordKey(r.source_id);
    batch.legacy_ids.push_back(key);
    if (r.outcome == RowOutcome::kSkipped) continue;
    RowPlan reasons;  // the row map's reasons and detail, as for a legacy row
    reasons.reasons = r.reasons;
    batch.AddRecord({r.id, r.name, zone.id, r.type, r.value, r.ttl, r.enabled, r.created_at,
                     r.updated_at, r.mx_priority},
                    key, 0);
    batch.map.push_back({key, 0, std::string(ToString(r.outcome)), MapReasons(reasons),
                         MapDetail(reasons), zone.id, r.id, std::nullopt});
    fqdns[key] = r.fqdn.empty() ? zone.name : r.fqdn;
    ++written;
  }
  return written;
}

std::vector<ZoneVpcWrite> IntermediateVpcs(const IntermediateZonePlan& plan) {
  std::vector<ZoneVpcWrite> out;
  if (plan.home != ZoneHome::kCreated) return out;
  for (const IntermediateVpcPlan& v : plan.vpcs) out.push_back({v.vpc_id, v.created_at, v.updated_at});
  return out;
}

}  // namespace cpdns
