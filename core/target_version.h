// TargetVersion names the Cloudpods generation that will serve the migrated
// tables: 3.10 (v3.10.5 to v3.10.16, one record per query, no type filter) or
// 3.11 (v3.11.0 and later, every matching record of the query type). Both
// programs take it as --target-version.
//
//   TargetVersion v = ParseTargetVersion("3.11");   // ConfigError otherwise
//   std::string_view text = ToString(v);            // "3.11"
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <string_view>

namespace cpdns {

enum class TargetVersion { k310, k311 };

// "3.10" | "3.11"; throws ConfigError naming the option for anything else.
[[nodiscard]] TargetVersion ParseTargetVersion(std::string_view text);
[[nodiscard]] std::string_view ToString(TargetVersion v);

}  // namespace cpdns
