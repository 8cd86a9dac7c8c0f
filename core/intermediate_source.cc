#include "core/intermediate_source.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>
#include <set>

#include "core/dns_name.h"
#include "core/schema_check.h"
#include "core/uuid.h"

namespace cpdns {

namespace {

std::string Q(std::string_view name) { return QuoteIdentifier(name); }
std::string Str(const Cell& c) { return CellText(c); }
int64_t ToInt(const Cell& c) { return CellInt(c); }

// Ids compare as the server compares them (ascii_general_ci): without regard to case.
std::string IdKey(std::string_view id) { return AsciiLower(id); }

std::optional<bool> OptBool(const Cell& c) {
  if (!c) return std::nullopt;
  return *c != "0";
}

// The ids of the local zones, as a subquery.
std::string LocalZoneIds(const IntermediateTables& t) {
  return "SELECT z.`id` FROM " + Q(t.zones) +
         " AS z WHERE z.`deleted` = 0 AND NOT EXISTS "
         "(SELECT 1 FROM " +
         Q(t.zone_caches) + " AS c WHERE c.`dns_zone_id` = z.`id` AND c.`deleted` = 0)";
}

std::string InList(Connection& conn, const std::set<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : ", ") + conn.Literal(v);
  return out;
}

bool Check(Connection& conn, const std::string& table, const std::vector<std::string>& columns,
           std::vector<std::string>& missing) {
  if (!TableExists(conn, table)) {
    missing.push_back(table);
    return false;
  }
  RequireColumns(conn, table, columns,
                 "point --database at the Cloudpods region database, or name the table with "
                 "its option");
  return true;
}

void ReadZones(Connection& conn, const IntermediateTables& t, IntermediateSnapshot& s) {
  RowStream rows = conn.Stream(
      "SELECT `id`, `name`, `zone_type`, `enabled`, `status`, `domain_id`, `is_public`, "
      "`public_scope`, `description`, `created_at`, `updated_at` FROM " +
      Q(t.zones) + " WHERE `id` IN (" + LocalZoneIds(t) + ") ORDER BY `name`, `id`");
  Row r;
  while (rows.Next(r)) {
    IntermediateZone z;
    z.zone.id = Str(r[0]);
    z.zone.name = Str(r[1]);
    z.zone.zone_type = Str(r[2]);
    z.zone.enabled = OptBool(r[3]);
    z.zone.status = Str(r[4]);
    z.zone.domain_id = Str(r[5]);
    z.zone.is_public = ToInt(r[6]) != 0;
    z.zone.public_scope = Str(r[7]);
    z.zone.description = r[8];
    z.zone.created_at = Str(r[9]);
    z.zone.updated_at = Str(r[10]);
    s.zones.push_back(std::move(z));
  }
}

void ReadRecords(Connection& conn, const IntermediateTables& t,
                 const std::map<std::string, std::size_t>& slot, IntermediateSnapshot& s) {
  RowStream rows = conn.Stream(
      "SELECT `id`, `dns_zone_id`, `name`, `dns_type`, `dns_value`, `ttl`, `mx_priority`, "
      "`enabled`, `status`, `description`, `created_at`, `updated_at` FROM " +
      Q(t.recordsets) + " WHERE `deleted` = 0 AND `dns_zone_id` IN (" + LocalZoneIds(t) +
      ") ORDER BY `id`");
  Row r;
  while (rows.Next(r)) {
    IntermediateRecordRow rec;
    rec.id = Str(r[0]);
    rec.zone_id = Str(r[1]);
    rec.name = Str(r[2]);
    rec.dns_type = Str(r[3]);
    rec.dns_value = Str(r[4]);
    rec.ttl = ToInt(r[5]);
    rec.mx_priority = ToInt(r[6]);
    rec.enabled = OptBool(r[7]);
    rec.status = Str(r[8]);
    rec.description = r[9];
    rec.created_at = Str(r[10]);
    rec.updated_at = Str(r[11]);
    auto it = slot.find(IdKey(rec.zone_id));
    if (it != slot.end()) s.zones[it->second].records.push_back(std::move(rec));
  }
}

void ReadVpcs(Connection& conn, const IntermediateTables& t,
              const std::map<std::string, std::size_t>& slot, IntermediateSnapshot& s) {
  RowStream rows = conn.Stream(
      "SELECT `row_id`, `dns_zone_id`, `vpc_id`, `created_at`, "
      "`updated_at` FROM " +
      Q(t.zonevpcs) + " WHERE `deleted` = 0 AND `dns_zone_id` IN (" + LocalZoneIds(t) +
      ") ORDER BY `row_id`");
  Row r;
  while (rows.Next(r)) {
    IntermediateVpcRow v{ToInt(r[0]), Str(r[1]), Str(r[2]), Str(r[3]), Str(r[4])};
    auto it = slot.find(IdKey(v.zone_id));
    if (it != slot.end()) s.zones[it->second].vpcs.push_back(std::move(v));
  }
}

ProjectDirectory ReadProjects(Connection& conn, const IntermediateTables& t,
                              const std::set<std::string>& domains,
                              const std::vector<std::string>& project_ids) {
  ProjectDirectory d;
  const std::string table = Q(t.tenant_cache);
  if (!domains.empty()) {
    // Cloudpods' findFirstProjectOfDomain: live rows of the domain, earliest created_at.
    for (const Row& r : conn.QueryAll(
             "SELECT p.`domain_id`, p.`id`, p.`created_at` FROM " + table +
             " AS p WHERE p.`deleted` = 0 AND p.`domain_id` IN (" + InList(conn, domains) +
             ") AND p.`created_at` = (SELECT MIN(q.`created_at`) FROM " + table +
             " AS q WHERE q.`deleted` = 0 AND q.`domain_id` = p.`domain_id`) ORDER BY "
             "p.`domain_id`, p.`id`")) {
      ProjectDirectory::FirstProjects& f = d.first_of_domain[Str(r[0])];
      f.ids.push_back(Str(r[1]));
      f.created_at = Str(r[2]);
    }
  }
  const std::set<std::string> ids(project_ids.begin(), project_ids.end());
  if (!ids.empty()) {
    for (const Row& r :
         conn.QueryAll("SELECT `id`, `domain_id` FROM " + table +
                       " WHERE `deleted` = 0 AND `id` IN (" + InList(conn, ids) + ")")) {
      d.domain_of_project[Str(r[0])] = Str(r[1]);
    }
  }
  return d;
}

}  // namespace

