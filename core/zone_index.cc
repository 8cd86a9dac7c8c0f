#include "core/zone_index.h"

#include <algorithm>

namespace cpdns {

std::pair<ZoneNum, bool> ZoneIndex::Add(std::string_view zone) {
  if (auto it = zones_.find(zone); it != zones_.end()) return {it->second, false};
  const ZoneNum num = zones_.size();
  zones_.emplace(std::string(zone), num);
  min_length_ = num == 0 ? zone.size() : std::min(min_length_, zone.size());
  max_length_ = std::max(max_length_, zone.size());
  return {num, true};
}

std::optional<ZoneNum> ZoneIndex::Find(std::string_view zone) const {
  if (auto it = zones_.find(zone); it != zones_.end()) return it->second;
  return std::nullopt;
}

ZoneMatch ZoneIndex::Match(std::string_view fqdn) const {
  ZoneMatch match;
  if (zones_.empty()) return match;
  if (fqdn.size() >= min_length_ && fqdn.size() <= max_length_) {
    if (auto it = zones_.find(fqdn); it != zones_.end()) match.apex = it->second;
  }
  // Suffixes taken from the left are longest first, so the first one found is the longest
  // enclosing zone: the cost is bounded by the label count, never by the number of zones.
  for (std::size_t dot = fqdn.find('.'); dot != std::string_view::npos;
       dot = fqdn.find('.', dot + 1)) {
    if (dot == 0) continue;  // a leading dot would leave an empty relative name
    const std::string_view suffix = fqdn.substr(dot + 1);
    if (suffix.size() < min_length_ || suffix.empty()) break;  // only shorter ones follow
    if (suffix.size() > max_length_) continue;
    if (auto it = zones_.find(suffix); it != zones_.end()) {
      match.enclosing = ZoneHit{it->second, it->first, fqdn.substr(0, dot)};
      break;
    }
  }
  return match;
}

}  // namespace cpdns
