#include "core/wire_name.h"

#include <algorithm>
#include <array>
#include <cstddef>

namespace cpdns {
namespace {

constexpr std::size_t kMaxLabel = 63;
constexpr std::size_t kMaxPresentation = 253;
constexpr std::size_t kMaxWire = 255;

// The bytes sprintName writes as "\X" (UnpackDomainName escapes the same ones but '\'').
constexpr bool IsEscapedByte(unsigned char b) {
  return b == ' ' || b == '\'' || b == '@' || b == ';' || b == '(' || b == ')' || b == '"' ||
         b == '\\';
}

constexpr bool IsPrintable(unsigned char b) { return b >= ' ' && b <= '~'; }

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// One label byte in sprintName's form.
void AppendEscaped(std::string& out, unsigned char b) {
  if (IsEscapedByte(b)) {
    out += '\\';
    out += static_cast<char>(b);
  } else if (IsPrintable(b)) {
    out += static_cast<char>(b);
  } else {
    out += '\\';
    out += static_cast<char>('0' + b / 100);
    out += static_cast<char>('0' + (b / 10) % 10);
    out += static_cast<char>('0' + b % 10);
  }
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// miekg/dns nextByte: the byte at `i`, reading "\DDD" and "\X"; `length` 0 for a dangling
// backslash at the end.
unsigned char NextByte(std::string_view s, std::size_t i, std::size_t* length) {
  if (s[i] != '\\') {
    *length = 1;
    return static_cast<unsigned char>(s[i]);
  }
  const std::size_t left = s.size() - i;
  if (left == 1) {
    *length = 0;
    return 0;
  }
  if (left >= 4 && IsDigit(s[i + 1]) && IsDigit(s[i + 2]) && IsDigit(s[i + 3])) {
    *length = 4;
    return static_cast<unsigned char>((s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 +
                                      (s[i + 3] - '0'));
  }
  *length = 2;
  return static_cast<unsigned char>(s[i + 1]);
}

// miekg/dns IsFqdn: ends in a '.' not escaped by an odd number of backslashes.
bool IsFqdn(std::string_view s) {
  if (s.empty() || s.back() != '.') return false;
  std::size_t backslashes = 0;
  for (std::size_t i = s.size() - 1; i > 0 && s[i - 1] == '\\'; --i) ++backslashes;
  return backslashes % 2 == 0;
}

// sprintName: returns `s` itself when nothing needs escaping, as Go does.
std::string SprintName(std::string_view s) {
  std::string out;
  bool building = false;
  auto start = [&](std::size_t i) {
    if (!building) {
      out.assign(s.substr(0, i));
      building = true;
    }
  };
  for (std::size_t i = 0; i < s.size();) {
    if (i + 1 < s.size() && s[i] == '\\' && s[i + 1] == '.') {
      if (building) out += "\\.";
      i += 2;
      continue;
    }
    std::size_t length = 0;
    const unsigned char b = NextByte(s, i, &length);
    if (length == 0) {
      ++i;
      continue;
    }
    if (b == '.') {
      if (building) out += '.';
    } else if (IsEscapedByte(b) || !IsPrintable(b)) {
      start(i);
      AppendEscaped(out, b);
    } else if (building) {
      out += static_cast<char>(b);  // before the first escape, Go keeps the text as written
    }
    i += length;
  }
  return building ? out : std::string(s);
}

std::string LowerWithoutTrailingDot(std::string text) {
  if (!text.empty() && text.back() == '.' && IsFqdn(text)) text.pop_back();
  for (char& c : text) c = LowerAscii(c);
  return text;
}

}  // namespace

std::string ServerQueryName(std::string_view wire_name) {
  if (!wire_name.empty() && wire_name.back() == '.') wire_name.remove_suffix(1);
  // Nearly every name needs no escape: then it is only lower-cased.
  static constexpr std::array<bool, 256> kPlain = [] {
    std::array<bool, 256> plain{};
    for (int b = 0; b < 256; ++b) {
      const auto u = static_cast<unsigned char>(b);
      plain[u] = IsPrintable(u) && !IsEscapedByte(u);
    }
    return plain;
  }();
  const bool plain = std::all_of(wire_name.begin(), wire_name.end(),
                                 [](char c) { return kPlain[static_cast<unsigned char>(c)]; });
  std::string out(wire_name);
  if (plain) {
    for (char& c : out) c = LowerAscii(c);
    return out;
  }
  out.clear();
  for (char c : wire_name) {
    if (c == '.') {
      out += '.';
    } else {
      AppendEscaped(out, static_cast<unsigned char>(LowerAscii(c)));
    }
  }
  return out;
}

std::string ServerLookupName(std::string_view presentation) {
  std::string fqdn(presentation);
  if (!IsFqdn(fqdn)) fqdn += '.';
  return LowerWithoutTrailingDot(SprintName(fqdn));
}

std::optional<NameError> UnqueryableReason(std::string_view name) {
  if (name.empty()) return NameError::kEmpty;
  if (name.size() > kMaxPresentation) return NameError::kNameTooLong;
  std::optional<NameError> found;
  std::size_t label = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '.') {
      if (label == 0) return NameError::kEmptyLabel;
      if (label > kMaxLabel) found = found.value_or(NameError::kLabelTooLong);
      label = 0;
      continue;
    }
    const auto b = static_cast<unsigned char>(name[i]);
    if (!IsPrintable(b) || IsEscapedByte(b)) found = found.value_or(NameError::kInvalidCharacter);
    ++label;
  }
  return found;
}

bool IsQueryableName(std::string_view name) { return !UnqueryableReason(name).has_value(); }

std::string LegacyProbeName(std::string_view row_name) {
  while (!row_name.empty() && row_name.back() == ' ') row_name.remove_suffix(1);
  if (!row_name.empty() && row_name.back() == '.') row_name.remove_suffix(1);
  std::string out(row_name);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

bool IsPackableName(std::string_view presentation) {
  std::string fqdn(presentation);
  if (!IsFqdn(fqdn)) fqdn += '.';
  if (fqdn == ".") return true;
  std::size_t label = 0;
  std::size_t wire = 1;  // the root label
  for (std::size_t i = 0; i < fqdn.size();) {
    if (fqdn[i] == '.') {
      if (label == 0 || label > kMaxLabel) return false;
      wire += label + 1;
      label = 0;
      ++i;
      continue;
    }
    std::size_t length = 0;
    (void)NextByte(fqdn, i, &length);
    i += length == 0 ? 1 : length;
    ++label;
  }
  return wire <= kMaxWire;
}

}  // namespace cpdns
