#include "core/chunk_data.h"

#include <algorithm>

#include "core/legacy_source.h"
#include "core/wire_name.h"

namespace cpdns {

namespace {

// Inserts `key` unless present; true when it was new. Allocates only for a new key.
bool InsertNew(StringSet& set, std::string_view key) {
  if (set.find(key) != set.end()) return false;
  set.emplace(key);
  return true;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsLowerAscii(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

void RareNames::Load(Connection& conn, const TableNames& tables, const std::vector<ZoneRow>& zones,
                     const StringMap<std::vector<std::size_t>>& zones_by_id) {
  RowsOfRareNames(conn, tables.legacy, kChildProbeLabel, [this](LegacyRow&& row) {
    const LegacyRow& added = legacy_.Add(std::move(row));
    by_norm_[LegacyProbeName(added.name)].push_back(&added);
  });
  // Only the zones these records are in.
  StringSet zones_added;
  const std::string_view prefixes[] = {"*", kChildProbeLabel};
  TargetSource(conn, tables).RecordsWithNamePrefixes(prefixes, [&](RecordRow&& r) {
    std::string key = AsciiCiKey(r.dns_zone_id);
    if (zones_added.insert(key).second) {
      if (auto it = zones_by_id.find(key); it != zones_by_id.end()) {
        for (std::size_t zi : it->second) records_.AddZone(zones[zi]);
      }
    }
    records_.AddRecord(std::move(r));
  });
}

bool RareNames::IsRareLegacyName(std::string_view name) {
  if (StartsWith(name, "*") || (!name.empty() && name.back() == '.')) return true;
  return name.size() > kChildProbeLabel.size() && name[kChildProbeLabel.size()] == '.' &&
         CompareAsciiCi(name.substr(0, kChildProbeLabel.size()), kChildProbeLabel) == 0;
}

bool RareNames::IsRareRecordName(std::string_view fqdn) {
  // A relative name is a prefix of the name it answers to: it starts as the name does.
  return StartsWith(fqdn, "*") ||
         (fqdn.size() >= kChildProbeLabel.size() &&
          CompareAsciiCi(fqdn.substr(0, kChildProbeLabel.size()), kChildProbeLabel) == 0);
}

const std::vector<const LegacyRow*>& RareNames::RowsFor(std::string_view normalised) const {
  static const std::vector<const LegacyRow*> kNone;
  auto it = by_norm_.find(std::string(normalised));
  return it == by_norm_.end() ? kNone : it->second;
}

const std::vector<const LegacyRow*>* ChunkData::LegacyLookup::RowsNamed(std::string_view name) const {
  return RareNames::IsRareLegacyName(name) ? rare_.RowsNamed(name) : chunk_.RowsNamed(name);
}

const std::vector<ZonedRecord>* ChunkData::RecordLookup::RecordsNamed(std::string_view fqdn) const {
  return RareNames::IsRareRecordName(fqdn) ? rare_.RecordsNamed(fqdn) : chunk_.RecordsNamed(fqdn);
}

const std::vector<ZonedRecord>* ChunkData::RecordLookup::RecordsWithValue(std::string_view value) const {
  return chunk_.RecordsWithValue(value);
}

ChunkData::ChunkData(Connection& conn, const SharedLookups& shared)
    : conn_(conn),
      shared_(shared),
      target_(conn, shared.tables),
      legacy_(LegacyTable::Coverage::kPartial),
      records_(RecordTable::Coverage::kPartial),
      legacy_view_(legacy_, shared.rare.legacy()),
      records_view_(records_, shared.rare.records()) {}

void ChunkData::Reset() {
  legacy_.Clear();
  records_.Clear();
  zone_ids_.clear();
  legacy_names_.clear();
  legacy_ids_.clear();
  record_names_.clear();
  record_values_.clear();
  record_ids_.clear();
  rows_by_norm_.clear();
}

const std::vector<const LegacyRow*>& ChunkData::RowsFor(std::string_view normalised) const {
  static const std::vector<const LegacyRow*> kNone;
  if (RareNames::IsRareLegacyName(normalised)) return shared_.rare.RowsFor(normalised);
  auto it = rows_by_norm_.find(normalised);
  return it == rows_by_norm_.end() ? kNone : it->second;
}

void ChunkData::AddLegacy(const LegacyRow& fetched) {
  if (!InsertNew(legacy_ids_, fetched.id)) return;
  const LegacyRow& row = legacy_.Add(fetched);
  std::string norm = LegacyProbeName(row.name);
  auto it = rows_by_norm_.find(std::string_view(norm));
  if (it == rows_by_norm_.end()) it = rows_by_norm_.try_emplace(std::move(norm)).first;
  it->second.push_back(&row);
}

void ChunkData::FetchLegacy(std::initializer_list<std::string_view> names) {
  FetchLegacy(std::span<const std::string_view>(names.begin(), names.size()));
}

void ChunkData::FetchLegacy(const std::vector<std::string>& names) {
  std::vector<std::string_view> views(names.begin(), names.end());
  FetchLegacy(std::span<const std::string_view>(views));
}

void ChunkData::FetchLegacy(std::span<const std::string_view> names) {
  std::vector<std::string> want;
  for (std::string_view n : names) {
    if (RareNames::IsRareLegacyName(n)) continue;  // answered from SharedLookups
    if (!(IsLowerAscii(n) ? InsertNew(legacy_names_, n) : InsertNew(legacy_names_, LowerAscii(n)))) {
      continue;
    }
    legacy_.AddEmptyName(n);
    // The rows spelled "n." belong to n too (RowsFor).
    for (const LegacyRow* r : shared_.rare.RowsFor(LowerAscii(n))) AddLegacy(*r);
    want.emplace_back(n);
  }
  if (want.empty()) return;
  RowsByName(
      conn_, shared_.tables.legacy, want,
      [this](std::string_view id) { return legacy_ids_.find(id) == legacy_ids_.end(); },
      [this](LegacyRow&& fetched) { AddLegacy(fetched); });
}

void ChunkData::FetchRecords(std::initializer_list<std::string_view> names) {
  FetchRecords(std::span<const std::string_view>(names.begin(), names.size()));
}

void ChunkData::FetchRecords(const std::vector<std::string>& names) {
  std::vector<std::string_view> views(names.begin(), names.end());
  FetchRecords(std::span<const std::string_view>(views));
}

void ChunkData::FetchRecords(std::span<const std::string_view> names) {
  // A record answers to CONCAT(name, '.', zone): try every zone that is a suffix.
  // The zones (indexes into shared_.zones) each relative name may belong to.
  StringMap<std::vector<std::size_t>> zones_by_rel;
  for (std::string_view raw : names) {
    if (RareNames::IsRareRecordName(raw)) continue;  // answered from SharedLookups
    std::string lowered;
    std::string_view f = raw;
    if (!IsLowerAscii(raw)) f = lowered = LowerAscii(raw);
    if (!InsertNew(record_names_, f)) continue;
    records_.AddEmptyName(f);
    for (size_t dot = f.find('.'); dot != std::string::npos; dot = f.find('.', dot + 1)) {
      auto it = shared_.zones_by_name.find(f.substr(dot + 1));
      if (it == shared_.zones_by_name.end()) continue;
      std::string_view rel = f.substr(0, dot);
      auto at = zones_by_rel.find(rel);
      if (at == zones_by_rel.end()) at = zones_by_rel.try_emplace(std::string(rel)).first;
      at->second.insert(at->second.end(), it->second.begin(), it->second.end());
    }
  }
  if (zones_by_rel.empty()) return;
  std::vector<std::string_view> rels;
  for (const auto& [rel, zone_indexes] : zones_by_rel) rels.push_back(rel);
  // Only rows in one of the zones their relative name was asked for.
  auto wanted = [&](const RecordView& r) {
    std::string_view name = r.name;
    std::string lowered;
    if (!IsLowerAscii(name)) name = lowered = LowerAscii(name);
    auto it = zones_by_rel.find(name);
    if (it == zones_by_rel.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(),
                       [&](std::size_t zi) { return shared_.zones[zi].id == r.zone_id; });
  };
  target_.RecordsByName(rels, wanted, [this](RecordRow&& r) { AddRecord(std::move(r)); });
}

void ChunkData::FetchValues(const std::vector<std::string>& values) {
  for (const std::string& v : values) {
    if (!InsertNew(record_values_, v)) continue;
    records_.AddEmptyValue(v);
    auto it = shared_.by_address.find(v);
    if (it == shared_.by_address.end()) continue;
    for (const RecordRow& r : it->second) AddRecord(r);
  }
}

void ChunkData::AddRecord(RecordRow r) {
  if (!InsertNew(record_ids_, r.id)) return;
  std::string key = AsciiCiKey(r.dns_zone_id);
  if (InsertNew(zone_ids_, key)) {
    if (auto it = shared_.zones_by_id.find(key); it != shared_.zones_by_id.end()) {
      for (std::size_t zi : it->second) records_.AddZone(shared_.zones[zi]);
    }
  }
  records_.AddRecord(std::move(r));
}

}  // namespace cpdns
