// The verifier: for every legacy name, each query type (A, AAAA, CNAME, SRV,
// PTR) and every client that matters (anonymous, and each project owning a row
// of the name), it compares what legacy region-dns answered with what the
// target release answers over the migrated tables; it also probes a child label
// under each name and each parent name, to find answers the new model adds.
// Differences are classified (see difference.h).
//
//   VerifierOptions o;  o.connection = conn;  o.target = TargetVersion::k311;
//   VerificationResult r = RunVerification(o, std::cout);
//   return VerifierExitCode(r);
//
// Memory is bounded by a chunk of legacy rows and what its names need: legacy
// rows stream in name order, target records are fetched per chunk by name, and
// CNAME targets come in further passes.
// Thread-safety: one run per call, one thread.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "core/connection_options.h"
#include "core/difference.h"
#include "core/table_names.h"
#include "core/target_version.h"

namespace cpdns {

struct VerifierOptions {
  ConnectionOptions connection;
  TableNames tables;
  TargetVersion target = TargetVersion::k311;
  std::size_t chunk_rows = 2000;
  std::string report_json;  // "" for none
  std::size_t text_differences = 10;  // per category in the text summary
  std::string dns_domain;             // region-dns dns_domain, if any
  bool progress_on_terminal = false;
  bool check_cloud = true;  // the public-cloud pending-resync report
};

struct Difference {
  DifferenceKind kind = DifferenceKind::kUnexplained;
  std::string rule;
  std::string detail;
  std::string name;
  std::string type;
  std::string perspective;  // "anonymous" or "project <tenant id>"
  std::string probe;        // legacy_name | child | parent
  std::string zone;         // the longest target zone name above the name, or ""
  std::string before;
  std::string after;
};

struct VerificationResult {
  int64_t legacy_rows = 0;
  int64_t names = 0;
  int64_t probes = 0;  // (name, type, perspective) comparisons
  int64_t same = 0;
  std::map<DifferenceKind, int64_t> by_kind;
  std::map<std::string, int64_t> by_rule;
  std::map<std::string, std::map<DifferenceKind, int64_t>> by_zone;
  int64_t cloud_pending = 0;
  int64_t Count(DifferenceKind k) const {
    auto it = by_kind.find(k);
    return it == by_kind.end() ? 0 : it->second;
  }
};

VerificationResult RunVerification(const VerifierOptions& options, std::ostream& text);

// Documented exit codes of dns-verifier: a bit mask.
namespace verifier_exit {
inline constexpr int kUnexplained = 1;  // differences the migration caused
inline constexpr int kTargetRule = 2;   // differences the target release's rules cause
inline constexpr int kCloudPending = 4; // public-cloud records still waiting for resync
inline constexpr int kError = 8;        // usage, configuration or database error
}  // namespace verifier_exit

int VerifierExitCode(const VerificationResult& r);

}  // namespace cpdns
