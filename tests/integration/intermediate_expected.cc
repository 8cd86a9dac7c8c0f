#include "tests/integration/intermediate_expected.h"

#include <set>
#include <string>

namespace cpdns::testing {

using nlohmann::json;

void ExpectVerifierFindsIntermediateRecords(const ScratchDatabase& db) {
  TempPath path("intermediate-verify");
  ProcessResult v = RunProcess(CPDNS_VERIFIER_BIN,
                               WithConnection(db, {"--report-json", path.path()}), ConnectionEnv());
  EXPECT_EQ(v.exit_code & 1, 0) << Describe(v);  // new answers are no defect
  const json report = ReadJson(path.path());
  std::set<std::string> names;
  for (const json& d : report.at("differences")) {
    if (d.at("rule") != "intermediate_zone") continue;
    EXPECT_EQ(d.at("kind"), "now_answers") << d.dump();
    EXPECT_EQ(d.at("probe"), "intermediate_zone") << d.dump();
    EXPECT_EQ(d.at("before"), "no local answer") << d.dump();
    names.insert(d.at("name").get<std::string>());
  }
  // Every served record's name; not "@" (never served), not the disabled zone's or record's.
  const std::set<std::string> want = {"ci.lab.example.org", "cpdns-probe.dev.lab.example.org",
                                      "gitlab.lab.example.org", "mail.example.com",
                                      "nas.office.example-shop.com",
                                      "wiki.office.example-shop.com", "www.example.com"};
  EXPECT_EQ(names, want);
  EXPECT_GE(report.at("totals").at("by_rule").at("intermediate_zone").at("total").get<int64_t>(), 7);
  const json& cloud = report.at("cloud").at("totals");
  EXPECT_EQ(cloud.at("migrated_local_zones"), 4);
  EXPECT_EQ(cloud.at("migrated_local_recordsets"), 15);
  // Left without a home: bastion and printer (legacy rows win) and the partner's zone.
  EXPECT_EQ(cloud.at("local_zones"), 3);
  EXPECT_EQ(cloud.at("local_recordsets"), 3);
  EXPECT_NE(v.out.find("migrated into the new tables: 4 zones, 15 recordsets"), std::string::npos)
      << v.out;
}

}  // namespace cpdns::testing
