// Reads the local zones of the intermediate cloud-sync model: the live `dns_zones_tbl` zones
// that no live `dns_zone_caches_tbl` row links to a cloud account (the others are cloud data,
// which the accounts' next syncs bring back: cloud_pending.h), with their live
// `dns_recordsets_tbl` rows and `dns_zonevpcs_tbl` links, and what `tenant_cache_tbl` says
// about the projects that may own them (intermediate_owner.h). Only reads.
//
//   IntermediateSnapshot s = ReadIntermediateZones(conn, IntermediateTables{},
//   option.ProjectIds()); for (const IntermediateZone& z : s.zones)
//   plans.push_back(planner.Plan(z)); std::vector<LocalIntermediateZone> list =
//   ListLocalIntermediateZones(conn, {});  // counts
//
// Tables absent: without dns_zones_tbl, dns_zone_caches_tbl or dns_recordsets_tbl there is
// nothing to read (`present` false); without dns_zonevpcs_tbl no zone has VPCs; without
// tenant_cache_tbl `projects` is empty and no owner can be found by convention. A table that
// exists without the columns read here is a ConfigError naming them.
//
// Memory: everything read is held; local zones are few (an operator made each by hand).
// Thread-safety: uses the caller's connection, one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/database.h"
#include "core/intermediate_owner.h"
#include "core/intermediate_zones.h"

namespace cpdns {

// Table names; the defaults are Cloudpods'.
struct IntermediateTables {
  std::string zones = "dns_zones_tbl";
  std::string zone_caches = "dns_zone_caches_tbl";
  std::string recordsets = "dns_recordsets_tbl";
  std::string zonevpcs = "dns_zonevpcs_tbl";
  std::string tenant_cache = "tenant_cache_tbl";
};

// A local zone and how many live record sets it holds.
struct LocalIntermediateZone {
  std::string id;
  std::string name;
  std::string zone_type;   // PublicZone / PrivateZone
  int64_t recordsets = 0;  // live
  // A live local zone of the new model has this name (compared as zone names are).
  bool has_home = false;
};

struct IntermediateSnapshot {
  bool present = false;                      // the zone, zone-cache and record-set tables exist
  std::vector<std::string> missing_tables;   // of the five read here
  std::vector<IntermediateZone> zones;       // by name, then id
  std::optional<ProjectDirectory> projects;  // nullopt when tenant_cache_tbl does not exist
};

// The local zones with their live record-set counts, by name then id. The zone, zone-cache
// and record-set tables must exist (the caller checks); only id, name, zone_type, deleted
// (zones), dns_zone_id, deleted (caches) and id, dns_zone_id, deleted (record sets) are read.
[[nodiscard]] std::vector<LocalIntermediateZone> ListLocalIntermediateZones(
    Connection& conn, const IntermediateTables& tables);

// A record of a live local recordset that is in the target tables: migrated, found by its
// deterministic id (uuid.h IntermediateRecordId), with the name it answers to.
struct IntermediateHome {
  std::string zone_source_id;  // dns_zones_tbl.id
  std::string recordset_id;
  std::string fqdn;  // record name '.' zone name, lower case; the zone name for "@"
  std::string type;
  bool apex = false;  // named "@"
};

// The migrated records of the local zones, by zone source id then recordset id; empty when
// the intermediate tables do not exist. `zones_table` / `records_table`: the target's.
[[nodiscard]] std::vector<IntermediateHome> FindIntermediateHomes(
    Connection& conn, const IntermediateTables& tables, const std::string& zones_table,
    const std::string& records_table);

// The names those records answer to, each once, sorted: the fqdn, a child of x (`child_label`.x)
// for a wildcard "*.x"; not the zone names of "@" records (never served).
[[nodiscard]] std::vector<std::string> IntermediateAnswerNames(
    Connection& conn, const IntermediateTables& tables, const std::string& zones_table,
    const std::string& records_table, std::string_view child_label);

// Everything the planner needs. `project_ids`: projects named by --intermediate-project,
// whose domains are looked up in tenant_cache_tbl.
[[nodiscard]] IntermediateSnapshot ReadIntermediateZones(
    Connection& conn, const IntermediateTables& tables,
    const std::vector<std::string>& project_ids);

}  // namespace cpdns
