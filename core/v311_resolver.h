// What region-dns v3.11.0 and later answers from `dnszones_tbl` + `dns_records_tbl`.
//
// v3.11's QueryDns returns every row of one name: records must be enabled and of the query
// type; candidates are the name and "*.<name>", plus for more than two labels "*.<parent>"
// and the parent itself (so x.host.example.com answers with host.example.com's records).
// They sort by label count (most first), non-wildcard first, then byte order, and all rows
// whose name equals the first's are served. PTR answers are generated from enabled A/AAAA
// records whose value is the address; PTR rows are never read. Names below dns_domain are
// left to the host and guest tables.
//
//   RecordTable table;  // see v310_resolver.h
//   V311Resolver resolver(table, ResolverOptions{.dns_domain = "cloud.local"});
//   Resolution r = resolver.Resolve("x.www.example.com", QueryType::kA, Perspective{});
//
// Thread-safety: immutable; Resolve() may run concurrently over a source nobody changes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/dns_answer.h"
#include "core/v310_resolver.h"

namespace cpdns {

// The order of sDnsResolveResults (pkg/compute/models/dnsrecords.go, v3.11.x) on the
// CONCAT'ed names: more labels first; then, when the first labels differ, a "*" first
// label last; then byte order. True when `a` sorts before `b`.
bool V311NameBefore(std::string_view a, std::string_view b);

class V311Resolver {
 public:
  // `records` must outlive the resolver. The CoreDNS default is 1.10.1 (v3.11.14); pass
  // CoreDnsVersion::k1_3_0 to model v3.11.0 to v3.11.13.
  explicit V311Resolver(const RecordSource& records, ResolverOptions options = {});

  // Only a CNAME query leaves a choice (plugin.CNAME answers with the first row alone, and
  // the rows of one name come in the join's order, which the plan decides); the model takes
  // the smallest record id, sets `ambiguous` and lists every row's answer in
  // `possible_answers`.
  Resolution Resolve(std::string_view qname, QueryType type, const Perspective& who) const;

 private:
  const RecordSource& records_;
  ResolverOptions options_;
};

}  // namespace cpdns
