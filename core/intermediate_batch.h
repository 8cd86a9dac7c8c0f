// The rows writing one planned intermediate zone adds to a batch (batch_diff.h), so that its
// records go through the same diff, writing, bookkeeping and rollback as legacy rows: each
// record set is keyed IntermediateRecordKey(its id) at position 0 (owned_rows.h), listed in
// the batch's keys even when it is not migrated (so that a record an earlier run wrote for it
// is diffed, and removed when nothing plans it any more), and each migrated one is a
// RecordWrite with its MX preference and a row-map row. The zone's VPC links are written
// when the zone is created.
//
//   std::unordered_map<std::string, std::string> fqdns;  // key -> name, for the report
//   std::size_t n = AddIntermediateRecords(plan, catalog.zones()[plan.zone_slot], batch, fqdns);
//   batch_zone.vpcs = IntermediateVpcs(plan);
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/batch_diff.h"
#include "core/intermediate_zones.h"
#include "core/row_planner.h"

namespace cpdns {

// Adds the zone's record sets to `batch` (keys, records, row map) and their names to
// `fqdns` (by key); returns the records to write.
std::size_t AddIntermediateRecords(const IntermediateZonePlan& plan, const PlannedZone& zone,
                                   PlannedBatch& batch,
                                   std::unordered_map<std::string, std::string>& fqdns);

// The VPC links to write with the zone: those of a zone created from it, none otherwise.
[[nodiscard]] std::vector<ZoneVpcWrite> IntermediateVpcs(const IntermediateZonePlan& plan);

}  // namespace cpdns
