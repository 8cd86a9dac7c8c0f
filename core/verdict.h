// The verdict of a verification run and the tally it is decided from. Every difference
// is counted by what it does to a client (an answer lost, changed or added) and by whose
// name it is: a real legacy name, or a probe name the verifier asked about (a child label
// it made up, a parent no legacy row holds), whose differences are answers gained.
//
//   DifferenceTally tally;
//   tally.Add({DifferenceKind::kTargetRule, "cname_not_chased", ProbeKind::kLegacyName,
//              Effect::kLost, "example.com", false});
//   Verdict v = DecideVerdict(tally);   // v.level == VerdictLevel::kSafeWithChanges
//   std::cout << v.Line() << "\n";
//
// The levels (for the operator's change ticket):
//  - not safe: a difference no rule explains, or an answer of a real name lost or changed
//    because the migrator skipped its row (unless the operator accepted that reason);
//  - safe with changes: answers of real names lost or changed by the target release's own
//    rules that the operator did not accept (listed by rule with counts), or uncertain:
//    answers of real names that depend on which of several tied rows MariaDB returns
//    first (rule row_order), where some possible answers are legacy's and some are not.
//    Such an answer is neither proven the same nor a defect: the operator looks at it;
//  - safe: neither; answers added (rows legacy never answered, names only probes ask) are
//    reported with the verdict but do not change it.
//
// Thread-safety: plain values; a DifferenceTally belongs to one thread.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/difference.h"
#include "core/dns_answer.h"

namespace cpdns {

// What a difference does to a client.
enum class Effect {
  kLost,     // answered before, not after
  kChanged,  // answered both times, differently (or failed differently)
  kAdded,    // not answered before, answered after
};
[[nodiscard]] std::string_view ToString(Effect effect);
[[nodiscard]] Effect EffectOf(const Answer& before, const Answer& after);

// A legacy name is real; children and parents no row holds are probe names.
[[nodiscard]] inline bool IsRealName(ProbeKind kind) { return kind == ProbeKind::kLegacyName; }

struct EffectCounts {
  int64_t lost = 0;
  int64_t changed = 0;
  int64_t added = 0;

  void Add(Effect e, int64_t n = 1);
  void Add(const EffectCounts& other);
  int64_t Total() const { return lost + changed + added; }
  int64_t LostOrChanged() const { return lost + changed; }
  friend bool operator==(const EffectCounts&, const EffectCounts&) = default;
};

// Findings split by whose name they are at.
struct FindingCounts {
  EffectCounts real;   // at legacy names
  EffectCounts probe;  // at probe names
  int64_t Total() const { return real.Total() + probe.Total(); }
  void Add(const FindingCounts& other);
};

// One difference as the tally sees it.
struct TallyEntry {
  DifferenceKind kind = DifferenceKind::kUnexplained;
  std::string_view rule;
  ProbeKind probe = ProbeKind::kLegacyName;
  Effect effect = Effect::kChanged;
  std::string_view zone;  // "" for a name under no zone
  bool accepted = false;  // its rule was accepted by the operator (--accept)
};

struct RuleTally {
  DifferenceKind kind = DifferenceKind::kUnexplained;
  bool accepted = false;
  FindingCounts counts;
};

struct ZoneTally {
  std::string zone;  // "(no zone)" for names under none
  std::map<DifferenceKind, FindingCounts> by_kind;
  int64_t Total() const;
  int64_t Count(DifferenceKind k) const;
  int64_t RealLostOrChanged() const;
};

class DifferenceTally {
 public:
  void Add(const TallyEntry& e);

  const std::map<DifferenceKind, FindingCounts>& by_kind() const { return by_kind_; }
  const std::map<std::string, RuleTally, std::less<>>& by_rule() const { return by_rule_; }
  FindingCounts Kind(DifferenceKind k) const;
  int64_t zones() const { return static_cast<int64_t>(by_zone_.size()); }
  // Zones by how much they need a look: unexplained first, then answers of real names
  // lost or changed, then all findings; ties by name. At most `limit`.
  std::vector<ZoneTally> TopZones(std::size_t limit) const;
  // Every zone, by name.
  std::vector<ZoneTally> Zones() const;
  // Rules by count, most first; ties by name.
  std::vector<std::pair<std::string, RuleTally>> RulesByCount() const;

 private:
  std::map<DifferenceKind, FindingCounts> by_kind_;
  std::map<std::string, RuleTally, std::less<>> by_rule_;
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, ZoneTally, StringHash, std::equal_to<>> by_zone_;
};

enum class VerdictLevel { kSafe, kSafeWithChanges, kNotSafe };
[[nodiscard]] std::string_view ToString(VerdictLevel level);  // "safe", "safe with changes", ...

struct Verdict {
  VerdictLevel level = VerdictLevel::kSafe;
  // What decides it (accepted rules left out):
  int64_t unexplained = 0;            // differences no rule explains, at any name
  EffectCounts real_lost_by_skipped;  // at legacy names, rows the migrator skipped
  EffectCounts real_by_target_rules;  // at legacy names, the target release's rules
  int64_t real_uncertain = 0;         // at legacy names, answers that depend on row order
  // Rules behind the last two, with their lost+changed counts at legacy names, most first.
  std::vector<std::pair<std::string, int64_t>> skipped_reasons;
  std::vector<std::pair<std::string, int64_t>> target_rules;
  // Reported beside it:
  int64_t real_added = 0;    // answers legacy names gain
  int64_t probe_gained = 0;  // answers only probe names gain (any kind but unexplained)
  // Answers of names only records migrated from intermediate local zones answer
  // (rule intermediate_zone): region-dns never served them, so they are counted apart.
  int64_t intermediate_added = 0;
  int64_t accepted = 0;      // differences of accepted rules

  // One line, first in every report: "Verdict: SAFE WITH CHANGES: ...".
  [[nodiscard]] std::string Line() const;
  [[nodiscard]] nlohmann::json Json() const;
};

[[nodiscard]] Verdict DecideVerdict(const DifferenceTally& tally);

}  // namespace cpdns
