// Zone inference picks a zone name for a legacy name that no existing zone covers, so the
// migrator can create that zone instead of dropping the record. The strategy is the
// operator's choice:
//   psl     the registrable domain by the Public Suffix List (libpsl): www.example.co.uk ->
//           example.co.uk. A TLD the list does not know (corp, local, internal) falls under
//           the list's default rule "*", so its registrable domain is the last two labels:
//           a.svc.cluster.local -> cluster.local, x.host.internal -> host.internal.
//           Reverse names under in-addr.arpa with at least three address labels get their
//           /24 zone (4.3.2.1.in-addr.arpa -> 3.2.1.in-addr.arpa), the boundary at which
//           reverse zones are delegated; the list alone would give a /8 (1.in-addr.arpa).
//   parent  the name minus its first label: a.b.example.com -> b.example.com.
//   none    no inference.
// A wildcard name `*.rest` is placed like the name it covers: its zone is `rest` or an
// ancestor of `rest`, never a zone whose name holds a `*`; so is a name with '*' further in
// (www.*.example.com, which a client can ask for literally): its zone lies after the last
// label holding a '*'.
//
//   ZoneInferrer inferrer(ParseInferenceStrategy("psl"));
//   InferredZone z = inferrer.Infer("www.example.com");  // {kInferred, "example.com"}
//   InferredZone a = inferrer.Infer("example.com");      // {kApex, "example.com"}
//
// Names are expected normalised (lower case, no trailing dot).
//
// Thread-safety: Infer is const and may run concurrently; libpsl lookups only read.
#pragma once

#include <memory>
#include <string>
#include <string_view>

// libpsl's context, declared here so that users of this header need not include libpsl.h.
struct psl_ctx_st;

namespace cpdns {

enum class InferenceStrategy { kPsl, kParent, kNone };

// "psl", "parent" or "none". Anything else is a ConfigError naming the accepted values.
[[nodiscard]] InferenceStrategy ParseInferenceStrategy(std::string_view text);
[[nodiscard]] std::string_view ToString(InferenceStrategy strategy);

enum class InferenceStatus {
  kInferred,      // zone is a proper ancestor of the name
  kApex,          // zone is the name itself (psl: the name is a registrable domain); a
                  // record there would be named "@", which Cloudpods never resolves
  kDisabled,      // strategy none
  kSingleLabel,   // a one-label name has no ancestor that could be its zone
  kPublicSuffix,  // psl: the name, or the name a wildcard covers, is a public suffix (co.uk)
  kMalformed,     // empty, an empty label, a NUL byte, or '*' in the last label
};
// Stable snake_case words for reports: "inferred", "apex", "public_suffix", ...
[[nodiscard]] std::string_view ToString(InferenceStatus status);

struct InferredZone {
  InferenceStatus status = InferenceStatus::kDisabled;
  std::string zone;  // kInferred and kApex only; empty otherwise

  bool inferred() const { return status == InferenceStatus::kInferred; }
  friend bool operator==(const InferredZone&, const InferredZone&) = default;
};

// Which Public Suffix List the psl strategy uses, as libpsl's psl_latest chooses it:
// "FILE (modified YYYY-MM-DD)" for the newest system file that is newer than the
// list built into libpsl, else "libpsl built-in (YYYY-MM-DD, sha1 ...)". Recorded in
// reports and the resume key: two hosts with different lists infer different zones.
[[nodiscard]] std::string PublicSuffixListVersion();

class ZoneInferrer {
 public:
  // For kPsl, loads the newest list available (the system's public_suffix_list file from
  // the publicsuffix package, or the copy built into libpsl) and throws ConfigError when
  // there is none.
  explicit ZoneInferrer(InferenceStrategy strategy);

  InferenceStrategy strategy() const { return strategy_; }

  [[nodiscard]] InferredZone Infer(std::string_view fqdn) const;

 private:
  struct PslFree {
    void operator()(psl_ctx_st* psl) const;
  };

  [[nodiscard]] InferredZone InferPsl(std::string_view name, bool base_is_ancestor) const;

  InferenceStrategy strategy_;
  std::unique_ptr<psl_ctx_st, PslFree> owned_psl_;  // null when using the built-in list
  const psl_ctx_st* psl_ = nullptr;
};

}  // namespace cpdns
