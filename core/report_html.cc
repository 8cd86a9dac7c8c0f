// The verifier's HTML report (declared in verification_reports.h): one self-contained
// page for a change ticket. No network, no script: the CSS is inline and the filters are
// check boxes that hide table rows by CSS alone (`:checked ~`), so the page reads the
// same in any browser, printed, or archived.
//
// Bounded whatever the size of the region: every zone with findings in the overview,
// and at most kMaxListed differences (kMaxPerZone in one zone), the most important first
// (see DifferenceSpool); the JSON report holds every one.
#include <ostream>
#include <string>

#include "core/difference_spool.h"
#include "core/report_format.h"
#include "core/verification_reports.h"

namespace cpdns {

namespace {

constexpr std::size_t kMaxListed = 5000;
constexpr std::size_t kMaxPerZone = 200;

constexpr const char* kStyle = R"css(
body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1400px;padding:0 16px 40px;color:#1d1d1f}
h1{margin:0;font-size:28px}h2{margin:28px 0 8px;font-size:20px;border-bottom:1px solid #ddd}
h3{margin:18px 0 6px;font-size:16px}
.verdict{padding:16px 20px;margin:16px 0;border-radius:8px;color:#fff}
.v-safe{background:#1e7b34}.v-safe-with-changes{background:#9a6700}.v-not-safe{background:#b42318}
.verdict p{margin:6px 0 0;font-size:15px}
table{border-collapse:collapse;margin:4px 0 12px}
th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f3f4f6}td.n{text-align:right;font-variant-numeric:tabular-nums}
table.diffs{width:100%;table-layout:fixed}
table.diffs td{overflow-wrap:anywhere;font-family:ui-monospace,monospace;font-size:12px}
table.diffs col.name{width:19%}table.diffs col.who{width:11%}table.diffs col.rule{width:12%}
table.diffs col.ans{width:24%}
td.before{background:#fff5f5}td.after{background:#f3fbf4}
tr.k-unexplained td:first-child{border-left:4px solid #b42318}
tr.k-not_migrated td:first-child{border-left:4px solid #d4731c}
tr.k-target_rule td:first-child{border-left:4px solid #9a6700}
tr.k-now_answers td:first-child{border-left:4px solid #2f6fdd}
.filters{background:#f6f8fa;padding:8px 12px;border-radius:6px;margin:8px 0}
.filters label{margin-right:14px;white-space:nowrap}
.more{color:#57606a;font-style:italic}
.muted{color:#57606a}
)css";

// The filter check boxes: each hides the rows of one class when unchecked.
struct FilterBox {
  const char* id;
  const char* row_class;
  const char* label;
};
constexpr FilterBox kFilters[] = {
    {"f-unexplained", "k-unexplained", "unexplained"},
    {"f-not_migrated", "k-not_migrated", "not migrated"},
    {"f-target_rule", "k-target_rule", "target rules"},
    {"f-uncertain", "k-uncertain", "uncertain"},
    {"f-now_answers", "k-now_answers", "now answers"},
    {"f-real", "s-real", "real names"},
    {"f-probe", "s-probe", "probe names"},
    {"f-lost", "e-lost", "lost"},
    {"f-changed", "e-changed", "changed"},
    {"f-added", "e-added", "added"},
};

std::string VerdictClass(VerdictLevel level) {
  std::string s = "v-" + std::string(ToString(level));
  for (char& c : s) c = c == ' ' ? '-' : c;
  return s;
}

// An id attribute (no blanks) for a zone's section.
std::string AnchorId(std::string_view zone) {
  std::string id = "z-";
  for (char c : zone) id += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') ? c : '_';
  return id;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

void Row(std::ostream& out, std::string_view key, const std::string& value_html) {
  out << "<tr><th>" << key << "</th><td>" << value_html << "</td></tr>\n";
}

void WriteRun(const ReportInput& in, std::ostream& out) {
  const ReportContext& c = in.context;
  const RunInfo& run = c.migrator_run;
  out << "<h2>Run</h2>\n<table class=\"kv\" id=\"run\">\n";
  Row(out, "Database", HtmlEscape(c.database));
  Row(out, "Server", HtmlEscape(c.server) + " (" + HtmlEscape(c.server_version) + ")");
  Row(out, "Migrator run",
      run.run_id.empty() ? std::string("none recorded")
                     : HtmlEscape(run.run_id) + ", " + HtmlEscape(run.status) + ", " +
                           HtmlEscape(run.started_at) + " to " +
                           HtmlEscape(run.finished_at.value_or("")) +
                           " UTC, dns-migrator " + HtmlEscape(run.tool_version));
  Row(out, "Verified", HtmlEscape(c.started_at) + " to " + HtmlEscape(c.finished_at) + " UTC");
  Row(out, "dns-verifier",
      HtmlEscape(c.tool_version) + ", target Cloudpods " + std::string(ToString(c.target)) +
          (c.dns_domain.empty() ? "" : ", dns_domain " + HtmlEscape(c.dns_domain)));
  Row(out, "Listed", HtmlEscape(in.options.filter.Describe()));
  out << "</table>\n";
}

void WriteTotals(const ReportInput& in, std::ostream& out) {
  const VerificationResult& r = in.result;
  out << "<h2>Totals</h2>\n<p>" << r.legacy_rows << " legacy rows; " << r.legacy_names
      << " legacy names and " << (r.names - r.legacy_names) << " probe names; " << r.probes
      << " answers compared, " << r.same << " the same.</p>\n"
      << "<table id=\"totals\"><tr><th>kind</th><th>real names lost</th><th>changed</th>"
         "<th>added</th><th>probe names</th></tr>\n";
  for (DifferenceKind k : kDifferenceKinds) {
    FindingCounts c = r.tally.Kind(k);
    out << "<tr><td>" << KindLabel(k) << "</td><td class=\"n\">" << c.real.lost
        << "</td><td class=\"n\">" << c.real.changed << "</td><td class=\"n\">" << c.real.added
        << "</td><td class=\"n\">" << c.probe.Total() << "</td></tr>\n";
  }
  out << "</table>\n<h2>Rules</h2>\n<table id=\"rules\"><tr><th>rule</th><th>kind</th>"
         "<th>real names lost</th><th>changed</th><th>added</th><th>probe names</th>"
         "<th>explanation (as the first difference gave it)</th></tr>\n";
  for (const auto& [rule, t] : r.tally.RulesByCount()) {
    auto detail = in.rule_details.find(rule);
    out << "<tr><td>" << HtmlEscape(rule) << (t.accepted ? " (accepted)" : "") << "</td><td>"
        << ToString(t.kind) << "</td><td class=\"n\">" << t.counts.real.lost
        << "</td><td class=\"n\">" << t.counts.real.changed << "</td><td class=\"n\">"
        << t.counts.real.added << "</td><td class=\"n\">" << t.counts.probe.Total() << "</td><td>"
        << (detail == in.rule_details.end() ? "" : HtmlEscape(detail->second)) << "</td></tr>\n";
  }
  out << "</table>\n";
}

void WriteZoneOverview(const ReportInput& in, std::ostream& out) {
  out << "<h2>Zones</h2>\n<table id=\"zones\"><tr><th>zone</th>";
  for (DifferenceKind k : kDifferenceKinds) out << "<th>" << KindLabel(k) << "</th>";
  out << "<th>real names lost or changed</th><th>all</th></tr>\n";
  for (const ZoneTally& z : in.result.tally.Zones()) {
    out << "<tr><td><a href=\"#" << AnchorId(z.zone) << "\">" << HtmlEscape(z.zone)
        << "</a></td>";
    for (DifferenceKind k : kDifferenceKinds) out << "<td class=\"n\">" << z.Count(k) << "</td>";
    out << "<td class=\"n\">" << z.RealLostOrChanged() << "</td><td class=\"n\">" << z.Total()
        << "</td></tr>\n";
  }
  out << "</table>\n";
}

void WriteFilterStyle(std::ostream& out) {
  out << "<style>\n";
  for (const FilterBox& f : kFilters) {
    out << "#" << f.id << ":not(:checked)~#listed tr." << f.row_class << "{display:none}\n";
  }
  out << "</style>\n";
}

void WriteDifferenceRow(const Difference& d, std::ostream& out) {
  out << "<tr class=\"k-" << ToString(d.kind) << " s-" << (IsRealName(d.probe) ? "real" : "probe")
      << " e-" << ToString(d.effect) << "\"><td>" << HtmlEscape(d.name) << "</td><td>" << d.type
      << "</td><td>" << HtmlEscape(d.perspective) << "</td><td>" << ToString(d.probe) << "</td><td>"
      << ToString(d.kind) << "<br>" << HtmlEscape(d.rule) << (d.accepted ? " (accepted)" : "")
      << "</td><td class=\"before\">" << HtmlEscape(d.before) << "</td><td class=\"after\">"
      << HtmlEscape(d.after) << "</td></tr>\n";
}

void WriteDifferences(const ReportInput& in, DifferenceSpool* spool, std::ostream& out) {
  out << "<h2>Differences</h2>\n";
  if (spool == nullptr || spool->size() == 0) {
    out << "<p>No difference listed (" << HtmlEscape(in.options.filter.Describe()) << ").</p>\n";
    return;
  }
  out << "<p class=\"muted\">" << spool->size() << " differences match the listing ("
      << HtmlEscape(in.options.filter.Describe()) << "); at most " << kMaxListed << " are shown, "
      << kMaxPerZone << " per zone, the most important first. Before is what v3.10.4 answered "
         "over the legacy table, after what the target release answers.</p>\n";
  WriteFilterStyle(out);
  out << "<div class=\"filters\">Show: ";
  for (const FilterBox& f : kFilters) {
    out << "<input type=\"checkbox\" id=\"" << f.id << "\" checked><label for=\"" << f.id << "\">"
        << f.label << "</label>";
  }
  out << "</div>\n";
  // The check boxes above must stay siblings before this element for the filter CSS.
  out << "<div id=\"listed\">\n";
  spool->ForEachZone(kMaxListed, kMaxPerZone,
                     [&](const std::string& zone, const std::vector<Difference>& listed,
                         int64_t left_out) {
                       std::string name = zone.empty() ? "(no zone)" : zone;
                       out << "<section class=\"zone\" id=\"" << AnchorId(name) << "\"><h3>"
                           << HtmlEscape(name) << "</h3>\n<table class=\"diffs\"><colgroup>"
                           << "<col class=\"name\"><col style=\"width:4em\"><col class=\"who\">"
                           << "<col style=\"width:7em\"><col class=\"rule\">"
                           << "<col class=\"ans\"><col class=\"ans\"></colgroup>\n<tr><th>name</th>"
                           << "<th>type</th><th>client</th><th>probe</th><th>kind, rule</th>"
                           << "<th>before</th><th>after</th></tr>\n";
                       for (const Difference& d : listed) WriteDifferenceRow(d, out);
                       out << "</table>\n";
                       if (left_out > 0) {
                         out << "<p class=\"more\">and " << left_out
                             << " more in this zone: see the JSON report</p>\n";
                       }
                       out << "</section>\n";
                     });
  out << "</div>\n";
}

void WriteCloud(const CloudPendingReport& c, std::ostream& out) {
  out << "<h2>Public cloud</h2>\n";
  if (!c.intermediate_tables_present) {
    out << "<p>The intermediate cloud-sync tables are absent: nothing is expected.</p>\n";
    return;
  }
  out << "<table id=\"cloud\"><tr><th>account</th><th>provider</th><th>expected</th>"
         "<th>re-appeared</th><th>pending</th><th>note</th></tr>\n";
  for (const CloudAccountSummary& a : c.accounts) {
    const std::string note = CloudAccountNote(a);
    out << "<tr><td>" << HtmlEscape(a.name.empty() ? a.id : a.name) << "</td><td>"
        << HtmlEscape(a.provider) << "</td><td class=\"n\">" << a.expected
        << "</td><td class=\"n\">" << a.reappeared << "</td><td class=\"n\">" << a.pending
        << "</td><td>" << note << "</td></tr>\n";
  }
  out << "</table>\n<p>Intermediate-model local zones: " << c.local_zones.size() << ", "
      << c.LocalZonesWithoutHome() << " with no home in the new model";
  std::vector<std::string> names;
  for (const LocalIntermediateZone& z : c.local_zones) {
    if (!z.has_home) names.push_back(HtmlEscape(z.name));
  }
  if (!names.empty()) out << ": " << JoinShort(names, 50);
  out << ".</p>\n";
}

void WriteLive(const LiveSummary& l, std::ostream& out) {
  out << "<h2>Live check</h2>\n<p id=\"live\">" << HtmlEscape(l.server) << " against the "
      << HtmlEscape(l.model) << " model: " << l.sent << " queries, " << l.agreed << " agree, "
      << l.disagreed << " disagree, " << l.refused << " refused, " << l.no_reply
      << " without reply, " << l.not_sent << " not sendable, " << l.over_tcp
      << " over TCP after truncation.</p>\n";
  if (l.examples.empty()) return;
  out << "<table class=\"diffs\" id=\"live-disagreements\"><tr><th>name</th><th>type</th>"
         "<th>probe</th><th>zone</th><th>model</th><th>live server</th></tr>\n";
  for (const LiveDisagreement& d : l.examples) {
    out << "<tr><td>" << HtmlEscape(d.name) << "</td><td>" << d.type << "</td><td>"
        << ToString(d.probe) << "</td><td>" << HtmlEscape(d.zone) << "</td><td class=\"before\">"
        << HtmlEscape(d.expected) << "</td><td class=\"after\">" << HtmlEscape(d.live)
        << "</td></tr>\n";
  }
  out << "</table>\n";
}

}  // namespace

void WriteHtmlReport(const ReportInput& in, DifferenceSpool* spool, std::ostream& out) {
  const Verdict& v = in.result.verdict;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      << "<title>DNS migration verification: " << Upper(ToString(v.level)) << " - "
      << HtmlEscape(in.context.database) << "</title>\n<style>" << kStyle << "</style></head>\n"
      << "<body>\n<header class=\"verdict " << VerdictClass(v.level) << "\" id=\"verdict\"><h1>"
      << Upper(ToString(v.level)) << "</h1><p>" << HtmlEscape(v.Line()) << "</p></header>\n";
  WriteRun(in, out);
  WriteTotals(in, out);
  WriteZoneOverview(in, out);
  WriteDifferences(in, spool, out);
  if (in.cloud != nullptr) WriteCloud(*in.cloud, out);
  if (in.result.live) WriteLive(*in.result.live, out);
  out << "<footer class=\"muted\"><p>Written by dns-verifier " << HtmlEscape(in.context.tool_version)
      << " (cloudpods-dns-migrate). Self-contained: no network, no script.</p></footer>\n"
      << "</body></html>\n";
}

}  // namespace cpdns
