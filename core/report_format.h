// Small pieces of text the verifier's report writers share: names of kinds for people,
// names made safe to print (a legacy name may hold any byte), long answers shortened,
// and HTML / Markdown escaping.
//
//   Printable("a\nb");              // "a\x0ab"
//   Shorten(answer, 100);           // at most 100 bytes, "... (+3 records)" at the end
//   HtmlEscape("<b>");              // "&lt;b&gt;"
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/cloud_pending.h"
#include "core/difference.h"

namespace cpdns {

// "unexplained", "not migrated", "target rules", "now answers".
[[nodiscard]] std::string KindLabel(DifferenceKind kind);
// Control bytes and DEL as \xNN; everything else as is.
[[nodiscard]] std::string Printable(std::string_view s);
// Printable(s), cut to about `max` bytes at a record boundary ("; "), saying how many
// records were left out.
[[nodiscard]] std::string Shorten(std::string_view s, std::size_t max);
// The first `max` items joined by ", ", then "and N more".
[[nodiscard]] std::string JoinShort(const std::vector<std::string>& items, std::size_t max);
[[nodiscard]] std::string HtmlEscape(std::string_view s);
// Why a cloud account's pending records will not come back by a sync, or "".
[[nodiscard]] std::string CloudAccountNote(const CloudAccountSummary& account);
// For a Markdown table cell: Printable, '<', '>' and '&' as entities, and '|', '\',
// '`' and '*' escaped with a backslash.
[[nodiscard]] std::string MarkdownCell(std::string_view s);

}  // namespace cpdns