std::vector<LocalIntermediateZone> ListLocalIntermediateZones(Connection& conn,
                                                              const IntermediateTables& t) {
  RowStream rows = conn.Stream(
      "SELECT z.`id`, z.`name`, z.`zone_type`, COUNT(r.`id`) FROM " + Q(t.zones) +
      " AS z LEFT JOIN " + Q(t.recordsets) +
      " AS r ON r.`dns_zone_id` = z.`id` AND r.`deleted` = 0 WHERE z.`id` IN (" + LocalZoneIds(t) +
      ") GROUP BY z.`id`, z.`name`, z.`zone_type` ORDER BY z.`name`, z.`id`");
  std::vector<LocalIntermediateZone> out;
  Row r;
  while (rows.Next(r)) out.push_back({Str(r[0]), Str(r[1]), Str(r[2]), ToInt(r[3])});
  return out;
}

IntermediateSnapshot ReadIntermediateZones(Connection& conn, const IntermediateTables& t,
                                           const std::vector<std::string>& project_ids) {
  IntermediateSnapshot s;
  auto& missing = s.missing_tables;
  const bool zones =
      Check(conn, t.zones,
            {"id", "name", "zone_type", "enabled", "status", "domain_id", "is_public",
             "public_scope", "description", "created_at", "updated_at", "deleted"},
            missing);
  const bool caches = Check(conn, t.zone_caches, {"dns_zone_id", "deleted"}, missing);
  const bool recordsets =
      Check(conn, t.recordsets,
            {"id", "dns_zone_id", "name", "dns_type", "dns_value", "ttl", "mx_priority", "enabled",
             "status", "description", "created_at", "updated_at", "deleted"},
            missing);
  const bool vpcs =
      Check(conn, t.zonevpcs,
            {"row_id", "dns_zone_id", "vpc_id", "created_at", "updated_at", "deleted"}, missing);
  const bool tenants =
      Check(conn, t.tenant_cache, {"id", "domain_id", "created_at", "deleted"}, missing);
  s.present = zones && caches && recordsets;
  if (!s.present) return s;

  ReadZones(conn, t, s);
  std::map<std::string, std::size_t> slot;
  std::set<std::string> domains;
  for (std::size_t i = 0; i < s.zones.size(); ++i) {
    slot.emplace(IdKey(s.zones[i].zone.id), i);
    domains.insert(s.zones[i].zone.domain_id);
  }
  ReadRecords(conn, t, slot, s);
  if (vpcs) ReadVpcs(conn, t, slot, s);
  if (tenants) s.projects = ReadProjects(conn, t, domains, project_ids);
  return s;
}

