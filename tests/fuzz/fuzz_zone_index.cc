// Fuzzes the zone index: zones are the input's lines but the last, the last
// line is the name to place. A match must be a proper suffix at a label
// boundary, and the longest one.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/dns_name.h"
#include "core/zone_index.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= in.size();) {
    size_t nl = in.find('\n', start);
    if (nl == std::string_view::npos) nl = in.size();
    lines.push_back(in.substr(start, nl - start));
    start = nl + 1;
  }
  cpdns::ZoneIndex index;
  for (size_t i = 0; i + 1 < lines.size(); ++i) (void)index.Add(lines[i]);
  std::string_view fqdn = lines.back();
  cpdns::ZoneMatch m = index.Match(fqdn);
  if (m.enclosing) {
    const cpdns::ZoneHit& h = *m.enclosing;
    if (h.relative.empty() || h.zone.empty()) std::abort();
    if (std::string(h.relative) + "." + std::string(h.zone) != fqdn) std::abort();
    if (index.Find(h.zone) != h.num) std::abort();
    // No longer zone encloses the name (the promise holds for normalised names,
    // which is all the migrator passes).
    cpdns::NameResult norm = cpdns::NormalizeName(fqdn);
    const bool normal = norm.ok() && norm.value.name == fqdn;
    for (size_t dot = fqdn.find('.'); dot != std::string_view::npos && dot < h.relative.size();
         dot = fqdn.find('.', dot + 1)) {
      std::string_view suffix = fqdn.substr(dot + 1);
      if (normal && index.Find(suffix)) std::abort();
    }
  }
  if (m.apex && index.Find(fqdn) != m.apex) std::abort();
  return 0;
}
