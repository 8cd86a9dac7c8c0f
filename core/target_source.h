// TargetSource reads the target side as it is now: the zones of `dnszones_tbl` and the
// records of `dns_records_tbl` (or tables of the same shape under other names). Every
// statement that reads the target tables lives here; the migrator, the verifier and the
// exports call it.
//
//   TargetSource target(conn, TableNames{});
//   for (const ZoneRow& z : target.Zones()) { ... }
//   std::vector<RecordRow> records = target.RecordsOfZone(zone_id);
//   std::optional<RecordRow> r = target.Record("1b4e28ba-2fa1-5d2a-...");
//
// Rows keep every byte as stored; nullable columns stay std::optional (rows.h).
// Thread-safety: owns no connection; uses the caller's, one thread at a time.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/database.h"
#include "core/rows.h"
#include "core/table_names.h"
#include "core/target_diff.h"

namespace cpdns {

// The key columns of a record row, viewed before the row is built, so a caller can skip
// rows it does not want without copying them.
struct RecordView {
  std::string_view id;
  std::string_view name;
  std::string_view zone_id;
  std::string_view type;
  std::string_view value;
};
using RecordFilter = std::function<bool(const RecordView&)>;
using RecordSink = std::function<void(RecordRow&&)>;

class TargetSource {
 public:
  TargetSource(Connection& conn, TableNames tables) : conn_(conn), tables_(std::move(tables)) {}
  TargetSource(const TargetSource&) = delete;
  TargetSource& operator=(const TargetSource&) = delete;

  // Live local zones (manager_id NULL or ''), oldest first. `skip_migrated`: without the
  // zones migration runs created (cpdns_migration_zones), so that every run plans
  // exactly as the first one did.
  std::vector<ZoneRow> LocalZones(bool skip_migrated);
  // Every zone, live or deleted, local or cloud, in no particular order.
  std::vector<ZoneRow> Zones();
  std::optional<ZoneRow> Zone(std::string_view id);

  // Records whose relative name is one of `names` (compared as the column's collation
  // does: case-insensitively), each that `want` accepts (all when empty).
  void RecordsByName(std::span<const std::string_view> names, const RecordFilter& want,
                     const RecordSink& sink);
  // Every record of one of `types` (e.g. {"A", "AAAA"}) that `want` accepts.
  void RecordsOfTypes(std::span<const std::string_view> types, const RecordFilter& want,
                      const RecordSink& sink);
  // The records of one zone, by name, type and value.
  std::vector<RecordRow> RecordsOfZone(std::string_view zone_id);
  std::optional<RecordRow> Record(std::string_view id);

  // The columns the migration owns (target_diff.h) of the rows with these ids that
  // exist, by id; FOR UPDATE when `lock` (inside the caller's transaction), so that
  // nobody changes them between comparing and writing.
  std::unordered_map<std::string, OwnedCells> RecordStates(std::span<const std::string> ids,
                                                           bool lock);
  std::unordered_map<std::string, OwnedCells> ZoneStates(std::span<const std::string> ids,
                                                         bool lock);
  // How many records a zone holds (live or soft-deleted).
  int64_t RecordCount(std::string_view zone_id);

  const TableNames& tables() const { return tables_; }

 private:
  std::unordered_map<std::string, OwnedCells> States(const std::string& table,
                                                     std::span<const char* const> columns,
                                                     std::span<const std::string> ids, bool lock);
  void StreamRecords(const std::string& sql, const RecordFilter& want, const RecordSink& sink);

  Connection& conn_;
  TableNames tables_;
};

}  // namespace cpdns
