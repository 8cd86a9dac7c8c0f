#include "core/legacy_records.h"

#include <algorithm>
#include <charconv>
#include <unordered_map>
#include <utility>

#include "core/dns_name.h"

namespace cpdns {
namespace {

constexpr std::size_t kShown = 80;  // bytes of a value quoted in a detail message

// Blanks that a hand-written or scripted value may carry around a type or a value.
bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

std::string_view Trim(std::string_view text, bool* trimmed) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && IsBlank(text[begin])) ++begin;
  while (end > begin && IsBlank(text[end - 1])) --end;
  if (trimmed != nullptr) *trimmed = begin != 0 || end != text.size();
  return text.substr(begin, end - begin);
}

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

std::string StripTrailingDot(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  return std::string(name);
}

char LowerAsciiChar(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
}

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

// Decimal integer as Go's strconv.Atoi reads one, which is what the v3.10.4 API used for
// SRV numbers: an optional '+' or '-', then one or more digits, nothing else. Values are
// saturated far above 65535 so that huge numbers still fail the range checks.
std::optional<int64_t> ParseGoInteger(std::string_view text) {
  std::size_t i = 0;
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    i = 1;
  }
  if (i == text.size()) return std::nullopt;
  constexpr int64_t kSaturated = 1'000'000'000'000;
  int64_t value = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    if (value < kSaturated) value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

// The first byte that cannot be part of a type or value: non-ASCII, or a control character.
std::optional<Rejection> BadByte(std::string_view text, std::string_view what) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      Rejection r;
      r.reason = RejectReason::kValueNotAscii;
      r.detail = std::string(what) + " " + QuoteBytes(text, kShown) + " has non-ASCII byte " +
                 QuoteBytes(text.substr(i, 1)) + " at offset " + std::to_string(i) +
                 "; dns_value is an ascii column";
      return r;
    }
    if (byte < 0x20 || byte == 0x7f) {
      Rejection r;
      r.reason = RejectReason::kControlCharacter;
      r.detail = std::string(what) + " " + QuoteBytes(text, kShown) + " has control character " +
                 QuoteBytes(text.substr(i, 1)) + " at offset " + std::to_string(i);
      return r;
    }
  }
  return std::nullopt;
}

