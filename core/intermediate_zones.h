// IntermediateZonePlanner decides what becomes of each local zone of the intermediate
// cloud-sync model (a live `dns_zones_tbl` zone that no live `dns_zone_caches_tbl` row links
// to a cloud account) in the new tables: a local `dnszones_tbl` zone (manager_id NULL) with
// its record sets as `dns_records_tbl` records and its VPC links as `dnszonevpcs_tbl` rows,
// each with its outcome and reasons. Pure logic over the zone, the zones the legacy rows
// produced (ZoneCatalog) and what legacy rows answered (LegacyAnswers).
//
//   // after every legacy row went through RowPlanner::Plan (and into `legacy`):
//   IntermediateZonePlanner planner(catalog, legacy, &directory, options);
//   for (const IntermediateZone& z : source_zones) plans.push_back(planner.Plan(z));
//
// Zone rules (reason codes in brackets; docs/intermediate-zones.md has the sources):
// - Refused: a name no zone can have [invalid_zone_name]; a zone_type other than PublicZone
//   and PrivateZone [unknown_zone_type]; no project to own it [owner_undecided,
//   owner_project_other_domain: intermediate_owner.h]. Skipped without being an error: a zone
//   whose deletion was asked for (status deleting or delete_failed) [zone_deletion_pending].
// - Identity: (normalised name, domain, project, is_public, public_scope), as for legacy rows.
//   A zone of that identity which the legacy rows produce, or which exists in the target,
//   receives the records (`merged`); otherwise the zone is created with the id a legacy row of
//   that name and owner would give it (uuid.h ZoneId), so the two meet in one zone whichever is
//   migrated first. Legacy placement never depends on intermediate zones.
// - A created zone keeps zone_type, enabled, description and times; it is "available"
//   [zone_status_reset when it was not]; [local_public_zone] for a PublicZone (the v3.11 API
//   makes local zones PrivateZone only); [visibility_narrowed_to_project] for is_public=0 (a
//   domain-wide infrastructure zone becomes private to its project, the narrower audience);
//   [owner_first_project_of_domain] when the project came from the convention.
// - A disabled zone [zone_disabled] is created disabled; merged into another zone, that zone
//   keeps its state and the records are written disabled.
// Record rules: intermediate_records.h, and conflicts: a record that would change an answer
// legacy rows gave (same name, or a wildcard just above it, for a type legacy answered, for
// overlapping clients; under 3.10, any record on a legacy name) is not migrated
// [legacy_name_wins], or with IntermediateConflicts::kKeepBoth migrated
// [answer_differs_from_legacy]. [cname_beside_other_data] for names the API would refuse.
//
// Thread-safety: Plan mutates the catalog; one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/intermediate_owner.h"
#include "core/row_planner.h"
#include "core/rows.h"
#include "core/target_version.h"
#include "core/zone_index.h"

namespace cpdns {

// A local zone of the intermediate model with its live record sets and VPC links.
struct IntermediateZone {
  IntermediateZoneRow zone;
  std::vector<IntermediateRecordRow> records;  // by id
  std::vector<IntermediateVpcRow> vpcs;        // by row_id
};

// What live, enabled legacy rows answered at names at or under the intermediate zones: what
// a migrated intermediate record is checked against. Rows whose name ends with '.' are left
// out: region-dns v3.10.4 never answered them.
class LegacyAnswers {
 public:
  struct Answer {
    std::string legacy_id;
    std::string tenant_id;
    bool is_public = false;
    std::set<std::string> types;  // of its entries, as spelled ("A", "AAAA", ...)
    bool cname = false;           // records start with "CNAME:": legacy chased it for any type
    std::string records;          // for messages, shortened
  };

  // `zone_names`: the normalised names of the intermediate zones.
  explicit LegacyAnswers(const std::vector<std::string>& zone_names);
  // Keeps the row when it is live, enabled and its name lies at or under one of the zones.
  void Add(const LegacyRow& row);
  [[nodiscard]] const std::vector<Answer>* Find(std::string_view fqdn) const;
  std::size_t names() const { return by_name_.size(); }

