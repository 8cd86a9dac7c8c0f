// What a DNS client gets from region-dns's local records, as a comparable value, and the
// pieces every resolution model shares: the CoreDNS plugin functions that turn a backend's
// services into answer records, Go's IP text rules, and MariaDB's collation rules for the
// columns the region database compares. The three models (legacy_resolver.h,
// v310_resolver.h, v311_resolver.h) differ only in how they find services; they hand them
// to SynthesizeAnswer, which does what the vendored CoreDNS does with them.
//
//   Answer a = Answer::FromRecords({{QueryType::kA, "www.example.com", "1.1.1.1", 300}});
//   a.ToString();                      // "www.example.com 300 A 1.1.1.1"
//   a == other;                        // records compare as a sorted multiset
//
// Thread-safety: values and free functions; a ServiceBackend is used by one call at a time.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/collation.h"

namespace cpdns {

// Query types the models answer. kA..kTXT are looked up in the tables; kSOA, kNS, kANY and
// kCAA get a fixed answer that does not depend on any row, modelled so that every probe of
// the observed behaviour has a value.
enum class QueryType { kA, kAAAA, kCNAME, kSRV, kPTR, kMX, kTXT, kSOA, kNS, kANY, kCAA };

// "A", "AAAA", ... as region-dns spells the type (its DNSTypeMap; "" for ANY and CAA,
// which are not in that map).
std::string_view QueryTypeName(QueryType type);

// How a query ends, from the client's side.
enum class Outcome {
  kNoAnswer,       // no local answer: NXDOMAIN or a fall-through to host/guest/upstream
  kAnswered,       // NOERROR with the records below
  kRefused,        // REFUSED (v3.11 for types outside its DNSTypeMap)
  kServerFailure,  // SERVFAIL: the plugin panicked and CoreDNS recovered
  kNoResponse,     // no reply at all: the answer held a name miekg/dns could not pack
};

// One record of the answer section in canonical text, so that answers from different
// models compare: names lower case without the trailing dot (the root is "."), addresses
// as Go's net.IP.String prints them, SRV as "priority weight port target", SOA as
// "ns hostmaster refresh retry expire minttl" (the serial is the server's clock).
struct AnswerRecord {
  QueryType type = QueryType::kA;
  std::string owner;
  std::string value;
  int64_t ttl = 0;  // as sent: an unsigned 32-bit number

  friend auto operator<=>(const AnswerRecord&, const AnswerRecord&) = default;
};

class Answer {
 public:
  Answer() = default;  // no local answer
  static Answer NoAnswer() { return Answer(); }
  static Answer Refused() { return Answer(Outcome::kRefused); }
  static Answer ServerFailure() { return Answer(Outcome::kServerFailure); }
  static Answer NoResponse() { return Answer(Outcome::kNoResponse); }
  // Sorts the records; no records means no answer, exactly as region-dns turns an empty
  // answer section into NXDOMAIN.
  static Answer FromRecords(std::vector<AnswerRecord> records);

  Outcome outcome() const { return outcome_; }
  bool answered() const { return outcome_ == Outcome::kAnswered; }
  // Sorted by owner, type, value, ttl; duplicates kept (the server sends them).
  const std::vector<AnswerRecord>& records() const { return records_; }

  // One line for reports: "no local answer", "SERVFAIL", "REFUSED", "no response", or the
  // records joined by "; " as "owner ttl TYPE value".
  std::string ToString() const;

  friend bool operator==(const Answer&, const Answer&) = default;

 private:
  explicit Answer(Outcome outcome) : outcome_(outcome) {}

  Outcome outcome_ = Outcome::kNoAnswer;
  std::vector<AnswerRecord> records_;
};

// Who asks. region-dns derives the project from the client's source address; a client in
// no project is anonymous and sees public data only. An empty tenant id is anonymous too
// (the server tests len(projectId) == 0).
struct Perspective {
  std::optional<std::string> tenant_id;

  bool anonymous() const { return !tenant_id || tenant_id->empty(); }
};

// The result of one query against one model.
struct Resolution {
  Answer answer;
  // The server took "the first row" of several at some step where the model cannot know
  // which MariaDB returns first (rows that tie in the query's ORDER BY, or a query without
  // one whose order depends on the plan); `answer` comes from the first row in the model's
  // documented order.
  bool ambiguous = false;
  // Every distinct answer the server could give, `answer` first: one per combination of the
  // choices at every step, CNAME targets included.
  std::vector<Answer> possible_answers;
  // False when there were more combinations than the model tries (kMaxChoiceRuns): then
  // other answers than `possible_answers` may exist.
  bool possible_complete = true;
  // Names the row source could not supply in this pass (see LegacyRowSource and
  // RecordSource; for a v3.11 PTR query, the address whose records were wanted). When not
  // empty, `answer` is incomplete: load those and ask again.
  std::vector<std::string> unavailable_names;

