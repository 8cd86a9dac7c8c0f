// DNS names as this project compares and stores them: lower-case ASCII, no trailing dot,
// checked against the label rules of the Cloudpods API. NormalizeName turns an untrusted
// name (a legacy `dnsrecord_tbl.name`, a CNAME target, a zone name) into that form, or says
// precisely why it cannot; the helpers below work on names already normalised.
//
//   NameResult r = NormalizeName("WWW.Example.com.");
//   if (!r.ok()) return Reject(ToString(*r.error), r.message);  // e.g. "label_too_long"
//   // r.value.name == "www.example.com", had_trailing_dot and changed_case are true
//   std::optional<std::string> ip = Ipv4FromReverseName("4.3.2.1.in-addr.arpa");  // "1.2.3.4"
//
// Label rules (Cloudpods v3.10.4 regutils DOMAINNAME_REG, after lower-casing): each label is
// [a-z0-9_] followed by up to 62 of [a-z0-9_-], so a label may end with '-' but not start
// with one. On top of that: the whole name is at most 253 bytes (what fits a DNS message),
// "*" is accepted only as the whole first label (rows inserted directly, and the v3.10.5+
// record model, hold wildcards), and a name that is an IPv4 address is refused, as every
// Cloudpods name check refuses it.
//
// Thread-safety: free functions over values; safe to call concurrently.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cpdns {

// Longest name in text form without its trailing dot: 255 octets in wire form.
inline constexpr std::size_t kMaxNameLength = 253;
inline constexpr std::size_t kMaxLabelLength = 63;

// Why a name was refused. ToString gives a stable snake_case code for reports.
enum class NameError {
  kEmpty,                  // "" or "."
  kNameTooLong,            // over kMaxNameLength bytes after removing the trailing dot
  kEmptyLabel,             // ".a", "a..b", "a.."
  kLabelTooLong,           // a label over kMaxLabelLength bytes
  kInvalidCharacter,       // anything but [A-Za-z0-9_-] (and '*' as a whole first label)
  kLabelStartsWithHyphen,  // "-a.example.com"
  kMisplacedWildcard,      // "a*.x", "x.*.y", "**.x"
  kIpAddress,              // "1.2.3.4" (also "1.2.3.4.")
};

[[nodiscard]] std::string_view ToString(NameError error);

// A name in the form this project stores and compares.
struct NormalizedName {
  std::string name;               // lower case, no trailing dot
  bool wildcard = false;          // the first label is "*"
  bool had_trailing_dot = false;  // the input ended with one '.'
  bool changed_case = false;      // the input held upper-case letters

  friend bool operator==(const NormalizedName&, const NormalizedName&) = default;
};

// Either a normalised name (error empty) or the reason it was refused with a message that
// names the offending label and its byte position in the input.
struct [[nodiscard]] NameResult {
  NormalizedName value;  // meaningful only when ok()
  std::optional<NameError> error;
  std::string message;  // empty when ok()

  bool ok() const { return !error.has_value(); }
};

// Never throws on any bytes; the message quotes the input with QuoteBytes.
NameResult NormalizeName(std::string_view raw);

// Whether NormalizeName(raw).ok(), without building the name or a message: for checks on
// every row, where a refusal is then explained by calling NormalizeName.
[[nodiscard]] bool IsValidName(std::string_view raw);

// The labels of a normalised name, left to right; "" has none. The views point into `name`.
[[nodiscard]] std::vector<std::string_view> SplitLabels(std::string_view name);
[[nodiscard]] std::size_t CountLabels(std::string_view name);

// True when `name` lies strictly below `zone`: "a.example.com" under "example.com", but not
// "example.com" itself nor "xexample.com". Both must be normalised; the empty zone is the
// root, under which every non-empty name lies.
[[nodiscard]] bool IsProperSubdomain(std::string_view name, std::string_view zone);

// For a normalised name of the form d.c.b.a.in-addr.arpa with four decimal octets 0-255
// written without leading zeros, the address "a.b.c.d"; otherwise nullopt. Leading zeros
// and octets over 255 (which the v3.10.4 API's `\d{1,3}` pattern let through) are refused:
// a resolver builds the reverse name from the canonical address, so such a name is never
// asked for.
[[nodiscard]] std::optional<std::string> Ipv4FromReverseName(std::string_view name);

// Whether `text` is an IPv4 address as Cloudpods v3.10.4 parsed one (Go 1.18 net.ParseIP):
// exactly four decimal octets 0-255 separated by '.', no leading zeros ("01" is refused, "0"
// is fine), nothing else. Names that pass are refused by NormalizeName (kIpAddress).
[[nodiscard]] bool IsIpv4Address(std::string_view text);

// Whether a record name relative to its zone passes the v3.10.5+ API rule (tags v3.10.5
// and v3.11.14, pkg/compute/models/dnsrecords.go, checked after lower-casing): "@", or
// labels of [a-z0-9_] that may hold '-' inside but neither start nor end with it, 1-63
// bytes each, with "*" allowed as the whole first label. Stricter than the legacy rule,
// which let a label end with '-'.
[[nodiscard]] bool IsValidRelativeRecordName(std::string_view relative);

// `text` with A-Z lowered, every other byte as it is.
[[nodiscard]] std::string AsciiLower(std::string_view text);

// Untrusted bytes made safe for a message: printable ASCII as is, '"' and '\\' escaped,
// everything else as \xNN, in double quotes. When the input has more than `limit` bytes only
// the first `limit` are shown, followed by `...(N bytes)`.
[[nodiscard]] std::string QuoteBytes(std::string_view bytes, std::size_t limit = 80);

}  // namespace cpdns
