#include "core/dns_name.h"

#include <cstdint>
#include <cstdio>
#include <utility>

namespace cpdns {
namespace {

constexpr std::string_view kReverseSuffix = ".in-addr.arpa";

bool IsLabelChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

char ToLowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
}

// One decimal octet: "0" or 1-3 digits without a leading zero, value <= 255.
std::optional<int> ParseOctet(std::string_view text) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  if (text.size() > 1 && text[0] == '0') return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value > 255) return std::nullopt;
  return value;
}

std::string HexByte(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "\\x%02x", static_cast<unsigned>(c));
  return buf;
}

// Records why a name was refused when the caller asked (`out` set) and returns false. The
// message is built only then: IsValidName calls CheckName on every CNAME target and SRV host
// and has no use for it.
template <typename MakeMessage>
bool Fail(NameResult* out, NameError error, MakeMessage&& make_message) {
  if (out != nullptr) {
    out->error = error;
    out->message = make_message();
  }
  return false;
}

// "label 2 "fo o"" for messages: which label, as written.
std::string DescribeLabel(std::size_t index, std::string_view raw_label) {
  return "label " + std::to_string(index) + " " + QuoteBytes(raw_label, 64);
}

}  // namespace

std::string_view ToString(NameError error) {
  switch (error) {
    case NameError::kEmpty:
      return "empty_name";
    case NameError::kNameTooLong:
      return "name_too_long";
    case NameError::kEmptyLabel:
      return "empty_label";
    case NameError::kLabelTooLong:
      return "label_too_long";
    case NameError::kInvalidCharacter:
      return "invalid_character";
    case NameError::kLabelStartsWithHyphen:
      return "label_starts_with_hyphen";
    case NameError::kMisplacedWildcard:
      return "misplaced_wildcard";
    case NameError::kIpAddress:
      return "ip_address";
  }
  return "unknown_name_error";
}

namespace {

// The checks of NormalizeName, in its order. True when `raw` is a valid name; otherwise
// false, with the reason in `failure` when that is set.
bool CheckName(std::string_view raw, NameResult* failure) {
  if (raw.empty()) return Fail(failure, NameError::kEmpty, [] { return "name is empty"; });
  std::string_view body = raw;
  if (body.back() == '.') body.remove_suffix(1);
  if (body.empty()) {
    return Fail(failure, NameError::kEmpty,
                [] { return "name \".\" is the root, not a record name"; });
  }

  // Labels are checked left to right so that the message names the first offence; `raw`
  // positions are reported because that is what an operator can find in the table.
  std::size_t label_index = 0;
  std::size_t start = 0;
  while (true) {
    std::size_t end = body.find('.', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view label = body.substr(start, end - start);
    if (label.empty()) {
      return Fail(failure, NameError::kEmptyLabel, [&] {
        return "label " + std::to_string(label_index) + " is empty (at byte " +
               std::to_string(start) + ") in " + QuoteBytes(raw);
      });
    }
    if (label == "*") {
      if (label_index != 0) {
        return Fail(failure, NameError::kMisplacedWildcard, [&] {
          return DescribeLabel(label_index, label) + " at byte " + std::to_string(start) +
                 ": '*' is allowed only as the whole first label";
        });
      }
    } else {
      for (std::size_t i = 0; i < label.size(); ++i) {
        const char c = ToLowerAscii(label[i]);
        if (IsLabelChar(c)) continue;
        const auto byte = static_cast<unsigned char>(label[i]);
        if (label[i] == '*') {
          return Fail(failure, NameError::kMisplacedWildcard, [&] {
            return DescribeLabel(label_index, label) + " has '*' at byte " +
                   std::to_string(start + i) + ": '*' is allowed only as the whole first label";
          });
        }
        return Fail(failure, NameError::kInvalidCharacter, [&] {
          return DescribeLabel(label_index, label) + " has invalid character " + HexByte(byte) +
                 " at byte " + std::to_string(start + i) +
                 "; allowed are letters, digits, '_' and '-'";
        });
      }
      if (label.size() > kMaxLabelLength) {
        return Fail(failure, NameError::kLabelTooLong, [&] {
          return DescribeLabel(label_index, label) + " at byte " + std::to_string(start) + " has " +
                 std::to_string(label.size()) + " bytes; at most " +
                 std::to_string(kMaxLabelLength) + " are allowed";
        });
      }
      if (label.front() == '-') {
        return Fail(failure, NameError::kLabelStartsWithHyphen, [&] {
          return DescribeLabel(label_index, label) + " at byte " + std::to_string(start) +
                 " starts with '-'";
        });
      }
    }
    if (end == body.size()) break;
    start = end + 1;
    ++label_index;
  }
  if (body.size() > kMaxNameLength) {
    return Fail(failure, NameError::kNameTooLong, [&] {
      return "name has " + std::to_string(body.size()) +
             " bytes without its trailing dot; at most " + std::to_string(kMaxNameLength) +
             " are allowed";
    });
  }
  if (IsIpv4Address(body)) {
    return Fail(failure, NameError::kIpAddress, [&] {
      return QuoteBytes(raw) + " is an IPv4 address, which Cloudpods refuses as a name";
    });
  }
  return true;
}

}  // namespace

NameResult NormalizeName(std::string_view raw) {
  NameResult result;
  if (!CheckName(raw, &result)) return result;
  std::string_view body = raw;
  const bool had_trailing_dot = body.back() == '.';
  if (had_trailing_dot) body.remove_suffix(1);
  std::string& name = result.value.name;
  name.assign(body);
  for (char& c : name) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c + ('a' - 'A'));
      result.value.changed_case = true;
    }
  }
  result.value.wildcard = body[0] == '*';
  result.value.had_trailing_dot = had_trailing_dot;
  return result;
}

