#include "core/owned_rows.h"

#include <algorithm>
#include <unordered_set>

#include "core/errors.h"

namespace cpdns {

namespace {

constexpr std::size_t kInList = 1000;

constexpr const char* kRecordColumns =
    "o.`record_id`, o.`legacy_id`, o.`position`, o.`zone_id`, o.`run_id`, o.`written_run_id`, "
    "o.`fingerprint`";

OwnedRecord RecordFromRow(const Row& r) {
  OwnedRecord o;
  o.record_id = r[0].value_or("");
  o.legacy_id = r[1].value_or("");
  o.position = std::stoi(r[2].value_or("0"));
  o.zone_id = r[3].value_or("");
  o.own.created_run_id = r[4].value_or("");
  o.own.written_run_id = r[5].value_or(o.own.created_run_id);
  o.own.fingerprint = r[6];
  return o;
}

OwnedZone ZoneFromRow(const Row& r) {
  OwnedZone z;
  z.zone_id = r[0].value_or("");
  z.name = r[1].value_or("");
  z.own.created_run_id = r[2].value_or("");
  z.own.written_run_id = r[3].value_or(z.own.created_run_id);
  z.own.fingerprint = r[4];
  return z;
}

// `values` as a quoted, comma-separated list.
std::string InList(Connection& c, std::span<const std::string> values) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += ',';
    c.AppendLiteral(out, v);
  }
  return out;
}

const BulkTable& RecordsTable() {
  static const BulkTable kTable{
      kOwnedRecordsTable,
      {"record_id", "legacy_id", "position", "zone_id", "run_id", "written_run_id", "fingerprint"},
      {"record_id", "zone_id", "run_id", "written_run_id", "fingerprint"}};
  return kTable;
}

}  // namespace

std::vector<OwnedRecord> OwnedRows::QueryRecords(const std::string& where,
                                                 const std::string& tail) {
  std::vector<OwnedRecord> out;
  if (version_ == LedgerVersion::kNone) return out;
  if (version_ == LedgerVersion::kCurrent) {
    for (const Row& r : conn_->QueryAll(std::string("SELECT ") + kRecordColumns + " FROM " +
                                        QuoteIdentifier(kOwnedRecordsTable) + " o WHERE " + where +
                                        tail)) {
      out.push_back(RecordFromRow(r));
    }
    return out;
  }
  // An earlier version: every record its runs (not rolled back) mapped, the earliest run
  // as its creator, no fingerprint.
  std::unordered_set<std::string> seen;
  for (const Row& r : conn_->QueryAll(
           "SELECT o.`record_id`, o.`legacy_id`, o.`position`, o.`zone_id`, o.`run_id`, "
           "o.`run_id`, NULL FROM " + QuoteIdentifier(kMapTable) + " o JOIN " +
           QuoteIdentifier(kRunsTable) + " r ON r.`run_id` = o.`run_id` WHERE " + where +
           " AND o.`zone_id` IS NOT NULL AND r.`status` <> 'rolled_back' ORDER BY "
           "r.`started_at`, o.`run_id`")) {
    if (seen.insert(r[0].value_or("")).second) out.push_back(RecordFromRow(r));
  }
  return out;
}

std::vector<OwnedRecord> OwnedRows::RecordsOf(std::span<const std::string> legacy_ids) {
  std::vector<OwnedRecord> out;
  for (std::size_t i = 0; i < legacy_ids.size(); i += kInList) {
    auto part = legacy_ids.subspan(i, std::min(kInList, legacy_ids.size() - i));
    std::vector<OwnedRecord> got = QueryRecords(
        "o.`record_id` IS NOT NULL AND o.`legacy_id` IN (" + InList(*conn_, part) + ")", "");
    std::move(got.begin(), got.end(), std::back_inserter(out));
  }
  return out;
}

