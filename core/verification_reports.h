// Every report of one verification run, fed one difference at a time: the tally and the
// verdict, the JSON report written as the run goes, the HTML page and the Markdown
// summary written at the end, and the text summary (at most about 60 lines whatever
// the size of the region: the full detail is in the files).
//
//   VerificationReports reports(options.reports, context);
//   for (...) reports.Add(std::move(difference));
//   reports.Finish(result, &cloud, std::cout);   // result.verdict is decided here
//
// Thread-safety: one thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <ostream>
#include <vector>

#include "core/cloud_pending.h"
#include "core/report_context.h"
#include "core/report_options.h"
#include "core/verification_result.h"

namespace cpdns {

class JsonReportWriter;
class DifferenceSpool;

// What the writers below read.
struct ReportInput {
  const ReportOptions& options;
  const ReportContext& context;
  const VerificationResult& result;
  // The first listed differences of each kind, in the order found.
  const std::map<DifferenceKind, std::vector<Difference>>& examples;
  const CloudPendingReport* cloud;  // nullptr when not checked
  // Each rule's explanation, as the first difference of the rule gave it.
  const std::map<std::string, std::string, std::less<>>& rule_details;
};

// Text summary: verdict first, then run, totals, rules, top zones, first differences,
// cloud, files.
void WriteSummaryText(const ReportInput& in, std::ostream& out);
// Markdown for a change ticket: the summary as tables.
void WriteMarkdownReport(const ReportInput& in, std::ostream& out);
// One self-contained HTML page; the differences listed per zone come from `spool`.
void WriteHtmlReport(const ReportInput& in, DifferenceSpool* spool, std::ostream& out);

class VerificationReports {
 public:
  // Opens the JSON report (ConfigError when it cannot be written).
  VerificationReports(ReportOptions options, ReportContext context);
  ~VerificationReports();
  VerificationReports(const VerificationReports&) = delete;
  VerificationReports& operator=(const VerificationReports&) = delete;

  // Counts the difference and lists it where the filter keeps it.
  void Add(Difference d);
  const DifferenceTally& tally() const { return tally_; }

  // Decides result.verdict from the tally (moved into result.tally), finishes the
  // files and writes the text summary.
  void Finish(VerificationResult& result, const CloudPendingReport* cloud, std::ostream& text);

 private:
  const ReportOptions options_;
  ReportContext context_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  DifferenceTally tally_;
  std::map<DifferenceKind, std::vector<Difference>> examples_;
  std::map<std::string, std::string, std::less<>> rule_details_;
  std::size_t examples_kept_;
  std::unique_ptr<JsonReportWriter> json_;
  std::unique_ptr<DifferenceSpool> spool_;
};

}  // namespace cpdns
