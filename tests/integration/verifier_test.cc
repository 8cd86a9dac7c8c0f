// dns-verifier against migrated fixtures on the real server: clean migrations
// show no unexplained difference, and each deliberate fault is caught.
#include "core/verifier.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/migration.h"
#include "core/reason_codes.h"
#include "core/sql_files.h"
#include "tests/integration/test_database.h"

namespace cpdns {
namespace {

using nlohmann::json;
using testing::ScratchDatabase;

class MigratedDatabase {
 public:
  MigratedDatabase(std::string_view fixture, TargetVersion target) : db_(std::string(fixture)) {
    db_.LoadLegacySchema();
    db_.LoadTargetSchema("v3.11");
    db_.LoadFixture(fixture);
    MigrationOptions m;
    m.connection = db_.options();
    m.execute = true;
    m.target = target;
    std::ostringstream ignored;
    std::streambuf* old = std::cout.rdbuf(ignored.rdbuf());
    MigrationResult r = RunMigration(m);
    std::cout.rdbuf(old);
    EXPECT_EQ(r.status, MigrationStatus::kDone);
  }
  ScratchDatabase& db() { return db_; }

  // Runs the verifier and returns its JSON report.
  json Verify(TargetVersion target, VerificationResult* result = nullptr) {
    VerifierOptions o;
    o.connection = db_.options();
    o.target = target;
    o.report_json = (std::filesystem::temp_directory_path() / (db_.name() + ".json")).string();
    std::ostringstream text;
    VerificationResult r = RunVerification(o, text);
    if (result != nullptr) *result = r;
    std::ifstream in(o.report_json);
    json j = json::parse(in);
    std::filesystem::remove(o.report_json);
    return j;
  }

