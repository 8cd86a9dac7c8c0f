// MariaDB 10.11's collations for the columns region-dns compares (PAD SPACE: trailing spaces
// are insignificant): what "equal" and "before" mean for names, ids and values in the
// models, so that they find the rows and the order the server's SQL finds.
//
//   CompareUnicodeCi("WWW.example.com ", "www.example.com");  // 0
//   std::unordered_map<std::string, int, UnicodeCiHash, UnicodeCiEqual> by_name;
//
// Thread-safety: free functions over values.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cpdns {

// utf8mb4_unicode_ci (record and zone names, legacy names): case-insensitive, control
// characters ignored, punctuation ordered by the UCA 4.0.0 weights (so '_' < '-' < '.' <
// '*' < digits < letters), trailing spaces insignificant. ASCII is exact; other bytes
// compare by value after all ASCII, which ignores the accent folding of non-ASCII letters.
int CompareUnicodeCi(std::string_view a, std::string_view b);
// A key with UnicodeCiKey(a) == UnicodeCiKey(b) exactly when CompareUnicodeCi(a, b) == 0,
// for hashing. Its byte order is not the collation order.
std::string UnicodeCiKey(std::string_view s);

// ascii_general_ci (ids, tenant ids, dns_type, dns_value): ASCII upper-cased, trailing
// spaces insignificant.
int CompareAsciiCi(std::string_view a, std::string_view b);
std::string AsciiCiKey(std::string_view s);

// Hash and equality for unordered containers keyed by text under one of the collations
// above, so that a lookup by std::string_view neither builds a key nor allocates:
//   std::unordered_map<std::string, V, UnicodeCiHash, UnicodeCiEqual> by_name;
//   by_name.find(std::string_view("WWW.example.com"));
struct UnicodeCiHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const;
};
struct UnicodeCiEqual {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const {
    return CompareUnicodeCi(a, b) == 0;
  }
};
struct AsciiCiHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const;
};
struct AsciiCiEqual {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const {
    return CompareAsciiCi(a, b) == 0;
  }
};

}  // namespace cpdns