// Why `value` cannot be a CNAME/PTR target or SRV host (v3.10.4 regutils.MatchDomainName,
// tightened as NormalizeName documents), or nullopt when it can.
std::optional<std::string> TargetProblem(std::string_view value) {
  if (!IsValidName(value)) {
    const NameResult name = NormalizeName(value);
    return std::string(ToString(*name.error)) + ": " + name.message;
  }
  // A valid name is a wildcard exactly when its first label is "*".
  if (value[0] == '*') return QuoteBytes(value, kShown) + " is a wildcard, not a target";
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

std::array<uint8_t, 4> Ipv4Octets(std::string_view text) {
  std::array<uint8_t, 4> octets{};
  std::size_t start = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    std::size_t end = text.find('.', start);
    if (end == std::string_view::npos) end = text.size();
    unsigned value = 0;
    std::from_chars(text.data() + start, text.data() + end, value);
    octets[i] = static_cast<uint8_t>(value);
    start = end + 1;
  }
  return octets;
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

// Everything one entry needs besides its text.
struct EntryContext {
  std::size_t index = 0;
  std::string_view raw_row_name;
  // NormalizeName(raw_row_name), computed by RowName when a PTR or SRV entry first needs it:
  // most rows hold only addresses, whose checks never look at the row name.
  std::optional<NameResult>* row_name = nullptr;

  const NameResult& RowName() const {
    if (!*row_name) row_name->emplace(NormalizeName(raw_row_name));
    return **row_name;
  }
};

// Two entries are duplicates when they would become the same dns_records_tbl row: the same
// type and the same stored value, names compared without regard to case, addresses by value.
// The key holds that without building the stored value: the address bytes of an AAAA entry;
// otherwise the numbers of an SRV entry and the name part (an A value as written, a target or
// SRV host without its trailing dot). SRV values "priority weight port host" are equal
// exactly when these fields are, since the numbers are written without leading zeros and a
// host holds no blank. `name` points into the legacy text, so it stays valid while the
// records move.
struct DuplicateKey {
  RecordType type = RecordType::kA;
  std::array<uint8_t, 16> address{};  // kAAAA
  std::string_view name;              // kA: the value; kCNAME/kPTR/kSRV: the name, no dot
  int port = 0;                       // kSRV
  int weight = 0;                     // kSRV
  int priority = 0;                   // kSRV

  bool operator==(const DuplicateKey& other) const {
    if (type != other.type) return false;
    if (type == RecordType::kAAAA) return address == other.address;
    if (port != other.port || weight != other.weight || priority != other.priority) return false;
    if (name.size() != other.name.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
      if (LowerAsciiChar(name[i]) != LowerAsciiChar(other.name[i])) return false;
    }
    return true;
  }
};

struct DuplicateKeyHash {
  std::size_t operator()(const DuplicateKey& key) const noexcept {
    uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a
    auto mix = [&h](uint8_t byte) { h = (h ^ byte) * 0x100000001b3ull; };
    mix(static_cast<uint8_t>(key.type));
    if (key.type == RecordType::kAAAA) {
      for (uint8_t byte : key.address) mix(byte);
      return h;
    }
    for (char c : key.name) mix(static_cast<uint8_t>(LowerAsciiChar(c)));
    for (int n : {key.port, key.weight, key.priority}) {
      for (int shift = 0; shift < 32; shift += 8) mix(static_cast<uint8_t>(n >> shift));
    }
    return h;
  }
};

std::string_view WithoutTrailingDot(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  return name;
}

std::size_t DecimalDigits(int value) {  // value >= 0
  std::size_t digits = 1;
  for (; value >= 10; value /= 10) ++digits;
  return digits;
}

// TargetValue().size() without building the value.
std::size_t TargetValueLength(const ParsedRecord& record) {
  if (record.type == RecordType::kCNAME || record.type == RecordType::kPTR) {
    return WithoutTrailingDot(record.value).size();
  }
  if (record.type == RecordType::kSRV && record.srv) {
    const SrvFields& srv = *record.srv;
    return DecimalDigits(srv.priority) + 1 + DecimalDigits(srv.weight) + 1 +
           DecimalDigits(srv.port) + 1 + WithoutTrailingDot(srv.host).size();
  }
  return record.value.size();
}

// Checks one entry on its own. Returns the record and fills `key`, or fills `rejection`
// (reason and detail) and returns nullopt.
std::optional<ParsedRecord> ParseEntry(std::string_view entry, const EntryContext& ctx,
                                       Rejection* rejection, DuplicateKey* key) {
  auto reject = [rejection](RejectReason reason, std::string detail) {
    rejection->reason = reason;
    rejection->detail = std::move(detail);
    return std::nullopt;
  };

  if (Trim(entry, nullptr).empty()) {
    return reject(RejectReason::kEmptyEntry,
                  "entry " + std::to_string(ctx.index) + " is empty (a stray or trailing ',')");
  }
  const std::size_t colon = entry.find(':');
  if (colon == std::string_view::npos) {
    const std::string_view trimmed = Trim(entry, nullptr);
    if (auto bad = BadByte(trimmed, "entry")) return reject(bad->reason, bad->detail);
    return reject(RejectReason::kMissingColon,
                  "entry " + QuoteBytes(trimmed, kShown) + " has no ':' between type and value");
  }

  ParsedRecord record;
  record.entry_index = ctx.index;
  const std::string_view type = Trim(entry.substr(0, colon), &record.type_trimmed);
  const std::string_view value = Trim(entry.substr(colon + 1), &record.value_trimmed);
  if (auto bad = BadByte(type, "type")) return reject(bad->reason, bad->detail);
  if (auto bad = BadByte(value, "value")) return reject(bad->reason, bad->detail);

  if (type.empty()) return reject(RejectReason::kUnknownType, "entry has no type before ':'");
  const std::optional<RecordType> exact = ExactType(type);
  if (!exact) {
    if (ExactType(UpperAscii(type))) {
      return reject(RejectReason::kTypeNotUpperCase,
                    "type " + QuoteBytes(type, kShown) +
                        " is not upper case; the API wrote, and region-dns matched, only "
                        "A, AAAA, CNAME, SRV and PTR");
    }
    return reject(RejectReason::kUnknownType,
                  "type " + QuoteBytes(type, kShown) +
                      " is not one the API could create (A, AAAA, CNAME, SRV, PTR)");
  }
  record.type = *exact;
  const std::string_view type_name = ToString(record.type);
  if (value.empty()) {
    return reject(RejectReason::kEmptyValue,
                  std::string(type_name) + " entry has no value after ':'");
  }
  record.value = std::string(value);
  key->type = record.type;
  key->name = value;

  switch (record.type) {
    case RecordType::kA:
      if (!IsIpv4Address(value)) {
        return reject(RejectReason::kInvalidIpv4,
                      QuoteBytes(value, kShown) +
                          " is not an IPv4 address: four decimal octets 0-255 separated by '.', "
                          "without leading zeros");
      }
      break;
    case RecordType::kAAAA: {
      const std::optional<std::array<uint8_t, 16>> address = ParseIpv6(value);
      if (!address) return reject(RejectReason::kInvalidIpv6, Ipv6Problem(value));
      key->address = *address;
      key->name = {};
      break;
    }
    case RecordType::kCNAME:
    case RecordType::kPTR:
      if (auto problem = TargetProblem(value)) {
        return reject(RejectReason::kInvalidTargetName,
                      std::string(type_name) + " target is not a valid name: " + *problem);
      }
      key->name = WithoutTrailingDot(value);
      if (record.type == RecordType::kPTR) {
        const NameResult& row = ctx.RowName();
        if (!row.ok() || !Ipv4FromReverseName(row.value.name)) {
          return reject(RejectReason::kPtrNameNotReverse,
                        "PTR entry on row " + QuoteBytes(ctx.raw_row_name, kShown) +
                            ", which is not an IPv4 reverse name d.c.b.a.in-addr.arpa");
        }
      }
      break;
    case RecordType::kSRV: {
      // At most 5 fields are cut: a fifth one is enough to refuse the value.
      std::array<std::string_view, 5> fields;
      std::size_t field_count = 0;
      std::size_t start = 0;
      while (true) {
        const std::size_t end = value.find(':', start);
        fields[field_count++] =
            value.substr(start, end == std::string_view::npos ? end : end - start);
        if (end == std::string_view::npos || field_count > 4) break;
        start = end + 1;
      }
      if (field_count < 2 || field_count > 4) {
        return reject(RejectReason::kInvalidSrv,
                      "SRV value " + QuoteBytes(value, kShown) + " has " +
                          (field_count < 2 ? std::string("1 field") : "more than 4 fields") +
                          "; expected host:port[:weight[:priority]]");
      }
      if (auto problem = TargetProblem(fields[0])) {
        return reject(RejectReason::kInvalidTargetName,
                      "SRV host is not a valid name: " + *problem);
      }
      SrvFields srv;
      srv.host = std::string(fields[0]);
      const std::optional<int64_t> port = ParseGoInteger(fields[1]);
      if (!port || *port < 1 || *port > 65535) {
        return reject(RejectReason::kBadPort, "SRV port " + QuoteBytes(fields[1], kShown) +
                                                  " is not an integer in 1-65535");
      }
      srv.port = static_cast<int>(*port);
      srv.weight_defaulted = field_count < 3;
      if (!srv.weight_defaulted) {
        const std::optional<int64_t> weight = ParseGoInteger(fields[2]);
        if (!weight || *weight < 0 || *weight > 65535) {
          return reject(RejectReason::kBadWeight, "SRV weight " + QuoteBytes(fields[2], kShown) +
                                                      " is not an integer in 0-65535");
        }
        srv.weight = static_cast<int>(*weight);
      }
      srv.priority_defaulted = field_count < 4;
      if (!srv.priority_defaulted) {
        const std::optional<int64_t> priority = ParseGoInteger(fields[3]);
        if (!priority || *priority < 0 || *priority > 65535) {
          return reject(
              RejectReason::kBadPriority,
              "SRV priority " + QuoteBytes(fields[3], kShown) + " is not an integer in 0-65535");
        }
        srv.priority = static_cast<int>(*priority);
      }
      if (!IsServiceName(ctx.RowName())) {
        return reject(RejectReason::kSrvNameNotService,
                      "SRV entry on row " + QuoteBytes(ctx.raw_row_name, kShown) +
                          ", which is not a service name _service._proto.name");
      }
      key->name = WithoutTrailingDot(fields[0]);
      key->port = srv.port;
      key->weight = srv.weight;
      key->priority = srv.priority;
      record.srv = std::move(srv);
      break;
    }
  }

  const std::size_t target_length = TargetValueLength(record);
  if (target_length > kMaxTargetValueLength) {
    return reject(RejectReason::kValueTooLong,
                  std::string(type_name) + " value stored as " + std::to_string(target_length) +
                      " bytes; dns_records_tbl.dns_value holds at most " +
                      std::to_string(kMaxTargetValueLength));
  }
  return record;
}

Rejection MakeRejection(std::size_t index, std::string_view entry, RejectReason reason,
                        std::string detail) {
  Rejection r;
  r.entry_index = index;
  r.raw = std::string(entry.substr(0, kMaxRawEntryBytes));
  r.raw_length = entry.size();
  r.reason = reason;
  r.detail = std::move(detail);
  return r;
}

}  // namespace

