// The verifier's text summary and JSON pieces (declared where used, in verifier.cc).
#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "core/database.h"
#include "core/verifier.h"

namespace cpdns {

using nlohmann::json;

namespace {

// Appends `s` as a JSON string exactly as nlohmann::json::dump() writes it: printable
// ASCII as is, anything else through the library.
void AppendJsonString(std::string_view s, std::string& out) {
  bool plain = std::all_of(s.begin(), s.end(), [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x80 && c != '"' && c != '\\';
  });
  if (!plain) {
    out += json(std::string(s)).dump();
    return;
  }
  out += '"';
  out += s;
  out += '"';
}

}  // namespace

// The JSON object of one difference, keys in the order nlohmann::json (a std::map) dumps
// them; written directly, since a report may hold millions of differences.
void AppendDifferenceJson(const Difference& d, std::string& out) {
  const std::pair<std::string_view, std::string_view> fields[] = {
      {"after", d.after},   {"before", d.before},           {"detail", d.detail},
      {"kind", ToString(d.kind)}, {"name", d.name},         {"perspective", d.perspective},
      {"probe", d.probe},   {"rule", d.rule},               {"type", d.type},
      {"zone", d.zone}};
  out += '{';
  for (const auto& [key, value] : fields) {
    if (key != fields[0].first) out += ',';
    out += '"';
    out += key;
    out += "\":";
    AppendJsonString(value, out);
  }
  out += '}';
}

void WriteVerificationText(const VerifierOptions& o, const VerificationResult& r,
                           const std::map<DifferenceKind, std::vector<Difference>>& examples,
                           std::ostream& text) {
  text << "Verification against Cloudpods " << ToString(o.target) << "\n"
       << "  database:            " << o.connection.Describe() << "\n"
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
       << "   (rows the migrator skipped on purpose)\n"
       << "  uncertain:           " << r.Count(DifferenceKind::kUncertain)
       << "   (the answer depends on which tied row MariaDB returns first)\n";
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
                           DifferenceKind::kNowAnswers, DifferenceKind::kNotMigrated,
                           DifferenceKind::kUncertain}) {
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
