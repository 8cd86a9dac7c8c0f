// MigrationReport accounts for every legacy row exactly once (totals by outcome, by
// reason, by record type and by zone) and for every zone and record the migration owns
// exactly one change against the target as it is now (create, unchanged, update,
// changed_in_target, deleted_in_target), as a plan reads it (what --execute would do) or
// as a run did it. It prints a text summary for people, like `terraform plan`, and a
// JSON document for machines (schema "cloudpods-dns-migrate/migration-report", version
// 2; fields in migrator/README.md). JSON rows are streamed to the file as they are reported, so
// memory does not grow with the table.
//
//   MigrationReport report(options, "plan", run_id);
//   report.Add(plan, catalog, /*in_scope=*/true, changes);   // once per legacy row
//   report.Finish(catalog, zone_changes, result, std::cout);
//
// Thread-safety: one thread.
#pragma once

#include <array>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "core/batch_diff.h"
#include "core/migration.h"
#include "core/row_planner.h"

namespace cpdns {

inline constexpr int kMigrationReportVersion = 2;

// What happened (or would) to one zone of the catalog.
struct ZoneChange {
  bool known = false;  // false: no row in scope plans into it
  Decision decision;
  std::string difference;  // "column: before -> after; ..."
};

class MigrationReport {
 public:
  // `mode` is "plan" or "execute". Opens the JSON file when one is asked for.
  MigrationReport(const MigrationOptions& options, std::string mode, std::string run_id);
  MigrationReport(const MigrationReport&) = delete;
  MigrationReport& operator=(const MigrationReport&) = delete;

  // One legacy row; `changes`: what the diff found for each of its records (planned ones
  // and those nothing produces any more). `in_scope` false: outside --only-zone /
  // --only-project, neither planned against the target nor written.
  void Add(const RowPlan& plan, const ZoneCatalog& zones, bool in_scope,
           std::span<const RecordChange* const> changes);
  // A record the migration owns whose legacy row is no longer in the table.
  void AddOrphan(const RecordChange& change);
  // A record of an intermediate zone (key kIntermediateKeyPrefix + record set id), at `fqdn`
  // (its own report is the run's intermediate_zones section).
  void AddIntermediate(const RecordChange& change, const std::string& fqdn);
  int64_t rows() const { return rows_; }
  int64_t rejected() const { return rejected_; }
  int64_t live_rows() const { return rows_ - deleted_; }
  const ChangeCounts& record_changes() const { return record_changes_; }

  // A further top-level member of the JSON report (before the totals).
  void AddSection(std::string key, nlohmann::json value) {
    sections_[std::move(key)] = std::move(value);
  }

  // Fills the counts of `result`, prints the text summary, completes the JSON.
  // `zone_changes` is indexed like zones.zones().
  void Finish(const ZoneCatalog& zones, const std::vector<ZoneChange>& zone_changes,
              MigrationResult& result, std::ostream& text);

  // The counts of each kind of change, as the runs table keeps them.
  static std::string ChangesJson(const ChangeCounts& records, const ChangeCounts& zones);

 private:
  void CountChange(const RecordChange& c, const std::string& fqdn);
  void WriteJsonRow(const RowPlan& plan, const ZoneCatalog& zones, bool in_scope,
                    std::span<const RecordChange* const> changes);
  void WriteText(const ZoneCatalog& zones, const std::vector<ZoneChange>& zone_changes,
                 const ChangeCounts& zone_counts, std::ostream& text) const;

  const MigrationOptions& options_;
  std::string mode_;
  std::string run_id_;
  std::unique_ptr<std::ofstream> json_;
  bool first_json_row_ = true;
  std::string orphans_json_;
  std::string intermediate_json_;  // the changes of intermediate zones' records
  int64_t rows_ = 0, deleted_ = 0, migrated_ = 0, warned_ = 0, rejected_ = 0, records_ = 0;
  int64_t out_of_scope_ = 0, overwritten_ = 0;
  ChangeCounts record_changes_{};
  std::map<std::string, int64_t> by_reason_;
  std::map<std::string, int64_t> by_type_;
  // The first rows of each reason, and the first changes of each kind, for the text.
  std::map<std::string, std::vector<std::string>> examples_;
  std::map<int, std::vector<std::string>> change_lines_;
  std::map<std::string, nlohmann::json> sections_;
};

}  // namespace cpdns