namespace {

// Keys of intermediate zones' records: LIKE 'intermediate:%', '_' and '%' escaped.
std::string IntermediateKeyPattern(Connection& c) {
  return c.Literal(std::string(kIntermediateKeyPrefix) + "%");
}

}  // namespace

std::vector<OwnedRecord> OwnedRows::RecordsWithoutLegacyRow(const std::string& legacy_table) {
  // NOT EXISTS: one primary-key probe per row (NOT IN also checks for NULLs).
  return QueryRecords("o.`record_id` IS NOT NULL AND o.`legacy_id` NOT LIKE " +
                          IntermediateKeyPattern(*conn_) + " AND NOT EXISTS (SELECT 1 FROM " +
                          QuoteIdentifier(legacy_table) + " l WHERE l.`id` = o.`legacy_id`)",
                      "");
}

std::vector<OwnedRecord> OwnedRows::IntermediateRecords() {
  return QueryRecords("o.`record_id` IS NOT NULL AND o.`legacy_id` LIKE " +
                          IntermediateKeyPattern(*conn_),
                      " ORDER BY o.`legacy_id`");
}

std::vector<OwnedRecord> OwnedRows::RecordsCreatedBy(const std::string& run_id,
                                                     const std::pair<std::string, int>& after,
                                                     std::size_t limit, bool lock) {
  const std::string legacy = conn_->Literal(after.first);
  return QueryRecords("o.`run_id` = " + conn_->Literal(run_id) + " AND (o.`legacy_id` > " +
                          legacy + " OR (o.`legacy_id` = " + legacy + " AND o.`position` > " +
                          std::to_string(after.second) + "))",
                      " ORDER BY o.`legacy_id`, o.`position` LIMIT " + std::to_string(limit) +
                          (lock ? " FOR UPDATE" : ""));
}

std::optional<OwnedRecord> OwnedRows::Record(const RecordKey& key, bool lock) {
  std::vector<OwnedRecord> got =
      QueryRecords("o.`legacy_id` = " + conn_->Literal(key.first) + " AND o.`position` = " +
                       std::to_string(key.second),
                   lock ? " FOR UPDATE" : "");
  if (got.empty()) return std::nullopt;
  return got.front();
}

bool OwnedRows::OwnsRecordsOfOtherRuns(const std::string& run_id) {
  if (version_ == LedgerVersion::kNone) return false;
  if (version_ == LedgerVersion::kEarlier) return true;  // read from the row map: assume so
  return conn_->QueryValue("SELECT 1 FROM " + QuoteIdentifier(kOwnedRecordsTable) +
                           " WHERE `run_id` <> " + conn_->Literal(run_id) + " LIMIT 1")
      .has_value();
}

std::vector<OwnedZone> OwnedRows::Zones() {
  std::vector<OwnedZone> out;
  if (version_ == LedgerVersion::kNone) return out;
  if (version_ == LedgerVersion::kCurrent) {
    for (const Row& r : conn_->QueryAll("SELECT `zone_id`, `zone_name`, `run_id`, "
                                        "`written_run_id`, `fingerprint` FROM " +
                                        QuoteIdentifier(kRunZonesTable))) {
      out.push_back(ZoneFromRow(r));
    }
    return out;
  }
  std::unordered_set<std::string> seen;
  for (const Row& r : conn_->QueryAll(
           "SELECT z.`zone_id`, z.`zone_name`, z.`run_id`, z.`run_id`, NULL FROM " +
           QuoteIdentifier(kRunZonesTable) + " z JOIN " + QuoteIdentifier(kRunsTable) +
           " r ON r.`run_id` = z.`run_id` ORDER BY r.`started_at`, z.`run_id`")) {
    if (seen.insert(r[0].value_or("")).second) out.push_back(ZoneFromRow(r));
  }
  return out;
}

