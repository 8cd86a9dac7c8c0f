// The usage examples at the top of the verifier's report, live-check and zone-file
// headers, compiled against the real signatures (as header_examples_test.cc does for the
// I/O headers): examples that need a server or files are compiled only, the pure ones run.
#include <gtest/gtest.h>

#include <iostream>
#include <sstream>

#include "core/difference_spool.h"
#include "core/live_check.h"
#include "core/live_query.h"
#include "core/report_context.h"
#include "core/report_format.h"
#include "core/report_json.h"
#include "core/report_options.h"
#include "core/target_source.h"
#include "core/verdict.h"
#include "core/verification_reports.h"
#include "core/verifier.h"
#include "core/zone_export.h"
#include "core/zone_file.h"

namespace cpdns {
namespace {

TEST(VerifierHeaderExamples, Verdict) {
  DifferenceTally tally;
  tally.Add({DifferenceKind::kTargetRule, "cname_not_chased", ProbeKind::kLegacyName,
             Effect::kLost, "example.com", false});
  Verdict v = DecideVerdict(tally);   // v.level == VerdictLevel::kSafeWithChanges
  EXPECT_EQ(v.level, VerdictLevel::kSafeWithChanges);
  std::ostringstream out;
  out << v.Line() << "\n";
}

TEST(VerifierHeaderExamples, VerificationResult) {
  Resolution before, after;
  VerificationResult result;
  Difference d;  d.kind = DifferenceKind::kTargetRule;  d.rule = "cname_not_chased";
  d.effect = EffectOf(before.answer, after.answer);
  result.tally.Add(d.Tally());
  EXPECT_EQ(result.Count(DifferenceKind::kTargetRule), 1);
}

TEST(VerifierHeaderExamples, ReportOptionsAndFormat) {
  ReportOptions o;
  o.filter = ReportFilter::Parse("unexplained,target_rule", "all");
  EXPECT_TRUE(o.filter.Keeps(DifferenceKind::kTargetRule, ProbeKind::kChild));   // true
  EXPECT_EQ(Printable("a\nb"), "a\\x0ab");
  std::string answer = "a 1 A 1.1.1.1; a 1 A 1.1.1.2";
  EXPECT_LE(Shorten(answer, 100).size(), 110u);
  EXPECT_EQ(HtmlEscape("<b>"), "&lt;b&gt;");
}

TEST(VerifierHeaderExamples, ZoneFile) {
  ZoneRow zone;  zone.name = "example.com";  zone.is_public = true;
  std::vector<RecordRow> records;
  ZoneFileHeader header;  header.tool_version = "0.1.0";
  std::ostringstream out;
  WriteZoneFile(zone, records, header, out);
  EXPECT_EQ(ZoneFileName(zone), "example.com.public.zone");
}

[[maybe_unused]] void CompiledOnly(Connection& conn, const VerifierOptions& options,
                                   RunLedger& ledger, const std::string& run_id,
                                   const Difference& difference, const nlohmann::json& totals,
                                   const std::vector<ZoneRow>& zones, const ZoneFileHeader& header,
                                   VerificationResult& result, const CloudPendingReport& cloud,
                                   const Answer& predicted) {
  {
    ReportContext c = ReadReportContext(conn, options.connection, ledger.Run(run_id));
    c.target = TargetVersion::k311;  c.started_at = UtcNow();
  }
  {
    Verdict v;
    JsonReportWriter w("verify.json", {{"schema", "..."}, {"version", 2}});
    w.Add(difference);                       // any number of times
    w.Finish({{"verdict", v.Json()}, {"totals", totals}});
  }
  {
    ReportContext context;
    VerificationReports reports(options.reports, context);
    reports.Add(difference);
    reports.Finish(result, &cloud, std::cout);   // result.verdict is decided here
  }
  {
    DifferenceSpool spool;
    spool.Add(difference);                               // as found
    spool.ForEachZone(5000, 200, [](const std::string& zone,
                                    const std::vector<Difference>& listed,
                                    int64_t left_out) { (void)zone; (void)listed; (void)left_out; });
  }
  {
    LiveOptions o;  o.server = LiveEndpoint::Parse("10.0.0.53");
    LiveChecker live(o, "3.11");
    live.Submit({"www.example.com", QueryType::kA, ProbeKind::kLegacyName, "example.com",
                 {predicted}});
    LiveSummary s = live.Finish();   // s.disagreed, s.examples, s.no_reply, ...
    DnsClient client(LiveEndpoint::Parse("10.0.0.53:53"), std::chrono::milliseconds(2000), 2);
    LiveReply r = client.Query("www.example.com", QueryType::kA);
    (void)r;
  }
  {
    (void)zones;
    TargetSource target(conn, TableNames{});
    ZoneExportResult r = ExportZones(target.Zones(), [&](const RecordSink& sink) {
      target.RecordsByZone(sink);
    }, "/srv/zones", header);
    (void)r;
  }
}

}  // namespace
}  // namespace cpdns
