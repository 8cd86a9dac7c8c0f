#include "core/legacy_entry.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/dns_answer.h"
#include "core/dns_name.h"
#include "core/wire_name.h"

namespace cpdns {

namespace {

constexpr std::size_t kShown = kShownBytes;

std::string UpperAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - ('a' - 'A'));
  }
  return out;
}

std::optional<RecordType> ExactType(std::string_view type) {
  if (type == "A") return RecordType::kA;
  if (type == "AAAA") return RecordType::kAAAA;
  if (type == "CNAME") return RecordType::kCNAME;
  if (type == "SRV") return RecordType::kSRV;
  if (type == "PTR") return RecordType::kPTR;
  return std::nullopt;
}

// The first byte of a target that cannot be stored or used: non-ASCII (dns_value is an ascii
// column: the row is rejected) or a control character (a name no client could resolve: the
// entry is dropped). nullopt when every byte is printable ASCII.
struct BadByteFound {
  EntryReason reason;
  std::string detail;
};

std::optional<BadByteFound> BadByte(std::string_view text, std::string_view what) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      return BadByteFound{EntryReason::kValueNotAscii,
                          std::string(what) + " " + QuoteBytes(text, kShown) +
                              " has non-ASCII byte " + QuoteBytes(text.substr(i, 1)) +
                              " at offset " + std::to_string(i) + "; dns_value is an ascii column"};
    }
    if (byte < 0x20 || byte == 0x7f) {
      return BadByteFound{EntryReason::kControlCharacter,
                          std::string(what) + " " + QuoteBytes(text, kShown) +
                              " has control character " + QuoteBytes(text.substr(i, 1)) +
                              " at offset " + std::to_string(i) +
                              ": no client can resolve such a name"};
    }
  }
  return std::nullopt;
}

// v3.10.4 regutils.MatchDomainSRV on the normalised row name: _service._proto.name, the
// first two labels at least two bytes and starting with '_'.
bool IsServiceName(const NameResult& row) {
  if (!row.ok() || row.value.wildcard) return false;
  const std::string_view name = row.value.name;
  const std::size_t first_dot = name.find('.');
  if (first_dot == std::string_view::npos) return false;
  const std::size_t second_dot = name.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos) return false;  // fewer than 3 labels
  const std::string_view service = name.substr(0, first_dot);
  const std::string_view proto = name.substr(first_dot + 1, second_dot - first_dot - 1);
  return service.size() >= 2 && service[0] == '_' && proto.size() >= 2 && proto[0] == '_';
}

std::string Ipv6Problem(std::string_view value) {
  std::string detail = QuoteBytes(value, kShown) + " is not an IPv6 address";
  if (value.find('%') != std::string_view::npos) {
    detail += ": zone ids (\"%eth0\") are not accepted";
  } else if (value.find_first_of("[]") != std::string_view::npos) {
    detail += ": brackets are not accepted";
  } else if (IsIpv4Address(value)) {
    detail += ": it is IPv4, which belongs in an A entry";
  } else {
    detail +=
        ": expected groups of 1-4 hex digits, at most one '::', an IPv4 tail only in the last "
        "32 bits";
  }
  return detail;
}

// Blanks that a hand-written or scripted value may carry around a type or a value.
bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

}  // namespace

std::string_view TrimBlanks(std::string_view text, bool* trimmed) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && IsBlank(text[begin])) ++begin;
  while (end > begin && IsBlank(text[end - 1])) --end;
  if (trimmed != nullptr) *trimmed = begin != 0 || end != text.size();
  return text.substr(begin, end - begin);
}

