// FingerprintSet: a set of names kept as 128-bit fingerprints (two independent
// 64-bit hashes) in a sorted vector plus a small hash set of recent ones, merged
// into the vector every 65,536 names: 16 bytes a name instead of a hash node and
// a string. A false "already there" needs both hashes of two names to collide,
// about n^2 / 2^129 for n names. The verifier uses it for the parent names it has
// probed, the only names it remembers across chunks.
//
//   FingerprintSet seen;
//   if (seen.Insert(name)) Probe(name);   // true the first time only
//
// Thread-safety: none; one owner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace cpdns {

class FingerprintSet {
 public:
  // True when `name` was not in the set (and is now).
  bool Insert(std::string_view name);
  std::size_t size() const { return sorted_.size() + recent_.size(); }

 private:
  using Fingerprint = std::pair<uint64_t, uint64_t>;
  struct FingerprintHash {
    std::size_t operator()(const Fingerprint& f) const noexcept { return f.first; }
  };
  static constexpr std::size_t kMergeAt = std::size_t{1} << 16;
  static Fingerprint Of(std::string_view name);

  std::vector<Fingerprint> sorted_;
  std::unordered_set<Fingerprint, FingerprintHash> recent_;
};

}  // namespace cpdns
