// The database layer against the real private MariaDB.
#include "core/database.h"

#include <gtest/gtest.h>
#include <mysqld_error.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/errors.h"
#include "tests/integration/test_database.h"

namespace cpdns {
namespace {

using testing::ScratchDatabase;

long ResidentKiB() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

TEST(Database, NullStaysDistinctFromEmptyString) {
  ScratchDatabase db;
  Connection c = db.Connect();
  c.Execute("CREATE TABLE t (id INT PRIMARY KEY, v TEXT NULL)");
  c.Execute("INSERT INTO t VALUES (1, NULL), (2, ''), (3, 'x')");
  auto rows = c.QueryAll("SELECT id, v FROM t ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_FALSE(rows[0][1].has_value());
  ASSERT_TRUE(rows[1][1].has_value());
  EXPECT_EQ(*rows[1][1], "");
  EXPECT_EQ(rows[2][1].value_or("?"), "x");
}

TEST(Database, BytesRoundTripExactly) {
  ScratchDatabase db;
  Connection c = db.Connect();
  c.Execute(
      "CREATE TABLE t (id INT PRIMARY KEY, v TEXT CHARACTER SET utf8mb4 COLLATE "
      "utf8mb4_unicode_ci NULL)");
  // 4-byte UTF-8 (emoji, CJK extension B), NUL, quotes, backslashes, control bytes.
  const std::string values[] = {
      "\xF0\x9F\x98\x80 smile \xF0\xA0\x80\x80",
      std::string("nul\0inside", 10),
      "quote ' double \" back \\ tick `",
      "A:1.1.1.1,\t\r\n\x01\x7f",
      std::string(65535, 'a'),  // the most a TEXT column holds
  };
  Statement insert = c.Prepare("INSERT INTO t (id, v) VALUES (?, ?)");
  for (size_t i = 0; i < std::size(values); ++i) {
    Param p[] = {Param::Int(static_cast<int64_t>(i)), Param::Str(values[i])};
    EXPECT_EQ(insert.Execute(p), 1u);
    c.ThrowOnWarnings("insert");
  }
  // The same bytes through an escaped literal.
  c.Execute("INSERT INTO t VALUES (100, " + c.Literal(values[1]) + ")");
  RowStream s = c.Stream("SELECT id, v FROM t ORDER BY id");
  Row row;
  size_t n = 0;
  while (s.Next(row)) {
    size_t id = std::stoul(*row[0]);
    const std::string& expected = id == 100 ? values[1] : values[id];
    ASSERT_TRUE(row[1].has_value());
    EXPECT_EQ(*row[1], expected) << "row " << id;
    ++n;
  }
  EXPECT_EQ(n, std::size(values) + 1);
}

TEST(Database, StreamsTwoHundredThousandRowsWithFlatMemory) {
  ScratchDatabase db;
  Connection c = db.Connect();
  c.Execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200) NULL)");
  // ~200k rows of ~180 bytes: 36 MB if the reader held them.
  c.Execute(
      "INSERT INTO t SELECT seq, IF(seq % 1000 = 0, NULL, CONCAT(REPEAT('x', 170), seq)) "
      "FROM seq_1_to_200000");
  long before = ResidentKiB();
  long peak = before;
  RowStream s = c.Stream("SELECT id, v FROM t ORDER BY id");
  Row row;
  long long n = 0, nulls = 0, sum = 0;
  while (s.Next(row)) {
    ++n;
    sum += std::stoll(*row[0]);
    if (!row[1]) ++nulls;
    if (n % 10000 == 0) peak = std::max(peak, ResidentKiB());
  }
  EXPECT_EQ(n, 200000);
  EXPECT_EQ(nulls, 200);
  EXPECT_EQ(sum, 200000LL * 200001 / 2);
  EXPECT_LT(peak - before, 8 * 1024) << "resident memory grew by " << (peak - before) << " KiB";
}

TEST(Database, WrongCredentialsGiveAClearError) {
  ConnectionOptions o = testing::ServerOptions();
  o.host = "127.0.0.1";
  o.port = std::stoi(std::getenv("CPDNS_TEST_PORT") ? std::getenv("CPDNS_TEST_PORT") : "0");
  o.socket.clear();
  o.user = "no_such_user";
  o.password = "s3cret-never-shown";
  try {
    Connection::Open(o, "reader");
    FAIL() << "connected with a user that does not exist";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.errnum(), static_cast<unsigned>(ER_ACCESS_DENIED_ERROR));
    EXPECT_EQ(e.sqlstate(), "28000");
    std::string msg = e.what();
    EXPECT_NE(msg.find("connecting (reader)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("no_such_user"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("s3cret-never-shown"), std::string::npos) << msg;
    EXPECT_FALSE(e.retryable());
  }
}

TEST(Database, MissingTableNamesTheTableAndStatement) {
  ScratchDatabase db;
  Connection c = db.Connect();
  try {
    c.Execute("SELECT id FROM dnsrecord_tbl");
    FAIL() << "query on a missing table succeeded";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.errnum(), static_cast<unsigned>(ER_NO_SUCH_TABLE));
    EXPECT_EQ(e.sqlstate(), "42S02");
    EXPECT_NE(std::string(e.what()).find("dnsrecord_tbl' doesn't exist"), std::string::npos)
        << e.what();
    EXPECT_EQ(e.statement(), "SELECT id FROM dnsrecord_tbl");
  }
}

TEST(Database, QuotedIdentifierCannotInjectStatements) {
  ScratchDatabase db;
  Connection c = db.Connect();
  c.Execute("CREATE TABLE victim (id INT)");
  const std::string hostile = "x`; DROP TABLE victim; --";
  c.Execute("CREATE TABLE " + QuoteIdentifier(hostile) + " (id INT)");
  c.Execute("INSERT INTO " + QuoteIdentifier(hostile) + " VALUES (7)");
  EXPECT_EQ(c.QueryValue("SELECT id FROM " + QuoteIdentifier(hostile)).value_or(""), "7");
  EXPECT_EQ(c.QueryValue("SELECT COUNT(*) FROM victim").value_or(""), "0");
  EXPECT_THROW(QuoteIdentifier(std::string("a\0b", 3)), ConfigError);
  EXPECT_THROW(QuoteIdentifier(""), ConfigError);
}

TEST(Database, ServerWarningsBecomeErrors) {
  ScratchDatabase db;
  Connection c = db.Connect();
  c.Execute("SET SESSION sql_mode=''");
  c.Execute("CREATE TABLE t (v VARCHAR(3))");
  c.Execute("INSERT INTO t VALUES ('truncated')");
  EXPECT_THROW(c.ThrowOnWarnings("insert"), DataError);
}

TEST(Database, InitCommandRunsAtConnect) {
  ScratchDatabase db;
  ConnectionOptions o = db.options();
  o.init_command = "SET SESSION lock_wait_timeout = 7";
  Connection c = Connection::Open(o, "init command");
  EXPECT_EQ(c.QueryValue("SELECT @@SESSION.lock_wait_timeout").value_or(""), "7");
}

TEST(Database, PasswordFromEnvironment) {
  ScratchDatabase db;
  Connection admin = db.Connect();
  const std::string user = "cpdns_pwd_" + std::to_string(::getpid());
  admin.Execute("DROP USER IF EXISTS '" + user + "'@'localhost'");
  admin.Execute("CREATE USER '" + user + "'@'localhost' IDENTIFIED BY 'p\\'w d'");
  ConnectionOptions o = testing::ServerOptions();
  o.user = user;
  o.password.reset();
  ::setenv("MYSQL_PWD", "p'w d", 1);
  ApplyPasswordFromEnvironment(o);
  ::unsetenv("MYSQL_PWD");
  ASSERT_TRUE(o.password.has_value());
  Connection c = Connection::Open(o, "env password");
  EXPECT_EQ(c.QueryValue("SELECT CURRENT_USER()").value_or(""), user + "@localhost");
  admin.Execute("DROP USER '" + user + "'@'localhost'");
}

}  // namespace
}  // namespace cpdns
