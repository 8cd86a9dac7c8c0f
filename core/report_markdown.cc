// The verifier's Markdown report (declared in verification_reports.h): the summary as
// tables, for pasting into a change ticket. Bounded like the text summary: every rule,
// the top zones, and the first differences of each kind.
#include <ostream>
#include <string>

#include "core/report_format.h"
#include "core/verification_reports.h"

namespace cpdns {

namespace {

constexpr std::size_t kZonesShown = 10;

void WriteRunTable(const ReportInput& in, std::ostream& out) {
  const ReportContext& c = in.context;
  const RunInfo& run = c.migrator_run;
  out << "| | |\n|---|---|\n"
      << "| Database | " << MarkdownCell(c.database) << " |\n"
      << "| Server | " << MarkdownCell(c.server) << " (" << MarkdownCell(c.server_version)
      << ") |\n"
      << "| Migrator run | "
      << (run.run_id.empty() ? std::string("none recorded")
                         : MarkdownCell(run.run_id) + ", " + MarkdownCell(run.status) + ", " +
                               MarkdownCell(run.started_at) + " to " +
                               MarkdownCell(run.finished_at.value_or("")) + " UTC, dns-migrator " +
                               MarkdownCell(run.tool_version))
      << " |\n"
      << "| Verified | " << c.started_at << " to " << c.finished_at << " UTC |\n"
      << "| dns-verifier | " << MarkdownCell(c.tool_version) << ", target Cloudpods "
      << ToString(c.target) << (c.dns_domain.empty() ? "" : ", dns_domain " + MarkdownCell(c.dns_domain))
      << " |\n"
      << "| Listed | " << MarkdownCell(in.options.filter.Describe()) << " |\n";
}

void WriteTotals(const ReportInput& in, std::ostream& out) {
  const VerificationResult& r = in.result;
  out << "\n## Totals\n\n"
      << r.legacy_rows << " legacy rows; " << r.legacy_names << " legacy names and "
      << (r.names - r.legacy_names) << " probe names; " << r.probes << " answers compared, "
      << r.same << " the same.\n\n"
      << "| kind | real names lost | changed | added | probe names |\n|---|---:|---:|---:|---:|\n";
  for (DifferenceKind k : kDifferenceKinds) {
    FindingCounts c = r.tally.Kind(k);
    out << "| " << KindLabel(k) << " | " << c.real.lost << " | " << c.real.changed << " | "
        << c.real.added << " | " << c.probe.Total() << " |\n";
  }
  auto rules = r.tally.RulesByCount();
  if (rules.empty()) return;
  out << "\n## Rules\n\n| rule | kind | real names lost | changed | added | probe names |\n"
         "|---|---|---:|---:|---:|---:|\n";
  for (const auto& [rule, t] : rules) {
    out << "| " << MarkdownCell(rule) << (t.accepted ? " (accepted)" : "") << " | "
        << ToString(t.kind) << " | " << t.counts.real.lost << " | " << t.counts.real.changed
        << " | " << t.counts.real.added << " | " << t.counts.probe.Total() << " |\n";
  }
}

void WriteZones(const ReportInput& in, std::ostream& out) {
  const DifferenceTally& t = in.result.tally;
  if (t.zones() == 0) return;
  auto top = t.TopZones(kZonesShown);
  out << "\n## Zones with the most findings (" << top.size() << " of " << t.zones()
      << ")\n\n| zone | unexplained | real names lost or changed | all |\n|---|---:|---:|---:|\n";
  for (const ZoneTally& z : top) {
    out << "| " << MarkdownCell(z.zone) << " | " << z.Count(DifferenceKind::kUnexplained) << " | "
        << z.RealLostOrChanged() << " | " << z.Total() << " |\n";
  }
}

void WriteExamples(const ReportInput& in, std::ostream& out) {
  for (DifferenceKind k : kDifferenceKinds) {
    auto it = in.examples.find(k);
    if (it == in.examples.end() || it->second.empty()) continue;
    out << "\n## First differences: " << KindLabel(k) << "\n\n"
        << "| name | type | client | probe | rule | before | after |\n"
           "|---|---|---|---|---|---|---|\n";
    for (const Difference& d : it->second) {
      out << "| " << MarkdownCell(d.name) << " | " << d.type << " | " << MarkdownCell(d.perspective)
          << " | " << ToString(d.probe) << " | " << MarkdownCell(d.rule) << " | "
          << MarkdownCell(d.before) << " | " << MarkdownCell(d.after) << " |\n";
    }
  }
}

void WriteCloud(const CloudPendingReport& c, std::ostream& out) {
  out << "\n## Public cloud\n\n";
  if (!c.intermediate_tables_present) {
    out << "The intermediate cloud-sync tables are absent: nothing is expected.\n";
    return;
  }
  out << "| account | provider | expected | re-appeared | pending | note |\n"
         "|---|---|---:|---:|---:|---|\n";
  for (const CloudAccountSummary& a : c.accounts) {
    const std::string note = CloudAccountNote(a);
    out << "| " << MarkdownCell(a.name.empty() ? a.id : a.name) << " | "
        << MarkdownCell(a.provider) << " | " << a.expected << " | " << a.reappeared << " | "
        << a.pending << " | " << note << " |\n";
  }
  out << "\nIntermediate-model local zones: " << c.local_zones.size() << ", "
      << c.LocalZonesWithoutHome() << " with no home in the new model.\n";
}

void WriteLive(const LiveSummary& l, std::ostream& out) {
  out << "\n## Live check of " << MarkdownCell(l.server) << " (" << MarkdownCell(l.model)
      << " model)\n\n" << l.sent << " queries: " << l.agreed << " agree, " << l.disagreed
      << " disagree, " << l.refused << " refused, " << l.no_reply << " without reply, "
      << l.not_sent << " not sendable, " << l.over_tcp << " over TCP after truncation.\n";
  if (l.examples.empty()) return;
  out << "\n| name | type | probe | model | live |\n|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < l.examples.size() && i < 20; ++i) {
    const LiveDisagreement& d = l.examples[i];
    out << "| " << MarkdownCell(d.name) << " | " << d.type << " | " << ToString(d.probe) << " | "
        << MarkdownCell(d.expected) << " | " << MarkdownCell(d.live) << " |\n";
  }
}

}  // namespace

void WriteMarkdownReport(const ReportInput& in, std::ostream& out) {
  const Verdict& v = in.result.verdict;
  std::string level(ToString(v.level));
  for (char& ch : level) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  out << "# DNS migration verification: " << level << "\n\n**" << MarkdownCell(v.Line())
      << "**\n\n";
  WriteRunTable(in, out);
  WriteTotals(in, out);
  WriteZones(in, out);
  WriteExamples(in, out);
  if (in.cloud != nullptr) WriteCloud(*in.cloud, out);
  if (in.result.live) WriteLive(*in.result.live, out);
}

}  // namespace cpdns
