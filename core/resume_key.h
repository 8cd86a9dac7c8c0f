// Which recorded options decide how rows are planned, so that `--resume` continues
// a run only under the options it started with, and says which ones differ.
//
//   std::vector<std::string> diff = ResumeKeyDifferences(recorded_json, o.ToJson());
//   if (!diff.empty()) throw ConfigError("--resume: options differ: " + diff.front());
//
// The key is the options JSON of MigrationOptions::ToJson() less what does not change
// a plan (batch size, write method, the server's address): the tables, zones, zone
// inference with the Public Suffix List it used, the target version, the database,
// the scope (--only-zone, --only-project) and --overwrite-changed.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

namespace cpdns {

// "name: recorded VALUE, now VALUE" for each key option that differs, in name order.
std::vector<std::string> ResumeKeyDifferences(const std::string& recorded_json,
                                              const std::string& current_json);

}  // namespace cpdns
