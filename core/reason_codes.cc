#include "core/reason_codes.h"

#include <algorithm>
#include <array>

namespace cpdns {
namespace {

using D = Decision;

// Grouped as the table in migrator/README.md is: the records parser, the row name, the planner.
constexpr std::array<ReasonCode, 54> kCodes = {{
    // records (EntryReason)
    {"null_records", D::kReject},
    {"empty_records", D::kReject},
    {"empty_entry", D::kDrop},
    {"missing_colon", D::kDrop},
    {"unknown_type", D::kDrop},
    {"type_not_upper_case", D::kDrop},
    {"empty_value", D::kDrop},
    {"value_not_ascii", D::kReject},
    {"control_character", D::kDrop},
    {"invalid_ipv4", D::kDrop},
    {"invalid_ipv6", D::kDrop},
    {"address_value_is_name", D::kWarn},
    {"invalid_target_name", D::kWarn},
    {"target_is_address", D::kWarn},
    {"target_not_packable", D::kDrop},
    {"invalid_srv", D::kDrop},
    {"bad_port", D::kDrop},
    {"bad_weight", D::kDrop},
    {"bad_priority", D::kDrop},
    {"srv_number_out_of_range", D::kWarn},
    {"srv_name_not_service", D::kWarn},
    {"ptr_name_not_reverse", D::kDrop},
    {"ptr_name_ipv6", D::kWarn},
    {"value_too_long", D::kReject},
    {"duplicate_entry", D::kDrop},
    {"cname_not_alone", D::kWarn},
    {"srv_not_alone", D::kWarn},
    {"ptr_not_alone", D::kWarn},
    // the row's name (NameError, and names a client can ask for although the API refused them)
    {"empty_name", D::kReject},
    {"name_too_long", D::kReject},
    {"empty_label", D::kReject},
    {"label_too_long", D::kReject},
    {"invalid_character", D::kReject},
    {"character_not_api_valid", D::kWarn},
    {"label_starts_with_hyphen", D::kWarn},
    {"misplaced_wildcard", D::kWarn},
    {"ip_address", D::kWarn},
    // the planner
    {"deleted", D::kSkip},
    {"no_served_entry", D::kReject},
    {"apex_unresolvable", D::kReject},
    {"no_zone", D::kReject},
    {"apex_moved_to_parent", D::kWarn},
    {"zone_disabled", D::kWarn},
    {"record_name_not_api_valid", D::kWarn},
    {"now_answers_trailing_dot", D::kWarn},
    {"now_answers_trimmed_value", D::kWarn},
    {"wildcard_now_active", D::kWarn},
    {"shared_name", D::kWarn},
    {"cname_beside_other_data", D::kWarn},
    {"ptr_ignored_by_target", D::kWarn},
    {"cname_not_chased_by_target", D::kWarn},
    {"disabled_served_by_target", D::kWarn},
    {"one_value_answered_by_target", D::kWarn},
    {"value_answers_every_type_on_target", D::kWarn},
}};

}  // namespace

std::string_view ToString(Decision decision) {
  switch (decision) {
    case Decision::kWarn:
      return "warn";
    case Decision::kDrop:
      return "drop";
    case Decision::kReject:
      return "reject";
    case Decision::kSkip:
      return "skip";
  }
  return "?";
}

std::span<const ReasonCode> AllReasonCodes() { return kCodes; }

const ReasonCode* FindReasonCode(std::string_view code) {
  auto it = std::find_if(kCodes.begin(), kCodes.end(),
                         [code](const ReasonCode& r) { return r.code == code; });
  return it == kCodes.end() ? nullptr : &*it;
}

}  // namespace cpdns
