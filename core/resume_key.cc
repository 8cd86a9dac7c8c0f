#include "core/resume_key.h"

#include <nlohmann/json.hpp>
#include <set>

namespace cpdns {

using nlohmann::json;

namespace {

// Options that change how fast or where from, never what is planned.
const std::set<std::string> kNotInKey = {"batch_size", "write_method", "server"};

json Parse(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_object() ? j : json::object();
}

}  // namespace

std::vector<std::string> ResumeKeyDifferences(const std::string& recorded_json,
                                              const std::string& current_json) {
  const json before = Parse(recorded_json);
  const json now = Parse(current_json);
  std::set<std::string> keys;
  for (const auto& [k, v] : before.items()) keys.insert(k);
  for (const auto& [k, v] : now.items()) keys.insert(k);
  std::vector<std::string> out;
  for (const std::string& k : keys) {
    if (kNotInKey.count(k)) continue;
    const json a = before.contains(k) ? before[k] : json();
    const json b = now.contains(k) ? now[k] : json();
    if (a != b) out.push_back(k + ": recorded " + a.dump() + ", now " + b.dump());
  }
  return out;
}

}  // namespace cpdns