bool IsValidName(std::string_view raw) { return CheckName(raw, nullptr); }

std::vector<std::string_view> SplitLabels(std::string_view name) {
  std::vector<std::string_view> labels;
  if (name.empty()) return labels;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = name.find('.', start);
    if (end == std::string_view::npos) {
      labels.push_back(name.substr(start));
      return labels;
    }
    labels.push_back(name.substr(start, end - start));
    start = end + 1;
  }
}

std::size_t CountLabels(std::string_view name) {
  if (name.empty()) return 0;
  std::size_t count = 1;
  for (char c : name) count += c == '.' ? 1 : 0;
  return count;
}

bool IsProperSubdomain(std::string_view name, std::string_view zone) {
  if (zone.empty()) return !name.empty();
  if (name.size() <= zone.size()) return false;
  const std::size_t dot = name.size() - zone.size() - 1;
  return name[dot] == '.' && name.substr(dot + 1) == zone;
}

bool IsIpv4Address(std::string_view text) {
  std::size_t octets = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find('.', start);
    const std::string_view field =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!ParseOctet(field)) return false;
    ++octets;
    if (end == std::string_view::npos) break;
    if (octets == 4) return false;  // more than four fields
    start = end + 1;
  }
  return octets == 4;
}

std::optional<std::string> Ipv4FromReverseName(std::string_view name) {
  if (name.size() <= kReverseSuffix.size() ||
      name.substr(name.size() - kReverseSuffix.size()) != kReverseSuffix) {
    return std::nullopt;
  }
  const std::string_view octets = name.substr(0, name.size() - kReverseSuffix.size());
  if (!IsIpv4Address(octets)) return std::nullopt;
  // The owner lists the octets last to first: d.c.b.a names a.b.c.d.
  std::vector<std::string_view> parts = SplitLabels(octets);
  return std::string(parts[3]) + "." + std::string(parts[2]) + "." + std::string(parts[1]) + "." +
         std::string(parts[0]);
}

bool IsValidRelativeRecordName(std::string_view relative) {
  if (relative == "@") return true;
  if (relative.empty()) return false;
  const std::vector<std::string_view> labels = SplitLabels(relative);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::string_view label = labels[i];
    if (i == 0 && label == "*") continue;
    if (label.empty() || label.size() > kMaxLabelLength) return false;
    for (char c : label) {
      if (!IsLabelChar(ToLowerAscii(c))) return false;
    }
    if (label.front() == '-' || label.back() == '-') return false;
  }
  return true;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ToLowerAscii(c);
  return out;
}

std::string QuoteBytes(std::string_view bytes, std::size_t limit) {
  const std::string_view shown = bytes.substr(0, limit);
  std::string out = "\"";
  out.reserve(shown.size() + 2);
  for (char c : shown) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte >= 0x20 && byte < 0x7f) {
      out.push_back(c);
    } else {
      out += HexByte(byte);
    }
  }
  out.push_back('"');
  if (bytes.size() > shown.size()) out += "...(" + std::to_string(bytes.size()) + " bytes)";
  return out;
}

}  // namespace cpdns
