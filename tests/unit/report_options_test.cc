#include "core/report_options.h"

#include <gtest/gtest.h>

#include "core/errors.h"

namespace cpdns {
namespace {

TEST(ReportFilter, LeavesOutChildProbesByDefault) {
  ReportFilter f;
  EXPECT_TRUE(f.Keeps(DifferenceKind::kTargetRule, ProbeKind::kLegacyName));
  EXPECT_TRUE(f.Keeps(DifferenceKind::kNowAnswers, ProbeKind::kParent));
  EXPECT_FALSE(f.Keeps(DifferenceKind::kTargetRule, ProbeKind::kChild));
  EXPECT_EQ(f.ProbesLeftOut(), "child");
  EXPECT_EQ(f.Describe(), "kinds: all; probes: legacy_name, parent, covered, intermediate_zone");
}

TEST(ReportFilter, ParsesListsAndAll) {
  ReportFilter f = ReportFilter::Parse("unexplained, target_rule", "all");
  EXPECT_TRUE(f.Keeps(DifferenceKind::kTargetRule, ProbeKind::kChild));
  EXPECT_FALSE(f.Keeps(DifferenceKind::kNowAnswers, ProbeKind::kLegacyName));
  EXPECT_EQ(f.ProbesLeftOut(), "");
  EXPECT_EQ(f.Describe(), "kinds: unexplained, target_rule; probes: all");
}

TEST(ReportFilter, RejectsUnknownWordsNamingTheOption) {
  try {
    (void)ReportFilter::Parse("all", "legacy_name,children");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("--report-probes: unknown value 'children'"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW((void)ReportFilter::Parse("", "all"), ConfigError);
}

TEST(ParseAcceptedRules, TakesRulesButNeverUnexplained) {
  EXPECT_EQ(ParseAcceptedRules("one_value, disabled_served"),
            (std::set<std::string>{"disabled_served", "one_value"}));
  EXPECT_TRUE(ParseAcceptedRules("").empty());
  EXPECT_THROW((void)ParseAcceptedRules("one_value,unexplained"), ConfigError);
}

}  // namespace
}  // namespace cpdns
