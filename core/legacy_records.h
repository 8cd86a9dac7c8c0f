// The parser of one legacy `dnsrecord_tbl.records` value: each entry of a Cloudpods v3.10.4
// row, checked against what that release's API allowed (pkg/compute/models/dnsrecords.go
// and the regutils it calls) and decided by what its region-dns served from it (pkg/dns/ and
// the vendored CoreDNS 1.3.0 / miekg/dns 1.1.25): an entry is kept, as a record the target
// serves the way legacy did (with a reason naming the API rule it breaks, if any), dropped,
// because legacy never answered anything a client could use from it, or it rejects the row,
// because legacy served it and the target cannot hold it. migrator/README.md "Decisions" has
// the table.
//
//   LegacyParseResult r = ParseLegacyRecords(row.records, row.name);
//   if (r.RowRejected()) Skip(r.issues);
//   for (const ParsedRecord& rec : r.records) Write(ToString(rec.type), rec.TargetValue());
//   for (const EntryIssue& i : r.issues) Report(ToString(i.reason), i.detail);
//   int64_t ttl = ServedLegacyTtl(row.ttl);  // what region-dns v3.10.4 put on the wire
//
// Encoding: entries joined by ',', each `TYPE:value` split at the first ':' only (AAAA values
// hold colons). Blanks around the type and the value are trimmed and flagged: the API never
// wrote them and region-dns v3.10.4 never answered such an entry, but the intent is plain.
// Type letters must be upper case: region-dns matched "A:", "AAAA:", ... case-sensitively, so
// "a:1.1.1.1" was never answered and is dropped (type_not_upper_case).
//
// Row rules follow what legacy answered, not the API's "must be alone" rules: records that
// start with "CNAME:" answered every query type but CNAME with the CNAME (the whole rest of
// the string as its target), so only that first CNAME entry, and the first PTR entry that PTR
// queries read, are kept; elsewhere A/AAAA and SRV entries are all kept, and of CNAME (PTR)
// entries the first, which is the one CNAME (PTR) queries answered. Entries dropped by these
// rules and kept entries that share a row against the API's rules carry cname_not_alone,
// srv_not_alone or ptr_not_alone.
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
// How much of an entry an EntryIssue keeps; its full length is kept beside it.
inline constexpr std::size_t kMaxRawEntryBytes = 200;
// region-dns v3.10.4 (pkg/dns/dns.go defaultTTL) served a row's ttl of 0 as this.
inline constexpr int64_t kLegacyDefaultTtl = 10;

enum class RecordType { kA, kAAAA, kCNAME, kSRV, kPTR };

// "A", "AAAA", "CNAME", "SRV", "PTR": the spelling of both the legacy entries and
// dns_records_tbl.dns_type.
[[nodiscard]] std::string_view ToString(RecordType type);

// The fields of an SRV entry `host:port[:weight[:priority]]`.
struct SrvFields {
  std::string host;      // as written (case kept, a trailing dot kept)
  int64_t port = 0;      // as Go's strconv.Atoi read it; 1-65535 unless srv_number_out_of_range
  int64_t weight = 100;  // 100 when the entry had no weight field
  int64_t priority = 0;  // 0 when the entry had no priority field
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

// What an entry breaks, or why the whole value cannot migrate. ToString gives the stable code;
// Disposition of an EntryIssue says what happened to the entry.
enum class EntryReason {
  kNullRecords,           // records IS NULL (rejects the row)
  kEmptyRecords,          // records is '' or only blanks (rejects the row)
  kEmptyEntry,            // nothing between two ',' (dropped)
  kMissingColon,          // "A1.1.1.1" (dropped)
  kUnknownType,           // "TXT:x", ":1.1.1.1", a type with odd bytes (dropped)
  kTypeNotUpperCase,      // "a:1.1.1.1", "Cname:x" (dropped)
  kEmptyValue,            // "A:", "CNAME:" (dropped)
  kValueNotAscii,         // a byte >= 0x80 in a CNAME/PTR target or SRV host (rejects the row)
  kControlCharacter,      // a byte < 0x20 or 0x7f in a target or SRV host (dropped)
  kInvalidIpv4,           // A value neither IPv4 nor a host name (dropped)
  kInvalidIpv6,           // AAAA value neither IPv6 nor a host name (dropped)
  kInvalidTargetName,     // target or SRV host the API refused, served as written (kept)
  kInvalidSrv,            // SRV with fewer than 2 or more than 4 ':'-separated fields (dropped)
  kBadPort,               // SRV port not a Go integer, or -1, which CoreDNS skips (dropped)
  kBadWeight,             // SRV weight not a Go integer (dropped)
  kBadPriority,           // SRV priority not a Go integer (dropped)
  kSrvNameNotService,     // SRV on a row whose name is not _service._proto.name (kept)
  kPtrNameNotReverse,     // PTR on a row no PTR query can name (dropped)
  kValueTooLong,          // TargetValue() over kMaxTargetValueLength bytes (rejects the row)
  kDuplicateEntry,        // an address written again in the same spelling (dropped)
  kCnameNotAlone,         // CNAME sharing a row (kept), or an entry legacy's CNAME hid (dropped)
  kSrvNotAlone,           // SRV beside A/AAAA entries (kept)
  kPtrNotAlone,           // PTR beside other entries (kept), or a second PTR (dropped)
  kAddressValueIsName,    // A/AAAA value that is a host name, chased like a CNAME (kept)
  kTargetIsAddress,       // CNAME/PTR target or SRV host that is an address (see the .cc)
  kTargetNotPackable,     // target with an empty label, a label over 63 bytes, too long (dropped)
  kSrvNumberOutOfRange,   // SRV port/weight/priority an integer outside the API's range (kept)
  kPtrNameIpv6,           // PTR on an ip6.arpa name, which legacy answered (kept)
};
inline constexpr std::size_t kEntryReasonCount =
    static_cast<std::size_t>(EntryReason::kPtrNameIpv6) + 1;

[[nodiscard]] std::string_view ToString(EntryReason reason);

enum class Disposition {
  kKept,        // the entry migrates; the reason names an API rule it breaks
  kDropped,     // legacy never answered anything a client could use from it: left out
  kRejectsRow,  // legacy served it and the target cannot hold it: the row is not migrated
};
[[nodiscard]] std::string_view ToString(Disposition disposition);

struct EntryIssue {
  // 0-based position among the ','-separated entries; nullopt for kNullRecords and
  // kEmptyRecords, which concern the value as a whole.
  std::optional<std::size_t> entry_index;
  std::string raw;             // the entry's first kMaxRawEntryBytes bytes, untouched
  std::size_t raw_length = 0;  // the entry's full length in bytes
  EntryReason reason = EntryReason::kEmptyEntry;
  Disposition disposition = Disposition::kDropped;
  std::string detail;  // human explanation; untrusted bytes quoted and escaped

  // `raw` quoted and escaped, with a note of the full length when it was cut.
  [[nodiscard]] std::string RawForDisplay() const;
};

struct [[nodiscard]] LegacyParseResult {
  std::vector<ParsedRecord> records;  // kept entries, in entry order
  std::vector<EntryIssue> issues;     // in entry order; whole-value ones first

  bool ok() const { return issues.empty(); }
  // Some issue rejects the row: nothing of it may migrate.
  bool RowRejected() const;
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
