// OwnedRows is the part of the run ledger that knows which target rows the migration
// owns: every record and zone it created (cpdns_migration_records, _zones), with the run
// that created it, the run that last wrote it and the fingerprint of its owned columns as
// written (target_diff.h), and the journal of what runs changed in rows that existed
// before they wrote (cpdns_migration_changes), from which a rollback restores them.
//
//   OwnedRows owned(conn, RunLedger(conn).Version());
//   std::vector<OwnedRecord> mine = owned.RecordsOf(legacy_ids);
//   owned.SaveRecords({OwnedRecord{}}, method);   // inside the batch's transaction
//
// Bookkeeping tables of an earlier version (LedgerVersion::kEarlier) are read as if
// upgraded: what their row map lists is owned, with no fingerprint.
// Thread-safety: uses the caller's connection, one thread at a time.
#pragma once

#include <optional>
#include <span>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "core/bulk_load.h"
#include "core/database.h"
#include "core/run_ledger.h"
#include "core/target_diff.h"

namespace cpdns {

// A record's key in the bookkeeping tables: its legacy row and value position (its id is
// derived from them); for a record of an intermediate zone, kIntermediateKeyPrefix and its
// dns_recordsets_tbl id, position 0 (its id is IntermediateRecordId of that id).
using RecordKey = std::pair<std::string, int>;

inline constexpr std::string_view kIntermediateKeyPrefix = "intermediate:";
[[nodiscard]] inline std::string IntermediateRecordKey(std::string_view recordset_id) {
  return std::string(kIntermediateKeyPrefix) + std::string(recordset_id);
}
// Where a record comes from, for people: "legacy row ID#N" or "record set ID" (bytes as
// given; the caller makes them safe to print first).
[[nodiscard]] inline std::string DescribeRecordKey(std::string_view legacy_id, int position) {
  if (legacy_id.starts_with(kIntermediateKeyPrefix)) {
    return "record set " + std::string(legacy_id.substr(kIntermediateKeyPrefix.size()));
  }
  return "legacy row " + std::string(legacy_id) + "#" + std::to_string(position);
}

struct OwnedRecord {
  std::string record_id;
  std::string legacy_id;
  int position = 0;
  std::string zone_id;
  Ownership own;
};

struct OwnedZone {
  std::string zone_id;
  std::string name;
  Ownership own;
};

// One entry of the journal: a row as it was before `run_id` wrote it, or a VPC link it
// created with a zone (object "vpc", id ZoneVpcChangeId, action "create").
struct Change {
  std::string object;  // "record" | "zone" | "vpc"
  std::string id;
  std::string action;                        // update | restore | remove | adopt | create
  RecordKey key;                             // records only
  std::optional<OwnedCells> previous;        // nullopt: the row was absent
  std::optional<std::string> previous_owner;  // EncodeOwner(...); nullopt: not owned
};

// "<zone id>/<vpc id>", the journal's id of a VPC link.
[[nodiscard]] inline std::string ZoneVpcChangeId(std::string_view zone_id, std::string_view vpc_id) {
  return std::string(zone_id) + "/" + std::string(vpc_id);
}

class OwnedRows {
 public:
  OwnedRows(Connection& conn, LedgerVersion version) : conn_(&conn), version_(version) {}

  // ---- reading ----
  std::vector<OwnedRecord> RecordsOf(std::span<const std::string> legacy_ids);
  std::vector<OwnedZone> Zones();
  // Owned records whose legacy row is no longer in `legacy_table` (not those of
  // intermediate zones).
  std::vector<OwnedRecord> RecordsWithoutLegacyRow(const std::string& legacy_table);
  // Owned records of intermediate zones (keys starting with kIntermediateKeyPrefix).
  std::vector<OwnedRecord> IntermediateRecords();
  // Records `run_id` created, in (legacy id, position) order after `after`, at most
  // `limit`; FOR UPDATE when `lock`.
  std::vector<OwnedRecord> RecordsCreatedBy(const std::string& run_id,
                                            const std::pair<std::string, int>& after,
                                            std::size_t limit, bool lock);
  std::optional<OwnedRecord> Record(const RecordKey& key, bool lock);
  // Whether any record is owned by a run other than `run_id` (created by it; a record
  // another run wrote since was created by one of them too).
  bool OwnsRecordsOfOtherRuns(const std::string& run_id);
  std::optional<OwnedZone> Zone(const std::string& id, bool lock);

  // ---- writing (inside the caller's transaction) ----
  void SaveRecords(const std::vector<OwnedRecord>& records, WriteMethod& method);
  void ForgetRecords(const std::vector<RecordKey>& keys);
  void SaveZones(const std::vector<OwnedZone>& zones);
  void ForgetZones(std::span<const std::string> ids);

  // ---- the journal ----
  void Journal(const std::string& run_id, const std::vector<Change>& changes);
  // Newest first.
  std::vector<Change> ChangesOf(const std::string& run_id);
  void ForgetChange(const std::string& run_id, const Change& change);

  static std::string EncodeOwner(const OwnedRecord& r);
  static std::string EncodeOwner(const OwnedZone& z);
  static std::optional<OwnedRecord> DecodeRecordOwner(const std::string& id, std::string_view text);
  static std::optional<OwnedZone> DecodeZoneOwner(const std::string& id, std::string_view text);

 private:
  std::vector<OwnedRecord> QueryRecords(const std::string& where, const std::string& tail);

  Connection* conn_;
  LedgerVersion version_;
};

}  // namespace cpdns
