// Fuzzes name normalisation: never crashes, and an accepted name is already
// normal (normalising it again changes nothing) and within the DNS limits.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/dns_name.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  cpdns::NameResult r = cpdns::NormalizeName(in);
  if (!r.ok()) {
    if (r.message.empty()) std::abort();
    return 0;
  }
  const std::string& n = r.value.name;
  if (n.empty() || n.size() > cpdns::kMaxNameLength || n.back() == '.') std::abort();
  for (char c : n) {
    if (c >= 'A' && c <= 'Z') std::abort();
  }
  cpdns::NameResult again = cpdns::NormalizeName(n);
  if (!again.ok() || again.value.name != n || again.value.changed_case ||
      again.value.had_trailing_dot) {
    std::abort();
  }
  for (std::string_view label : cpdns::SplitLabels(n)) {
    if (label.empty() || label.size() > cpdns::kMaxLabelLength) std::abort();
  }
  return 0;
}
