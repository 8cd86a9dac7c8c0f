// Integration-test support for the living-target rules: changes made to a migrated
// database the way Cloudpods' API makes them (update_version bumped, updated_at set,
// soft deletes with deleted_at, new rows with random ids), rows found by name, legacy
// rows held aside and brought back between runs, and the owned columns of a row.
//
//   ScratchDatabase db;  LoadFixtureDatabase(db, "basic");
//   RunMigrator(db, {"--execute"});
//   const std::string id = RecordIdOf(db, "app01", "example.com");
//   ApiUpdateRecord(db, id, "`ttl` = 42, `dns_value` = '10.9.9.9'");
//
// Thread-safety: one test thread.
#pragma once

#include <string>
#include <vector>

#include "tests/integration/migrator_harness.h"

namespace cpdns::testing {

// The id of the record named `name` in the zone named `zone` ("" when none; the first by
// id when several).
std::string RecordIdOf(const ScratchDatabase& db, const std::string& name,
                       const std::string& zone, const std::string& type = "");
std::string ZoneIdOf(const ScratchDatabase& db, const std::string& zone);

// UPDATE of a record or zone as the API does it: `set`, update_version + 1, updated_at now.
void ApiUpdateRecord(const ScratchDatabase& db, const std::string& id, const std::string& set);
void ApiUpdateZone(const ScratchDatabase& db, const std::string& id, const std::string& set);
// deleted = 1, deleted_at now (the API's delete of a record).
void ApiSoftDeleteRecord(const ScratchDatabase& db, const std::string& id);
void HardDeleteRecord(const ScratchDatabase& db, const std::string& id);
// A record added through the API to zone `zone_id`; returns its (random) id.
std::string ApiAddRecord(const ScratchDatabase& db, const std::string& zone_id,
                         const std::string& name, const std::string& value);
// A local zone added through the API; returns its id.
std::string ApiAddZone(const ScratchDatabase& db, const std::string& name);

// The named columns of one row of `table`, joined by '|' (NULL as \N).
std::string RowOf(const ScratchDatabase& db, const std::string& table, const std::string& id,
                  const std::string& columns);

// Moves the legacy rows matching `where` into table `hold` (of this test), or brings them
// back. Between runs only: the legacy table is watched during runs.
void HoldLegacyRows(const ScratchDatabase& db, const std::string& where,
                    const std::string& hold);
void ReturnLegacyRows(const ScratchDatabase& db, const std::string& hold);

// The rows of both target tables, for row-by-row comparison.
struct TargetRows {
  explicit TargetRows(const ScratchDatabase& db)
      : zones(TableRows(db, kZonesTable)), records(TableRows(db, kRecordsTable)) {}
  std::vector<std::string> zones, records;
};
void ExpectSameTargetRows(const ScratchDatabase& db, const TargetRows& want);

}  // namespace cpdns::testing
