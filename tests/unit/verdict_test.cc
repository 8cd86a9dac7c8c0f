#include "core/verdict.h"

#include <gtest/gtest.h>

namespace cpdns {
namespace {

Answer A(const std::string& ip) { return Answer::FromRecords({{QueryType::kA, "a.example.com", ip, 300}}); }

TEST(EffectOf, NamesWhatTheClientSees) {
  EXPECT_EQ(EffectOf(A("1.1.1.1"), Answer::NoAnswer()), Effect::kLost);
  EXPECT_EQ(EffectOf(Answer::NoAnswer(), A("1.1.1.1")), Effect::kAdded);
  EXPECT_EQ(EffectOf(A("1.1.1.1"), A("2.2.2.2")), Effect::kChanged);
  EXPECT_EQ(EffectOf(Answer::NoAnswer(), Answer::Refused()), Effect::kChanged);
}

TallyEntry Entry(DifferenceKind kind, std::string_view rule, ProbeKind probe, Effect effect,
                 std::string_view zone = "example.com", bool accepted = false) {
  return {kind, rule, probe, effect, zone, accepted};
}

TEST(DecideVerdict, NothingIsSafe) {
  Verdict v = DecideVerdict(DifferenceTally{});
  EXPECT_EQ(v.level, VerdictLevel::kSafe);
  EXPECT_EQ(v.Line(), "Verdict: SAFE: no answer of a real name lost or changed; nothing unexplained");
}

TEST(DecideVerdict, ProbeGainsAndAdditionsKeepItSafe) {
  DifferenceTally t;
  for (int i = 0; i < 5; ++i) {
    t.Add(Entry(DifferenceKind::kTargetRule, "parent_fallback", ProbeKind::kChild, Effect::kAdded));
  }
  t.Add(Entry(DifferenceKind::kNowAnswers, "trailing_dot", ProbeKind::kLegacyName, Effect::kAdded));
  Verdict v = DecideVerdict(t);
  EXPECT_EQ(v.level, VerdictLevel::kSafe);
  EXPECT_EQ(v.probe_gained, 5);
  EXPECT_EQ(v.real_added, 1);
  EXPECT_NE(v.Line().find("1 answer added at real names, 5 gained by probe names only"),
            std::string::npos)
      << v.Line();
}

TEST(DecideVerdict, IntermediateZoneAnswersAreCountedApart) {
  DifferenceTally t;
  for (int i = 0; i < 3; ++i) {
    t.Add(Entry(DifferenceKind::kNowAnswers, "intermediate_zone", ProbeKind::kIntermediate,
                Effect::kAdded, "lab.example.org"));
  }
  t.Add(Entry(DifferenceKind::kTargetRule, "parent_fallback", ProbeKind::kChild, Effect::kAdded));
  Verdict v = DecideVerdict(t);
  EXPECT_EQ(v.level, VerdictLevel::kSafe);
  EXPECT_EQ(v.intermediate_added, 3);
  EXPECT_EQ(v.probe_gained, 1);
  EXPECT_EQ(v.real_added, 0);
  EXPECT_EQ(v.Json().at("intermediate_added"), 3);
  EXPECT_NE(v.Line().find("1 gained by probe names only, 3 answered by zones migrated from the "
                          "intermediate model (intermediate_zone)"),
            std::string::npos)
      << v.Line();
}

TEST(DecideVerdict, TargetRuleLossesAtRealNamesAreSafeWithChanges) {
  DifferenceTally t;
  t.Add(Entry(DifferenceKind::kTargetRule, "cname_not_chased", ProbeKind::kLegacyName, Effect::kLost));
  t.Add(Entry(DifferenceKind::kTargetRule, "cname_not_chased", ProbeKind::kLegacyName, Effect::kLost));
  t.Add(Entry(DifferenceKind::kTargetRule, "shared_name_merged", ProbeKind::kLegacyName,
              Effect::kChanged));
  Verdict v = DecideVerdict(t);
  EXPECT_EQ(v.level, VerdictLevel::kSafeWithChanges);
  EXPECT_EQ(v.real_by_target_rules, (EffectCounts{2, 1, 0}));
  ASSERT_EQ(v.target_rules.size(), 2u);
  EXPECT_EQ(v.target_rules[0], (std::pair<std::string, int64_t>{"cname_not_chased", 2}));
  EXPECT_EQ(v.Line().rfind("Verdict: SAFE WITH CHANGES: answers of real names 2 lost and 1 changed", 0), 0u)
      << v.Line();
  EXPECT_EQ(v.Json()["level"], "safe with changes");
}

TEST(DecideVerdict, SkippedRowsLosingRealAnswersAreNotSafe) {
  DifferenceTally t;
  t.Add(Entry(DifferenceKind::kNotMigrated, "apex_unresolvable", ProbeKind::kLegacyName,
              Effect::kLost));
  Verdict v = DecideVerdict(t);
  EXPECT_EQ(v.level, VerdictLevel::kNotSafe);
  EXPECT_EQ(v.real_lost_by_skipped.lost, 1);
  EXPECT_NE(v.Line().find("by rows the migrator skipped (apex_unresolvable 1)"), std::string::npos);
}

TEST(DecideVerdict, UnexplainedAnywhereIsNotSafe) {
  DifferenceTally t;
  t.Add(Entry(DifferenceKind::kUnexplained, "unexplained", ProbeKind::kParent, Effect::kAdded));
  Verdict v = DecideVerdict(t);
  EXPECT_EQ(v.level, VerdictLevel::kNotSafe);
  EXPECT_EQ(v.unexplained, 1);
  EXPECT_EQ(v.probe_gained, 0);
}

TEST(DecideVerdict, UncertainAnswersOfRealNamesAreNeitherSafeNorUnexplained) {
  DifferenceTally t;
  t.Add(Entry(DifferenceKind::kUncertain, "row_order", ProbeKind::kLegacyName, Effect::kChanged));
  t.Add(Entry(DifferenceKind::kUncertain, "row_order", ProbeKind::kLegacyName, Effect::kLost));
  t.Add(Entry(DifferenceKind::kUncertain, "row_order", ProbeKind::kChild, Effect::kAdded));
  Verdict v = DecideVerdict(t);
  EXPECT_EQ(v.level, VerdictLevel::kSafeWithChanges);
  EXPECT_EQ(v.unexplained, 0);
  EXPECT_EQ(v.real_uncertain, 2);
  EXPECT_EQ(v.real_by_target_rules.LostOrChanged(), 0);
  EXPECT_EQ(v.probe_gained, 1);
  EXPECT_NE(v.Line().find("2 answers of real names uncertain"), std::string::npos) << v.Line();
  EXPECT_EQ(v.Json()["real_uncertain"], 2);
  // Only at probe names, or accepted: safe.
  DifferenceTally probes;
  probes.Add(Entry(DifferenceKind::kUncertain, "row_order", ProbeKind::kParent, Effect::kChanged));
  EXPECT_EQ(DecideVerdict(probes).level, VerdictLevel::kSafe);
  DifferenceTally accepted;
  accepted.Add(Entry(DifferenceKind::kUncertain, "row_order", ProbeKind::kLegacyName,
                     Effect::kChanged, "example.com", true));
  EXPECT_EQ(DecideVerdict(accepted).level, VerdictLevel::kSafe);
}

TEST(DecideVerdict, AcceptedRulesDoNotDecide) {
  DifferenceTally t;
  t.Add(Entry(DifferenceKind::kNotMigrated, "apex_unresolvable", ProbeKind::kLegacyName,
              Effect::kLost, "example.com", true));
  t.Add(Entry(DifferenceKind::kTargetRule, "cname_not_chased", ProbeKind::kLegacyName,
              Effect::kLost, "example.com", true));
  Verdict v = DecideVerdict(t);
  EXPECT_EQ(v.level, VerdictLevel::kSafe);
  EXPECT_EQ(v.accepted, 2);
  EXPECT_NE(v.Line().find("2 of accepted rules"), std::string::npos);
}

TEST(DifferenceTally, SplitsRealNamesFromProbesEverywhere) {
  DifferenceTally t;
  t.Add(Entry(DifferenceKind::kTargetRule, "parent_fallback", ProbeKind::kChild, Effect::kAdded, "a.com"));
  t.Add(Entry(DifferenceKind::kTargetRule, "parent_fallback", ProbeKind::kLegacyName, Effect::kAdded, "a.com"));
  t.Add(Entry(DifferenceKind::kTargetRule, "cname_not_chased", ProbeKind::kLegacyName, Effect::kLost, ""));
  FindingCounts k = t.Kind(DifferenceKind::kTargetRule);
  EXPECT_EQ(k.real, (EffectCounts{1, 0, 1}));
  EXPECT_EQ(k.probe, (EffectCounts{0, 0, 1}));
  EXPECT_EQ(t.by_rule().at("parent_fallback").counts.probe.added, 1);
  auto zones = t.Zones();
  ASSERT_EQ(zones.size(), 2u);
  EXPECT_EQ(zones[0].zone, "(no zone)");
  EXPECT_EQ(zones[1].Total(), 2);
}

TEST(DifferenceTally, TopZonesPutUnexplainedThenRealLossesFirst) {
  DifferenceTally t;
  for (int i = 0; i < 50; ++i) {
    t.Add(Entry(DifferenceKind::kTargetRule, "parent_fallback", ProbeKind::kChild, Effect::kAdded, "many.com"));
  }
  t.Add(Entry(DifferenceKind::kTargetRule, "cname_not_chased", ProbeKind::kLegacyName, Effect::kLost, "lost.com"));
  t.Add(Entry(DifferenceKind::kUnexplained, "unexplained", ProbeKind::kLegacyName, Effect::kLost, "bad.com"));
  auto top = t.TopZones(2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].zone, "bad.com");
  EXPECT_EQ(top[1].zone, "lost.com");
  EXPECT_EQ(t.TopZones(10).size(), 3u);
}

}  // namespace
}  // namespace cpdns
