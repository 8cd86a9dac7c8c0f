#include "core/legacy_records.h"

#include <algorithm>
#include <charconv>
#include <unordered_map>
#include <utility>

#include "core/dns_name.h"
#include "core/legacy_entry.h"

namespace cpdns {
namespace {

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

EntryIssue MakeIssue(std::size_t index, std::string_view entry, EntryReason reason,
                     Disposition disposition, std::string detail) {
  EntryIssue r;
  r.entry_index = index;
  r.raw = std::string(entry.substr(0, kMaxRawEntryBytes));
  r.raw_length = entry.size();
  r.reason = reason;
  r.disposition = disposition;
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

std::string_view ToString(EntryReason reason) {
  // In enum order; the codes appear in reports, so they never change.
  static constexpr std::array<std::string_view, kEntryReasonCount> kCodes = {
      "null_records",
      "empty_records",
      "empty_entry",
      "missing_colon",
      "unknown_type",
      "type_not_upper_case",
      "empty_value",
      "value_not_ascii",
      "control_character",
      "invalid_ipv4",
      "invalid_ipv6",
      "invalid_target_name",
      "invalid_srv",
      "bad_port",
      "bad_weight",
      "bad_priority",
      "srv_name_not_service",
      "ptr_name_not_reverse",
      "value_too_long",
      "duplicate_entry",
      "cname_not_alone",
      "srv_not_alone",
      "ptr_not_alone",
      "address_value_is_name",
      "target_is_address",
      "target_not_packable",
      "srv_number_out_of_range",
      "ptr_name_ipv6"};
  const auto index = static_cast<std::size_t>(reason);
  return index < kCodes.size() ? kCodes[index] : "unknown_reason";
}

std::string_view ToString(Disposition disposition) {
  switch (disposition) {
    case Disposition::kKept:
      return "kept";
    case Disposition::kDropped:
      return "dropped";
    case Disposition::kRejectsRow:
      return "rejects_row";
  }
  return "?";
}

bool LegacyParseResult::RowRejected() const {
  return std::any_of(issues.begin(), issues.end(),
                     [](const EntryIssue& i) { return i.disposition == Disposition::kRejectsRow; });
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

std::string EntryIssue::RawForDisplay() const {
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

namespace {

// The row rules (see the header): which kept entries legacy answered with, given the entries
// in order. Drops what it never answered, flags what shares a row against the API's rules.
void ApplyRowRules(std::string_view records, const std::vector<std::string_view>& entries,
                   LegacyParseResult& result) {
  std::vector<ParsedRecord>& kept = result.records;
  // Most rows hold addresses only: nothing to decide.
  const bool cname_row = records.starts_with("CNAME:");
  if (!cname_row && std::all_of(kept.begin(), kept.end(), [](const ParsedRecord& r) {
        return r.type == RecordType::kA || r.type == RecordType::kAAAA;
      })) {
    return;
  }
  // rec.IsCNAME() and the PTR lookup test the raw text, so the entry legacy answered CNAME
  // (PTR) queries with is the first one written "CNAME:" ("PTR:") exactly.
  auto first_raw = [&entries](std::string_view prefix) {
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (entries[i].starts_with(prefix)) return i;
    }
    return SIZE_MAX;
  };
  const std::size_t raw_cname = first_raw("CNAME:"), raw_ptr = first_raw("PTR:");
  auto first_kept = [&kept](RecordType type) {
    for (const ParsedRecord& r : kept) {
      if (r.type == type) return r.entry_index;
    }
    return SIZE_MAX;
  };
  // An entry only trimming made a CNAME (PTR) answers when no raw one exists.
  const std::size_t cname = raw_cname != SIZE_MAX ? raw_cname : first_kept(RecordType::kCNAME);
  const std::size_t ptr = raw_ptr != SIZE_MAX ? raw_ptr : first_kept(RecordType::kPTR);
  bool address = false, other_than_cname = false, other_than_ptr = false;
  for (const ParsedRecord& r : kept) {
    const bool answered = r.type == RecordType::kCNAME ? r.entry_index == cname
                          : r.type == RecordType::kPTR ? r.entry_index == ptr
                                                       : !cname_row;
    if (!answered) continue;
    address = address || r.type == RecordType::kA || r.type == RecordType::kAAAA;
    other_than_cname = other_than_cname || r.type != RecordType::kCNAME;
    other_than_ptr = other_than_ptr || r.type != RecordType::kPTR;
  }
  std::vector<ParsedRecord> out;
  out.reserve(kept.size());
  for (ParsedRecord& r : kept) {
    auto issue = [&](EntryReason reason, Disposition d, std::string detail) {
      result.issues.push_back(
          MakeIssue(r.entry_index, entries[r.entry_index], reason, d, std::move(detail)));
    };
    const std::string type(ToString(r.type));
    if (r.type == RecordType::kCNAME && r.entry_index != cname) {
      issue(EntryReason::kCnameNotAlone, Disposition::kDropped,
            "a CNAME query answered entry " + std::to_string(cname) + " only, never this one");
      continue;
    }
    if (r.type == RecordType::kPTR && r.entry_index != ptr) {
      issue(EntryReason::kPtrNotAlone, Disposition::kDropped,
            "a PTR query answered entry " + std::to_string(ptr) + " only, never this one");
      continue;
    }
    // Entry 0 of such a row is its CNAME, or the address it held (target_is_address).
    if (cname_row && r.entry_index != 0 && r.type != RecordType::kPTR) {
      issue(EntryReason::kCnameNotAlone, Disposition::kDropped,
            "the records start with \"CNAME:\": legacy answered every " + type +
                " query with the CNAME, never with this entry");
      continue;
    }
    if (r.type == RecordType::kCNAME && other_than_cname) {
      issue(EntryReason::kCnameNotAlone, Disposition::kKept,
            "legacy answered CNAME queries with this entry and other types with the others; "
            "the API refuses a CNAME beside other data");
    } else if (r.type == RecordType::kPTR && other_than_ptr) {
      issue(EntryReason::kPtrNotAlone, Disposition::kKept,
            "legacy answered PTR queries with this entry and other types with the others; the "
            "API refused a PTR beside other entries");
    } else if (r.type == RecordType::kSRV && address) {
      issue(EntryReason::kSrvNotAlone, Disposition::kKept,
            "legacy answered SRV queries with this entry and A/AAAA queries with the "
            "addresses; the v3.10.4 API refused SRV beside them, v3.11 does not");
    }
    out.push_back(std::move(r));
  }
  kept = std::move(out);
}

}  // namespace

LegacyParseResult ParseLegacyRecords(std::optional<std::string_view> records,
                                     std::string_view row_name) {
  LegacyParseResult result;
  if (!records || TrimBlanks(*records, nullptr).empty()) {
    EntryIssue r;
    r.disposition = Disposition::kRejectsRow;
    if (!records) {
      r.reason = EntryReason::kNullRecords;
      r.detail = "records is NULL: legacy answered nothing";
    } else {
      r.raw = std::string(records->substr(0, kMaxRawEntryBytes));
      r.raw_length = records->size();
      r.reason = EntryReason::kEmptyRecords;
      r.detail = std::string(records->empty() ? "records is empty" : "records holds only blanks") +
                 ": legacy answered nothing";
    }
    result.issues.push_back(std::move(r));
    return result;
  }

  // Most rows hold one to four entries; more are searched through a hash set built once the
  // linear search would cost more (64 KiB of "A:1.1.1.1," must not go quadratic).
  constexpr std::size_t kLinearDuplicateSearch = 16;
  std::vector<std::string_view> entries;
  for (std::size_t start = 0;;) {
    const std::size_t end = records->find(',', start);
    entries.push_back(records->substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  std::optional<NameResult> row;
  const bool sole_cname = entries.size() == 1 && records->starts_with("CNAME:");
  // Addresses already kept, by (type, text): CoreDNS sent an address text once.
  std::vector<std::pair<std::string_view, std::size_t>> seen;
  std::unordered_map<std::string, std::size_t> seen_map;
  std::vector<ParsedRecord>& kept = result.records;
  kept.reserve(std::min<std::size_t>(entries.size(), kLinearDuplicateSearch));
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EntryResult e = ParseEntry(entries[i], {i, row_name, sole_cname, &row});
    for (auto& [reason, detail] : e.kept_reasons) {
      result.issues.push_back(
          MakeIssue(i, entries[i], reason, Disposition::kKept, std::move(detail)));
    }
    if (e.dropped) {
      result.issues.push_back(
          MakeIssue(i, entries[i], e.dropped->first,
                    e.rejects_row ? Disposition::kRejectsRow : Disposition::kDropped,
                    std::move(e.dropped->second)));
      continue;
    }
    ParsedRecord& rec = *e.record;
    const bool plain_address =
        e.kept_reasons.empty() && (rec.type == RecordType::kA || rec.type == RecordType::kAAAA);
    if (plain_address) {
      const std::string_view key = TrimBlanks(entries[i].substr(entries[i].find(':') + 1), nullptr);
      const char family = rec.type == RecordType::kA ? '4' : '6';
      std::optional<std::size_t> first;
      if (seen_map.empty()) {
        for (const auto& [text, index] : seen) {
          if (text == key && kept[index].type == rec.type) first = kept[index].entry_index;
        }
        if (!first && seen.size() == kLinearDuplicateSearch) {
          for (const auto& [text, index] : seen) {
            seen_map.emplace(
                std::string(1, kept[index].type == RecordType::kA ? '4' : '6') + std::string(text),
                kept[index].entry_index);
          }
        }
      }
      if (!seen_map.empty()) {
        const auto [it, inserted] = seen_map.emplace(std::string(1, family) + std::string(key), i);
        if (!inserted) first = it->second;
      }
      if (first) {
        result.issues.push_back(
            MakeIssue(i, entries[i], EntryReason::kDuplicateEntry, Disposition::kDropped,
                      std::string(ToString(rec.type)) + " entry repeats entry " +
                          std::to_string(*first) + ", which CoreDNS sent once"));
        continue;
      }
      if (seen_map.empty()) seen.emplace_back(key, kept.size());
    }
    kept.push_back(std::move(rec));
  }
  ApplyRowRules(*records, entries, result);
  std::stable_sort(
      result.issues.begin(), result.issues.end(),
      [](const EntryIssue& a, const EntryIssue& b) { return a.entry_index < b.entry_index; });
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
