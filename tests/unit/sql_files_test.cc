#include "core/sql_files.h"

#include <gtest/gtest.h>

namespace cpdns {
namespace {

TEST(SqlFilesSplit, SplitsAtSemicolonsOutsideQuotesAndComments) {
  auto s = SplitSqlStatements(
      "-- header; comment\nSET NAMES utf8mb4;\nINSERT INTO t VALUES ('a;b', \"c;d\", `e;f`);\n"
      "/* block; */ SELECT 1;\n# hash; comment\n");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_NE(s[0].find("SET NAMES utf8mb4"), std::string::npos);
  EXPECT_NE(s[1].find("'a;b', \"c;d\", `e;f`"), std::string::npos);
  EXPECT_NE(s[2].find("SELECT 1"), std::string::npos);
}

TEST(SqlFilesSplit, KeepsEscapedAndDoubledQuotes) {
  auto s = SplitSqlStatements("INSERT INTO t VALUES ('it''s;', 'back\\\\'';x');SELECT 2");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], "INSERT INTO t VALUES ('it''s;', 'back\\\\'';x')");
  EXPECT_EQ(s[1], "SELECT 2");
}

TEST(SqlFilesSplit, DropsCommentOnlyPieces) {
  EXPECT_TRUE(SplitSqlStatements("-- only a comment\n;\n  ;").empty());
}

}  // namespace
}  // namespace cpdns
