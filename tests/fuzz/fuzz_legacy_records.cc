// Fuzzes the legacy records parser: no input may crash it, throw, or produce a
// record the target table could not hold.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/legacy_records.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  // The first line is the row name, the rest the records value; an input that
  // starts with 0x00 stands for NULL records.
  size_t nl = in.find('\n');
  std::string_view name = nl == std::string_view::npos ? std::string_view() : in.substr(0, nl);
  std::string_view rest = nl == std::string_view::npos ? in : in.substr(nl + 1);
  std::optional<std::string_view> records = rest;
  if (!rest.empty() && rest[0] == '\0') records.reset();
  cpdns::LegacyParseResult r = cpdns::ParseLegacyRecords(records, name);
  for (const cpdns::ParsedRecord& rec : r.records) {
    std::string v = rec.TargetValue();
    if (v.empty() || v.size() > cpdns::kMaxTargetValueLength) std::abort();
    for (unsigned char c : v) {
      if (c < 0x20 || c >= 0x7f) std::abort();  // dns_value is printable ASCII
    }
  }
  if (!records && r.issues.empty()) std::abort();  // NULL is always reported
  return 0;
}
