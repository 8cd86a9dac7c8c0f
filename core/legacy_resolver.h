// What region-dns v3.10.4 answered from `dnsrecord_tbl`: the legacy resolution model. It
// reads the raw `records` string with the server's own lenient splitting (entries split at
// every ',', an entry's type compared case-sensitively as the prefix "TYPE:", values taken
// byte for byte) rather than with a validating parser, because entries the server could
// not use must stay unanswered here too.
//
//   LegacyTable table;
//   table.Add(LegacyRow{.id = "r1", .name = "www.example.com", .records = "A:1.1.1.1",
//                       .ttl = 300, .is_public = true});
//   LegacyResolver resolver(table);
//   Resolution r = resolver.Resolve("WWW.example.com.", QueryType::kA, Perspective{});
//
// Streaming: the resolver asks its LegacyRowSource for rows by name, once for the queried
// name and once per CNAME target it follows. A verifier that walks names in sorted order
// fills a LegacyTable with Coverage::kPartial holding the current name group; names the
// table does not hold come back in Resolution::unavailable_names, and the verifier
// resolves those queries again in a second pass once it has loaded the target names.
//
// Thread-safety: a LegacyTable may be read concurrently while nobody adds to it; a
// LegacyResolver is immutable and Resolve() may run concurrently over such a source.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/dns_answer.h"
#include "core/rows.h"

namespace cpdns {

// Where the legacy resolver finds rows.
class LegacyRowSource {
 public:
  virtual ~LegacyRowSource() = default;
  // Every row whose `name` equals `name` under utf8mb4_unicode_ci (see UnicodeCiKey),
  // whatever its flags: the resolver applies the server's filters. nullptr when the source
  // does not know that name in this pass. The list and its pointers stay valid until the
  // source changes.
  virtual const std::vector<const LegacyRow*>* RowsNamed(std::string_view name) const = 0;
};

// An in-memory LegacyRowSource.
class LegacyTable final : public LegacyRowSource {
 public:
  enum class Coverage {
    kComplete,  // the table holds the whole dnsrecord_tbl: a name it lacks has no rows
    kPartial,   // the table holds some names: a name it lacks is unavailable
  };

  explicit LegacyTable(Coverage coverage = Coverage::kComplete) : coverage_(coverage) {}

  // The added row keeps its address until Clear().
  const LegacyRow& Add(LegacyRow row);
  // Marks a name as known to have no rows (useful with kPartial).
  void AddEmptyName(std::string_view name);
  void Clear();
  std::size_t size() const { return rows_.size(); }

  const std::vector<const LegacyRow*>* RowsNamed(std::string_view name) const override;

 private:
  Coverage coverage_;
  std::deque<LegacyRow> rows_;  // stable addresses
  // Keyed by the first spelling seen of each name; lookups compare under the collation.
  std::unordered_map<std::string, std::vector<const LegacyRow*>, UnicodeCiHash, UnicodeCiEqual>
      by_name_;
};

// What v3.10.4's queryLocalDnsRecords hands CoreDNS for one row and a forward query type
// (pkg/dns/dns.go and pkg/compute/models/dnsrecords.go at v3.10.4):
//  - records starting with "CNAME:" and a type other than CNAME: one service whose host is
//    everything after "CNAME:" (later entries included);
//  - otherwise one service per entry starting with "<TYPE>:" (case-sensitive), the value
//    being the rest of the entry unchanged; SRV values are "host:port[:weight[:priority]]"
//    (weight 100 and priority 0 when absent), and an entry whose numbers do not parse is
//    skipped;
//  - the TTL is the row's, 10 when it is 0 or NULL.
// A value that is not an address is a name to CoreDNS and gets chased as a CNAME target.
std::vector<Service> LegacyRowServices(const LegacyRow& row, QueryType type);

class LegacyResolver {
 public:
  // `rows` must outlive the resolver. `options.dns_domain` hides local rows for names
  // below it, as observed on v3.10.4 (see the .cc); the CoreDNS default is 1.3.0.
  explicit LegacyResolver(const LegacyRowSource& rows, ResolverOptions options = {});

  // The answer to `qname` (the labels' bytes as the client sends them, any case, with or
  // without the trailing dot; the server escapes them, see wire_name.h). When several rows
  // match a name, the server took the first MariaDB returned: the smallest id
  // (ascii_general_ci), the order of the name index it reads (see the .cc). The answer is
  // therefore never `ambiguous`.
  Resolution Resolve(std::string_view qname, QueryType type, const Perspective& who) const;

 private:
  const LegacyRowSource& rows_;
  ResolverOptions options_;
};

}  // namespace cpdns
