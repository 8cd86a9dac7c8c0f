#include "core/report_format.h"

#include <gtest/gtest.h>

namespace cpdns {
namespace {

TEST(ReportFormat, PrintableEscapesControlBytes) {
  EXPECT_EQ(Printable(std::string("a\nb\x7f", 4)), "a\\x0ab\\x7f");
  EXPECT_EQ(Printable("www.example.com"), "www.example.com");
}

TEST(ReportFormat, ShortenCutsAtARecordAndCountsTheRest) {
  std::string answer = "a 300 A 1.1.1.1; a 300 A 1.1.1.2; a 300 A 1.1.1.3";
  EXPECT_EQ(Shorten(answer, 100), answer);
  EXPECT_EQ(Shorten(answer, 20), "a 300 A 1.1.1.1; ... (+2 records)");
  EXPECT_EQ(Shorten(std::string(30, 'x'), 10), "xxxxxxxxxx...");
}

TEST(ReportFormat, EscapesForHtmlAndMarkdown) {
  EXPECT_EQ(HtmlEscape("<a href='x'>&</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(MarkdownCell("a|b*c<d>_e"), "a\\|b\\*c&lt;d&gt;_e");
  EXPECT_EQ(KindLabel(DifferenceKind::kTargetRule), "target rules");
  EXPECT_EQ(KindLabel(DifferenceKind::kNotMigrated), "not migrated");
}

TEST(ReportFormat, JoinShortSaysHowManyMore) {
  EXPECT_EQ(JoinShort({"a", "b", "c"}, 2), "a, b and 1 more");
  EXPECT_EQ(JoinShort({"a"}, 2), "a");
}

}  // namespace
}  // namespace cpdns
