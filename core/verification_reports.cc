#include "core/verification_reports.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/difference_spool.h"
#include "core/errors.h"
#include "core/report_json.h"

namespace cpdns {

using nlohmann::json;

namespace {

// Differences of each kind kept for the text and Markdown summaries.
constexpr std::size_t kMarkdownExamples = 10;

json EffectJson(const EffectCounts& c) {
  return {{"lost", c.lost}, {"changed", c.changed}, {"added", c.added}};
}

json FindingJson(const FindingCounts& c) {
  return {{"total", c.Total()}, {"real", EffectJson(c.real)}, {"probe", EffectJson(c.probe)}};
}

json TotalsJson(const VerificationResult& r) {
  json by_kind = json::object();
  for (const auto& [k, c] : r.tally.by_kind()) by_kind[std::string(ToString(k))] = FindingJson(c);
  json by_rule = json::object();
  for (const auto& [rule, t] : r.tally.by_rule()) {
    json e = FindingJson(t.counts);
    e["kind"] = std::string(ToString(t.kind));
    if (t.accepted) e["accepted"] = true;
    by_rule[rule] = e;
  }
  json by_zone = json::object();
  for (const ZoneTally& z : r.tally.Zones()) {
    json e = json::object();
    for (const auto& [k, c] : z.by_kind) e[std::string(ToString(k))] = c.Total();
    by_zone[z.zone] = e;
  }
  return {{"legacy_rows", r.legacy_rows}, {"names", r.names},     {"legacy_names", r.legacy_names},
          {"probes", r.probes},           {"same", r.same},       {"by_kind", by_kind},
          {"by_rule", by_rule},           {"by_zone", by_zone}};
}

void WriteFile(const std::string& path, std::string_view what,
               const std::function<void(std::ostream&)>& write) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw ConfigError("cannot write the " + std::string(what) + " " + path);
  write(out);
  out.close();
  if (!out) throw ConfigError("writing the " + std::string(what) + " " + path + " failed");
}

}  // namespace

VerificationReports::VerificationReports(ReportOptions options, ReportContext context)
    : options_(std::move(options)),
      context_(std::move(context)),
      examples_kept_(std::max(options_.text_examples,
                              options_.md_path.empty() ? std::size_t{0} : kMarkdownExamples)) {
  if (!options_.json_path.empty()) {
    json head = {{"schema", "cloudpods-dns-migrate/verification-report"},
                 {"version", 2},
                 {"tool_version", context_.tool_version},
                 {"target_version", std::string(ToString(context_.target))},
                 {"migrator_run_id", context_.migrator_run.run_id},
                 {"filter", options_.filter.Describe()}};
    json_ = std::make_unique<JsonReportWriter>(options_.json_path, head);
  }
  if (!options_.html_path.empty()) spool_ = std::make_unique<DifferenceSpool>();
}

VerificationReports::~VerificationReports() = default;

void VerificationReports::Add(Difference d) {
  d.accepted = options_.accepted_rules.count(d.rule) != 0;
  tally_.Add(d.Tally());
  if (rule_details_.find(std::string_view(d.rule)) == rule_details_.end()) {
    rule_details_.emplace(d.rule, d.detail);
  }
  if (!options_.filter.Keeps(d.kind, d.probe)) return;
  if (json_) json_->Add(d);
  if (spool_) spool_->Add(d);
  auto& ex = examples_[d.kind];
  if (ex.size() < examples_kept_) ex.push_back(std::move(d));
}

void VerificationReports::Finish(VerificationResult& result, const CloudPendingReport* cloud,
                                 std::ostream& text) {
  result.tally = std::move(tally_);
  result.verdict = DecideVerdict(result.tally);
  if (cloud != nullptr) {
    result.cloud_pending = cloud->Pending();
    result.local_zones_without_home = cloud->LocalZonesWithoutHome();
  }
  context_.finished_at = UtcNow();
  context_.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  ReportInput in{options_, context_, result, examples_, cloud, rule_details_};
  if (json_) {
    json tail = {{"verdict", result.verdict.Json()},
                 {"totals", TotalsJson(result)},
                 {"context", context_.Json()},
                 {"cloud", cloud != nullptr ? CloudPendingJson(*cloud) : json(nullptr)},
                 {"live", result.live ? result.live->Json() : json(nullptr)}};
    json_->Finish(tail);
  }
  if (!options_.md_path.empty()) {
    WriteFile(options_.md_path, "Markdown report",
              [&](std::ostream& out) { WriteMarkdownReport(in, out); });
  }
  if (!options_.html_path.empty()) {
    WriteFile(options_.html_path, "HTML report",
              [&](std::ostream& out) { WriteHtmlReport(in, spool_.get(), out); });
  }
  WriteSummaryText(in, text);
}

}  // namespace cpdns