std::vector<IntermediateHome> FindIntermediateHomes(Connection& conn, const IntermediateTables& t,
                                                    const std::string& zones_table,
                                                    const std::string& records_table) {
  std::vector<IntermediateHome> out;
  if (!TableExists(conn, t.zones) || !TableExists(conn, t.zone_caches) ||
      !TableExists(conn, t.recordsets)) {
    return out;
  }
  std::map<std::string, std::pair<std::string, std::string>> by_record_id;  // zone, recordset
  RowStream rows = conn.Stream("SELECT `id`, `dns_zone_id` FROM " + Q(t.recordsets) +
                               " WHERE `deleted` = 0 AND `dns_zone_id` IN (" + LocalZoneIds(t) +
                               ") ORDER BY `dns_zone_id`, `id`");
  Row r;
  while (rows.Next(r)) by_record_id[IntermediateRecordId(Str(r[0]))] = {Str(r[1]), Str(r[0])};
  constexpr std::size_t kIdsPerQuery = 500;
  std::set<std::string> ids;
  auto query = [&] {
    if (ids.empty()) return;
    for (const Row& row : conn.QueryAll(
             "SELECT r.`id`, r.`name`, z.`name`, r.`dns_type` FROM " + Q(records_table) +
             " AS r JOIN " + Q(zones_table) + " AS z ON z.`id` = r.`dns_zone_id` WHERE r.`id` IN (" +
             InList(conn, ids) + ") AND r.`deleted` = 0 AND z.`deleted` = 0")) {
      const auto& [zone, recordset] = by_record_id.at(Str(row[0]));
      const std::string name = AsciiLower(Str(row[1])), zone_name = AsciiLower(Str(row[2]));
      out.push_back({zone, recordset, name == "@" ? zone_name : name + "." + zone_name,
                     Str(row[3]), name == "@"});
    }
    ids.clear();
  };
  for (const auto& [id, source] : by_record_id) {
    ids.insert(id);
    if (ids.size() == kIdsPerQuery) query();
  }
  query();
  std::sort(out.begin(), out.end(), [](const IntermediateHome& a, const IntermediateHome& b) {
    return std::tie(a.zone_source_id, a.recordset_id) < std::tie(b.zone_source_id, b.recordset_id);
  });
  return out;
}

std::vector<std::string> IntermediateAnswerNames(Connection& conn, const IntermediateTables& t,
                                                 const std::string& zones_table,
                                                 const std::string& records_table,
                                                 std::string_view child_label) {
  std::set<std::string> names;
  for (const IntermediateHome& h : FindIntermediateHomes(conn, t, zones_table, records_table)) {
    if (h.apex || h.fqdn.find('.') == std::string::npos) continue;
    names.insert(h.fqdn.rfind("*.", 0) == 0 ? std::string(child_label) + h.fqdn.substr(1)
                                            : h.fqdn);
  }
  return {names.begin(), names.end()};
}

}  // namespace cpdns
