#include "core/fingerprint_set.h"

#include <algorithm>
#include <functional>

namespace cpdns {

bool FingerprintSet::Insert(std::string_view name) {
  const Fingerprint f = Of(name);
  if (std::binary_search(sorted_.begin(), sorted_.end(), f)) return false;
  if (!recent_.insert(f).second) return false;
  if (recent_.size() >= kMergeAt) {
    const auto old = static_cast<std::ptrdiff_t>(sorted_.size());
    sorted_.insert(sorted_.end(), recent_.begin(), recent_.end());
    std::sort(sorted_.begin() + old, sorted_.end());
    std::inplace_merge(sorted_.begin(), sorted_.begin() + old, sorted_.end());
    recent_.clear();
  }
  return true;
}

FingerprintSet::Fingerprint FingerprintSet::Of(std::string_view name) {
  uint64_t fnv = 14695981039346656037ULL;  // FNV-1a, independent of std::hash
  for (unsigned char c : name) fnv = (fnv ^ c) * 1099511628211ULL;
  return {std::hash<std::string_view>{}(name), fnv};
}

}  // namespace cpdns
