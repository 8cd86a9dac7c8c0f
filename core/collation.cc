#include "core/collation.h"

#include <array>
#include <cstdint>
#include <utility>

namespace cpdns {
namespace {

// utf8mb4_unicode_ci primary weights of ASCII, read from MariaDB 10.11 with
// WEIGHT_STRING(); 0 marks an ignorable character (NUL and most control characters).
constexpr std::array<uint16_t, 128> kUnicodeCiAscii = [] {
  std::array<uint16_t, 128> w{};
  const std::pair<char, uint16_t> fixed[] = {
      {'\t', 0x0201}, {'\n', 0x0202}, {'\v', 0x0203}, {'\f', 0x0204}, {'\r', 0x0205}, {' ', 0x0209},
      {'`', 0x020C},  {'^', 0x020F},  {'_', 0x021B},  {'-', 0x0221},  {',', 0x022F},  {';', 0x023A},
      {':', 0x023D},  {'!', 0x0251},  {'?', 0x0255},  {'.', 0x025D},  {'\'', 0x0277}, {'"', 0x027E},
      {'(', 0x0288},  {')', 0x0289},  {'[', 0x028A},  {']', 0x028B},  {'{', 0x028C},  {'}', 0x028D},
      {'@', 0x02C7},  {'*', 0x02C8},  {'/', 0x02CC},  {'\\', 0x02CE}, {'&', 0x02CF},  {'#', 0x02D2},
      {'%', 0x02D3},  {'+', 0x0428},  {'<', 0x042C},  {'=', 0x042D},  {'>', 0x042E},  {'|', 0x0430},
      {'~', 0x0433},  {'$', 0x0E0F}};
  for (const auto& [c, weight] : fixed) w[static_cast<unsigned char>(c)] = weight;
  for (int d = 0; d < 10; ++d) w['0' + d] = static_cast<uint16_t>(0x0E29 + d);
  const uint16_t letters[26] = {0x0E33, 0x0E4A, 0x0E60, 0x0E6D, 0x0E8B, 0x0EB9, 0x0EC1,
                                0x0EE1, 0x0EFB, 0x0F10, 0x0F21, 0x0F2E, 0x0F5B, 0x0F64,
                                0x0F82, 0x0FA7, 0x0FB4, 0x0FC0, 0x0FEA, 0x1002, 0x101F,
                                0x1044, 0x1051, 0x105A, 0x105E, 0x106A};
  for (int i = 0; i < 26; ++i) w['a' + i] = w['A' + i] = letters[i];
  return w;
}();
constexpr uint16_t kUnicodeCiSpace = 0x0209;

uint16_t UnicodeCiWeight(unsigned char c) {
  return c < 128 ? kUnicodeCiAscii[c] : static_cast<uint16_t>(0xF000 + c);
}

// The next non-ignorable weight of `s` from `i` on, advancing `i`; 0 at the end.
uint16_t NextUnicodeCiWeight(std::string_view s, std::size_t& i) {
  while (i < s.size()) {
    uint16_t w = UnicodeCiWeight(static_cast<unsigned char>(s[i++]));
    if (w != 0) return w;
  }
  return 0;
}

unsigned char AsciiCiWeight(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') ? static_cast<unsigned char>(u - 'a' + 'A') : u;
}

// FNV-1a over 64 bits, fed one weight at a time.
constexpr uint64_t kFnvOffset = 14695981039346656037ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

uint64_t FnvAdd(uint64_t h, uint16_t w) {
  h = (h ^ (w >> 8)) * kFnvPrime;
  return (h ^ (w & 0xff)) * kFnvPrime;
}

}  // namespace

int CompareUnicodeCi(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  std::size_t i = 0, j = 0;
  for (;;) {
    uint16_t x = NextUnicodeCiWeight(a, i);
    uint16_t y = NextUnicodeCiWeight(b, j);
    if (x == 0 && y == 0) return 0;
    if (x == 0) x = kUnicodeCiSpace;
    if (y == 0) y = kUnicodeCiSpace;
    if (x != y) return x < y ? -1 : 1;
  }
}

std::string UnicodeCiKey(std::string_view s) {
  std::string key;
  key.reserve(s.size() * 2);
  std::size_t kept = 0;  // the key's size up to its last weight that is not a space
  for (std::size_t i = 0;;) {
    uint16_t w = NextUnicodeCiWeight(s, i);
    if (w == 0) break;
    key.push_back(static_cast<char>(w >> 8));
    key.push_back(static_cast<char>(w & 0xff));
    if (w != kUnicodeCiSpace) kept = key.size();
  }
  key.resize(kept);
  return key;
}

std::size_t UnicodeCiHash::operator()(std::string_view s) const {
  // The weights UnicodeCiKey keeps: trailing spaces count only once something follows.
  // Keys of up to kShort weights go through the library's byte hash in one call; longer
  // ones through FNV-1a, a weight at a time. The key's length picks the way, so equal
  // keys always take the same one.
  constexpr std::size_t kShort = 128;
  uint16_t weights[kShort];
  std::size_t n = 0, kept = 0;
  for (std::size_t i = 0;;) {
    uint16_t w = NextUnicodeCiWeight(s, i);
    if (w == 0) break;
    if (n < kShort) weights[n] = w;
    ++n;
    if (w != kUnicodeCiSpace) kept = n;
  }
  if (kept <= kShort) {
    return std::hash<std::string_view>{}(
        std::string_view(reinterpret_cast<const char*>(weights), kept * sizeof(uint16_t)));
  }
  uint64_t h = kFnvOffset;
  std::size_t spaces = 0;
  for (std::size_t i = 0;;) {
    uint16_t w = NextUnicodeCiWeight(s, i);
    if (w == 0) break;
    if (w == kUnicodeCiSpace) {
      ++spaces;
      continue;
    }
    for (; spaces > 0; --spaces) h = FnvAdd(h, kUnicodeCiSpace);
    h = FnvAdd(h, w);
  }
  return static_cast<std::size_t>(h);
}

int CompareAsciiCi(std::string_view a, std::string_view b) {
  std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? AsciiCiWeight(a[i]) : static_cast<unsigned char>(' ');
    unsigned char y = i < b.size() ? AsciiCiWeight(b[i]) : static_cast<unsigned char>(' ');
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

std::string AsciiCiKey(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  std::string key(s);
  for (char& c : key) c = static_cast<char>(AsciiCiWeight(c));
  return key;
}

std::size_t AsciiCiHash::operator()(std::string_view s) const {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  uint64_t h = kFnvOffset;
  for (char c : s) h = (h ^ AsciiCiWeight(c)) * kFnvPrime;
  return static_cast<std::size_t>(h);
}

}  // namespace cpdns
