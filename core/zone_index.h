// ZoneIndex answers "which zone does this name belong in?" for a set of zone names: the
// longest zone of which a fully qualified name is a proper subdomain, the name relative to
// that zone, and whether the name is itself a zone apex. Each zone gets a dense number
// (0, 1, 2, ... in order of first Add), so the caller keeps whatever it needs per zone
// (owner, id, row) in a parallel vector and pays no second lookup.
//
//   ZoneIndex index;
//   index.Add("example.com");                         // number 0
//   ZoneMatch m = index.Match("a.b.example.com");     // m.enclosing: {0, "example.com", "a.b"}
//
// Names are expected normalised (lower case, no trailing dot): the index compares bytes.
// A lookup costs one hash probe per label and never allocates, since the migrator matches
// every legacy name. A name added twice is one zone: when owners may hold zones of the same
// name, keep one index per owner.
//
// Thread-safety: const methods may run concurrently; Add needs exclusive access.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cpdns {

// Position of a zone in the order it was first added to a ZoneIndex.
using ZoneNum = std::size_t;

// A zone that holds a name, and the name's place in it.
struct ZoneHit {
  ZoneNum num = 0;
  std::string_view zone;      // points into the index; valid while the index lives
  std::string_view relative;  // points into the matched name: "a.b", "*", "*.x"; never empty

  friend bool operator==(const ZoneHit&, const ZoneHit&) = default;
};

struct ZoneMatch {
  // The longest zone of which the name is a proper subdomain. For an apex name this is the
  // nearest zone above it: the only place where a record for the apex name can resolve,
  // because Cloudpods never resolves records named "@".
  std::optional<ZoneHit> enclosing;
  // Set when the name is itself a zone of the index.
  std::optional<ZoneNum> apex;
};

class ZoneIndex {
 public:
  ZoneIndex() = default;
  // A copy owns its own names: the views in its matches point into the copy.
  ZoneIndex(const ZoneIndex& other);
  ZoneIndex& operator=(const ZoneIndex& other);
  ZoneIndex(ZoneIndex&&) noexcept = default;
  ZoneIndex& operator=(ZoneIndex&&) noexcept = default;

  // Adds a zone unless present. Returns its number and whether it was inserted, like
  // std::unordered_map::emplace, so duplicates in the caller's input are harmless.
  std::pair<ZoneNum, bool> Add(std::string_view zone);

  void Reserve(std::size_t zones);
  std::size_t size() const { return names_.size(); }
  bool empty() const { return names_.empty(); }

  // The number of a zone, by exact name.
  [[nodiscard]] std::optional<ZoneNum> Find(std::string_view zone) const;

  // Where `fqdn` belongs. The views in the result point into `fqdn` and into the index.
  // Empty labels never produce an empty zone or an empty relative name.
  [[nodiscard]] ZoneMatch Match(std::string_view fqdn) const;

 private:
  // One slot of an open-addressing table (linear probing, at most half full). A slot keeps
  // the name's full hash and length beside the number, so a probe that misses, which is
  // most probes of a Match, reads one slot and compares no bytes; std::unordered_map chased
  // a node per bucket entry and re-hashed the stored keys on the way.
  struct Slot {
    const char* data = nullptr;  // into names_; nullptr marks an empty slot
    std::size_t length = 0;
    ZoneNum num = 0;
    uint64_t hash = 0;
  };

  [[nodiscard]] const Slot* Probe(std::string_view name, uint64_t hash) const;
  void Grow(std::size_t capacity);

  // The names by number. A deque never moves its elements, so the views handed out by
  // Match, and the slots' pointers, stay valid while zones are added.
  std::deque<std::string> names_;
  std::vector<Slot> slots_;  // size a power of two, or empty
  // Byte lengths of the shortest and longest zone names: suffixes outside this range cannot
  // be zones, so Match skips hashing them.
  std::size_t min_length_ = 0;
  std::size_t max_length_ = 0;
};

}  // namespace cpdns
