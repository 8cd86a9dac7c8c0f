// RowPlanner decides, for one legacy row, its single outcome: migrated (with
// its zone, relative name and records), migrated with warnings, or skipped
// with reasons. It is pure logic over the row, the candidate zones and the
// names other rows share; the same inputs always give the same plan, so a
// resumed run plans every remaining row exactly as an uninterrupted one.
//
//   ZoneCatalog zones(existing_local_zones, {"example.com"}, InferenceStrategy::kPsl);
//   RowPlanner planner(zones, shared_names, TargetVersion::k311);
//   RowPlan plan = planner.Plan(legacy_row);
//
// Thread-safety: Plan mutates the catalog (new zones, counters): one thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/dns_name.h"
#include "core/legacy_records.h"
#include "core/rows.h"
#include "core/target_version.h"
#include "core/zone_index.h"
#include "core/zone_inference.h"

namespace cpdns {

// Who a zone belongs to and who sees it: the new model keeps visibility on zones.
struct ZoneOwner {
  std::string domain_id;
  std::string tenant_id;
  bool is_public = false;
  std::string public_scope;

  friend auto operator<=>(const ZoneOwner&, const ZoneOwner&) = default;
};

struct PlannedZone {
  std::string id;
  std::string name;
  ZoneOwner owner;
  bool exists = false;    // already in dnszones_tbl (reused, never written)
  // Existing zones: enabled and available. New zones: written enabled, unless created from
  // a disabled intermediate zone (intermediate_zones.h).
  bool enabled = true;
  std::string zone_type = "PrivateZone";    // as stored, or what a new zone is written with
  std::optional<std::string> description;  // of a zone created from an intermediate zone
  int64_t rows = 0;       // legacy rows planned into it
  int64_t records = 0;    // records planned into it
  int64_t intermediate_zones = 0;    // intermediate zones planned into it
  int64_t intermediate_records = 0;  // their records planned into it
  // Earliest created_at / latest updated_at of its legacy rows: the times a new
  // zone gets, the same whatever order or batches the rows came in.
  std::string created_at;
  std::string updated_at;
};

// The zones a run can use: existing local zones, zones the operator named, and
// zones inferred per name. Zone identity is (name, owner).
class ZoneCatalog {
 public:
  ZoneCatalog(std::vector<ZoneRow> existing_local, const std::vector<std::string>& named,
              InferenceStrategy inference);

  const ZoneIndex& candidates() const { return candidates_; }
  const ZoneInferrer& inferrer() const { return inferrer_; }
  // The zone (name, owner): an existing one with that owner, or a new one with
  // a deterministic id. Returns its slot in zones().
  std::size_t Resolve(const std::string& name, const ZoneOwner& owner);
  std::vector<PlannedZone>& zones() { return zones_; }
  const std::vector<PlannedZone>& zones() const { return zones_; }

 private:
  ZoneIndex candidates_;
  ZoneInferrer inferrer_;
  std::vector<PlannedZone> zones_;
  std::map<std::pair<std::string, ZoneOwner>, std::size_t> by_key_;
};

enum class RowOutcome { kMigrated, kWarned, kSkipped };
[[nodiscard]] std::string_view ToString(RowOutcome o);

struct PlannedRecord {
  std::string id;
  int position = 0;
  std::string type;
  std::string value;  // as dns_records_tbl stores it
  int64_t ttl = 0;
  bool enabled = true;
};

struct Reason {
  std::string code;    // stable snake_case, e.g. "invalid_ipv4", "shared_name"
  std::string detail;  // for people
};

struct [[nodiscard]] RowPlan {
  std::string legacy_id;
  std::string raw_name;
  std::string fqdn;  // normalised; empty when the name was refused
  RowOutcome outcome = RowOutcome::kSkipped;
  bool rejected = false;  // skipped for a reason other than being deleted
  std::vector<Reason> reasons;
  std::size_t zone_slot = 0;  // valid unless skipped
  std::string relative;       // record name inside the zone
  std::vector<PlannedRecord> records;

  std::string ReasonCodes() const;    // "a,b"
  std::string ReasonDetails() const;  // "a: ...; b: ..."
};

class RowPlanner {
 public:
  RowPlanner(ZoneCatalog& zones, const SharedNames& shared, TargetVersion target);
  RowPlan Plan(const LegacyRow& row);

 private:
  // The zone for the name, or false when the row is skipped (plan filled in).
  bool PlaceInZone(const NormalizedName& name, RowPlan& plan, std::string& zone_name) const;
  void AddRecords(const LegacyRow& row, const LegacyParseResult& parsed, PlannedZone& zone,
                  RowPlan& plan) const;
  void AddAnswerWarnings(const LegacyParseResult& parsed, const NormalizedName& name,
                         RowPlan& plan) const;
  void CheckSharedName(const LegacyRow& row, RowPlan& plan) const;
  void AddTargetWarnings(const LegacyRow& row, const LegacyParseResult& parsed,
                         RowPlan& plan) const;

  ZoneCatalog& zones_;
  const SharedNames& shared_;
  TargetVersion target_;
};

}  // namespace cpdns