  bool complete() const { return unavailable_names.empty(); }
};

// How many combinations of choices ResolveWithChoices tries.
inline constexpr std::size_t kMaxChoiceRuns = 64;

// The vendored CoreDNS, which differs in how it rounds SRV weights: v3.10.x and v3.11.0 to
// v3.11.13 ship 1.3.0; v3.11.14 ships 1.10.1, which raises a weight of 0 to 1.
enum class CoreDnsVersion { k1_3_0, k1_10_1 };

// Settings of the region-dns being modelled.
struct ResolverOptions {
  // The `dns_domain` of the region-dns configuration (e.g. "cloud.local"); empty for none.
  // Names strictly below it are answered from the host and guest tables only, never from
  // records (see each resolver for which releases do this).
  std::string dns_domain;
  // nullopt: the CoreDNS the modelled release ships.
  std::optional<CoreDnsVersion> coredns;
};

// ---------------------------------------------------------------------------------------
// CoreDNS over a backend (vendor/github.com/coredns/coredns/plugin/backend_lookup.go).

// The fields of CoreDNS's msg.Service that region-dns fills.
struct Service {
  std::string host;  // an address, or a name that CoreDNS treats as a CNAME target
  int64_t port = 0;
  int64_t priority = 0;
  int64_t weight = 0;
  uint32_t ttl = 0;
};

// What a model does where region-dns implements CoreDNS's ServiceBackend.
class ServiceBackend {
 public:
  virtual ~ServiceBackend() = default;
  // Services() for a forward query. `name` is the query name as region-dns's
  // recordRequest.Name() has it: lower case, one trailing dot removed.
  virtual std::vector<Service> Services(std::string_view name, QueryType type) = 0;
  // Reverse() for a PTR query, `name` as above.
  virtual std::vector<Service> Reverse(std::string_view name) = 0;
};

// Bookkeeping of one run of a resolution, shared by the models' backends: which names the
// row source could not supply, and the steps where the server had several rows to pick
// "the first" from. `path` pins the choice at the first steps; later steps take row 0.
class ChoiceLog {
 public:
  explicit ChoiceLog(std::vector<std::size_t> path = {}) : path_(std::move(path)) {}

  // The index to take among `n` rows that could each come first (`name` is where, for
  // messages): the pinned choice of this step, or 0.
  std::size_t Choose(std::string_view name, std::size_t n);
  void Unavailable(std::string_view name);

  bool ambiguous() const { return !sizes_.empty(); }
  // The number of rows at each step that had more than one, in the order they came.
  const std::vector<std::size_t>& choice_sizes() const { return sizes_; }
  const std::vector<std::string>& unavailable() const { return unavailable_; }

 private:
  std::vector<std::size_t> path_;
  std::vector<std::size_t> sizes_;
  std::vector<std::string> unavailable_;
};

// Runs `run` once per combination of choices (depth first, the default choices first, at
// most kMaxChoiceRuns times) and collects the Resolution. `run` builds a backend over the
// log and synthesises.
Resolution ResolveWithChoices(const std::function<Answer(ChoiceLog&)>& run);

// Runs plugin.A / AAAA / CNAME / SRV / PTR on the backend for one query, including the
// local CNAME chase (the Corefile zone is ".", so every target counts as internal and is
// looked up again through the backend). `qname` is the name as the client sent it. Types
// whose answer does not depend on rows get that fixed answer; `refuse_unmapped_types`
// makes ANY and CAA REFUSED (v3.11.0+ Services) instead of NXDOMAIN.
Answer SynthesizeAnswer(ServiceBackend& backend, std::string_view qname, QueryType type,
                        CoreDnsVersion coredns, bool refuse_unmapped_types);

// The SRV weights CoreDNS sends for a set of services (the first loop of plugin.SRV): per
// priority the weights (0 counting as 100) are summed, and each becomes
// floor(100 * weight / sum), a weight of 0 counting as 100. Exposed for tests and reports.
std::vector<uint16_t> RescaleSrvWeights(const std::vector<Service>& services,
                                        CoreDnsVersion coredns);

// recordRequest.Name(): lower case, one trailing dot removed.
std::string NormalizeQueryName(std::string_view qname);

// region-dns's isMyDomain: `name` has more labels than `domain` and ends in it (labels
// compared without regard to case). False when `domain` is empty.
bool IsStrictlyBelowDomain(std::string_view name, std::string_view domain);

// ---------------------------------------------------------------------------------------
// Go's rules for text region-dns reads from the tables.

// strings.Split (every separator splits, empty fields kept) and strings.SplitN (at most
// n fields, the last holding the rest).
std::vector<std::string_view> GoSplit(std::string_view s, char sep);
std::vector<std::string_view> GoSplitN(std::string_view s, char sep, std::size_t n);

// strconv.Atoi on 64-bit Go: an optional sign and at least one decimal digit, nothing else,
// within int64.
std::optional<int64_t> ParseGoInt(std::string_view text);

// Go's net.ParseIP / net.IP.String decide what CoreDNS treats as an address.

struct IpAddress {
  std::array<uint8_t, 16> bytes{};  // IPv4 as ::ffff:a.b.c.d, like Go

  // Go's To4() != nil: the bytes are an IPv4-mapped address.
  bool IsV4() const;
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// Go's net.ParseIP: the first '.' or ':' decides the family; IPv4 is exactly four decimal
// fields of at most 255 without leading zeros; IPv6 has no zone. Groups of more than four
// hex digits are rejected (Go 1.18 to 1.21 accepted them with leading zeros; nobody stores
// addresses like that).
std::optional<IpAddress> ParseGoIp(std::string_view text);

// Go's net.IP.String: dotted quad for IPv4-mapped, else lower-case hex with the first
// longest run of two or more zero groups written "::".
std::string FormatGoIp(const IpAddress& ip);

// CoreDNS's dnsutil.ExtractAddressFromReverse for a fully qualified name: the address
// (Go text) of an in-addr.arpa. or ip6.arpa. name, or "" when the name is not one.
std::string ExtractAddressFromReverse(std::string_view fqdn);

}  // namespace cpdns