 private:
  ZoneIndex zones_;
  std::unordered_map<std::string, std::vector<Answer>> by_name_;
};

// --intermediate-conflicts: whether legacy rows win a name (the default) or both answer.
enum class IntermediateConflicts { kLegacyWins, kKeepBoth };
[[nodiscard]] IntermediateConflicts ParseIntermediateConflicts(std::string_view text);
[[nodiscard]] std::string_view ToString(IntermediateConflicts c);

struct IntermediateOptions {
  IntermediateProjectOption projects;
  IntermediateConflicts conflicts = IntermediateConflicts::kLegacyWins;
  TargetVersion target = TargetVersion::k311;
};

struct IntermediateRecordPlan {
  std::string source_id;  // dns_recordsets_tbl.id
  std::string raw_name;
  RowOutcome outcome = RowOutcome::kSkipped;
  bool rejected = false;  // skipped because the row is unfit, not because of a rule
  std::vector<Reason> reasons;
  // The record to write (outcome migrated or warned).
  std::string id;    // IntermediateRecordId(source_id)
  std::string name;  // relative, lower case
  std::string fqdn;  // "" for "@"
  std::string type;
  std::string value;
  int64_t ttl = 0;
  int64_t mx_priority = 0;
  bool enabled = false;
  std::optional<std::string> description;
  std::string created_at;
  std::string updated_at;
};

struct IntermediateVpcPlan {
  std::string vpc_id;
  std::string created_at;
  std::string updated_at;
};

// Where the records of a zone went.
enum class ZoneHome {
  kNone,          // the zone was not migrated
  kCreated,       // a new zone, created from this intermediate zone
  kLegacy,        // a zone the legacy rows produce
  kExisting,      // a zone already in dnszones_tbl
  kIntermediate,  // a zone created from an intermediate zone planned before this one
};
[[nodiscard]] std::string_view ToString(ZoneHome home);

struct [[nodiscard]] IntermediateZonePlan {
  std::string source_id;  // dns_zones_tbl.id
  std::string raw_name;
  std::string name;  // normalised; empty when refused for its name
  RowOutcome outcome = RowOutcome::kSkipped;
  bool rejected = false;
  std::vector<Reason> reasons;
  ZoneOwner owner;           // valid unless skipped
  std::string owner_detail;  // where the project came from
  ZoneHome home = ZoneHome::kNone;
  std::size_t zone_slot = 0;  // in the catalog, valid unless skipped
  std::vector<IntermediateRecordPlan> records;
  std::vector<IntermediateVpcPlan> vpcs;

  [[nodiscard]] std::size_t RecordsToWrite() const;
  std::string ReasonCodes() const;  // "a,b"
};

class IntermediateZonePlanner {
 public:
  // `zones` must already hold the zone of every legacy row; `directory` is nullptr when
  // tenant_cache_tbl does not exist. All must outlive the planner.
  IntermediateZonePlanner(ZoneCatalog& zones, const LegacyAnswers& legacy,
                          const ProjectDirectory* directory, IntermediateOptions options);
  IntermediateZonePlan Plan(const IntermediateZone& zone);

 private:
  bool CheckZone(const IntermediateZone& source, IntermediateZonePlan& plan) const;
  void PlaceZone(const IntermediateZoneRow& row, IntermediateZonePlan& plan);
  void PlanRecords(const IntermediateZone& source, IntermediateZonePlan& plan) const;
  // Adds the conflict reason, if any; true when the record gives way to legacy rows.
  bool LegacyWins(const IntermediateZonePlan& zone, IntermediateRecordPlan& record) const;

  ZoneCatalog& zones_;
  const LegacyAnswers& legacy_;
  const ProjectDirectory* directory_;
  IntermediateOptions options_;
};

}  // namespace cpdns
