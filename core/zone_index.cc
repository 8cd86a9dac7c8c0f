#include "core/zone_index.h"

#include <algorithm>
#include <cstring>

namespace cpdns {
namespace {

uint64_t Load8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

uint64_t Load4(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

// The 128-bit product folded to 64 bits: the mixing step of wyhash.
uint64_t Mum(uint64_t a, uint64_t b) {
  const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

// A word-at-a-time hash in the manner of wyhash, inlined: std::hash<std::string_view> is an
// out-of-line byte loop, and Match hashes a few suffixes of every name. The loads of a short
// name overlap so that together they cover every byte; the length is mixed in first.
uint64_t HashName(std::string_view name) {
  constexpr uint64_t kM0 = 0xa0761d6478bd642full;
  constexpr uint64_t kM1 = 0xe7037ed1a0b428dbull;
  constexpr uint64_t kM2 = 0x8ebc6af09c88c6e3ull;
  const char* p = name.data();
  std::size_t n = name.size();
  uint64_t h = Mum(n ^ kM0, kM1);
  uint64_t a = 0;
  uint64_t b = 0;
  if (n <= 16) {
    if (n >= 8) {
      a = Load8(p);
      b = Load8(p + n - 8);
    } else if (n >= 4) {
      a = Load4(p);
      b = Load4(p + n - 4);
    } else if (n > 0) {
      a = (uint64_t{static_cast<unsigned char>(p[0])} << 16) |
          (uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) |
          uint64_t{static_cast<unsigned char>(p[n - 1])};
    }
  } else {
    while (n > 16) {
      h = Mum(Load8(p) ^ kM1, Load8(p + 8) ^ h);
      p += 16;
      n -= 16;
    }
    a = Load8(p + n - 16);
    b = Load8(p + n - 8);
  }
  return Mum(Mum(a ^ kM1, b ^ h) ^ kM2, kM0);
}

}  // namespace

ZoneIndex::ZoneIndex(const ZoneIndex& other) {
  Reserve(other.size());
  for (const std::string& name : other.names_) (void)Add(name);
}

ZoneIndex& ZoneIndex::operator=(const ZoneIndex& other) {
  if (this != &other) *this = ZoneIndex(other);
  return *this;
}

void ZoneIndex::Reserve(std::size_t zones) {
  std::size_t capacity = 16;
  while (capacity < 2 * zones) capacity *= 2;
  if (capacity > slots_.size()) Grow(capacity);
}

void ZoneIndex::Grow(std::size_t capacity) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(capacity, Slot{});
  const std::size_t mask = capacity - 1;
  for (const Slot& s : old) {
    if (s.data == nullptr) continue;
    std::size_t i = s.hash & mask;
    while (slots_[i].data != nullptr) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

const ZoneIndex::Slot* ZoneIndex::Probe(std::string_view name, uint64_t hash) const {
  if (slots_.empty()) return nullptr;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.data == nullptr) return nullptr;
    if (s.hash == hash && s.length == name.size() &&
        (name.empty() || std::memcmp(s.data, name.data(), name.size()) == 0)) {
      return &s;
    }
  }
}

std::pair<ZoneNum, bool> ZoneIndex::Add(std::string_view zone) {
  const uint64_t hash = HashName(zone);
  if (const Slot* s = Probe(zone, hash)) return {s->num, false};
  const ZoneNum num = names_.size();
  if (2 * (num + 1) > slots_.size()) Grow(std::max<std::size_t>(16, 2 * slots_.size()));
  const std::string& stored = names_.emplace_back(zone);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i].data != nullptr) i = (i + 1) & mask;
  slots_[i] = Slot{stored.data(), stored.size(), num, hash};
  min_length_ = num == 0 ? zone.size() : std::min(min_length_, zone.size());
  max_length_ = std::max(max_length_, zone.size());
  return {num, true};
}

std::optional<ZoneNum> ZoneIndex::Find(std::string_view zone) const {
  if (const Slot* s = Probe(zone, HashName(zone))) return s->num;
  return std::nullopt;
}

ZoneMatch ZoneIndex::Match(std::string_view fqdn) const {
  ZoneMatch match;
  if (names_.empty()) return match;
  if (fqdn.size() >= min_length_ && fqdn.size() <= max_length_) {
    if (const Slot* s = Probe(fqdn, HashName(fqdn))) match.apex = s->num;
  }
  // Suffixes taken from the left are longest first, so the first one found is the longest
  // enclosing zone: the cost is bounded by the label count, never by the number of zones.
  // Dots before `first` leave suffixes longer than any zone, so the search starts there.
  const std::size_t first = fqdn.size() > max_length_ + 1 ? fqdn.size() - max_length_ - 1 : 0;
  for (std::size_t dot = fqdn.find('.', first); dot != std::string_view::npos;
       dot = fqdn.find('.', dot + 1)) {
    if (dot == 0) continue;  // a leading dot would leave an empty relative name
    const std::string_view suffix = fqdn.substr(dot + 1);
    if (suffix.size() < min_length_ || suffix.empty()) break;  // only shorter ones follow
    if (const Slot* s = Probe(suffix, HashName(suffix))) {
      match.enclosing = ZoneHit{s->num, std::string_view(s->data, s->length), fqdn.substr(0, dot)};
      break;
    }
  }
  return match;
}

}  // namespace cpdns