std::string_view ToString(RecordType type) {
  switch (type) {
    case RecordType::kA:
      return "A";
    case RecordType::kAAAA:
      return "AAAA";
    case RecordType::kCNAME:
      return "CNAME";
    case RecordType::kSRV:
      return "SRV";
    case RecordType::kPTR:
      return "PTR";
  }
  return "UNKNOWN";
}

std::string_view ToString(RejectReason reason) {
  // In enum order; the codes appear in reports, so they never change.
  static constexpr std::array<std::string_view, 23> kCodes = {
      "null_records",         "empty_records",
      "empty_entry",          "missing_colon",
      "unknown_type",         "type_not_upper_case",
      "empty_value",          "value_not_ascii",
      "control_character",    "invalid_ipv4",
      "invalid_ipv6",         "invalid_target_name",
      "invalid_srv",          "bad_port",
      "bad_weight",           "bad_priority",
      "srv_name_not_service", "ptr_name_not_reverse",
      "value_too_long",       "duplicate_entry",
      "cname_not_alone",      "srv_not_alone",
      "ptr_not_alone"};
  static_assert(kCodes.size() == static_cast<std::size_t>(RejectReason::kPtrNotAlone) + 1);
  const auto index = static_cast<std::size_t>(reason);
  return index < kCodes.size() ? kCodes[index] : "unknown_reason";
}

