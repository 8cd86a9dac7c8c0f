// The parser of one legacy `dnsrecord_tbl.records` value: the entries a Cloudpods v3.10.4
// row holds, each checked as strictly as that release's API checked it when the row was
// created (pkg/compute/models/dnsrecords.go and the regutils it calls), so that only values
// the API could have written are migrated and everything else is reported with a reason.
//
//   LegacyParseResult r = ParseLegacyRecords(row.records, row.name);
//   for (const ParsedRecord& rec : r.records) Write(ToString(rec.type), rec.TargetValue());
//   for (const Rejection& rej : r.rejections) Report(ToString(rej.reason), rej.detail);
//   int64_t ttl = ServedLegacyTtl(row.ttl);  // what region-dns v3.10.4 put on the wire
//
// Encoding: entries joined by ',', each `TYPE:value` split at the first ':' only (AAAA values
// hold colons). Blanks around the type and the value are trimmed and flagged: the API never
// wrote them and region-dns v3.10.4 never answered such an entry. Type letters must be upper
// case: the API only wrote "A", "AAAA", "SRV", "CNAME", "PTR" and region-dns matched them
// case-sensitively, so "a:1.1.1.1" is its own rejection (type_not_upper_case).
//
// Row rules, after each entry is checked on its own and duplicates are dropped: A and AAAA
// may share a row; SRV may not share with A/AAAA; CNAME and PTR must be alone, one entry
// each. When types clash, the one the API would have refused is rejected, in the order the
// API added them (A/AAAA, then SRV, then CNAME, then PTR): "A:1.1.1.1,CNAME:x" keeps the A
// entry and rejects the CNAME one; of several CNAME (or PTR) entries the first is kept.
//
// Thread-safety: free functions over values; safe to call concurrently.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cpdns {

// dns_records_tbl.dns_value is varchar(256) ascii.
inline constexpr std::size_t kMaxTargetValueLength = 256;
// How much of a rejected entry a Rejection keeps; its full length is kept beside it.
inline constexpr std::size_t kMaxRawEntryBytes = 200;
// region-dns v3.10.4 (pkg/dns/dns.go defaultTTL) served a row's ttl of 0 as this.
inline constexpr int64_t kLegacyDefaultTtl = 10;

enum class RecordType { kA, kAAAA, kCNAME, kSRV, kPTR };

// "A", "AAAA", "CNAME", "SRV", "PTR": the spelling of both the legacy entries and
// dns_records_tbl.dns_type.
[[nodiscard]] std::string_view ToString(RecordType type);

// The fields of an SRV entry `host:port[:weight[:priority]]`.
struct SrvFields {
  std::string host;  // as written (case kept, a trailing dot kept)
  int port = 0;      // 1-65535
  int weight = 100;  // 0-65535; 100 when the entry had no weight field
  int priority = 0;  // 0-65535; 0 when the entry had no priority field
  bool weight_defaulted = false;
  bool priority_defaulted = false;

  friend bool operator==(const SrvFields&, const SrvFields&) = default;
};

// One accepted entry.
struct ParsedRecord {
  RecordType type = RecordType::kA;
  // The value byte-exact as written, only the surrounding blanks removed: IPv6 text is not
  // re-formatted, target names keep their case and trailing dot. For SRV the whole
  // "host:port:weight:priority" text.
  std::string value;
  std::optional<SrvFields> srv;  // set exactly when type is kSRV
  std::size_t entry_index = 0;   // 0-based position among the ','-separated entries
  bool type_trimmed = false;     // blanks surrounded the type: " A:1.1.1.1"
  bool value_trimmed = false;    // blanks surrounded the value: "A: 1.1.1.1"

  // The value as dns_records_tbl.dns_value holds it (v3.10.5+): addresses byte-exact;
  // CNAME/PTR targets without the trailing dot, case kept (the new API lower-cases record
  // names, never values); SRV as "priority weight port host" in decimal, host without the
  // trailing dot.
  [[nodiscard]] std::string TargetValue() const;
};