std::optional<OwnedZone> OwnedRows::Zone(const std::string& id, bool lock) {
  if (version_ != LedgerVersion::kCurrent) return std::nullopt;
  auto rows = conn_->QueryAll("SELECT `zone_id`, `zone_name`, `run_id`, `written_run_id`, "
                              "`fingerprint` FROM " + QuoteIdentifier(kRunZonesTable) +
                              " WHERE `zone_id` = " + conn_->Literal(id) +
                              (lock ? " FOR UPDATE" : ""));
  if (rows.empty()) return std::nullopt;
  return ZoneFromRow(rows[0]);
}

void OwnedRows::SaveRecords(const std::vector<OwnedRecord>& records, WriteMethod& method) {
  BulkRows rows;
  rows.reserve(records.size() * 200);
  for (const OwnedRecord& r : records) {
    rows.Field(r.record_id).Field(r.legacy_id).Int(r.position).Field(r.zone_id);
    rows.Field(r.own.created_run_id).Field(r.own.written_run_id).Optional(r.own.fingerprint);
    rows.EndRow();
  }
  WriteBulk(*conn_, RecordsTable(), rows, OnDuplicate::kReplace, method,
            "recording the records written");
}

void OwnedRows::ForgetRecords(const std::vector<RecordKey>& keys) {
  for (std::size_t i = 0; i < keys.size(); i += kInList) {
    std::string legacy, pairs;
    for (std::size_t j = i; j < std::min(keys.size(), i + kInList); ++j) {
      const std::string id = conn_->Literal(keys[j].first);
      legacy += (j == i ? "" : ",") + id;
      pairs += std::string(j == i ? "" : ",") + "(" + id + "," + std::to_string(keys[j].second) + ")";
    }
    // The first condition lets the server find the rows by the key's first column.
    conn_->Execute("DELETE FROM " + QuoteIdentifier(kOwnedRecordsTable) + " WHERE `legacy_id` IN (" +
                   legacy + ") AND (`legacy_id`, `position`) IN (" + pairs + ")");
  }
}

void OwnedRows::SaveZones(const std::vector<OwnedZone>& zones) {
  if (zones.empty()) return;
  std::string sql = "INSERT INTO " + QuoteIdentifier(kRunZonesTable) +
                    " (`run_id`, `zone_id`, `zone_name`, `written_run_id`, `fingerprint`) VALUES ";
  for (std::size_t i = 0; i < zones.size(); ++i) {
    const OwnedZone& z = zones[i];
    sql += std::string(i == 0 ? "" : ",") + "(" + conn_->Literal(z.own.created_run_id) + "," +
           conn_->Literal(z.zone_id) + "," + conn_->Literal(z.name) + "," +
           conn_->Literal(z.own.written_run_id) + "," +
           (z.own.fingerprint ? conn_->Literal(*z.own.fingerprint) : std::string("NULL")) + ")";
  }
  conn_->Execute(sql + " ON DUPLICATE KEY UPDATE `run_id` = VALUES(`run_id`), `zone_name` = "
                       "VALUES(`zone_name`), `written_run_id` = VALUES(`written_run_id`), "
                       "`fingerprint` = VALUES(`fingerprint`)");
  conn_->ThrowOnWarnings("recording the zones written");
}

void OwnedRows::ForgetZones(std::span<const std::string> ids) {
  if (ids.empty()) return;
  conn_->Execute("DELETE FROM " + QuoteIdentifier(kRunZonesTable) + " WHERE `zone_id` IN (" +
                 InList(*conn_, ids) + ")");
}