namespace {

std::string_view Trim(std::string_view text, bool* trimmed) { return TrimBlanks(text, trimmed); }

// A host name a value could mean: what NormalizeName accepts, '*' first labels included,
// and not ending in an all-digit label, which no top-level domain is (a mistyped address
// such as "256.1.1.1" or "01.2.3.4" is not a name anyone asked for).
bool LooksLikeHostName(std::string_view value) {
  if (!IsValidName(value)) return false;
  std::string_view name = value;
  if (name.back() == '.') name.remove_suffix(1);
  const std::size_t dot = name.rfind('.');
  const std::string_view last = dot == std::string_view::npos ? name : name.substr(dot + 1);
  return !std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// How region-dns used a CNAME/PTR target or SRV host, which it never checked. `kind` names
// the field in messages.
enum class TargetUse { kUsable, kApiInvalid, kNotAscii, kControl, kAddress, kNotPackable, kRoot };

TargetUse ClassifyTarget(std::string_view value, std::string* detail, std::string_view kind) {
  if (auto bad = BadByte(value, kind)) {
    *detail = std::move(bad->detail);
    return bad->reason == EntryReason::kValueNotAscii ? TargetUse::kNotAscii : TargetUse::kControl;
  }
  if (value.empty() || value == ".") {
    *detail = std::string(kind) + " is the root \".\": nothing a client could use";
    return TargetUse::kRoot;
  }
  if (ParseGoIp(value)) {
    *detail = std::string(kind) + " " + QuoteBytes(value, kShown) + " is an address";
    return TargetUse::kAddress;
  }
  if (!IsPackableName(value)) {
    *detail = std::string(kind) + " " + QuoteBytes(value, kShown) +
              " cannot be written into a DNS message (an empty label, a label over 63 bytes, "
              "or over 255 bytes): the server sent no reply";
    return TargetUse::kNotPackable;
  }
  if (!IsValidName(value) || value[0] == '*') {
    if (IsValidName(value)) {
      *detail = QuoteBytes(value, kShown) + " is a wildcard; legacy served it as written";
    } else {
      const NameResult name = NormalizeName(value);
      *detail = std::string(ToString(*name.error)) + ": " + name.message +
                "; legacy served it as written";
    }
    return TargetUse::kApiInvalid;
  }
  return TargetUse::kUsable;
}

// What a target's use means for its entry, for every use but an address (whose meaning
// depends on the field). True when the entry is dropped or rejects its row.
bool ApplyTargetUse(TargetUse use, std::string detail, EntryResult* out) {
  switch (use) {
    case TargetUse::kUsable:
    case TargetUse::kAddress:
      return false;
    case TargetUse::kApiInvalid:
      out->kept_reasons.emplace_back(EntryReason::kInvalidTargetName, std::move(detail));
      return false;
    case TargetUse::kNotAscii:
      out->dropped = {EntryReason::kValueNotAscii, std::move(detail)};
      out->rejects_row = true;
      return true;
    case TargetUse::kControl:
      out->dropped = {EntryReason::kControlCharacter, std::move(detail)};
      return true;
    case TargetUse::kNotPackable:
      out->dropped = {EntryReason::kTargetNotPackable, std::move(detail)};
      return true;
    case TargetUse::kRoot:
      out->dropped = {EntryReason::kEmptyValue, std::move(detail)};
      return true;
  }
  return false;
}

// Go's strconv.Atoi on 64-bit: an optional sign, decimal digits, within int64.
std::optional<int64_t> Atoi(std::string_view text) { return ParseGoInt(text); }

// An A or AAAA value. CoreDNS types an address by Go's To4(): an IPv4-mapped IPv6 text is
// IPv4 to it.
void CheckAddress(std::string_view value, RecordType type, EntryResult* out) {
  const bool v4 = type == RecordType::kA;
  const std::optional<IpAddress> ip = ParseGoIp(value);
  const EntryReason invalid = v4 ? EntryReason::kInvalidIpv4 : EntryReason::kInvalidIpv6;
  if (ip && ip->IsV4() == v4) return;
  if (ip) {
    out->dropped = {invalid, QuoteBytes(value, kShown) + " is " +
                                 (v4 ? "an IPv6 address" : "IPv4 to CoreDNS") +
                                 ": it drops an address of the other family, so legacy never "
                                 "answered it"};
  } else if (LooksLikeHostName(value)) {
    out->kept_reasons.emplace_back(
        EntryReason::kAddressValueIsName,
        QuoteBytes(value, kShown) + " is a name: legacy chased it like a CNAME target for " +
            (v4 ? "A" : "AAAA") + " queries, and so does the target; the API refuses it");
  } else {
    out->dropped = {invalid, v4 ? QuoteBytes(value, kShown) +
                                      " is neither an IPv4 address (four decimal octets 0-255, "
                                      "no leading zeros) nor a host name: never answered"
                                : Ipv6Problem(value) + "; nor is it a host name: never answered"};
  }
}

// A CNAME or PTR entry.
void CheckNameTarget(std::string_view value, const EntryContext& ctx, ParsedRecord& record,
                     EntryResult* out) {
  const bool cname = record.type == RecordType::kCNAME;
  std::string detail;
  const TargetUse use = ClassifyTarget(value, &detail, cname ? "CNAME target" : "PTR target");
  if (ApplyTargetUse(use, detail, out)) return;
  if (use == TargetUse::kAddress) {
    if (cname && ctx.sole_cname_entry) {
      // Legacy handed the address to CoreDNS, which answered A (AAAA) queries with it.
      record.type = ParseGoIp(value)->IsV4() ? RecordType::kA : RecordType::kAAAA;
      out->kept_reasons.emplace_back(EntryReason::kTargetIsAddress,
                                     detail + ": legacy answered " +
                                         std::string(ToString(record.type)) +
                                         " queries with it directly; stored as an " +
                                         std::string(ToString(record.type)) + " record");
      return;
    }
    out->dropped = {EntryReason::kTargetIsAddress,
                    detail + (cname ? ": a CNAME query never answers an address, and the "
                                      "records do not start with it"
                                    : ": CoreDNS answers PTR queries with names only")};
    return;
  }
  if (cname) return;
  const NameResult& row = ctx.RowName();
  std::string name = NormalizeQueryName(ctx.raw_row_name);
  const std::string address = ExtractAddressFromReverse(name + ".");
  if (row.ok() && Ipv4FromReverseName(row.value.name)) return;
  if (!address.empty() && address.find(':') != std::string::npos) {
    out->kept_reasons.emplace_back(
        EntryReason::kPtrNameIpv6,
        "PTR entry on the IPv6 reverse name " + QuoteBytes(ctx.raw_row_name, kShown) +
            ": legacy answered it; the API accepted IPv4 reverse names only");
    return;
  }
  out->dropped = {EntryReason::kPtrNameNotReverse,
                  "PTR entry on row " + QuoteBytes(ctx.raw_row_name, kShown) +
                      ", which no PTR query names (not a reverse name of an address): never "
                      "answered"};
}

void CheckSrv(std::string_view value, const EntryContext& ctx, ParsedRecord& record,
              EntryResult* out) {
  // At most 5 fields are cut: a fifth one is enough to refuse the value.
  std::array<std::string_view, 5> fields;
  std::size_t field_count = 0;
  for (std::size_t start = 0;;) {
    const std::size_t end = value.find(':', start);
    fields[field_count++] = value.substr(start, end == std::string_view::npos ? end : end - start);
    if (end == std::string_view::npos || field_count > 4) break;
    start = end + 1;
  }
  if (field_count < 2 || field_count > 4) {
    out->dropped = {EntryReason::kInvalidSrv,
                    "SRV value " + QuoteBytes(value, kShown) + " has " +
                        (field_count < 2 ? std::string("1 field") : "more than 4 fields") +
                        "; legacy skipped it (expected host:port[:weight[:priority]])"};
    return;
  }
  SrvFields srv;
  srv.host = std::string(fields[0]);
  struct Number {
    std::size_t field;
    int64_t* into;
    EntryReason reason;
    const char* what;
  };
  const Number numbers[] = {{1, &srv.port, EntryReason::kBadPort, "port"},
                            {2, &srv.weight, EntryReason::kBadWeight, "weight"},
                            {3, &srv.priority, EntryReason::kBadPriority, "priority"}};
  for (const Number& n : numbers) {
    if (n.field >= field_count) continue;
    const std::optional<int64_t> v = Atoi(fields[n.field]);
    if (!v) {
      out->dropped = {n.reason, std::string("SRV ") + n.what + " " +
                                    QuoteBytes(fields[n.field], kShown) +
                                    " is not an integer: legacy skipped the entry"};
      return;
    }
    *n.into = *v;
  }
  srv.weight_defaulted = field_count < 3;
  srv.priority_defaulted = field_count < 4;
  if (srv.port == -1) {
    out->dropped = {EntryReason::kBadPort, "SRV port -1: CoreDNS skips such a service"};
    return;
  }
  std::string detail;
  const TargetUse use = ClassifyTarget(fields[0], &detail, "SRV host");
  if (ApplyTargetUse(use, detail, out)) return;
  if (use == TargetUse::kAddress) {
    out->dropped = {EntryReason::kTargetIsAddress,
                    detail + ": CoreDNS failed on it, and legacy answered SERVFAIL"};
    return;
  }
  if (srv.port < 1 || srv.port > 65535 || srv.weight < 0 || srv.weight > 65535 ||
      srv.priority < 0 || srv.priority > 65535) {
    out->kept_reasons.emplace_back(
        EntryReason::kSrvNumberOutOfRange,
        "SRV " + QuoteBytes(value, kShown) +
            " has a number outside the API's range (port 1-65535, weight and priority "
            "0-65535): legacy sent its low 16 bits, and so does the target from the same "
            "number");
  }
  const NameResult& row = ctx.RowName();
  if (!IsServiceName(row)) {
    out->kept_reasons.emplace_back(
        EntryReason::kSrvNameNotService,
        "SRV entry on row " + QuoteBytes(ctx.raw_row_name, kShown) +
            ", which is not a service name _service._proto.name: legacy answered it, and "
            "v3.11 neither checks SRV names nor serves them differently");
  }
  record.srv = std::move(srv);
}

}  // namespace

// Checks one entry on its own.
EntryResult ParseEntry(std::string_view entry, const EntryContext& ctx) {
  EntryResult out;
  auto drop = [&out](EntryReason reason, std::string detail) {
    out.dropped = {reason, std::move(detail)};
    return std::move(out);
  };
  if (Trim(entry, nullptr).empty()) {
    return drop(EntryReason::kEmptyEntry,
                "entry " + std::to_string(ctx.index) + " is empty (a stray or trailing ',')");
  }
  const std::size_t colon = entry.find(':');
  if (colon == std::string_view::npos) {
    return drop(EntryReason::kMissingColon, "entry " + QuoteBytes(Trim(entry, nullptr), kShown) +
                                                " has no ':' between type and value");
  }

  ParsedRecord record;
  record.entry_index = ctx.index;
  const std::string_view type = Trim(entry.substr(0, colon), &record.type_trimmed);
  const std::string_view value = Trim(entry.substr(colon + 1), &record.value_trimmed);
  const std::optional<RecordType> exact = ExactType(type);
  if (!exact) {
    if (!type.empty() && ExactType(UpperAscii(type))) {
      return drop(EntryReason::kTypeNotUpperCase,
                  "type " + QuoteBytes(type, kShown) +
                      " is not upper case; region-dns matched only \"A:\", \"AAAA:\", "
                      "\"CNAME:\", \"SRV:\" and \"PTR:\"");
    }
    return drop(EntryReason::kUnknownType,
                type.empty() ? std::string("entry has no type before ':'")
                             : "type " + QuoteBytes(type, kShown) +
                                   " is none region-dns answered (A, AAAA, CNAME, SRV, PTR)");
  }
  record.type = *exact;
  if (value.empty()) {
    return drop(EntryReason::kEmptyValue,
                std::string(ToString(record.type)) +
                    " entry has no value after ':': nothing a client could use");
  }
  record.value = std::string(value);
  switch (record.type) {
    case RecordType::kA:
    case RecordType::kAAAA:
      CheckAddress(value, record.type, &out);
      break;
    case RecordType::kCNAME:
    case RecordType::kPTR:
      CheckNameTarget(value, ctx, record, &out);
      break;
    case RecordType::kSRV:
      CheckSrv(value, ctx, record, &out);
      break;
  }
  if (out.dropped) return out;
  // Addresses are stored as written; only targets and SRV values are rebuilt.
  const bool address = record.type == RecordType::kA || record.type == RecordType::kAAAA;
  const std::size_t length = address ? record.value.size() : record.TargetValue().size();
  if (length > kMaxTargetValueLength) {
    out.kept_reasons.clear();
    out.rejects_row = true;
    return drop(EntryReason::kValueTooLong, std::string(ToString(record.type)) +
                                                " value stored as " + std::to_string(length) +
                                                " bytes; dns_records_tbl.dns_value holds at most " +
                                                std::to_string(kMaxTargetValueLength));
  }
  out.record = std::move(record);
  return out;
}

}  // namespace cpdns
