// MigrationReport accounts for every legacy row exactly once: totals by
// outcome, by reason, by record type and by zone, the zones to create and to
// reuse, a text summary for people, and a JSON document for machines
// (schema "cloudpods-dns-migrate/migration-report", version 1; see
// docs/report-format.md). JSON rows are streamed to the file as they are
// planned, so memory does not grow with the table.
//
//   MigrationReport report(options, "plan");
//   report.Add(plan);                     // once per legacy row
//   report.Finish(catalog, result, std::cout);
//
// Thread-safety: one thread.
#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "core/migration.h"
#include "core/row_planner.h"

namespace cpdns {

inline constexpr int kMigrationReportVersion = 1;

class MigrationReport {
 public:
  // `mode` is "plan" or "execute". Opens the JSON file when one is asked for.
  MigrationReport(const MigrationOptions& options, std::string mode, std::string run_id);
  MigrationReport(const MigrationReport&) = delete;
  MigrationReport& operator=(const MigrationReport&) = delete;

  void Add(const RowPlan& plan, const ZoneCatalog& zones);
  int64_t rows() const { return rows_; }
  int64_t rejected() const { return rejected_; }
  int64_t live_rows() const { return rows_ - deleted_; }

  // A further top-level member of the JSON report (before the totals).
  void AddSection(std::string key, nlohmann::json value) {
    sections_[std::move(key)] = std::move(value);
  }

  // Fills the counts of `result`, prints the text summary, completes the JSON.
  void Finish(const ZoneCatalog& zones, MigrationResult& result, std::ostream& text);

 private:
  void WriteJsonRow(const RowPlan& plan, const ZoneCatalog& zones);

  const MigrationOptions& options_;
  std::string mode_;
  std::string run_id_;
  std::unique_ptr<std::ofstream> json_;
  bool first_json_row_ = true;
  int64_t rows_ = 0, deleted_ = 0, migrated_ = 0, warned_ = 0, rejected_ = 0, records_ = 0;
  std::map<std::string, int64_t> by_reason_;
  std::map<std::string, int64_t> by_type_;
  // The first rows of each reason, for the text summary.
  std::map<std::string, std::vector<std::string>> examples_;
  std::map<std::string, nlohmann::json> sections_;
};

}  // namespace cpdns
