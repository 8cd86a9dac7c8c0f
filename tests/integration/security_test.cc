// TLS and least privileges against the private MariaDB.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <sstream>

#include "core/database.h"
#include "core/errors.h"
#include "core/migration.h"
#include "tests/integration/test_database.h"

namespace cpdns {
namespace {

using testing::ScratchDatabase;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : v;
}

ConnectionOptions Tcp(const std::string& user, const std::string& password, const std::string& db) {
  ConnectionOptions o;
  o.host = "127.0.0.1";
  o.port = static_cast<unsigned>(std::stoul(Env("CPDNS_TEST_PORT")));
  o.user = user;
  o.password = password;
  o.database = db;
  return o;
}

MigrationResult QuietMigration(const MigrationOptions& o) {
  std::ostringstream ignored;
  std::streambuf* old = std::cout.rdbuf(ignored.rdbuf());
  try {
    MigrationResult r = RunMigration(o);
    std::cout.rdbuf(old);
    return r;
  } catch (...) {
    std::cout.rdbuf(old);
    throw;
  }
}

class UserFixture {
 public:
  UserFixture(Connection& admin, std::string user, const std::string& extra)
      : admin_(admin), user_(std::move(user)) {
    admin_.Execute("DROP USER IF EXISTS '" + user_ + "'@'%'");
    admin_.Execute("CREATE USER '" + user_ + "'@'%' IDENTIFIED BY 'Pw-" + user_ + "' " + extra);
  }
  ~UserFixture() { admin_.Execute("DROP USER IF EXISTS '" + user_ + "'@'%'"); }
  std::string password() const { return "Pw-" + user_; }

 private:
  Connection& admin_;
  std::string user_;
};

TEST(Security, TlsRequiredWithVerifiedIdentity) {
  const std::string ca = Env("CPDNS_TEST_SSL_CA");
  if (ca.empty()) GTEST_SKIP() << "the private server runs without TLS (openssl missing)";
  ScratchDatabase db;
  Connection admin = db.Connect();
  const std::string user = "cpdns_tls_" + std::to_string(::getpid());
  UserFixture u(admin, user, "REQUIRE SSL");
  admin.Execute("GRANT SELECT ON " + QuoteIdentifier(db.name()) + ".* TO '" + user + "'@'%'");

  ConnectionOptions plain = Tcp(user, u.password(), db.name());
  plain.ssl_mode = "DISABLED";
  EXPECT_THROW(Connection::Open(plain, "without TLS"), DatabaseError);

  ConnectionOptions verified = Tcp(user, u.password(), db.name());
  verified.ssl_mode = "VERIFY_IDENTITY";
  verified.ssl_ca = ca;
  Connection c = Connection::Open(verified, "with TLS");
  auto cipher = c.QueryAll("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
  ASSERT_EQ(cipher.size(), 1u);
  EXPECT_FALSE(cipher[0][1].value_or("").empty()) << "the session is not encrypted";

  // A server certificate that the given CA did not sign is refused.
  ConnectionOptions wrong_ca = verified;
  wrong_ca.ssl_ca = ca.substr(0, ca.rfind('/')) + "/server-cert.pem";
  try {
    Connection::Open(wrong_ca, "untrusted CA");
    ADD_FAILURE() << "connected although the CA did not sign the server certificate";
  } catch (const DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("certificate"), std::string::npos) << e.what();
  }
}

TEST(Security, MigratesWithTheDocumentedLeastPrivileges) {
  ScratchDatabase db;
  db.LoadLegacySchema();
  db.LoadTargetSchema("v3.11");
  db.LoadMigratorSchema();
  db.LoadFixture("basic");
  Connection admin = db.Connect();
  const std::string user = "cpdns_min_" + std::to_string(::getpid());
  UserFixture u(admin, user, "");
  const std::string d = QuoteIdentifier(db.name());
  admin.Execute("GRANT SELECT ON " + d + ".`dnsrecord_tbl` TO '" + user + "'@'%'");
  for (const char* t : {"dnszones_tbl", "dns_records_tbl", "cpdns_migration_runs",
                        "cpdns_migration_map", "cpdns_migration_zones",
                        "cpdns_migration_records", "cpdns_migration_changes"}) {
    admin.Execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + d + "." + QuoteIdentifier(t) +
                  " TO '" + user + "'@'%'");
  }
  const std::string legacy_sum = db.Checksum("dnsrecord_tbl");

  MigrationOptions o;
  o.connection = Tcp(user, u.password(), db.name());
  o.execute = true;
  MigrationResult r = QuietMigration(o);
  EXPECT_EQ(r.status, MigrationStatus::kDone);
  EXPECT_GT(db.Count("dns_records_tbl"), 200);
  EXPECT_EQ(db.Checksum("dnsrecord_tbl"), legacy_sum);

  MigrationOptions rollback = o;
  rollback.execute = true;
  rollback.rollback_run = r.run_id;
  EXPECT_EQ(QuietMigration(rollback).status, MigrationStatus::kRolledBack);
  EXPECT_EQ(db.Count("dns_records_tbl"), 0);

  // The same user cannot write the legacy table: the grant is the guarantee.
  Connection limited = Connection::Open(o.connection, "limited");
  EXPECT_THROW(limited.Execute("DELETE FROM dnsrecord_tbl"), DatabaseError);
}

}  // namespace
}  // namespace cpdns
