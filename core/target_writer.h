// TargetWriter collects one batch of zones, records and bookkeeping rows and
// writes them in ONE transaction together with the run's checkpoint, under
// strict sql_mode, failing on any server warning. Because every id is
// deterministic and every insert is an upsert, a batch that is written twice
// (a resumed or repeated run) leaves the same rows as writing it once.
//
//   TargetWriter w(conn, TableNames{}, run_id);
//   w.AddZone(ZoneWrite{}); w.AddRecord(RecordWrite{}); w.AddMapRow(MapWrite{});
//   w.Commit("last-legacy-id", RunCounts{});   // nothing is written before this
//
// The destructor never writes: an uncommitted batch is simply dropped.
// Thread-safety: one thread, one connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bulk_load.h"
#include "core/database.h"
#include "core/run_ledger.h"
#include "core/table_names.h"

namespace cpdns {

// The description of a zone made from legacy rows.
inline constexpr const char* kMigratedZoneDescription = "created by cloudpods-dns-migrate";

// A zone this run creates in dnszones_tbl (never one that already existed).
struct ZoneWrite {
  std::string id;
  std::string name;
  std::string domain_id;
  std::string tenant_id;
  bool is_public = false;
  std::string public_scope;
  // Times of its first legacy row; FinalizeZones sets the final ones.
  std::string created_at;
  std::string updated_at;
  // A zone made from an intermediate zone keeps its type, state and description.
  std::string zone_type = "PrivateZone";
  bool enabled = true;
  std::optional<std::string> description = std::string(kMigratedZoneDescription);
};

struct RecordWrite {
  std::string id;
  std::string name;  // relative
  std::string zone_id;
  std::string type;
  std::string value;
  int64_t ttl = 0;
  bool enabled = true;
  std::string created_at;
  std::string updated_at;
  int64_t mx_priority = 0;  // MX records of intermediate zones
};

// A dnszonevpcs_tbl link of a zone to a VPC, written once (the table has no natural key).
struct VpcWrite {
  std::string zone_id;
  std::string vpc_id;
  std::string created_at;
  std::string updated_at;
};

// The sql_mode of every write connection: no silent truncation or conversion.
inline constexpr const char* kStrictSqlMode =
    "STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
    "NO_ENGINE_SUBSTITUTION";

class TargetWriter {
 public:
  TargetWriter(Connection& conn, TableNames tables, std::string run_id,
               WriteMethod method = WriteMethod::kLoadData);
  TargetWriter(const TargetWriter&) = delete;
  TargetWriter& operator=(const TargetWriter&) = delete;

  void AddZone(ZoneWrite zone) { zones_.push_back(std::move(zone)); }
  void AddRecord(RecordWrite record) { records_.push_back(std::move(record)); }
  void AddMapRow(MapWrite row) { map_.push_back(std::move(row)); }
  void AddVpc(VpcWrite vpc) { vpcs_.push_back(std::move(vpc)); }
  bool empty() const {
    return zones_.empty() && records_.empty() && map_.empty() && vpcs_.empty();
  }

  // Writes the batch and the run's checkpoint atomically, then clears the batch.
  // On failure the transaction is rolled back, the batch is kept (so the caller
  // may retry on a new connection via Rebind) and the error is rethrown.
  void Commit(const std::string& checkpoint_legacy_id, const RunCounts& counts);
  // Sets the created/updated times of the zones this run created to their
  // final values, in one transaction (after the last batch).
  void FinalizeZones(const std::vector<ZoneWrite>& zones);
  // Continues on another connection (after a reconnect).
  void Rebind(Connection& conn) { conn_ = &conn; }
  // The method in use (kInsert after a fallback).
  WriteMethod method() const { return method_; }

 private:
  void WriteZones();
  void WriteRecords();
  void WriteVpcs();
  void Run(const std::string& sql, const char* what);

  Connection* conn_;
  WriteMethod method_;
  TableNames tables_;
  BulkTable records_table_;
  std::string run_id_;
  std::vector<ZoneWrite> zones_;
  std::vector<RecordWrite> records_;
  std::vector<MapWrite> map_;
  std::vector<VpcWrite> vpcs_;
};

// Sets the write session up: strict sql_mode, UTC time zone.
void PrepareWriteSession(Connection& conn);

}  // namespace cpdns
