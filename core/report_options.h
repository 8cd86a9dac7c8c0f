// What the verifier's reports hold and where they go: the files (--report-json,
// --report-html, --report-md), which differences they list (--report-kinds,
// --report-probes), and the rules the operator accepts (--accept). Totals and the
// verdict always count every difference; the filters only choose what is listed.
//
//   ReportOptions o;
//   o.filter = ReportFilter::Parse("unexplained,target_rule", "all");
//   o.filter.Keeps(DifferenceKind::kTargetRule, ProbeKind::kChild);   // true
//
// By default every kind is listed and the synthetic child probes (cpdns-probe.<name>)
// are left out: they are most of the differences of a large region and each says only
// that the target answers a name under an existing one. The covered probes (a name a
// legacy '*' row covers in the target, one per '*' name) stay listed: each shows a
// wildcard that starts answering. So do the names of zones migrated from the
// intermediate model (probe intermediate_zone): each is an answer region-dns never gave.
//
// Thread-safety: plain values.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

#include "core/difference.h"

namespace cpdns {

struct ReportFilter {
  std::set<DifferenceKind> kinds{std::begin(kDifferenceKinds), std::end(kDifferenceKinds)};
  std::set<ProbeKind> probes{ProbeKind::kLegacyName, ProbeKind::kParent, ProbeKind::kCovered,
                             ProbeKind::kIntermediate};

  // Comma-separated lists of kind names (unexplained, not_migrated, target_rule,
  // uncertain, now_answers) and probe names (legacy_name, parent, covered, child, intermediate_zone), or
  // "all". Throws
  // ConfigError naming the option and the word it does not know.
  static ReportFilter Parse(std::string_view kinds, std::string_view probes);

  bool Keeps(DifferenceKind kind, ProbeKind probe) const {
    return kinds.count(kind) != 0 && probes.count(probe) != 0;
  }
  // "kinds: all; probes: legacy_name, parent", for reports.
  std::string Describe() const;
  // The probes left out, "" when none: "child" (for "child probes left out").
  std::string ProbesLeftOut() const;
};

// --accept: comma-separated rule codes. "unexplained" cannot be accepted.
[[nodiscard]] std::set<std::string> ParseAcceptedRules(std::string_view list);

struct ReportOptions {
  std::string json_path;  // "" for none
  std::string html_path;
  std::string md_path;
  ReportFilter filter;
  std::size_t text_examples = 2;  // differences of each kind in the text summary
  std::set<std::string> accepted_rules;
};

}  // namespace cpdns
