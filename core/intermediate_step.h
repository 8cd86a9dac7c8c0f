// The intermediate model's local zones as one step of a migration run: read them with the
// legacy table's other inputs, collect what the legacy rows answered while the rows are
// planned, plan every local zone once the last legacy row is placed (so legacy placement
// never depends on them), and report the plans in the run's text and JSON report.
// --intermediate-zones report (the default) only reports; migrate plans them for writing.
//
//   IntermediateStep step(IntermediateMode::kMigrate, IntermediateOptions{});
//   step.Load(read_connection);                    // before the legacy rows
//   step.AddLegacy(row);                           // for every legacy row planned
//   step.Plan(catalog);                            // after the last one
//   step.WriteText(catalog, executed, std::cout);  // and step.Json(catalog) for the report
//
// With migrate, MigrationRun writes the plans like legacy rows (intermediate_batch.h).
//
// Thread-safety: one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include "core/database.h"
#include "core/intermediate_source.h"
#include "core/intermediate_zones.h"
#include "core/row_planner.h"

namespace cpdns {

// --intermediate-zones.
enum class IntermediateMode { kReport, kMigrate };
// "report" or "migrate", spelled out (the value decides what an --execute run writes);
// ConfigError otherwise.
[[nodiscard]] IntermediateMode ParseIntermediateMode(std::string_view text);
[[nodiscard]] std::string_view ToString(IntermediateMode mode);

class IntermediateStep {
 public:
  IntermediateStep(IntermediateMode mode, IntermediateOptions options)
      : mode_(mode), options_(std::move(options)) {}

  // Reads the local zones; nothing when the intermediate tables do not exist.
  void Load(Connection& read);
  // What a legacy row answered, for the conflict rules (every row, in any order).
  void AddLegacy(const LegacyRow& row) {
    if (answers_) answers_->Add(row);
  }
  // Plans every local zone into `zones`, which holds the zone of every legacy row.
  void Plan(ZoneCatalog& zones);

  bool present() const { return snapshot_.present; }
  bool migrate() const { return mode_ == IntermediateMode::kMigrate; }
  const std::vector<IntermediateZonePlan>& plans() const { return plans_; }
  // Zones and records refused, of the zones `in_scope` keeps: they count like rejected
  // legacy rows, with migrate.
  int64_t Rejected(const std::function<bool(const IntermediateZonePlan&)>& in_scope) const;

  // The plan's section (nothing when the tables do not exist).
  void WriteText(const ZoneCatalog& zones, bool executed, std::ostream& out) const;
  // The report's "intermediate_zones" object: mode, presence, totals, zones and records.
  [[nodiscard]] nlohmann::json Json(const ZoneCatalog& zones) const;

 private:
  IntermediateMode mode_;
  IntermediateOptions options_;
  IntermediateSnapshot snapshot_;
  std::optional<LegacyAnswers> answers_;
  std::vector<IntermediateZonePlan> plans_;
};

}  // namespace cpdns
