// The decision table: every code the parser, the name checks and the planner can give is in
// core/reason_codes and in migrator/README.md's table "Decisions" with the same decision, and one
// test per row shows a legacy row getting that code and that outcome.
#include "core/reason_codes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/dns_name.h"
#include "core/legacy_records.h"
#include "core/row_planner.h"

namespace cpdns {
namespace {

constexpr const char* kSystem = "5d65667d112e47249ae66dbd7bc07030";

LegacyRow Row(std::string name, std::optional<std::string> records) {
  LegacyRow r;
  r.id = "row-1";
  r.name = std::move(name);
  r.records = std::move(records);
  r.ttl = 300;
  r.is_public = true;
  r.tenant_id = kSystem;
  r.created_at = r.updated_at = "2024-01-01 00:00:00";
  return r;
}

// One row of the table: a legacy row that gets `code`, how it is planned, and how many
// records it migrates with.
struct Example {
  std::string code;
  LegacyRow row;
  std::size_t records = 0;
  TargetVersion target = TargetVersion::k311;
  std::vector<std::string> named_zones = {};
  std::vector<ZoneRow> existing_zones = {};
  SharedNames shared = {};
};

void PrintTo(const Example& e, std::ostream* os) { *os << e.code; }

std::vector<Example> Examples() {
  const std::string ip6 =
      "9.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.0.0.0.0.d.f.ip6.arpa";
  const std::string long_host = std::string(63, 's') + "." + std::string(63, 'r') + "." +
                                std::string(63, 'v') + "." + std::string(55, 'h') + ".com";
  LegacyRow deleted = Row("x.example.com", "A:10.0.0.1");
  deleted.deleted = true;
  LegacyRow disabled = Row("x.example.com", "A:10.0.0.1");
  disabled.enabled = false;
  ZoneRow off;
  off.id = "zone-off";
  off.name = "example.com";
  off.tenant_id = kSystem;
  off.is_public = true;
  off.enabled = false;
  SharedNames shared = {
      {"x.example.com",
       {{"row-1", kSystem, true, true, false}, {"row-2", kSystem, true, true, true}}}};
  using V = TargetVersion;
  return {
      {"null_records", Row("x.example.com", std::nullopt)},
      {"empty_records", Row("x.example.com", "")},
      {"empty_entry", Row("x.example.com", "A:10.0.0.1,"), 1},
      {"missing_colon", Row("x.example.com", "A:10.0.0.1,10.0.0.2"), 1},
      {"unknown_type", Row("x.example.com", "A:10.0.0.1,TXT:hello"), 1},
      {"type_not_upper_case", Row("x.example.com", "A:10.0.0.1,a:10.0.0.2"), 1},
      {"empty_value", Row("x.example.com", "A:10.0.0.1,A:"), 1},
      {"value_not_ascii", Row("x.example.com",
                              "CNAME:b\xc3\xbc"
                              "cher.example.com")},
      {"control_character", Row("x.example.com", "A:10.0.0.1,CNAME:a\tb.example.com"), 1},
      {"invalid_ipv4", Row("x.example.com", "A:10.0.0.1,A:256.1.1.1"), 1},
      {"invalid_ipv6", Row("x.example.com", "A:10.0.0.1,AAAA:1::2::3"), 1},
      {"address_value_is_name", Row("x.example.com", "A:www.example.com"), 1},
      {"invalid_target_name", Row("x.example.com", "CNAME:-web.example.com"), 1},
      {"target_is_address", Row("x.example.com", "CNAME:10.0.0.1"), 1},
      {"target_not_packable", Row("x.example.com", "A:10.0.0.1,CNAME:a..b.example.com"), 1},
      {"invalid_srv", Row("_s._tcp.example.com", "SRV:h.example.com:80,SRV:h.example.com"), 1},
      {"bad_port", Row("_s._tcp.example.com", "SRV:h.example.com:80,SRV:h.example.com:x"), 1},
      {"bad_weight", Row("_s._tcp.example.com", "SRV:h.example.com:80,SRV:h.example.com:80:w"), 1},
      {"bad_priority", Row("_s._tcp.example.com", "SRV:h.example.com:80,SRV:h.example.com:80:1:p"),
       1},
      {"srv_number_out_of_range", Row("_s._tcp.example.com", "SRV:h.example.com:0"), 1},
      {"srv_name_not_service", Row("sip.example.com", "SRV:h.example.com:5060"), 1},
      {"ptr_name_not_reverse", Row("x.example.com", "A:10.0.0.1,PTR:h.example.com"), 1},
      {"ptr_name_ipv6", Row(ip6, "PTR:h.example.com"), 1},
      {"value_too_long", Row("_s._tcp.example.com", "SRV:" + long_host + ":5060")},
      {"duplicate_entry", Row("x.example.com", "A:10.0.0.1,A:10.0.0.1"), 1},
      {"cname_not_alone", Row("x.example.com", "A:10.0.0.1,CNAME:y.example.com"), 2},
      {"srv_not_alone", Row("_s._tcp.example.com", "SRV:h.example.com:80,A:10.0.0.1"), 2},
      {"ptr_not_alone", Row("1.0.0.10.in-addr.arpa", "PTR:h.example.com,A:10.0.0.1"), 2},
      {"empty_name", Row("", "A:10.0.0.1")},
      {"name_too_long", Row(std::string(200, 'a') + "." + std::string(60, 'b'), "A:10.0.0.1")},
      {"empty_label", Row("a..example.com", "A:10.0.0.1")},
      {"label_too_long", Row(std::string(64, 'a') + ".example.com", "A:10.0.0.1")},
      {"invalid_character", Row("my host.example.com", "A:10.0.0.1")},
      {"character_not_api_valid", Row("web!01.example.com", "A:10.0.0.1"), 1},
      {"label_starts_with_hyphen", Row("-x.example.com", "A:10.0.0.1"), 1},
      {"misplaced_wildcard", Row("www.*.example.com", "A:10.0.0.1"), 1},
      {"ip_address", Row("10.1.2.3", "A:10.0.0.1"), 1},
      {"deleted", deleted},
      {"no_served_entry", Row("x.example.com", "TXT:hello")},
      {"apex_unresolvable", Row("example.com", "A:10.0.0.1")},
      {"no_zone", Row("localhost", "A:127.0.0.1")},
      {"apex_moved_to_parent", Row("example.com", "A:10.0.0.1"), 1, V::k311, {"com"}},
      {"zone_disabled", Row("x.example.com", "A:10.0.0.1"), 1, V::k311, {}, {off}},
      {"record_name_not_api_valid", Row("dash-.example.com", "A:10.0.0.1"), 1},
      {"now_answers_trailing_dot", Row("x.example.com.", "A:10.0.0.1"), 1},
      {"now_answers_trimmed_value", Row("x.example.com", "A: 10.0.0.1"), 1},
      {"wildcard_now_active", Row("*.x.example.com", "A:10.0.0.1"), 1},
      {"shared_name", Row("x.example.com", "A:10.0.0.1"), 1, V::k311, {}, {}, shared},
      {"cname_beside_other_data", Row("x.example.com", "A:10.0.0.1"), 1, V::k311, {}, {}, shared},
      {"ptr_ignored_by_target", Row("1.0.0.10.in-addr.arpa", "PTR:h.example.com"), 1},
      {"cname_not_chased_by_target", Row("x.example.com", "CNAME:y.example.com"), 1},
      {"disabled_served_by_target", disabled, 1, V::k310},
      {"one_value_answered_by_target", Row("x.example.com", "A:10.0.0.1,A:10.0.0.2"), 2, V::k310},
      {"value_answers_every_type_on_target", Row("x.example.com", "A:www.example.com"), 1, V::k310},
  };
}

class DecisionTableRow : public ::testing::TestWithParam<Example> {};

TEST_P(DecisionTableRow, GivesItsCodeAndItsOutcome) {
  const Example& e = GetParam();
  const ReasonCode* code = FindReasonCode(e.code);
  ASSERT_NE(code, nullptr) << e.code << " is not in the table";
  SharedNames shared = e.shared;
  ZoneCatalog zones(e.existing_zones, e.named_zones, InferenceStrategy::kPsl);
  RowPlanner planner(zones, shared, e.target);
  const RowPlan plan = planner.Plan(e.row);
  std::vector<std::string> codes;
  for (const Reason& r : plan.reasons) codes.push_back(r.code);
  EXPECT_NE(std::find(codes.begin(), codes.end(), e.code), codes.end())
      << "codes: " << plan.ReasonCodes() << " (" << plan.ReasonDetails() << ")";
  switch (code->decision) {
    case Decision::kWarn:
    case Decision::kDrop:
      EXPECT_EQ(plan.outcome, RowOutcome::kWarned) << plan.ReasonDetails();
      EXPECT_EQ(plan.records.size(), e.records) << plan.ReasonDetails();
      break;
    case Decision::kReject:
      EXPECT_EQ(plan.outcome, RowOutcome::kSkipped);
      EXPECT_TRUE(plan.rejected);
      EXPECT_TRUE(plan.records.empty());
      break;
    case Decision::kSkip:
      EXPECT_EQ(plan.outcome, RowOutcome::kSkipped);
      EXPECT_FALSE(plan.rejected);
      break;
  }
  // A drop leaves out exactly the entry the code names: the row holds one entry more.
  if (code->decision == Decision::kDrop && e.row.records) {
    const std::size_t entries =
        static_cast<std::size_t>(std::count(e.row.records->begin(), e.row.records->end(), ',')) + 1;
    EXPECT_EQ(plan.records.size() + 1, entries);
  }
  // Every code the plan holds is a row of the table.
  for (const std::string& c : codes) EXPECT_NE(FindReasonCode(c), nullptr) << c;
}

INSTANTIATE_TEST_SUITE_P(Table, DecisionTableRow, ::testing::ValuesIn(Examples()),
                         [](const auto& info) { return info.param.code; });

TEST(DecisionTable, EveryTableRowHasItsExample) {
  std::set<std::string> shown;
  for (const Example& e : Examples()) EXPECT_TRUE(shown.insert(e.code).second) << e.code;
  for (const ReasonCode& r : AllReasonCodes()) {
    EXPECT_TRUE(shown.count(std::string(r.code))) << r.code << " has no example";
  }
  EXPECT_EQ(shown.size(), AllReasonCodes().size());
}

TEST(DecisionTable, EveryCodeTheProgramsCanEmitIsInTheTable) {
  // The parser's codes, every value of the enum.
  for (std::size_t i = 0; i < kEntryReasonCount; ++i) {
    const std::string_view code = ToString(static_cast<EntryReason>(i));
    EXPECT_NE(FindReasonCode(code), nullptr) << code;
  }
  // The name checks' codes.
  for (NameError e :
       {NameError::kEmpty, NameError::kNameTooLong, NameError::kEmptyLabel,
        NameError::kLabelTooLong, NameError::kInvalidCharacter, NameError::kLabelStartsWithHyphen,
        NameError::kMisplacedWildcard, NameError::kIpAddress}) {
    EXPECT_NE(FindReasonCode(ToString(e)), nullptr) << ToString(e);
  }
  // The planner's own.
  for (std::string_view code :
       {reason::kDeleted, reason::kApexUnresolvable, reason::kNoZone, reason::kNoServedEntry,
        reason::kCharacterNotApiValid, reason::kApexMovedToParent, reason::kZoneDisabled,
        reason::kRecordNameNotApiValid, reason::kNowAnswersTrailingDot,
        reason::kNowAnswersTrimmedValue, reason::kWildcardNowActive, reason::kSharedName,
        reason::kCnameBesideOtherData, reason::kPtrIgnoredByTarget, reason::kCnameNotChasedByTarget,
        reason::kDisabledServedByTarget, reason::kOneValueAnsweredByTarget,
        reason::kValueAnswersEveryTypeOnTarget}) {
    EXPECT_NE(FindReasonCode(code), nullptr) << code;
  }
  // And nothing else: the table holds exactly these.
  EXPECT_EQ(AllReasonCodes().size(), kEntryReasonCount + 8 + 18);
}

// migrator/README.md "Decisions": | `code` | v3.10.4 served | v3.11 accepts and serves | decision |
std::map<std::string, std::string> ReadmeTable() {
  std::ifstream in(std::string(CPDNS_SOURCE_DIR) + "/migrator/README.md");
  std::map<std::string, std::string> out;
  std::string line;
  bool in_section = false;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) in_section = line == "## Decisions";
    if (!in_section || line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> cells;
    std::stringstream s(line.substr(1));
    std::string cell;
    while (std::getline(s, cell, '|')) {
      cell.erase(0, cell.find_first_not_of(' '));
      cell.erase(cell.find_last_not_of(' ') + 1);
      cells.push_back(cell);
    }
    if (cells.size() < 4) continue;
    const std::string code = cells[0].substr(1, cells[0].size() - 2);
    const std::string decision = cells[3].substr(0, cells[3].find(' '));
    EXPECT_TRUE(out.emplace(code, decision).second) << code << " twice in the README";
  }
  return out;
}

TEST(DecisionTable, TheReadmeTableHoldsEveryCodeWithItsDecision) {
  const std::map<std::string, std::string> readme = ReadmeTable();
  ASSERT_FALSE(readme.empty()) << "no \"## Decisions\" table in migrator/README.md";
  for (const ReasonCode& r : AllReasonCodes()) {
    auto it = readme.find(std::string(r.code));
    ASSERT_NE(it, readme.end()) << r.code << " is missing from the README table";
    EXPECT_EQ(it->second, "**" + std::string(ToString(r.decision)) + "**") << r.code;
  }
  EXPECT_EQ(readme.size(), AllReasonCodes().size()) << "the README lists codes nobody emits";
}

}  // namespace
}  // namespace cpdns
