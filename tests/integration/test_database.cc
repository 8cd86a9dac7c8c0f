#include "tests/integration/test_database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <stdexcept>

#include "core/errors.h"
#include "core/sql_files.h"

namespace cpdns::testing {

namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

std::string NameForCurrentTest(std::string_view tag) {
  std::string raw;
  if (const auto* info = ::testing::UnitTest::GetInstance()->current_test_info()) {
    raw = std::string(info->test_suite_name()) + "_" + info->name();
  }
  if (!tag.empty()) raw += "_" + std::string(tag);
  std::string out = "cpdns_t_";
  for (char c : raw) {
    out += (std::isalnum(static_cast<unsigned char>(c)) != 0) ? static_cast<char>(std::tolower(c)) : '_';
  }
  std::string suffix = "_" + std::to_string(::getpid());
  if (out.size() + suffix.size() > 64) {
    // Keep names unique when cut: the cut part is represented by a hash of the whole.
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016zx", std::hash<std::string>{}(out));
    suffix = "_" + std::string(hash, 8) + suffix;
    out.resize(64 - suffix.size());
  }
  return out + suffix;
}

}  // namespace

ConnectionOptions ServerOptions() {
  ConnectionOptions o;
  o.socket = Env("CPDNS_TEST_SOCKET");
  o.user = Env("CPDNS_TEST_USER");
  if (o.socket.empty()) {
    throw std::runtime_error(
        "CPDNS_TEST_SOCKET is not set: run the tests with scripts/test, or start the private "
        "server with `scripts/mariadb start` and `eval \"$(scripts/mariadb env)\"`");
  }
  if (o.user.empty()) o.user = "root";
  o.password = Env("CPDNS_TEST_PASSWORD");
  return o;
}

std::filesystem::path SourceDir() { return CPDNS_SOURCE_DIR; }

ScratchDatabase::ScratchDatabase() : ScratchDatabase("") {}

ScratchDatabase::ScratchDatabase(std::string_view tag) : name_(NameForCurrentTest(tag)) {
  Connection c = Connection::Open(ServerOptions(), "test setup");
  c.Execute("DROP DATABASE IF EXISTS " + QuoteIdentifier(name_));
  c.Execute("CREATE DATABASE " + QuoteIdentifier(name_) +
            " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
}

ScratchDatabase::~ScratchDatabase() {
  try {
    Connection c = Connection::Open(ServerOptions(), "test teardown");
    c.Execute("DROP DATABASE IF EXISTS " + QuoteIdentifier(name_));
  } catch (const std::exception& e) {
    ADD_FAILURE() << "dropping " << name_ << ": " << e.what();
  }
}

ConnectionOptions ScratchDatabase::options() const {
  ConnectionOptions o = ServerOptions();
  o.database = name_;
  return o;
}

Connection ScratchDatabase::Connect() const { return Connection::Open(options(), "test"); }

void ScratchDatabase::LoadLegacySchema() {
  Connection c = Connect();
  LoadSqlFolder(c, SqlDirectory() / "legacy");
}

void ScratchDatabase::LoadTargetSchema(std::string_view release) {
  Connection c = Connect();
  LoadSqlFolder(c, SqlDirectory() / "target" / std::string(release));
}

void ScratchDatabase::LoadMigratorSchema() {
  Connection c = Connect();
  LoadSqlFolder(c, SqlDirectory() / "migrator");
}

void ScratchDatabase::LoadFixture(std::string_view fixture) {
  Connection c = Connect();
  c.Execute("SET SESSION sql_mode='" + std::string(kStrictSqlMode) + "'");
  std::filesystem::path file = SourceDir() / "fixtures" / std::string(fixture) / "legacy.sql";
  ExecuteSqlScript(c, ReadTextFile(file), "loading " + file.string());
}

std::string ScratchDatabase::Checksum(std::string_view table) const {
  Connection c = Connect();
  auto rows = c.QueryAll("CHECKSUM TABLE " + QuoteIdentifier(table) + " EXTENDED");
  if (rows.empty() || rows[0].size() < 2 || !rows[0][1]) {
    throw std::runtime_error("no checksum for " + std::string(table));
  }
  return *rows[0][1];
}

long long ScratchDatabase::Count(std::string_view table, std::string_view where) const {
  Connection c = Connect();
  std::string sql = "SELECT COUNT(*) FROM " + QuoteIdentifier(table);
  if (!where.empty()) sql += " WHERE " + std::string(where);
  return std::stoll(c.QueryValue(sql).value_or("0"));
}

}  // namespace cpdns::testing
