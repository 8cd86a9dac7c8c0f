// The outcome of one verification run as plain values: each difference the verifier
// found, and the counts, tally and verdict every report is written from.
//
//   Difference d;  d.kind = DifferenceKind::kTargetRule;  d.rule = "cname_not_chased";
//   d.effect = EffectOf(before.answer, after.answer);
//   result.tally.Add(d.Tally());
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/difference.h"
#include "core/live_check.h"
#include "core/zone_export.h"
#include "core/verdict.h"

namespace cpdns {

struct Difference {
  DifferenceKind kind = DifferenceKind::kUnexplained;
  std::string rule;
  std::string detail;
  std::string name;
  std::string type;
  std::string perspective;  // "anonymous" or "project <tenant id>"
  ProbeKind probe = ProbeKind::kLegacyName;
  std::string zone;  // the longest target zone name above the name, or ""
  std::string before;
  std::string after;
  Effect effect = Effect::kChanged;
  bool accepted = false;  // its rule is one the operator accepted (--accept)

  [[nodiscard]] TallyEntry Tally() const { return {kind, rule, probe, effect, zone, accepted}; }
};

struct VerificationResult {
  int64_t legacy_rows = 0;
  int64_t names = 0;         // every name probed
  int64_t legacy_names = 0;  // of which legacy names
  int64_t probes = 0;        // (name, type, perspective) comparisons
  int64_t same = 0;
  DifferenceTally tally;
  Verdict verdict;  // decided when the run ends
  int64_t cloud_pending = 0;
  int64_t local_zones_without_home = 0;  // intermediate-model local zones no new zone holds
  std::optional<LiveSummary> live;        // --live
  std::optional<ZoneExportResult> exported_zones;  // --export-zones

  int64_t Count(DifferenceKind k) const { return tally.Kind(k).Total(); }
};

}  // namespace cpdns