 private:
  ScratchDatabase db_;
};

std::vector<json> Unexplained(const json& report) {
  std::vector<json> out;
  for (const json& d : report["differences"]) {
    if (d["kind"] == "unexplained") out.push_back(d);
  }
  return out;
}

bool Names(const std::vector<json>& diffs, const std::string& name, const std::string& type,
           const std::string& perspective) {
  for (const json& d : diffs) {
    if (d["name"] == name && d["type"] == type && d["perspective"] == perspective) return true;
  }
  return false;
}

struct Case {
  const char* fixture;
  TargetVersion target;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.fixture << (c.target == TargetVersion::k311 ? " on 3.11" : " on 3.10");
}

class CleanMigration : public ::testing::TestWithParam<Case> {};

TEST_P(CleanMigration, HasNoUnexplainedDifference) {
  MigratedDatabase m(GetParam().fixture, GetParam().target);
  VerificationResult r;
  json report = m.Verify(GetParam().target, &r);
  auto bad = Unexplained(report);
  EXPECT_TRUE(bad.empty()) << bad.size() << " unexplained, first: "
                           << (bad.empty() ? std::string() : bad.front().dump());
  EXPECT_GT(r.probes, 0);
  EXPECT_EQ(report["schema"], "cloudpods-dns-migrate/verification-report");
  EXPECT_EQ(VerifierExitCode(r) & verifier_exit::kUnexplained, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, CleanMigration,
    ::testing::Values(Case{"basic", TargetVersion::k311}, Case{"basic", TargetVersion::k310},
                      Case{"bad_input", TargetVersion::k311},
                      Case{"bad_input", TargetVersion::k310}, Case{"cloud", TargetVersion::k311},
                      Case{"decisions", TargetVersion::k311},
                      Case{"decisions", TargetVersion::k310}, Case{"hostile", TargetVersion::k311}),
    [](const auto& info) {
      return std::string(info.param.fixture) +
             (info.param.target == TargetVersion::k311 ? "_311" : "_310");
    });

// Rule 1 of the decision table: a name whose answer legacy served ends unmigrated only for
// a reason of the table's reject half (the target cannot hold it or would serve it
// differently). Every row's outcome decides, not the first reason only.
class ServedNamesMigrate : public ::testing::TestWithParam<Case> {};

TEST_P(ServedNamesMigrate, UnlessTheirReasonIsInTheRejectHalf) {
  MigratedDatabase m(GetParam().fixture, GetParam().target);
  json report = m.Verify(GetParam().target);
  int served_and_rejected = 0;
  for (const json& d : report["differences"]) {
    if (d["kind"] != "not_migrated" || d["before"] == "no local answer") continue;
    const std::string rule = d["rule"];
    const ReasonCode* code = FindReasonCode(rule);
    ASSERT_NE(code, nullptr) << "a not_migrated rule no table row holds: " << d.dump();
    EXPECT_TRUE(InRejectHalf(code->decision))
        << "legacy served " << d["name"] << " " << d["type"] << " (" << d["before"]
        << "), the row was left out for " << rule << ", which the table migrates: " << d.dump();
    ++served_and_rejected;
  }
  // The decisions fixture holds served rows of the reject half (apex, non-ASCII target): the
  // check above has something to check there.
  if (std::string(GetParam().fixture) == "decisions") {
    EXPECT_GT(served_and_rejected, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, ServedNamesMigrate,
    ::testing::Values(Case{"basic", TargetVersion::k311}, Case{"bad_input", TargetVersion::k311},
                      Case{"cloud", TargetVersion::k311}, Case{"decisions", TargetVersion::k311},
                      Case{"decisions", TargetVersion::k310}, Case{"hostile", TargetVersion::k311}),
    [](const auto& info) {
      return std::string(info.param.fixture) +
             (info.param.target == TargetVersion::k311 ? "_311" : "_310");
    });

TEST(VerifierRules, RowOrderTheDataCannotDecideIsUncertain) {
  // decisions row 17 holds A and AAAA: 3.10.x answers one of the two rows to both types,
  // whichever MariaDB's filesort returns first. Row 18/19 share a name: legacy answered
  // the smallest id, 3.10.x either.
  MigratedDatabase m("decisions", TargetVersion::k310);
  json report = m.Verify(TargetVersion::k310);
  std::set<std::string> uncertain;
  for (const json& d : report["differences"]) {
    if (d["kind"] == "uncertain") {
      uncertain.insert(d["name"].get<std::string>() + " " + d["type"].get<std::string>());
    }
  }
  for (const char* want : {"dual.decisions.example.net A", "dual.decisions.example.net AAAA",
                           "shared.decisions.example.net A"}) {
    EXPECT_TRUE(uncertain.count(want)) << want;
  }
  EXPECT_TRUE(report["totals"]["by_kind"].contains("uncertain"));
  // On 3.11 every row of a name answers: nothing is uncertain, and the shared name's CNAME
  // query, which legacy left unanswered (the A row has the smaller id), is a 3.11 rule.
  json r311 = m.Verify(TargetVersion::k311);
  EXPECT_FALSE(r311["totals"]["by_kind"].contains("uncertain")) << r311["totals"].dump();
  bool merged = false;
  for (const json& d : r311["differences"]) {
    merged = merged || (d["name"] == "shared.decisions.example.net" && d["type"] == "CNAME" &&
                        d["rule"] == "shared_name_merged");
  }
  EXPECT_TRUE(merged);
}

TEST(VerifierRules, LiteralWildcardRowsAreProbedBelowAndBeside) {
  // decisions row 05 "*.wild.decisions.example.net": legacy matched it literally; the
  // verifier also asks a name it covers and a child of the literal name.
  MigratedDatabase m("decisions", TargetVersion::k311);
  json report = m.Verify(TargetVersion::k311);
  bool covered = false, child = false;
  for (const json& d : report["differences"]) {
    covered = covered || (d["probe"] == "covered" && d["rule"] == "wildcard_now_active" &&
                          d["name"] == "cpdns-probe.wild.decisions.example.net");
    child =
        child || (d["probe"] == "child" && d["name"] == "cpdns-probe.*.wild.decisions.example.net");
  }
  EXPECT_TRUE(covered) << report["differences"].dump().substr(0, 2000);
  EXPECT_TRUE(child);
}

TEST(VerifierRules, EveryTargetRuleCategoryComesFromAFixtureRow) {
  MigratedDatabase m("basic", TargetVersion::k311);
  json r311 = m.Verify(TargetVersion::k311)["totals"]["by_rule"];
  for (const char* rule : {"parent_fallback", "cname_not_chased", "ptr_rows_ignored",
                           "ptr_generated_from_a", "shared_name_merged"}) {
    EXPECT_TRUE(r311.contains(rule)) << rule << " in " << r311.dump();
  }
  json r310 = m.Verify(TargetVersion::k310)["totals"]["by_rule"];
  for (const char* rule : {"one_value", "disabled_served", "cname_srv_quirk"}) {
    EXPECT_TRUE(r310.contains(rule)) << rule << " in " << r310.dump();
  }
  json kinds = m.Verify(TargetVersion::k311)["totals"]["by_kind"];
  EXPECT_TRUE(kinds.contains("now_answers")) << kinds.dump();
  EXPECT_TRUE(kinds.contains("not_migrated")) << kinds.dump();
}

// One fault per test, applied to the migrated tables of fixtures/basic.
struct Fault {
  const char* label;
  const char* sql;
  const char* name;
  const char* type;
  const char* perspective;
};

void PrintTo(const Fault& f, std::ostream* os) { *os << f.label; }

class FaultIsReported : public ::testing::TestWithParam<Fault> {};

TEST_P(FaultIsReported, AsUnexplainedNamingNameTypeAndClient) {
  MigratedDatabase m("basic", TargetVersion::k311);
  VerificationResult before;
  m.Verify(TargetVersion::k311, &before);
  ASSERT_EQ(before.Count(DifferenceKind::kUnexplained), 0);
  Connection c = m.db().Connect();
  const std::string sums_before =
      m.db().Checksum("dns_records_tbl") + m.db().Checksum("dnszones_tbl");
  ExecuteSqlScript(c, GetParam().sql, "applying the fault");
  ASSERT_NE(m.db().Checksum("dns_records_tbl") + m.db().Checksum("dnszones_tbl"), sums_before)
      << "the fault changed nothing: " << GetParam().sql;
  VerificationResult after;
  json report = m.Verify(TargetVersion::k311, &after);
  auto bad = Unexplained(report);
  EXPECT_FALSE(bad.empty());
  EXPECT_TRUE(Names(bad, GetParam().name, GetParam().type, GetParam().perspective))
      << "first: " << (bad.empty() ? std::string() : bad.front().dump());
  EXPECT_NE(VerifierExitCode(after) & verifier_exit::kUnexplained, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Faults, FaultIsReported,
    ::testing::Values(
        Fault{"drop_record",
              "DELETE FROM dns_records_tbl WHERE dns_value = '203.0.113.25' AND dns_type = 'A'",
              "mail.example.com", "A", "anonymous"},
        Fault{"change_value",
              "UPDATE dns_records_tbl SET dns_value = '203.0.113.99' WHERE dns_value = "
              "'203.0.113.25' AND dns_type = 'A'",
              "mail.example.com", "A", "anonymous"},
        Fault{"change_ttl", "UPDATE dns_records_tbl SET ttl = 7 WHERE dns_value = '198.51.100.72'",
              "auth.example.io", "A", "anonymous"},
        Fault{"disable_zone", "UPDATE dnszones_tbl SET enabled = 0 WHERE name = 'example.io'",
              "auth.example.io", "A", "anonymous"},
        Fault{"move_to_other_project",
              "INSERT INTO dnszones_tbl (created_at, updated_at, id, name, status, domain_id, "
              "tenant_id, project_src, is_public, public_scope, enabled, zone_type, product_type) "
              "VALUES (UTC_TIMESTAMP(), UTC_TIMESTAMP(), 'other-project-zone', 'example.io', "
              "'available', 'default', 'c2b7a6d81f3e4a9bb0e5d4c3f2a19087', 'local', 0, 'none', 1, "
              "'PrivateZone', '');"
              "UPDATE dns_records_tbl SET dns_zone_id = 'other-project-zone' WHERE dns_value = "
              "'198.51.100.72'",
              "auth.example.io", "A", "anonymous"},
        Fault{"delete_zone", "DELETE FROM dnszones_tbl WHERE name = 'example.io'",
              "auth.example.io", "A", "anonymous"},
        Fault{"stray_wildcard",
              "INSERT INTO dns_records_tbl (created_at, updated_at, id, name, status, enabled, "
              "dns_zone_id, dns_type, dns_value, ttl, mx_priority, policy_type, policy_value) "
              "SELECT UTC_TIMESTAMP(), UTC_TIMESTAMP(), 'stray', '*', 'available', 1, id, 'A', "
              "'192.0.2.66', 300, 0, '', '' FROM dnszones_tbl WHERE name = 'example.io'",
              "_tcp.example.io", "A", "anonymous"}),
    [](const auto& info) { return std::string(info.param.label); });

}  // namespace
}  // namespace cpdns
