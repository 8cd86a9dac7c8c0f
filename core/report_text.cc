// The verifier's text summary (declared in verification_reports.h). Every section has a
// fixed number of lines at most, so the summary stays under about 60 lines whatever the
// size of the region; the files hold the rest.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "core/report_format.h"
#include "core/verification_reports.h"

namespace cpdns {

namespace {

constexpr std::size_t kRulesShown = 5;
constexpr std::size_t kZonesShown = 10;
constexpr std::size_t kAnswerChars = 100;

std::string Pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string Right(int64_t n, std::size_t width) {
  std::string s = std::to_string(n);
  return s.size() < width ? std::string(width - s.size(), ' ') + s : s;
}

void WriteContext(const ReportInput& in, std::ostream& out) {
  const ReportContext& c = in.context;
  out << "Database " << Printable(c.database) << " on " << Printable(c.server) << " (server "
      << Printable(c.server_version) << "); "
      << (c.migrator_run.run_id.empty() ? std::string("no finished migrator run recorded")
                                    : "migrator run " + c.migrator_run.run_id + " (" +
                                          c.migrator_run.status + " " +
                                          c.migrator_run.finished_at.value_or("") +
                                          " UTC, dns-migrator " +
                                          c.migrator_run.tool_version + ")")
      << "\n";
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f", c.seconds);
  // The end's date only when it is another day.
  std::string until = c.finished_at;
  if (until.size() > 11 && c.started_at.compare(0, 11, until, 0, 11) == 0) until.erase(0, 11);
  out << "Verified " << c.started_at << " to " << until << " UTC (" << seconds
      << " s) by dns-verifier " << c.tool_version << " against Cloudpods "
      << ToString(c.target) << (c.dns_domain.empty() ? "" : ", dns_domain " + c.dns_domain)
      << "\n";
}

void WriteTotals(const ReportInput& in, std::ostream& out) {
  const VerificationResult& r = in.result;
  out << "Compared " << r.legacy_rows << " legacy rows: " << r.legacy_names << " legacy names and "
      << (r.names - r.legacy_names) << " probe names, " << r.probes
      << " answers (name x type x client), " << r.same << " the same\n";
  out << Pad("  answers of real names:", 2 + 27) << "  lost  changed    added   probe names\n";
  for (DifferenceKind k : kDifferenceKinds) {
    FindingCounts c = r.tally.Kind(k);
    out << "  " << Pad(KindLabel(k), 27) << Right(c.real.lost, 6) << Right(c.real.changed, 9)
        << Right(c.real.added, 9) << Right(c.probe.Total(), 14) << "\n";
  }
}

void WriteRules(const ReportInput& in, std::ostream& out) {
  auto rules = in.result.tally.RulesByCount();
  if (rules.empty()) return;
  out << "\nRules (real names lost / changed / added; probe names):\n";
  for (std::size_t i = 0; i < rules.size() && i < kRulesShown; ++i) {
    const auto& [rule, t] = rules[i];
    out << "  " << Pad(Printable(rule), 24) << Pad(std::string(ToString(t.kind)), 14)
        << t.counts.real.lost << " / " << t.counts.real.changed << " / " << t.counts.real.added
        << "; " << t.counts.probe.Total() << (t.accepted ? "  (accepted)" : "") << "\n";
  }
  if (rules.size() > kRulesShown) {
    out << "  and " << (rules.size() - kRulesShown) << " more rules (every rule: the files)\n";
  }
}

void WriteZones(const ReportInput& in, std::ostream& out) {
  const DifferenceTally& t = in.result.tally;
  if (t.zones() == 0) return;
  auto top = t.TopZones(kZonesShown);
  out << "\nZones with the most findings (" << top.size() << " of " << t.zones()
      << "; unexplained, real names lost or changed, all):\n";
  for (const ZoneTally& z : top) {
    out << "  " << Pad(Printable(z.zone), 36) << Right(z.Count(DifferenceKind::kUnexplained), 6)
        << Right(z.RealLostOrChanged(), 8) << Right(z.Total(), 8) << "\n";
  }
  if (static_cast<std::size_t>(t.zones()) > top.size()) {
    out << "  and " << (t.zones() - static_cast<int64_t>(top.size())) << " more zones\n";
  }
}

void WriteExamples(const ReportInput& in, std::ostream& out) {
  bool any = false;
  for (DifferenceKind k : kDifferenceKinds) {
    auto it = in.examples.find(k);
    if (it == in.examples.end() || it->second.empty()) continue;
    if (!any) {
      std::string left_out = in.options.filter.ProbesLeftOut();
      out << "\nFirst differences"
          << (left_out.empty() ? std::string()
                               : " (" + left_out + " probes left out; --report-probes all)")
          << ":\n";
      any = true;
    }
    out << "  " << ToString(k) << ":\n";
    std::size_t shown = 0;
    for (const Difference& d : it->second) {
      if (shown++ == in.options.text_examples) break;
      out << "    " << Printable(d.name) << " " << d.type << " (" << Printable(d.perspective)
          << ", " << ToString(d.probe) << ", " << ToString(d.effect) << ") [" << Printable(d.rule)
          << "]\n"
          << "      before: " << Shorten(d.before, kAnswerChars)
          << "  |  after: " << Shorten(d.after, kAnswerChars) << "\n";
    }
  }
}

// What makes the cloud counts read differently: tables missing, zones no account owns.
void WriteCloudCaveats(const CloudPendingReport& c, std::ostream& out) {
  if (!c.missing_tables.empty()) out << "  tables not found: " << JoinShort(c.missing_tables, 7) << "\n";
  if (!c.intermediate_tables_present) return;
  if (!c.target_tables_present) {
    out << "  the target tables are absent: no cloud record can have re-appeared, all are pending\n";
  } else if (!c.providers_table_present) {
    out << "  the cloud sub-account table is absent: no synced zone can be attributed to an "
           "account, all records are pending\n";
  }
  if (c.unattributed_zones > 0) {
    out << "  unattributed: " << c.unattributed_zones << " cloud-managed zones ("
        << c.unattributed_records
        << " records) whose manager_id is not a live sub-account; they count for no account\n";
  }
}

void WriteCloud(const CloudPendingReport& c, std::ostream& out) {
  out << "\n";
  if (!c.intermediate_tables_present) {
    out << "Public cloud: the intermediate cloud-sync tables are absent: nothing expected\n";
    WriteCloudCaveats(c, out);
    return;
  }
  int64_t never = 0;
  for (const CloudAccountSummary& a : c.accounts) {
    if (a.deleted || !a.dns_sync_supported) never += a.pending;
  }
  out << "Public cloud: " << c.accounts.size() << " accounts, " << c.Expected()
      << " records expected, " << c.Reappeared() << " re-appeared, " << c.Pending() << " pending";
  if (never > 0) out << " (" << never << " at accounts no sync will bring back)";
  out << "\n";
  WriteCloudCaveats(c, out);
  if (c.migrated_local_zones > 0) {
    out << "Intermediate-model local zones migrated into the new tables: " << c.migrated_local_zones
        << " zones, " << c.migrated_local_recordsets
        << " recordsets (their answers: now_answers, rule intermediate_zone)\n";
  }
  std::vector<std::string> homeless;
  int64_t recordsets = 0;
  for (const LocalIntermediateZone& z : c.local_zones) {
    if (z.has_home) continue;
    homeless.push_back(Printable(z.name));
    recordsets += z.recordsets;
  }
  if (homeless.empty()) return;
  out << "Intermediate-model local zones with no home in the new model: " << homeless.size()
      << " (" << recordsets << " recordsets): " << JoinShort(homeless, 5) << "\n";
}

void WriteFiles(const ReportOptions& o, const std::optional<ZoneExportResult>& exported,
                std::ostream& out) {
  std::string files;
  auto add = [&files](std::string_view what, const std::string& path) {
    if (!path.empty()) files += (files.empty() ? "" : ", ") + std::string(what) + " " + path;
  };
  add("JSON", o.json_path);
  add("HTML", o.html_path);
  add("Markdown", o.md_path);
  if (exported) {
    out << "\nZone files: " << exported->dir << " (" << exported->files << " zones, "
        << exported->records << " records, " << exported->commented
        << " as comments saying why region-dns would not serve them)";
  }
  out << "\n"
      << (files.empty() ? "Full detail: --report-json FILE, --report-html FILE, --report-md FILE"
                        : "Full detail: " + files)
      << "\n";
}

}  // namespace

void WriteSummaryText(const ReportInput& in, std::ostream& out) {
  out << in.result.verdict.Line() << "\n";
  WriteContext(in, out);
  out << "\n";
  WriteTotals(in, out);
  WriteRules(in, out);
  WriteZones(in, out);
  WriteExamples(in, out);
  if (in.cloud != nullptr) WriteCloud(*in.cloud, out);
  if (in.result.live) in.result.live->WriteText(out, in.options.text_examples);
  WriteFiles(in.options, in.result.exported_zones, out);
}

}  // namespace cpdns
