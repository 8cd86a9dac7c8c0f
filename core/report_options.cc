#include "core/report_options.h"

#include <vector>

#include "core/errors.h"

namespace cpdns {

namespace {

std::vector<std::string> SplitList(std::string_view list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view word = list.substr(start, comma - start);
    while (!word.empty() && word.front() == ' ') word.remove_prefix(1);
    while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
    if (!word.empty()) out.emplace_back(word);
    start = comma + 1;
  }
  return out;
}

// The values of `all` named by `list` ("all" for every one).
template <typename T, std::size_t N>
std::set<T> ParseNames(std::string_view list, const T (&all)[N], std::string_view option) {
  std::set<T> out;
  std::string known;
  for (T v : all) known += (known.empty() ? "" : ", ") + std::string(ToString(v));
  for (const std::string& word : SplitList(list)) {
    if (word == "all") {
      out.insert(std::begin(all), std::end(all));
      continue;
    }
    bool found = false;
    for (T v : all) {
      if (ToString(v) == word) {
        out.insert(v);
        found = true;
      }
    }
    if (!found) {
      throw ConfigError(std::string(option) + ": unknown value '" + word + "' (known: " + known +
                        ", all)");
    }
  }
  if (out.empty()) throw ConfigError(std::string(option) + ": name at least one of " + known);
  return out;
}

template <typename T, std::size_t N>
std::string Names(const std::set<T>& chosen, const T (&all)[N]) {
  if (chosen.size() == N) return "all";
  std::string out;
  for (T v : all) {
    if (chosen.count(v)) out += (out.empty() ? "" : ", ") + std::string(ToString(v));
  }
  return out;
}

}  // namespace

ReportFilter ReportFilter::Parse(std::string_view kinds, std::string_view probes) {
  ReportFilter f;
  f.kinds = ParseNames(kinds, kDifferenceKinds, "--report-kinds");
  f.probes = ParseNames(probes, kProbeKinds, "--report-probes");
  return f;
}

std::string ReportFilter::Describe() const {
  return "kinds: " + Names(kinds, kDifferenceKinds) + "; probes: " + Names(probes, kProbeKinds);
}

std::string ReportFilter::ProbesLeftOut() const {
  std::string out;
  for (ProbeKind p : kProbeKinds) {
    if (!probes.count(p)) out += (out.empty() ? "" : ", ") + std::string(ToString(p));
  }
  return out;
}

std::set<std::string> ParseAcceptedRules(std::string_view list) {
  std::set<std::string> out;
  for (const std::string& rule : SplitList(list)) {
    if (rule == "unexplained") {
      throw ConfigError("--accept: unexplained differences cannot be accepted; they are defects");
    }
    out.insert(rule);
  }
  return out;
}

}  // namespace cpdns
