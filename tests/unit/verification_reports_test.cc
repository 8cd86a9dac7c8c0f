#include "core/verification_reports.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/difference_spool.h"

namespace cpdns {
namespace {

using nlohmann::json;

std::string Temp(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("cpdns-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Difference Make(DifferenceKind kind, std::string rule, ProbeKind probe, Effect effect, int zone,
                int n) {
  Difference d;
  d.kind = kind;
  d.rule = std::move(rule);
  d.detail = "the explanation of " + d.rule;
  d.zone = "zone" + std::to_string(zone) + ".example";
  d.name = (probe == ProbeKind::kChild ? "cpdns-probe.host" : "host") + std::to_string(n) + "." + d.zone;
  d.type = "A";
  d.perspective = "anonymous";
  d.probe = probe;
  d.effect = effect;
  d.before = effect == Effect::kAdded ? "no local answer" : d.name + " 300 A 192.0.2.1; " + d.name + " 300 A 192.0.2.2";
  d.after = effect == Effect::kLost ? "no local answer" : d.name + " 300 A 198.51.100.7";
  return d;
}

// A region far larger than any summary: thousands of zones, dozens of rules, every kind.
void FeedLargeRegion(VerificationReports& reports, VerificationResult& result) {
  int n = 0;
  for (int zone = 0; zone < 3000; ++zone) {
    for (int i = 0; i < 8; ++i, ++n) {
      reports.Add(Make(DifferenceKind::kTargetRule, "parent_fallback", ProbeKind::kChild,
                       Effect::kAdded, zone, n));
    }
    reports.Add(Make(DifferenceKind::kTargetRule, "rule_" + std::to_string(zone % 40),
                     ProbeKind::kLegacyName, Effect::kLost, zone, n++));
    reports.Add(Make(DifferenceKind::kNowAnswers, "trailing_dot", ProbeKind::kLegacyName,
                     Effect::kAdded, zone, n++));
    if (zone % 100 == 0) {
      reports.Add(Make(DifferenceKind::kUnexplained, "unexplained", ProbeKind::kLegacyName,
                       Effect::kChanged, zone, n++));
      reports.Add(Make(DifferenceKind::kNotMigrated, "no_zone", ProbeKind::kLegacyName,
                       Effect::kLost, zone, n++));
    }
  }
  result.legacy_rows = n;
  result.names = 2 * n;
  result.legacy_names = n;
  result.probes = 10 * n;
  result.same = 8 * n;
}

TEST(VerificationReports, TextSummaryStaysShortWhateverTheSize) {
  ReportOptions o;
  o.json_path = Temp("large.json");
  o.html_path = Temp("large.html");
  o.md_path = Temp("large.md");
  ReportContext c;
  c.database = "yunioncloud";
  c.migrator_run.run_id = "run-1";
  VerificationResult result;
  {
    VerificationReports reports(o, c);
    FeedLargeRegion(reports, result);
    CloudPendingReport cloud;
    cloud.intermediate_tables_present = true;
    cloud.local_zones.push_back({"z1", "lab.example.org", "PublicZone", 4, false});
    std::ostringstream text;
    reports.Finish(result, &cloud, text);
    std::string s = text.str();
    EXPECT_LE(std::count(s.begin(), s.end(), '\n'), 60) << s;
    EXPECT_EQ(s.rfind("Verdict: NOT SAFE: 30 differences no rule explains", 0), 0u) << s;
    EXPECT_NE(s.find("and 2990 more zones"), std::string::npos) << s;
    EXPECT_NE(s.find("child probes left out"), std::string::npos);
    EXPECT_NE(s.find("lab.example.org"), std::string::npos);
  }
  EXPECT_EQ(result.local_zones_without_home, 1);
  EXPECT_EQ(result.Count(DifferenceKind::kTargetRule), 3000 * 9);

  json j = json::parse(Slurp(o.json_path));
  EXPECT_EQ(j["version"], 2);
  EXPECT_EQ(j["verdict"]["level"], "not safe");
  EXPECT_EQ(j["verdict"]["unexplained"], 30);
  // Child probes are counted, not listed.
  EXPECT_EQ(j["totals"]["by_kind"]["target_rule"]["probe"]["added"], 24000);
  EXPECT_EQ(j["differences"].size(), 3000u * 2 + 60);
  for (const json& d : j["differences"]) {
    ASSERT_NE(d["probe"], "child");
    ASSERT_FALSE(d.contains("detail")) << "the same as rules[rule]: " << d.dump();
  }
  EXPECT_EQ(j["rules"]["trailing_dot"], "the explanation of trailing_dot");
  EXPECT_EQ(j["context"]["database"], "yunioncloud");

  std::string html = Slurp(o.html_path);
  EXPECT_NE(html.find("<h1>NOT SAFE</h1>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  std::size_t rows = 0;
  for (std::size_t at = html.find("<tr class=\"k-"); at != std::string::npos;
       at = html.find("<tr class=\"k-", at + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, 5000u) << "the page lists at most 5000 differences";
  EXPECT_LT(html.size(), 8u << 20);
  for (DifferenceKind k : kDifferenceKinds) {
    const std::string box = "id=\"f-" + std::string(ToString(k)) + "\"";
    EXPECT_NE(html.find(box), std::string::npos) << "every kind can be filtered: " << box;
  }
  // Every unexplained difference is among those listed.
  EXPECT_EQ(html.find("host") != std::string::npos, true);
  std::size_t unexplained = 0;
  for (std::size_t at = html.find("<tr class=\"k-unexplained"); at != std::string::npos;
       at = html.find("<tr class=\"k-unexplained", at + 1)) {
    ++unexplained;
  }
  EXPECT_EQ(unexplained, 30u);

  std::string md = Slurp(o.md_path);
  EXPECT_EQ(md.rfind("# DNS migration verification: NOT SAFE", 0), 0u);
  EXPECT_NE(md.find("| run-1"), std::string::npos) << md.substr(0, 800);
  for (const std::string& p : {o.json_path, o.html_path, o.md_path}) std::filesystem::remove(p);
}

// The text summary of a run with nothing but `cloud` to say.
std::string CloudSummary(const CloudPendingReport& cloud) {
  VerificationResult result;
  VerificationReports reports(ReportOptions{}, ReportContext{});
  std::ostringstream text;
  reports.Finish(result, &cloud, text);
  return text.str();
}

CloudAccountSummary PendingAccount(std::string id, bool dns_sync_supported, int64_t pending) {
  CloudAccountSummary a;
  a.name = a.id = std::move(id);
  a.known = true;
  a.dns_sync_supported = dns_sync_supported;
  a.expected = a.pending = pending;
  return a;
}

TEST(VerificationReports, CloudSummarySaysWhatMakesTheCountsReadDifferently) {
  CloudPendingReport cloud;
  cloud.intermediate_tables_present = true;
  cloud.target_tables_present = true;
  cloud.providers_table_present = true;
  cloud.accounts = {PendingAccount("aliyun", true, 2), PendingAccount("huawei", false, 3)};
  cloud.unattributed_zones = 2;
  cloud.unattributed_records = 3;
  std::string s = CloudSummary(cloud);
  EXPECT_NE(s.find("Public cloud: 2 accounts, 5 records expected, 0 re-appeared, 5 pending "
                   "(3 at accounts no sync will bring back)"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("unattributed: 2 cloud-managed zones (3 records)"), std::string::npos) << s;
  EXPECT_EQ(s.find("tables not found"), std::string::npos) << s;

  cloud.target_tables_present = false;
  cloud.missing_tables = {"dns_records_tbl"};
  s = CloudSummary(cloud);
  EXPECT_NE(s.find("the target tables are absent: no cloud record can have re-appeared"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("tables not found: dns_records_tbl"), std::string::npos) << s;

  cloud.target_tables_present = true;
  cloud.providers_table_present = false;
  cloud.missing_tables = {"cloudproviders_tbl"};
  s = CloudSummary(cloud);
  EXPECT_NE(s.find("the cloud sub-account table is absent"), std::string::npos) << s;
}

TEST(VerificationReports, CloudSummarySaysWhenNothingIsExpected) {
  CloudPendingReport cloud;
  cloud.missing_tables = {"dns_zones_tbl", "dns_zone_caches_tbl"};
  const std::string s = CloudSummary(cloud);
  EXPECT_NE(s.find("intermediate cloud-sync tables are absent: nothing expected"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("tables not found: dns_zones_tbl, dns_zone_caches_tbl"), std::string::npos)
      << s;
  EXPECT_EQ(s.find("Intermediate-model local zones"), std::string::npos) << s;
}

TEST(VerificationReports, AcceptedRulesAreMarked) {
  ReportOptions o;
  o.json_path = Temp("accepted.json");
  o.accepted_rules = {"cname_not_chased"};
  VerificationResult result;
  {
    VerificationReports reports(o, ReportContext{});
    reports.Add(Make(DifferenceKind::kTargetRule, "cname_not_chased", ProbeKind::kLegacyName,
                     Effect::kLost, 1, 1));
    std::ostringstream text;
    reports.Finish(result, nullptr, text);
    EXPECT_EQ(text.str().rfind("Verdict: SAFE: ", 0), 0u) << text.str();
  }
  json j = json::parse(Slurp(o.json_path));
  EXPECT_EQ(j["differences"][0]["accepted"], true);
  EXPECT_EQ(j["totals"]["by_rule"]["cname_not_chased"]["accepted"], true);
  EXPECT_EQ(j["verdict"]["accepted"], 1);
  std::filesystem::remove(o.json_path);
}

TEST(DifferenceSpool, ListsTheMostImportantFirstGroupedByZone) {
  DifferenceSpool spool;
  for (int i = 0; i < 30; ++i) {
    spool.Add(Make(DifferenceKind::kTargetRule, "parent_fallback", ProbeKind::kChild,
                   Effect::kAdded, 2, i));
  }
  spool.Add(Make(DifferenceKind::kUnexplained, "unexplained", ProbeKind::kLegacyName,
                 Effect::kLost, 3, 100));
  spool.Add(Make(DifferenceKind::kTargetRule, "cname_not_chased", ProbeKind::kLegacyName,
                 Effect::kLost, 1, 101));
  std::vector<std::string> zones;
  std::size_t listed_total = 0;
  int64_t left_total = 0;
  spool.ForEachZone(10, 5, [&](const std::string& zone, const std::vector<Difference>& listed,
                               int64_t left_out) {
    zones.push_back(zone);
    listed_total += listed.size();
    left_total += left_out;
    EXPECT_LE(listed.size(), 5u);
  });
  EXPECT_EQ(zones, (std::vector<std::string>{"zone1.example", "zone2.example", "zone3.example"}));
  EXPECT_EQ(listed_total, 7u);
  EXPECT_EQ(left_total, 25);
  EXPECT_EQ(spool.size(), 32);
}

}  // namespace
}  // namespace cpdns
