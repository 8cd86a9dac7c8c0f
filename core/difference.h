// Difference classifies one verifier probe whose answer after the migration is
// not one the legacy region-dns could give: a defect of the migration, a change
// the target release makes by its own rules (named), a row that now answers
// although legacy never answered it, or a row the migrator left out on purpose.
//
//   ProbeFacts f{.name = "www.example.com", .type = QueryType::kA, ...};
//   Classification c = Classify(f);   // c.kind, c.rule, c.detail
//
// Pure logic over facts the verifier gathered; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/dns_answer.h"
#include "core/target_version.h"
#include "core/rows.h"

namespace cpdns {

enum class DifferenceKind {
  kUnexplained,  // lost or changed by the migration: a defect
  kTargetRule,   // changed by the target release's own rules
  kNowAnswers,   // legacy never answered, the migrated records do
  kNotMigrated,  // the migrator skipped the row on purpose (its reason is given)
  kUncertain,    // the target's answer depends on which tied row MariaDB returns first:
                 // some of its possible answers are legacy's, some are not
};
[[nodiscard]] std::string_view ToString(DifferenceKind kind);
// Every kind, in the order reports list them.
inline constexpr DifferenceKind kDifferenceKinds[] = {
    DifferenceKind::kUnexplained, DifferenceKind::kNotMigrated, DifferenceKind::kTargetRule,
    DifferenceKind::kUncertain, DifferenceKind::kNowAnswers};

// How the probed name relates to the legacy data.
enum class ProbeKind {
  kLegacyName,  // a (normalised) legacy name
  kChild,       // a label under a legacy name that did not exist before
  kParent,      // a parent of a legacy name
  kCovered,     // a name a legacy '*' row covers in the target (legacy matched '*' literally)
  kIntermediate,  // a name a record migrated from an intermediate local zone answers to,
                  // that no legacy row has (region-dns never served those zones)
};
[[nodiscard]] std::string_view ToString(ProbeKind kind);
inline constexpr ProbeKind kProbeKinds[] = {ProbeKind::kLegacyName, ProbeKind::kParent,
                                            ProbeKind::kCovered, ProbeKind::kChild,
                                            ProbeKind::kIntermediate};

struct ProbeFacts {
  std::string name;  // normalised
  QueryType type = QueryType::kA;
  ProbeKind kind = ProbeKind::kLegacyName;
  TargetVersion target = TargetVersion::k311;
  std::optional<std::string> tenant;  // nullopt: anonymous
  Resolution before;                  // legacy model
  Resolution after;                   // target model
  // Live legacy rows this client sees whose normalised name is `name` (trailing-dot
  // spellings included), and live rows named "*.<name>" or "*.<parent>".
  std::vector<LegacyRow> rows;
  std::vector<LegacyRow> wildcard_rows;
  // The parent name's answers, before and after (empty for a two-label name): 3.11
  // answers a name that has no record of the type with its parent's records.
  std::optional<Resolution> parent_before;
  std::optional<Resolution> parent_after;
  // When the parent's own answer changed: how that change was classified.
  std::optional<DifferenceKind> parent_difference;
  // Rows among `rows` the migrator skipped, with its reason codes.
  std::vector<std::pair<std::string, std::string>> skipped;  // legacy id, reasons
};

struct Classification {
  DifferenceKind kind = DifferenceKind::kUnexplained;
  std::string rule;    // stable code, e.g. "cname_not_chased", "one_value"
  std::string detail;  // for people
};

// How the target's possible answers relate to legacy's: the same (every answer the target
// can give is the one legacy gave), changed (none is), or uncertain (some are; or the target
// has more combinations than the model tried and none tried is).
enum class Agreement { kSame, kChanged, kUncertain };
[[nodiscard]] Agreement Compare(const Resolution& before, const Resolution& after);

// Compare(before, after) == Agreement::kSame.
[[nodiscard]] bool SameAnswer(const Resolution& before, const Resolution& after);

[[nodiscard]] Classification Classify(const ProbeFacts& facts);

}  // namespace cpdns
