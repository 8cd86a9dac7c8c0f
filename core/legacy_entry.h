// The checks of one entry of a legacy `records` value (legacy_records.h has the whole value
// and the row rules): what region-dns v3.10.4 did with an entry `TYPE:value`, decided into a
// record that migrates (with the reasons it breaks an API rule) or a reason it is dropped or
// rejects its row. Split from legacy_records.cc so that each file holds one step.
//
//   std::optional<NameResult> row;
//   EntryResult e = ParseEntry("SRV:sip.example.com:5060", {0, "sip.example.com", false, &row});
//   // e.record kept; e.kept_reasons = {srv_name_not_service}
//
// Thread-safety: free functions over values.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/dns_name.h"
#include "core/legacy_records.h"

namespace cpdns {

// Bytes of a value quoted in a detail message.
inline constexpr std::size_t kShownBytes = 80;

// Everything one entry needs besides its text.
struct EntryContext {
  std::size_t index = 0;
  std::string_view raw_row_name;
  // The whole records value is this one "CNAME:" entry, untrimmed: only then did legacy's
  // CNAME answer (the rest of the string after "CNAME:") equal the entry's value.
  bool sole_cname_entry = false;
  // NormalizeName(raw_row_name), computed by RowName when a PTR or SRV entry first needs it:
  // most rows hold only addresses, whose checks never look at the row name.
  std::optional<NameResult>* row_name = nullptr;

  const NameResult& RowName() const {
    if (!*row_name) row_name->emplace(NormalizeName(raw_row_name));
    return **row_name;
  }
};

// What the checks of one entry found: the record when it is kept, with the API rules it
// breaks; or the reason it is dropped, which rejects the whole row when `rejects_row`.
struct EntryResult {
  std::optional<ParsedRecord> record;
  std::vector<std::pair<EntryReason, std::string>> kept_reasons;
  std::optional<std::pair<EntryReason, std::string>> dropped;
  bool rejects_row = false;
};

[[nodiscard]] EntryResult ParseEntry(std::string_view entry, const EntryContext& ctx);

// Blanks (space, TAB, CR, LF, VT, FF) removed from both ends; `trimmed` (if set) says whether
// there were any.
[[nodiscard]] std::string_view TrimBlanks(std::string_view text, bool* trimmed);

}  // namespace cpdns
