#include "core/difference.h"

#include <gtest/gtest.h>

namespace cpdns {
namespace {

Resolution Answered(std::vector<AnswerRecord> records) {
  Resolution r;
  r.answer = Answer::FromRecords(std::move(records));
  r.possible_answers = {r.answer};
  return r;
}

Resolution Nothing() {
  Resolution r;
  r.possible_answers = {r.answer};
  return r;
}

AnswerRecord A(const std::string& owner, const std::string& ip, int64_t ttl = 300) {
  return {QueryType::kA, owner, ip, ttl};
}

LegacyRow Row(const std::string& name, const std::string& records, bool enabled = true) {
  LegacyRow r;
  r.id = "row-" + name;
  r.name = name;
  r.records = records;
  r.enabled = enabled;
  r.is_public = true;
  return r;
}

ProbeFacts Facts(Resolution before, Resolution after, TargetVersion target = TargetVersion::k311) {
  ProbeFacts f;
  f.name = "www.example.com";
  f.type = QueryType::kA;
  f.target = target;
  f.before = std::move(before);
  f.after = std::move(after);
  return f;
}

TEST(Difference, CompareSameChangedUncertain) {
  const Answer one = Answer::FromRecords({A("x.example.com", "1.1.1.1")});
  const Answer two = Answer::FromRecords({A("x.example.com", "2.2.2.2")});
  Resolution before = Answered({A("x.example.com", "1.1.1.1")});
  Resolution after = Answered({A("x.example.com", "1.1.1.1")});
  EXPECT_EQ(Compare(before, after), Agreement::kSame);
  EXPECT_TRUE(SameAnswer(before, after));
  after = Answered({A("x.example.com", "2.2.2.2")});
  EXPECT_EQ(Compare(before, after), Agreement::kChanged);
  // The target picks one of two tied rows: one pick gives legacy's answer, one does not.
  after.ambiguous = true;
  after.possible_answers = {two, one};
  EXPECT_EQ(Compare(before, after), Agreement::kUncertain);
  EXPECT_FALSE(SameAnswer(before, after));
  // Every pick gives legacy's answer: the same.
  after.possible_answers = {one};
  after.answer = one;
  EXPECT_EQ(Compare(before, after), Agreement::kSame);
  // More combinations than were tried: never "same" nor "changed" for sure.
  after.possible_complete = false;
  EXPECT_EQ(Compare(before, after), Agreement::kUncertain);
  after.possible_answers = {two};
  EXPECT_EQ(Compare(before, after), Agreement::kUncertain);
}

TEST(Difference, UncertainIsItsOwnKind) {
  Resolution after = Answered({A("www.example.com", "1.1.1.1")});
  after.ambiguous = true;
  after.possible_answers.push_back(Answer::NoAnswer());
  ProbeFacts f = Facts(Answered({A("www.example.com", "1.1.1.1")}), after, TargetVersion::k310);
  f.rows = {Row("www.example.com", "A:1.1.1.1,AAAA:::1")};
  const Classification c = Classify(f);
  EXPECT_EQ(c.kind, DifferenceKind::kUncertain);
  EXPECT_EQ(c.rule, "row_order");
  EXPECT_NE(c.detail.find("no local answer"), std::string::npos) << c.detail;
  EXPECT_EQ(ToString(DifferenceKind::kUncertain), "uncertain");
}

TEST(Difference, LostRecordIsUnexplained) {
  ProbeFacts f = Facts(Answered({A("www.example.com", "1.1.1.1")}), Nothing());
  f.rows = {Row("www.example.com", "A:1.1.1.1")};
  Classification c = Classify(f);
  EXPECT_EQ(c.kind, DifferenceKind::kUnexplained);
}

TEST(Difference, ChangedValueIsUnexplained) {
  ProbeFacts f = Facts(Answered({A("www.example.com", "1.1.1.1")}),
                       Answered({A("www.example.com", "9.9.9.9")}));
  f.rows = {Row("www.example.com", "A:1.1.1.1")};
  EXPECT_EQ(Classify(f).kind, DifferenceKind::kUnexplained);
}

TEST(Difference, SkippedRowIsNotMigratedWithItsReason) {
  ProbeFacts f = Facts(Answered({A("example.com", "1.1.1.1")}), Nothing());
  f.rows = {Row("example.com", "A:1.1.1.1")};
  f.skipped = {{"row-example.com", "apex_unresolvable"}};
  Classification c = Classify(f);
  EXPECT_EQ(c.kind, DifferenceKind::kNotMigrated);
  EXPECT_EQ(c.rule, "apex_unresolvable");
}

TEST(Difference, Rule311CnameNotChased) {
  ProbeFacts f = Facts(Answered({A("mail.example.com", "1.1.1.1")}), Nothing());
  f.rows = {Row("www.example.com", "CNAME:mail.example.com")};
  EXPECT_EQ(Classify(f).rule, "cname_not_chased");
  f.target = TargetVersion::k310;
  EXPECT_EQ(Classify(f).rule, "one_value");
}

TEST(Difference, RuleCnameSrvQuirk) {
  ProbeFacts f = Facts(
      Answered({{QueryType::kSRV, "www.example.com", "0 100 0 mail.example.com", 300}}), Nothing());
  f.type = QueryType::kSRV;
  f.rows = {Row("www.example.com", "CNAME:mail.example.com")};
  EXPECT_EQ(Classify(f).rule, "cname_srv_quirk");
}

TEST(Difference, Rule311PtrRowsIgnored) {
  ProbeFacts f =
      Facts(Answered({{QueryType::kPTR, "4.3.2.1.in-addr.arpa", "h.example.com", 300}}), Nothing());
  f.name = "4.3.2.1.in-addr.arpa";
  f.type = QueryType::kPTR;
  f.rows = {Row("4.3.2.1.in-addr.arpa", "PTR:h.example.com")};
  EXPECT_EQ(Classify(f).rule, "ptr_rows_ignored");
}

TEST(Difference, Rule310OneValueOfMany) {
  ProbeFacts f = Facts(Answered({A("www.example.com", "1.1.1.1"), A("www.example.com", "2.2.2.2")}),
                       Answered({A("www.example.com", "2.2.2.2")}), TargetVersion::k310);
  f.rows = {Row("www.example.com", "A:1.1.1.1,A:2.2.2.2")};
  EXPECT_EQ(Classify(f).rule, "one_value");
  f.target = TargetVersion::k311;
  EXPECT_EQ(Classify(f).kind, DifferenceKind::kUnexplained);
}

TEST(Difference, Rule310DisabledServed) {
  ProbeFacts f = Facts(Nothing(), Answered({A("www.example.com", "1.1.1.1")}), TargetVersion::k310);
  f.rows = {Row("www.example.com", "A:1.1.1.1", /*enabled=*/false)};
  EXPECT_EQ(Classify(f).rule, "disabled_served");
}

TEST(Difference, Rule310EmptyPtr) {
  ProbeFacts f = Facts(Nothing(), Answered({{QueryType::kPTR, "4.3.2.1.in-addr.arpa", ".", 0}}),
                       TargetVersion::k310);
  f.type = QueryType::kPTR;
  EXPECT_EQ(Classify(f).rule, "v310_empty_ptr");
}

TEST(Difference, Rule311ParentFallbackWhenParentUnchanged) {
  ProbeFacts f = Facts(Nothing(), Answered({A("x.www.example.com", "1.1.1.1")}));
  f.name = "x.www.example.com";
  f.kind = ProbeKind::kChild;
  f.parent_before = Answered({A("www.example.com", "1.1.1.1")});
  f.parent_after = Answered({A("www.example.com", "1.1.1.1")});
  EXPECT_EQ(Classify(f).rule, "parent_fallback");
  // A parent whose own answer is an unexplained change explains nothing.
  f.parent_after = Answered({A("www.example.com", "9.9.9.9")});
  f.after = Answered({A("x.www.example.com", "9.9.9.9")});
  f.parent_difference = DifferenceKind::kUnexplained;
  EXPECT_EQ(Classify(f).kind, DifferenceKind::kUnexplained);
  // ... but one explained by a rule does.
  f.parent_difference = DifferenceKind::kNowAnswers;
  EXPECT_EQ(Classify(f).rule, "parent_fallback");
}

TEST(Difference, StrayWildcardIsUnexplained) {
  // No legacy '*' row behind the new answer, and not the parent's answer.
  ProbeFacts f = Facts(Nothing(), Answered({A("www.example.com", "6.6.6.6")}));
  f.type = QueryType::kAAAA;
  f.rows = {Row("www.example.com", "A:1.1.1.1")};
  f.parent_before = Nothing();
  f.parent_after = Nothing();
  EXPECT_EQ(Classify(f).kind, DifferenceKind::kUnexplained);
}

TEST(Difference, NowAnswersTrailingDotTrimmedValueAndWildcard) {
  ProbeFacts f = Facts(Nothing(), Answered({A("ftp.example.com", "1.1.1.1")}));
  f.rows = {Row("ftp.example.com.", "A:1.1.1.1")};
  Classification c = Classify(f);
  EXPECT_EQ(c.kind, DifferenceKind::kNowAnswers);
  EXPECT_EQ(c.rule, "trailing_dot");
  f.rows = {Row("ftp.example.com", "A: 1.1.1.1")};
  EXPECT_EQ(Classify(f).rule, "trimmed_value");
  f.rows.clear();
  f.wildcard_rows = {Row("*.example.com", "A:1.1.1.1")};
  EXPECT_EQ(Classify(f).rule, "wildcard_now_active");
}

TEST(Difference, AnIntermediateZoneNameNoLegacyRowHasNowAnswers) {
  ProbeFacts f = Facts(Nothing(), Answered({A("www.lab.example.org", "10.50.0.10")}));
  f.kind = ProbeKind::kIntermediate;
  Classification c = Classify(f);
  EXPECT_EQ(c.kind, DifferenceKind::kNowAnswers);
  EXPECT_EQ(c.rule, "intermediate_zone");
  EXPECT_EQ(ToString(ProbeKind::kIntermediate), "intermediate_zone");
  // A legacy row this client sees there decides by the legacy rules instead.
  f.rows = {Row("www.lab.example.org", "A:10.50.0.9")};
  EXPECT_NE(Classify(f).rule, "intermediate_zone");
}

TEST(Difference, SharedNameMergedBy311) {
  // Legacy answered the smallest id's row; 3.11 answers all rows of the name.
  ProbeFacts f =
      Facts(Answered({A("api.example.com", "1.1.1.1")}),
            Answered({A("api.example.com", "1.1.1.1"), A("api.example.com", "2.2.2.2")}));
  f.rows = {Row("api.example.com", "A:1.1.1.1"), Row("api.example.com", "A:2.2.2.2")};
  f.rows[1].id = "row-2";
  EXPECT_EQ(Classify(f).rule, "shared_name_merged");
  // A CNAME query where the first row holds no CNAME: legacy nothing, 3.11 the CNAME row.
  ProbeFacts c =
      Facts(Nothing(), Answered({{QueryType::kCNAME, "api.example.com", "t.example.com", 300}}));
  c.type = QueryType::kCNAME;
  c.rows = f.rows;
  c.rows[1].records = "CNAME:t.example.com";
  EXPECT_EQ(Classify(c).rule, "shared_name_merged");
}

TEST(Difference, ServfailOfAnAddressHeldAsCnameIsTheSrvQuirk) {
  Resolution before;
  before.answer = Answer::ServerFailure();
  before.possible_answers = {before.answer};
  ProbeFacts f = Facts(before, Nothing());
  f.type = QueryType::kSRV;
  f.rows = {Row("www.example.com", "CNAME:10.0.0.1")};
  EXPECT_EQ(Classify(f).rule, "cname_srv_quirk");
}

}  // namespace
}  // namespace cpdns