std::string ParsedRecord::TargetValue() const {
  switch (type) {
    case RecordType::kA:
    case RecordType::kAAAA:
      return value;
    case RecordType::kCNAME:
    case RecordType::kPTR:
      return StripTrailingDot(value);
    case RecordType::kSRV:
      if (!srv) return value;
      return std::to_string(srv->priority) + " " + std::to_string(srv->weight) + " " +
             std::to_string(srv->port) + " " + StripTrailingDot(srv->host);
  }
  return value;
}

std::string Rejection::RawForDisplay() const {
  std::string out = QuoteBytes(raw, raw.size());
  if (raw_length > raw.size()) out += "...(" + std::to_string(raw_length) + " bytes)";
  return out;
}

std::optional<std::array<uint8_t, 16>> ParseIpv6(std::string_view text) {
  // Go's net.ParseIP picks the parser by the first '.' or ':'; only ':' leads to IPv6.
  const std::size_t first = text.find_first_of(".:");
  if (first == std::string_view::npos || text[first] != ':') return std::nullopt;

  std::array<uint16_t, 8> groups{};
  std::size_t count = 0;
  std::optional<std::size_t> ellipsis;  // group index where "::" stands
  std::size_t pos = 0;
  if (text.size() >= 2 && text[0] == ':' && text[1] == ':') {
    ellipsis = 0;
    pos = 2;
  }
  while (pos < text.size()) {
    if (count == 8) return std::nullopt;
    std::size_t end = pos;
    while (end < text.size() && IsHexDigit(text[end])) ++end;
    if (end == pos) return std::nullopt;
    if (end < text.size() && text[end] == '.') {
      // An IPv4 tail fills the last 32 bits, or any place that "::" leaves room for.
      if ((!ellipsis && count != 6) || count + 2 > 8) return std::nullopt;
      const std::string_view tail = text.substr(pos);
      if (!IsIpv4Address(tail)) return std::nullopt;
      const std::array<uint8_t, 4> octets = Ipv4Octets(tail);
      groups[count++] = static_cast<uint16_t>((octets[0] << 8) | octets[1]);
      groups[count++] = static_cast<uint16_t>((octets[2] << 8) | octets[3]);
      pos = text.size();
      break;
    }
    if (end - pos > 4) return std::nullopt;
    uint16_t group = 0;
    for (std::size_t i = pos; i < end; ++i) {
      group = static_cast<uint16_t>((group << 4) | HexValue(text[i]));
    }
    groups[count++] = group;
    pos = end;
    if (pos == text.size()) break;
    if (text[pos] != ':' || pos + 1 == text.size()) return std::nullopt;
    ++pos;
    if (text[pos] == ':') {
      if (ellipsis) return std::nullopt;
      ellipsis = count;
      ++pos;
    }
  }
  if (count < 8) {
    if (!ellipsis) return std::nullopt;
    const std::size_t gap = 8 - count;
    for (std::size_t i = count; i-- > *ellipsis;) groups[i + gap] = groups[i];
    for (std::size_t i = *ellipsis; i < *ellipsis + gap; ++i) groups[i] = 0;
  } else if (ellipsis) {
    return std::nullopt;  // "::" must stand for at least one group
  }
  std::array<uint8_t, 16> bytes{};
  for (std::size_t i = 0; i < 8; ++i) {
    bytes[2 * i] = static_cast<uint8_t>(groups[i] >> 8);
    bytes[2 * i + 1] = static_cast<uint8_t>(groups[i] & 0xff);
  }
  return bytes;
}

