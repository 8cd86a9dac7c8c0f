// dns-verifier's reports as an operator reads them, from the program itself over a
// migrated fixture: the verdict line and exit bits, the report filters, and the HTML page
// rendered by a real browser (Debian's chromium, headless) with a screenshot kept in
// <build>/test-artifacts/.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/integration/migrator_harness.h"
#include "tests/integration/process.h"
#include "tests/integration/test_database.h"

namespace cpdns {
namespace {

using nlohmann::json;
using testing::ConnectionEnv;
using testing::Describe;
using testing::ProcessResult;
using testing::ReadJson;
using testing::RunMigrator;
using testing::RunProcess;
using testing::ScratchDatabase;
using testing::TempPath;
using testing::WithConnection;

// fixtures/basic and fixtures/cloud migrated to 3.11, as the demo does.
class MigratedRegion : public ::testing::Test {
 protected:
  void SetUp() override {
    db_.LoadLegacySchema();
    db_.LoadTargetSchema("v3.11");
    db_.LoadFixture("basic");
    db_.LoadFixture("cloud");
    ProcessResult m = RunMigrator(db_, {"--execute"});
    ASSERT_TRUE(m.exit_code == 0 || m.exit_code == 1) << Describe(m);
  }
  ProcessResult Verify(const std::vector<std::string>& args) {
    return RunProcess(CPDNS_VERIFIER_BIN, WithConnection(db_, args), ConnectionEnv());
  }
  ScratchDatabase db_;
};

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

TEST_F(MigratedRegion, VerdictComesFirstAndEachFindingHasItsExitBit) {
  TempPath report("verdict.json");
  ProcessResult r = Verify({"--report-json", report.path()});
  // The apex rows of example.com and yunion-demo.com.cn cannot be stored: their answers are
  // lost. CNAME names lose A answers under 3.11's own rules. The cloud fixture's two local
  // zones have no zone in the new model.
  EXPECT_EQ(FirstLine(r.out).rfind("Verdict: NOT SAFE: answers of real names 2 lost by rows the "
                                   "migrator skipped (apex_unresolvable 2)",
                                   0),
            0u)
      << r.out;
  EXPECT_EQ(r.exit_code, 2 | 4 | 16 | 32) << Describe(r);
  EXPECT_LE(std::count(r.out.begin(), r.out.end(), '\n'), 60) << r.out;
  EXPECT_NE(r.out.find("Database " + db_.name()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("migrator run "), std::string::npos) << r.out;

  json j = ReadJson(report.path());
  EXPECT_EQ(j["verdict"]["level"], "not safe");
  EXPECT_EQ(j["verdict"]["skipped_reasons"]["apex_unresolvable"], 2);
  EXPECT_GT(j["verdict"]["real_changed_by_target_rules"]["lost"].get<int>(), 0);
  EXPECT_EQ(j["verdict"]["real_changed_by_target_rules"]["lost"],
            j["totals"]["by_kind"]["target_rule"]["real"]["lost"]);
  EXPECT_GT(j["verdict"]["probe_gained"].get<int>(), 0);
  EXPECT_EQ(j["context"]["database"], db_.name());
  EXPECT_FALSE(j["context"]["migrator_run"]["id"].get<std::string>().empty());
  EXPECT_EQ(j["cloud"]["totals"]["local_zones"], 5);

  // The operator accepts the two reasons: the same findings, another verdict and exit code.
  ProcessResult accepted = Verify({"--accept", "apex_unresolvable"});
  EXPECT_EQ(FirstLine(accepted.out).rfind("Verdict: SAFE WITH CHANGES: answers of real names ", 0),
            0u)
      << accepted.out;
  EXPECT_EQ(accepted.exit_code, 2 | 4 | 32) << Describe(accepted);
}

TEST_F(MigratedRegion, ReportsListChildProbesOnlyWhenAsked) {
  TempPath by_default("default.json"), all("all.json"), kinds("kinds.json");
  ASSERT_EQ(Verify({"--report-json", by_default.path()}).exit_code & 8, 0);
  ASSERT_EQ(Verify({"--report-json", all.path(), "--report-probes", "all"}).exit_code & 8, 0);
  ASSERT_EQ(Verify({"--report-json", kinds.path(), "--report-kinds", "not_migrated"}).exit_code & 8,
            0);
  auto count = [](const json& j, const std::string& probe) {
    return std::count_if(j["differences"].begin(), j["differences"].end(),
                         [&](const json& d) { return d["probe"] == probe; });
  };
  json d = ReadJson(by_default.path()), a = ReadJson(all.path()), k = ReadJson(kinds.path());
  EXPECT_EQ(count(d, "child"), 0);
  EXPECT_GT(count(a, "child"), 0);
  EXPECT_EQ(count(a, "legacy_name"), count(d, "legacy_name"));
  EXPECT_EQ(a["totals"], d["totals"]) << "filters choose what is listed, never what is counted";
  EXPECT_EQ(k["differences"].size(), 2u);
  for (const json& x : k["differences"]) EXPECT_EQ(x["kind"], "not_migrated");
  ProcessResult bad = Verify({"--report-probes", "childs"});
  EXPECT_EQ(bad.exit_code, 8);
  EXPECT_NE(bad.err.find("--report-probes: unknown value 'childs'"), std::string::npos) << bad.err;
}

// Runs Debian's chromium headless on `url` with a fresh profile; `mode` is --dump-dom or
// --screenshot=FILE. No network: every feature that would call out is off.
ProcessResult Chromium(const std::string& mode, const std::string& url) {
  TempPath profile("chromium-profile");
  std::filesystem::create_directories(profile.path());
  ProcessResult r = RunProcess(
      "/usr/bin/chromium",
      {"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
       "--disable-background-networking", "--disable-component-update", "--disable-sync",
       "--user-data-dir=" + profile.path(), "--window-size=1400,2000", mode, url});
  std::filesystem::remove_all(profile.path());
  return r;
}

TEST_F(MigratedRegion, HtmlReportRendersInABrowserWithVerdictAndDifferences) {
  TempPath html("report.html");
  ProcessResult r = Verify({"--report-html", html.path()});
  ASSERT_EQ(r.exit_code & 8, 0) << Describe(r);
  std::ifstream in(html.path());
  std::stringstream page;
  page << in.rdbuf();
  EXPECT_EQ(page.str().find("<script"), std::string::npos);
  EXPECT_EQ(page.str().find("://"), std::string::npos) << "a self-contained page links nothing";

  ProcessResult dom = Chromium("--dump-dom", "file://" + html.path());
  ASSERT_EQ(dom.exit_code, 0) << Describe(dom);
  EXPECT_NE(dom.out.find("<h1>NOT SAFE</h1>"), std::string::npos) << dom.out.substr(0, 2000);
  EXPECT_NE(dom.out.find(db_.name()), std::string::npos);
  // A known difference, side by side: api-v2.example.com is a CNAME that 3.11 answers
  // only to CNAME queries.
  const std::string row = "<td>api-v2.example.com</td><td>A</td><td>anonymous</td>"
                          "<td>legacy_name</td><td>target_rule<br>cname_not_chased</td>"
                          "<td class=\"before\">api-v2.example.com 300 CNAME api.example.com; "
                          "api.example.com 300 A 203.0.113.40</td>"
                          "<td class=\"after\">no local answer</td>";
  EXPECT_NE(dom.out.find(row), std::string::npos);

  std::filesystem::create_directories(CPDNS_TEST_ARTIFACTS_DIR);
  const std::string shot = std::string(CPDNS_TEST_ARTIFACTS_DIR) + "/verifier-report.png";
  std::filesystem::remove(shot);
  ProcessResult s = Chromium("--screenshot=" + shot, "file://" + html.path());
  ASSERT_EQ(s.exit_code, 0) << Describe(s);
  std::ifstream png(shot, std::ios::binary);
  char magic[8] = {};
  png.read(magic, sizeof magic);
  EXPECT_EQ(std::string(magic, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << shot;
  EXPECT_GT(std::filesystem::file_size(shot), 10000u);
}

}  // namespace
}  // namespace cpdns
