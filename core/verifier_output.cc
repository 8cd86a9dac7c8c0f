// The verifier's text summary and JSON pieces (declared where used, in verifier.cc).
#include <nlohmann/json.hpp>
#include <ostream>

#include "core/database.h"
#include "core/verifier.h"

namespace cpdns {

using nlohmann::json;

json DifferenceJson(const Difference& d) {
  return {{"kind", std::string(ToString(d.kind))},
          {"rule", d.rule},
          {"detail", d.detail},
          {"name", d.name},
          {"type", d.type},
          {"perspective", d.perspective},
          {"probe", d.probe},
          {"zone", d.zone},
          {"before", d.before},
          {"after", d.after}};
}

void WriteVerificationText(const VerifierOptions& o, const VerificationResult& r,
                           const std::map<DifferenceKind, std::vector<Difference>>& examples,
                           std::ostream& text) {
  text << "Verification against Cloudpods " << ToString(o.target) << "\n"
       << "  legacy rows:         " << r.legacy_rows << "\n"
       << "  names probed:        " << r.names << " (legacy names, a child of each, parents)\n"
       << "  comparisons:         " << r.probes << " (name x type x client)\n"
       << "  same answer:         " << r.same << "\n"
       << "  unexplained:         " << r.Count(DifferenceKind::kUnexplained)
       << "   <- lost or changed by the migration\n"
       << "  target rules:        " << r.Count(DifferenceKind::kTargetRule)
       << "   (changed by the target release's own rules)\n"
       << "  now answers:         " << r.Count(DifferenceKind::kNowAnswers)
       << "   (legacy never answered these rows)\n"
       << "  not migrated:        " << r.Count(DifferenceKind::kNotMigrated)
       << "   (rows the migrator skipped on purpose)\n";
  if (!r.by_rule.empty()) {
    text << "\nBy rule:\n";
    for (const auto& [rule, n] : r.by_rule) text << "  " << rule << ": " << n << "\n";
  }
  if (!r.by_zone.empty()) {
    text << "\nBy zone (unexplained / target rules / now answers / not migrated):\n";
    for (const auto& entry : r.by_zone) {
      const std::string& zone = entry.first;
      const std::map<DifferenceKind, int64_t>& m = entry.second;
      auto get = [&m](DifferenceKind k) {
        auto it = m.find(k);
        return it == m.end() ? int64_t{0} : it->second;
      };
      text << "  " << zone << ": " << get(DifferenceKind::kUnexplained) << " / "
           << get(DifferenceKind::kTargetRule) << " / " << get(DifferenceKind::kNowAnswers) << " / "
           << get(DifferenceKind::kNotMigrated) << "\n";
    }
  }
  for (DifferenceKind k : {DifferenceKind::kUnexplained, DifferenceKind::kTargetRule,
                           DifferenceKind::kNowAnswers, DifferenceKind::kNotMigrated}) {
    auto it = examples.find(k);
    if (it == examples.end() || it->second.empty()) continue;
    text << "\nFirst differences: " << ToString(k) << "\n";
    for (const Difference& d : it->second) {
      text << "  " << d.name << " " << d.type << " (" << d.perspective << ", " << d.probe << ") ["
           << d.rule << "]\n"
           << "      before: " << d.before << "\n"
           << "      after:  " << d.after << "\n";
    }
  }
}

}  // namespace cpdns
