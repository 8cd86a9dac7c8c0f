// The verifier: for every legacy name, each query type (A, AAAA, CNAME, SRV,
// PTR) and every client that matters (anonymous, and each project owning a row
// of the name), it compares what legacy region-dns answered with what the
// target release answers over the migrated tables; it also probes a child label
// under each name, each parent name and, for a '*' name, a name the '*' covers, to
// find answers the new model adds. Differences are classified (see difference.h) and
// decide the verdict (verdict.h).
//
//   VerifierOptions o;  o.connection = conn;  o.target = TargetVersion::k311;
//   VerificationResult r = RunVerification(o, std::cout);
//   return VerifierExitCode(r);
//
// Memory is bounded by two chunks of legacy names and what their names need: the
// names stream in reversed-name order (chunk_planner.h), so a parent is probed with
// the first name under it and then forgotten; target records are fetched per chunk by
// name, CNAME targets in further passes. A second thread plans and fetches the next
// chunk on its own connection while this one resolves.
// Thread-safety: one run per call; the call starts and joins its own threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/connection_options.h"
#include "core/live_check.h"
#include "core/report_options.h"
#include "core/table_names.h"
#include "core/target_version.h"
#include "core/verification_result.h"

namespace cpdns {

struct VerifierOptions {
  ConnectionOptions connection;
  TableNames tables;
  TargetVersion target = TargetVersion::k311;
  std::size_t chunk_rows = 2000;
  ReportOptions reports;   // files, filters, accepted rules
  std::string dns_domain;  // region-dns dns_domain, if any
  bool progress_on_terminal = false;
  bool check_cloud = true;  // the public-cloud pending-resync report
  std::optional<LiveOptions> live;  // --live: also ask a running server every probe
  std::string export_zones;         // --export-zones DIR: "" for none
};

VerificationResult RunVerification(const VerifierOptions& options, std::ostream& text);

// Documented exit codes of dns-verifier: a bit mask, one bit per thing an operator may
// gate an upgrade on. Differences of rules given to --accept set no bit.
namespace verifier_exit {
inline constexpr int kUnexplained = 1;   // differences no rule explains: defects
inline constexpr int kTargetRule = 2;    // differences the target release's own rules cause
inline constexpr int kCloudPending = 4;  // public-cloud records still waiting for resync
inline constexpr int kError = 8;         // usage, configuration or database error
inline constexpr int kSkippedLost = 16;  // answers of real names lost by rows the migrator skipped
inline constexpr int kHomelessZones = 32;  // intermediate-model local zones with no new zone
inline constexpr int kLiveUnconfirmed = 64;  // --live: the server did not answer every query
                                             // as the model predicts
}  // namespace verifier_exit

int VerifierExitCode(const VerificationResult& r);

}  // namespace cpdns
