// The verifier's JSON report, written as the run goes: a head, every listed difference
// as soon as it is found, and a tail with the verdict and totals, so memory does not
// depend on how many differences there are.
//
//   JsonReportWriter w("verify.json", {{"schema", "..."}, {"version", 2}});
//   w.Add(difference);                       // any number of times
//   w.Finish({{"verdict", v.Json()}, {"totals", totals}});
//
// Layout: {<head members>, "differences": [{after, before, [detail], effect, kind, name,
// perspective, probe, rule, type, zone, [accepted]}...], "rules": {rule: detail},
// <tail members>}. A difference's `detail` is left out when it is the text `rules` gives
// for its rule (most are), which keeps a large report a fraction of the size.
//
// Thread-safety: one thread.
#pragma once

#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/verification_result.h"

namespace cpdns {

class JsonReportWriter {
 public:
  // Creates `path` (ConfigError when it cannot) and writes `head`, an object.
  JsonReportWriter(std::string path, const nlohmann::json& head);
  JsonReportWriter(const JsonReportWriter&) = delete;
  JsonReportWriter& operator=(const JsonReportWriter&) = delete;

  void Add(const Difference& d);
  // Writes the rest; ConfigError when anything could not be written.
  void Finish(const nlohmann::json& tail);

  int64_t written() const { return written_; }

 private:
  void Flush();

  std::string path_;
  std::ofstream out_;
  std::string buffer_;
  int64_t written_ = 0;
  std::map<std::string, std::string, std::less<>> rule_details_;
};

// `s` as a JSON string, exactly as nlohmann::json::dump() writes it.
void AppendJsonString(std::string_view s, std::string& out);

}  // namespace cpdns
