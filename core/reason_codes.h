// Every reason code the migrator can give a legacy row, with its decision: the one place
// that says which codes migrate the row (with a warning, or without an entry legacy never
// answered) and which reject it. migrator/README.md "Decisions" holds the same table with
// the facts behind each decision (what v3.10.4 served, what v3.11 accepts and serves); a unit test
// keeps the two equal and checks that every code the parser and planner emit is listed.
//
//   const ReasonCode* r = FindReasonCode("srv_name_not_service");
//   if (r && r->decision == Decision::kReject) ...;   // not here: kWarn
//   for (const ReasonCode& r : AllReasonCodes()) ...;
//
// Thread-safety: constant data.
#pragma once

#include <span>
#include <string_view>

namespace cpdns {

enum class Decision {
  kWarn,    // the row migrates; the reason warns (an API rule broken, a target rule)
  kDrop,    // the entry is left out, the row migrates with the rest (legacy never answered it)
  kReject,  // the row is not migrated: the target cannot hold or serve what legacy served
  kSkip,    // the row is not migrated and legacy never served it either (deleted)
};
// "warn", "drop", "reject", "skip": the words of the README table.
[[nodiscard]] std::string_view ToString(Decision decision);

// The halves of the decision table: a row whose legacy answer was served may end
// unmigrated only for a reason of the reject half.
[[nodiscard]] inline bool InRejectHalf(Decision d) { return d == Decision::kReject; }

struct ReasonCode {
  std::string_view code;
  Decision decision;
};

// Every code: the parser's (EntryReason), the name checks' (NameError) and the planner's.
[[nodiscard]] std::span<const ReasonCode> AllReasonCodes();
// The code's entry, or nullptr for a code nobody emits.
[[nodiscard]] const ReasonCode* FindReasonCode(std::string_view code);

// The planner's own codes, spelled once.
namespace reason {
inline constexpr std::string_view kDeleted = "deleted";
inline constexpr std::string_view kApexUnresolvable = "apex_unresolvable";
inline constexpr std::string_view kNoZone = "no_zone";
inline constexpr std::string_view kNoServedEntry = "no_served_entry";
inline constexpr std::string_view kCharacterNotApiValid = "character_not_api_valid";
inline constexpr std::string_view kApexMovedToParent = "apex_moved_to_parent";
inline constexpr std::string_view kZoneDisabled = "zone_disabled";
inline constexpr std::string_view kRecordNameNotApiValid = "record_name_not_api_valid";
inline constexpr std::string_view kNowAnswersTrailingDot = "now_answers_trailing_dot";
inline constexpr std::string_view kNowAnswersTrimmedValue = "now_answers_trimmed_value";
inline constexpr std::string_view kWildcardNowActive = "wildcard_now_active";
inline constexpr std::string_view kSharedName = "shared_name";
inline constexpr std::string_view kCnameBesideOtherData = "cname_beside_other_data";
inline constexpr std::string_view kPtrIgnoredByTarget = "ptr_ignored_by_target";
inline constexpr std::string_view kCnameNotChasedByTarget = "cname_not_chased_by_target";
inline constexpr std::string_view kDisabledServedByTarget = "disabled_served_by_target";
inline constexpr std::string_view kOneValueAnsweredByTarget = "one_value_answered_by_target";
inline constexpr std::string_view kValueAnswersEveryTypeOnTarget =
    "value_answers_every_type_on_target";
}  // namespace reason

}  // namespace cpdns