void OwnedRows::Journal(const std::string& run_id, const std::vector<Change>& changes) {
  if (changes.empty()) return;
  std::string sql = "INSERT INTO " + QuoteIdentifier(kChangesTable) +
                    " (`run_id`, `object`, `object_id`, `action`, `previous`, `previous_owner`, "
                    "`legacy_id`, `position`) VALUES ";
  const std::string run = conn_->Literal(run_id);
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const Change& c = changes[i];
    sql += std::string(i == 0 ? "" : ",") + "(" + run + "," + conn_->Literal(c.object) + "," +
           conn_->Literal(c.id) + "," + conn_->Literal(c.action) + "," +
           (c.previous ? conn_->Literal(EncodeCells(*c.previous)) : std::string("NULL")) + "," +
           (c.previous_owner ? conn_->Literal(*c.previous_owner) : std::string("NULL")) + "," +
           (c.object == "record" ? conn_->Literal(c.key.first) + "," + std::to_string(c.key.second)
                                 : std::string("NULL,NULL")) +
           ")";
  }
  // A run that writes a row twice (a zone created, then settled) keeps the first state.
  conn_->Execute(sql + " ON DUPLICATE KEY UPDATE `object_id` = `object_id`");
  conn_->ThrowOnWarnings("recording the changes made");
}

std::vector<Change> OwnedRows::ChangesOf(const std::string& run_id) {
  std::vector<Change> out;
  if (version_ != LedgerVersion::kCurrent) return out;
  for (const Row& r : conn_->QueryAll(
           "SELECT `object`, `object_id`, `action`, `previous`, `previous_owner`, `legacy_id`, "
           "`position` FROM " +
           QuoteIdentifier(kChangesTable) + " WHERE `run_id` = " + conn_->Literal(run_id) +
           " ORDER BY `object` DESC, `object_id`")) {
    Change c;
    c.object = r[0].value_or("");
    c.id = r[1].value_or("");
    c.action = r[2].value_or("");
    if (r[3]) {
      c.previous = DecodeCells(*r[3]);
      if (!c.previous) throw DataError("change of " + c.id + " in run " + run_id + " is unreadable");
    }
    c.previous_owner = r[4];
    c.key = {r[5].value_or(""), std::stoi(r[6].value_or("0"))};
    out.push_back(std::move(c));
  }
  return out;
}

void OwnedRows::ForgetChange(const std::string& run_id, const Change& change) {
  conn_->Execute("DELETE FROM " + QuoteIdentifier(kChangesTable) + " WHERE `run_id` = " +
                 conn_->Literal(run_id) + " AND `object` = " + conn_->Literal(change.object) +
                 " AND `object_id` = " + conn_->Literal(change.id));
}

namespace {

Cell Fp(const Ownership& o) { return o.fingerprint; }

}  // namespace

std::string OwnedRows::EncodeOwner(const OwnedRecord& r) {
  const Cell cells[] = {r.legacy_id, std::to_string(r.position), r.zone_id,
                        r.own.created_run_id, r.own.written_run_id, Fp(r.own)};
  return EncodeCells(cells);
}

std::string OwnedRows::EncodeOwner(const OwnedZone& z) {
  const Cell cells[] = {z.name, z.own.created_run_id, z.own.written_run_id, Fp(z.own)};
  return EncodeCells(cells);
}

std::optional<OwnedRecord> OwnedRows::DecodeRecordOwner(const std::string& id,
                                                        std::string_view text) {
  std::optional<OwnedCells> c = DecodeCells(text);
  if (!c || c->size() != 6 || !(*c)[0] || !(*c)[1] || !(*c)[2] || !(*c)[3] || !(*c)[4]) {
    return std::nullopt;
  }
  OwnedRecord r;
  r.record_id = id;
  r.legacy_id = *(*c)[0];
  r.position = std::stoi(*(*c)[1]);
  r.zone_id = *(*c)[2];
  r.own = {*(*c)[3], *(*c)[4], (*c)[5]};
  return r;
}

std::optional<OwnedZone> OwnedRows::DecodeZoneOwner(const std::string& id, std::string_view text) {
  std::optional<OwnedCells> c = DecodeCells(text);
  if (!c || c->size() != 4 || !(*c)[0] || !(*c)[1] || !(*c)[2]) return std::nullopt;
  return OwnedZone{id, *(*c)[0], {*(*c)[1], *(*c)[2], (*c)[3]}};
}

}  // namespace cpdns