LegacyParseResult ParseLegacyRecords(std::optional<std::string_view> records,
                                     std::string_view row_name) {
  LegacyParseResult result;
  if (!records) {
    Rejection r;
    r.reason = RejectReason::kNullRecords;
    r.detail = "records is NULL";
    result.rejections.push_back(std::move(r));
    return result;
  }
  if (Trim(*records, nullptr).empty()) {
    Rejection r;
    r.raw = std::string(records->substr(0, kMaxRawEntryBytes));
    r.raw_length = records->size();
    r.reason = RejectReason::kEmptyRecords;
    r.detail = records->empty() ? "records is empty" : "records holds only blanks";
    result.rejections.push_back(std::move(r));
    return result;
  }

  // Most rows hold one to four entries; more are searched through a hash map built once the
  // linear search would cost more (64 KiB of "A:1.1.1.1," must not go quadratic).
  constexpr std::size_t kLinearDuplicateSearch = 16;
  std::vector<std::string_view> entries;
  std::vector<DuplicateKey> keys;  // of the accepted records, in their order
  std::unordered_map<DuplicateKey, std::size_t, DuplicateKeyHash> first_with_key;
  std::optional<NameResult> row;
  std::vector<ParsedRecord>& accepted = result.records;
  for (std::size_t start = 0;;) {
    const std::size_t end = records->find(',', start);
    entries.push_back(records->substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  accepted.reserve(std::min<std::size_t>(entries.size(), kLinearDuplicateSearch));

  for (std::size_t i = 0; i < entries.size(); ++i) {
    Rejection rejection;
    DuplicateKey key;
    std::optional<ParsedRecord> record =
        ParseEntry(entries[i], {i, row_name, &row}, &rejection, &key);
    if (!record) {
      result.rejections.push_back(
          MakeRejection(i, entries[i], rejection.reason, std::move(rejection.detail)));
      continue;
    }
    std::optional<std::size_t> first;  // entry index of an earlier record with the same key
    if (first_with_key.empty()) {
      for (std::size_t k = 0; k < keys.size(); ++k) {
        if (keys[k] == key) {
          first = accepted[k].entry_index;
          break;
        }
      }
      if (!first && keys.size() == kLinearDuplicateSearch) {
        for (std::size_t k = 0; k < keys.size(); ++k) {
          first_with_key.emplace(keys[k], accepted[k].entry_index);
        }
      }
    }
    if (!first_with_key.empty()) {
      const auto [it, inserted] = first_with_key.emplace(key, i);
      if (!inserted) first = it->second;
    }
    if (first) {
      result.rejections.push_back(MakeRejection(i, entries[i], RejectReason::kDuplicateEntry,
                                                std::string(ToString(record->type)) +
                                                    " entry stores the same value as entry " +
                                                    std::to_string(*first)));
      continue;
    }
    keys.push_back(key);
    accepted.push_back(std::move(*record));
  }

  // Row rules, in the order the API added types (A/AAAA, SRV, CNAME, PTR): a type is
  // rejected when an earlier one is already present; of several CNAME (PTR) entries the
  // first is kept. `keeper` is the entry index that wins each rule, for the message.
  auto first_index = [&accepted](auto wanted) -> std::optional<std::size_t> {
    for (std::size_t k = 0; k < accepted.size(); ++k) {
      if (wanted(accepted[k].type)) return k;
    }
    return std::nullopt;
  };
  const std::optional<std::size_t> address =
      first_index([](RecordType t) { return t == RecordType::kA || t == RecordType::kAAAA; });
  std::optional<std::size_t> srv;
  if (!address) srv = first_index([](RecordType t) { return t == RecordType::kSRV; });
  const std::optional<std::size_t> earlier_than_cname = address ? address : srv;
  std::optional<std::size_t> cname;
  if (!earlier_than_cname) cname = first_index([](RecordType t) { return t == RecordType::kCNAME; });
  const std::optional<std::size_t> earlier_than_ptr =
      earlier_than_cname ? earlier_than_cname : cname;
  std::optional<std::size_t> ptr;
  if (!earlier_than_ptr) ptr = first_index([](RecordType t) { return t == RecordType::kPTR; });

  auto describe = [&accepted](std::size_t k) {
    return "entry " + std::to_string(accepted[k].entry_index) + " (" +
           std::string(ToString(accepted[k].type)) + ")";
  };
  std::vector<bool> keep;
  for (std::size_t k = 0; k < accepted.size(); ++k) {
    const ParsedRecord& r = accepted[k];
    std::optional<RejectReason> reason;
    std::string detail;
    if (r.type == RecordType::kSRV && address) {
      reason = RejectReason::kSrvNotAlone;
      detail = "SRV cannot share a row with A/AAAA entries; kept " + describe(*address);
    } else if (r.type == RecordType::kCNAME && cname.value_or(SIZE_MAX) != k) {
      reason = RejectReason::kCnameNotAlone;
      detail = "CNAME must be the only entry of its row; kept " +
               describe(earlier_than_cname.value_or(cname.value_or(0)));
    } else if (r.type == RecordType::kPTR && ptr.value_or(SIZE_MAX) != k) {
      reason = RejectReason::kPtrNotAlone;
      detail = "PTR must be the only entry of its row; kept " +
               describe(earlier_than_ptr.value_or(ptr.value_or(0)));
    }
    if (reason) {
      if (keep.empty()) keep.assign(accepted.size(), true);
      keep[k] = false;
      result.rejections.push_back(
          MakeRejection(r.entry_index, entries[r.entry_index], *reason, std::move(detail)));
    }
  }
  if (!keep.empty()) {
    std::vector<ParsedRecord> kept;
    for (std::size_t k = 0; k < accepted.size(); ++k) {
      if (keep[k]) kept.push_back(std::move(accepted[k]));
    }
    accepted = std::move(kept);
  }
  std::stable_sort(
      result.rejections.begin(), result.rejections.end(),
      [](const Rejection& a, const Rejection& b) { return a.entry_index < b.entry_index; });
  return result;
}

int64_t ServedLegacyTtl(std::optional<int64_t> ttl) {
  if (!ttl || *ttl == 0) return kLegacyDefaultTtl;
  return static_cast<int64_t>(static_cast<uint32_t>(*ttl));
}

int64_t ServedLegacyPtrTtl(std::optional<int64_t> ttl) {
  return static_cast<int64_t>(static_cast<uint32_t>(ttl.value_or(0)));
}

}  // namespace cpdns
