#include "core/migration.h"

#include <spdlog/spdlog.h>

#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "core/database.h"
#include "core/migration_run.h"
#include "core/rollback.h"

namespace cpdns {

using nlohmann::json;

RejectLimit RejectLimit::Parse(std::string_view text) {
  RejectLimit l;
  std::string t(text);
  if (!t.empty() && t.back() == '%') {
    l.percent = true;
    t.pop_back();
  }
  try {
    size_t used = 0;
    l.value = std::stod(t, &used);
    if (used != t.size() || l.value < 0 || std::isnan(l.value) || (l.percent && l.value > 100)) {
      throw std::invalid_argument("range");
    }
  } catch (const std::exception&) {
    throw ConfigError("--max-rejected takes a count (25) or a percentage (2.5%), not " +
                      std::string(text));
  }
  return l;
}

bool RejectLimit::Exceeded(int64_t rejected, int64_t live_rows) const {
  if (!percent) return static_cast<double>(rejected) > value;
  if (live_rows == 0) return false;
  return 100.0 * static_cast<double>(rejected) / static_cast<double>(live_rows) > value;
}

std::string RejectLimit::ToString() const {
  std::string v = std::to_string(value);
  v.erase(v.find_last_not_of('0') + 1);
  if (!v.empty() && v.back() == '.') v.pop_back();
  return v + (percent ? "%" : "");
}

std::string MigrationOptions::ToJson() const {
  json j = {{"legacy_table", tables.legacy},
            {"zones_table", tables.zones},
            {"records_table", tables.records},
            {"zones", zones},
            {"zone_inference", std::string(cpdns::ToString(inference))},
            {"target_version", std::string(cpdns::ToString(target))},
            {"batch_size", batch_size},
            {"write_method", write_method == WriteMethod::kLoadData ? "load-data" : "insert"},
            {"overwrite_changed", overwrite_changed},
            {"only_zones", only_zones},
            {"only_projects", only_projects},
            {"public_suffix_list",
             inference == InferenceStrategy::kPsl ? PublicSuffixListVersion() : ""},
            {"database", connection.database},
            {"server", connection.Describe()}};
  // Only when they decide what is written: a report-only run keeps the key it always had.
  if (intermediate_zones == IntermediateMode::kMigrate) {
    j["intermediate_zones"] = std::string(ToString(intermediate_zones));
    j["intermediate_project"] = intermediate_projects.Values();
    j["intermediate_conflicts"] = std::string(ToString(intermediate_conflicts));
  }
  return j.dump();
}

std::string MigrationOptions::ScopeJson() const {
  if (only_zones.empty() && only_projects.empty()) return "";
  return json{{"only_zones", only_zones}, {"only_projects", only_projects}}.dump();
}

int ExitCodeFor(const MigrationResult& r) {
  switch (r.status) {
    case MigrationStatus::kAbortedThreshold:
      return exit_code::kAbortedThreshold;
    case MigrationStatus::kInterrupted:
      return exit_code::kInterrupted;
    case MigrationStatus::kRolledBack:
      return exit_code::kOk;
    case MigrationStatus::kDone:
      return r.rows_rejected > 0 || r.intermediate_rejected > 0 ? exit_code::kRejectedRows
                                                                 : exit_code::kOk;
  }
  return exit_code::kInternal;
}

MigrationResult RunMigration(const MigrationOptions& o) {
  if (o.list_runs) return ListRuns(o, std::cout);
  if (o.rollback_run) return RunRollback(o, std::cout);
  return MigrationRun(o).Run();
}

}  // namespace cpdns
