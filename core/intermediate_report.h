// What the plans of the intermediate model's local zones add up to, for people (a text
// section of the migration plan) and for machines (a JSON object of the migration report).
// With `migrate` false the zones are only reported: one paragraph says how many there are
// and what --intermediate-zones migrate would do with them.
//
//   IntermediateTotals t = SummarizeIntermediate(plans);
//   WriteIntermediateText(plans, catalog, {.migrate = true, .executed = false}, std::cout);
//   report["intermediate_zones"] = IntermediateJson(plans, catalog);
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "core/intermediate_zones.h"
#include "core/row_planner.h"

namespace cpdns {

struct IntermediateTotals {
  int64_t zones = 0;           // local zones read
  int64_t zones_created = 0;   // to create from an intermediate zone
  int64_t zones_merged = 0;    // whose records go into a zone that exists or is made anyway
  int64_t zones_rejected = 0;  // refused: no owner, a name or type no zone can have
  int64_t zones_skipped = 0;   // not migrated on purpose (deletion pending)
  int64_t records = 0;         // their live record sets
  int64_t records_to_write = 0;
  int64_t records_rejected = 0;              // refused on their own
  int64_t records_legacy_wins = 0;           // give way to legacy rows
  int64_t records_with_zone = 0;             // not migrated because their zone is not
  int64_t records_not_served = 0;            // written, but region-dns never answers them
  int64_t vpcs = 0;                          // VPC links to write
  std::map<std::string, int64_t> by_reason;  // zones and records, per reason code

  // Rejections make the run end with exit code 1, as rejected legacy rows do.
  int64_t Rejected() const { return zones_rejected + records_rejected; }
};

[[nodiscard]] IntermediateTotals SummarizeIntermediate(
    const std::vector<IntermediateZonePlan>& plans);

struct IntermediateTextOptions {
  bool migrate = false;         // --intermediate-zones migrate
  bool executed = false;        // written (the report of --execute), not only planned
  std::size_t max_listed = 20;  // zones, and examples per reason
};

void WriteIntermediateText(const std::vector<IntermediateZonePlan>& plans, const ZoneCatalog& zones,
                           const IntermediateTextOptions& options, std::ostream& out);

// Totals, every zone (id, name, outcome, reasons, home, zone id, owner, VPCs) and every
// record (id, outcome, reasons, record id, name, type, value, ttl, mx_priority, enabled).
[[nodiscard]] nlohmann::json IntermediateJson(const std::vector<IntermediateZonePlan>& plans,
                                              const ZoneCatalog& zones);

}  // namespace cpdns