// Why an entry (or the whole value) was not accepted. ToString gives the stable code.
enum class RejectReason {
  kNullRecords,        // records IS NULL
  kEmptyRecords,       // records is '' or only blanks
  kEmptyEntry,         // nothing between two ',' (a trailing comma, ",,")
  kMissingColon,       // "A1.1.1.1"
  kUnknownType,        // "TXT:x", ":1.1.1.1"
  kTypeNotUpperCase,   // "a:1.1.1.1", "Cname:x"
  kEmptyValue,         // "A:"
  kValueNotAscii,      // a byte >= 0x80 in the type or value
  kControlCharacter,   // a byte < 0x20 or 0x7f inside the type or value (NUL included)
  kInvalidIpv4,        // A value that is not a dotted quad as Cloudpods parsed one
  kInvalidIpv6,        // AAAA value that is not IPv6 text (zone ids included)
  kInvalidTargetName,  // CNAME/PTR target or SRV host that is not a valid name
  kInvalidSrv,         // SRV with fewer than 2 or more than 4 ':'-separated fields
  kBadPort,            // SRV port not an integer in 1-65535
  kBadWeight,          // SRV weight not an integer in 0-65535
  kBadPriority,        // SRV priority not an integer in 0-65535
  kSrvNameNotService,  // SRV on a row whose name is not _service._proto.name
  kPtrNameNotReverse,  // PTR on a row whose name is not d.c.b.a.in-addr.arpa
  kValueTooLong,       // TargetValue() over kMaxTargetValueLength bytes
  kDuplicateEntry,     // same type and same stored value as an earlier accepted entry
  kCnameNotAlone,      // CNAME beside any other accepted entry
  kSrvNotAlone,        // SRV beside accepted A/AAAA entries
  kPtrNotAlone,        // PTR beside any other accepted entry
};

[[nodiscard]] std::string_view ToString(RejectReason reason);

struct Rejection {
  // 0-based position among the ','-separated entries; nullopt for kNullRecords and
  // kEmptyRecords, which concern the value as a whole.
  std::optional<std::size_t> entry_index;
  std::string raw;             // the entry's first kMaxRawEntryBytes bytes, untouched
  std::size_t raw_length = 0;  // the entry's full length in bytes
  RejectReason reason = RejectReason::kEmptyEntry;
  std::string detail;  // human explanation; untrusted bytes quoted and escaped

  // `raw` quoted and escaped, with a note of the full length when it was cut.
  [[nodiscard]] std::string RawForDisplay() const;
};

struct [[nodiscard]] LegacyParseResult {
  std::vector<ParsedRecord> records;  // accepted entries, in entry order
  std::vector<Rejection> rejections;  // in entry order; whole-value ones first

  bool ok() const { return rejections.empty(); }
};

// `row_name` is the row's `name` as stored; it decides the PTR and SRV rules. Never throws
// on any bytes (NUL bytes, non-ASCII, 64 KiB strings).
LegacyParseResult ParseLegacyRecords(std::optional<std::string_view> records,
                                     std::string_view row_name);

// The 16 bytes of an IPv6 address written as the v3.10.4 API accepted it (Go 1.18
// net.ParseIP with at least one ':'), or nullopt. One rule is stricter than Go 1.18: a group
// has at most 4 hex digits ("00001::" parsed there, is not IPv6 text and does not parse in
// later Go releases). Zone ids ("fe80::1%eth0") and brackets are refused.
[[nodiscard]] std::optional<std::array<uint8_t, 16>> ParseIpv6(std::string_view text);

// The TTL region-dns v3.10.4 put in forward answers (A, AAAA, CNAME, SRV) for a row's ttl:
// 10 when the ttl is 0 or NULL (NULL reads as 0), else the ttl converted to uint32 (Go
// `uint32(int)`): a negative ttl, which only a direct insert can store since the API refused
// it, is sent as ttl + 2^32 (-1 as 4294967295), a value RFC 2181 section 8 tells resolvers
// to treat as 0.
[[nodiscard]] int64_t ServedLegacyTtl(std::optional<int64_t> ttl);

// The TTL of region-dns v3.10.4 PTR answers from a row (pkg/dns/reverse.go): the same
// uint32 conversion but without the default, so a ttl of 0 or NULL is sent as 0.
[[nodiscard]] int64_t ServedLegacyPtrTtl(std::optional<int64_t> ttl);

}  // namespace cpdns
