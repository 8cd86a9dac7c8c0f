#include "core/target_source.h"

#include <algorithm>
#include <charconv>

namespace cpdns {

namespace {

constexpr std::size_t kInList = 500;  // names per IN (...) list

constexpr const char* kZoneColumns =
    "`id`, `name`, `enabled`, `status`, `is_public`, `public_scope`, `tenant_id`, `domain_id`, "
    "`manager_id`, `deleted`, `zone_type`, `product_type`";
constexpr const char* kRecordColumns =
    "`id`, `name`, `dns_zone_id`, `dns_type`, `dns_value`, `ttl`, `enabled`, `status`, "
    "`deleted`";

int64_t ParseInt(const Cell& c) {
  int64_t v = 0;
  if (c) std::from_chars(c->data(), c->data() + c->size(), v);
  return v;
}

ZoneRow ZoneFromRow(const Row& r) {
  ZoneRow z;
  z.id = r[0].value_or("");
  z.name = r[1].value_or("");
  z.enabled = r[2] ? std::optional<bool>(ParseInt(r[2]) != 0) : std::nullopt;
  z.status = r[3].value_or("");
  z.is_public = ParseInt(r[4]) != 0;
  z.public_scope = r[5].value_or("");
  z.tenant_id = r[6].value_or("");
  z.domain_id = r[7].value_or("");
  z.manager_id = r[8];
  z.deleted = ParseInt(r[9]) != 0;
  z.zone_type = r[10].value_or("");
  z.product_type = r[11].value_or("");
  return z;
}

RecordRow RecordFromRow(const Row& r) {
  RecordRow rec;
  rec.id = r[0].value_or("");
  rec.name = r[1].value_or("");
  rec.dns_zone_id = r[2].value_or("");
  rec.dns_type = r[3].value_or("");
  rec.dns_value = r[4].value_or("");
  rec.ttl = ParseInt(r[5]);
  rec.enabled = r[6] ? std::optional<bool>(ParseInt(r[6]) != 0) : std::nullopt;
  rec.status = r[7].value_or("");
  rec.deleted = ParseInt(r[8]) != 0;
  return rec;
}

std::string_view View(const Cell& c) { return c ? std::string_view(*c) : std::string_view(); }

}  // namespace

std::vector<ZoneRow> TargetSource::LocalZones(bool skip_migrated) {
  std::string sql = std::string("SELECT ") + kZoneColumns + " FROM " +
                    QuoteIdentifier(tables_.zones) +
                    " WHERE `deleted` = 0 AND (`manager_id` IS NULL OR `manager_id` = '')";
  if (skip_migrated) {
    sql += " AND `id` NOT IN (SELECT `zone_id` FROM " + QuoteIdentifier(kRunZonesTable) + ")";
  }
  sql += " ORDER BY `created_at`, `id`";
  std::vector<ZoneRow> out;
  for (const Row& r : conn_.QueryAll(sql)) out.push_back(ZoneFromRow(r));
  return out;
}

std::vector<ZoneRow> TargetSource::Zones() {
  std::vector<ZoneRow> out;
  for (const Row& r : conn_.QueryAll(std::string("SELECT ") + kZoneColumns + " FROM " +
                                     QuoteIdentifier(tables_.zones))) {
    out.push_back(ZoneFromRow(r));
  }
  return out;
}

std::optional<ZoneRow> TargetSource::Zone(std::string_view id) {
  std::vector<Row> rows = conn_.QueryAll(std::string("SELECT ") + kZoneColumns + " FROM " +
                                         QuoteIdentifier(tables_.zones) + " WHERE `id` = " +
                                         conn_.Literal(id));
  if (rows.empty()) return std::nullopt;
  return ZoneFromRow(rows[0]);
}

void TargetSource::StreamRecords(const std::string& sql, const RecordFilter& want,
                                 const RecordSink& sink) {
  RowStream stream = conn_.Stream(sql);
  Row r;
  while (stream.Next(r)) {
    if (want && !want(RecordView{View(r[0]), View(r[1]), View(r[2]), View(r[3]), View(r[4])})) {
      continue;
    }
    sink(RecordFromRow(r));
  }
}

void TargetSource::RecordsByName(std::span<const std::string_view> names,
                                 const RecordFilter& want, const RecordSink& sink) {
  for (std::size_t i = 0; i < names.size(); i += kInList) {
    std::string sql = std::string("SELECT ") + kRecordColumns + " FROM " +
                      QuoteIdentifier(tables_.records) + " WHERE `name` IN (";
    for (std::size_t j = i; j < std::min(names.size(), i + kInList); ++j) {
      if (j != i) sql += ',';
      conn_.AppendLiteral(sql, names[j]);
    }
    sql += ")";
    StreamRecords(sql, want, sink);
  }
}

void TargetSource::RecordsOfTypes(std::span<const std::string_view> types,
                                  const RecordFilter& want, const RecordSink& sink) {
  if (types.empty()) return;
  std::string sql = std::string("SELECT ") + kRecordColumns + " FROM " +
                    QuoteIdentifier(tables_.records) + " WHERE `dns_type` IN (";
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (i != 0) sql += ", ";
    sql += conn_.Literal(types[i]);
  }
  StreamRecords(sql + ")", want, sink);
}

std::unordered_map<std::string, OwnedCells> TargetSource::States(
    const std::string& table, std::span<const char* const> columns,
    std::span<const std::string> ids, bool lock) {
  constexpr std::size_t kIds = 2000;  // ids per IN (...) list
  std::string head = "SELECT `id`";
  for (const char* c : columns) head += std::string(", ") + QuoteIdentifier(c);
  head += " FROM " + QuoteIdentifier(table) + " WHERE `id` IN (";
  std::unordered_map<std::string, OwnedCells> out;
  for (std::size_t i = 0; i < ids.size(); i += kIds) {
    std::string sql = head;
    for (std::size_t j = i; j < std::min(ids.size(), i + kIds); ++j) {
      if (j != i) sql += ',';
      conn_.AppendLiteral(sql, ids[j]);
    }
    sql += lock ? ") FOR UPDATE" : ")";
    RowStream stream = conn_.Stream(sql);
    Row r;
    while (stream.Next(r)) {
      out.emplace(r[0].value_or(""), OwnedCells(r.begin() + 1, r.end()));
    }
  }
  return out;
}

std::unordered_map<std::string, OwnedCells> TargetSource::RecordStates(
    std::span<const std::string> ids, bool lock) {
  return States(tables_.records, kRecordOwnedColumns, ids, lock);
}

std::unordered_map<std::string, OwnedCells> TargetSource::ZoneStates(
    std::span<const std::string> ids, bool lock) {
  return States(tables_.zones, kZoneOwnedColumns, ids, lock);
}

int64_t TargetSource::RecordCount(std::string_view zone_id) {
  return std::stoll(conn_.QueryValue("SELECT COUNT(*) FROM " + QuoteIdentifier(tables_.records) +
                                     " WHERE `dns_zone_id` = " + conn_.Literal(zone_id))
                        .value_or("0"));
}

std::vector<RecordRow> TargetSource::RecordsOfZone(std::string_view zone_id) {
  std::vector<RecordRow> out;
  StreamRecords(std::string("SELECT ") + kRecordColumns + " FROM " +
                    QuoteIdentifier(tables_.records) + " WHERE `dns_zone_id` = " +
                    conn_.Literal(zone_id) + " ORDER BY `name`, `dns_type`, `dns_value`, `id`",
                {}, [&out](RecordRow&& r) { out.push_back(std::move(r)); });
  return out;
}

std::optional<RecordRow> TargetSource::Record(std::string_view id) {
  std::optional<RecordRow> out;
  StreamRecords(std::string("SELECT ") + kRecordColumns + " FROM " +
                    QuoteIdentifier(tables_.records) + " WHERE `id` = " + conn_.Literal(id),
                {}, [&out](RecordRow&& r) { out = std::move(r); });
  return out;
}

}  // namespace cpdns
