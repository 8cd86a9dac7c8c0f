#include "core/target_diff.h"

#include <algorithm>

#include "core/dns_name.h"
#include "core/uuid.h"

namespace cpdns {

namespace {

// 3f3c1a52-...: V5(kProjectNamespace, "fingerprint"), the namespace of fingerprints.
const Uuid& FingerprintNamespace() {
  static const Uuid kNamespace = Uuid::V5(kProjectNamespace, "fingerprint");
  return kNamespace;
}

// Netstring-style cells ("<length>:<bytes>," or "-," for NULL): no choice of bytes can
// shift a boundary, and NULL never encodes like any text.
void AppendCell(std::string& out, std::string_view cell) {
  out += std::to_string(cell.size());
  out += ':';
  out += cell;
  out += ',';
}

void AppendNull(std::string& out) { out += "-,"; }

constexpr std::size_t kRecordDeleted = 12;  // index of `deleted` in kRecordOwnedColumns
constexpr std::size_t kZoneDeleted = 13;

}  // namespace

OwnedCells RecordCells(const RecordWrite& r) {
  return {r.created_at, r.updated_at, r.name,  std::string("available"),
          std::string(r.enabled ? "1" : "0"), r.zone_id, r.type, r.value,
          std::to_string(r.ttl), std::to_string(r.mx_priority), std::string(), std::string(),
          std::string("0"), std::nullopt};
}

OwnedCells ZoneCells(const ZoneWrite& z) {
  return {z.created_at,     z.updated_at,  z.name,
          std::string("available"), z.domain_id, z.tenant_id,
          std::string("local"), std::string(z.is_public ? "1" : "0"), z.public_scope,
          std::string(z.enabled ? "1" : "0"), std::nullopt, z.zone_type,
          std::string(), std::string("0"), std::nullopt};
}

std::string EncodeCells(std::span<const Cell> cells) {
  std::string text;
  text.reserve(160);
  for (const Cell& c : cells) {
    if (c) {
      AppendCell(text, *c);
    } else {
      AppendNull(text);
    }
  }
  return text;
}

std::optional<OwnedCells> DecodeCells(std::string_view text) {
  OwnedCells out;
  while (!text.empty()) {
    if (text.substr(0, 2) == "-,") {
      out.emplace_back(std::nullopt);
      text.remove_prefix(2);
      continue;
    }
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    std::size_t n = 0;
    for (char c : text.substr(0, colon)) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (text.size() < colon + 1 + n + 1 || text[colon + 1 + n] != ',') return std::nullopt;
    out.emplace_back(std::string(text.substr(colon + 1, n)));
    text.remove_prefix(colon + 2 + n);
  }
  return out;
}

// The times lead both column lists and are left out.
constexpr std::size_t kTimes = 2;

std::string Fingerprint(std::span<const Cell> cells) {
  return Uuid::V5(FingerprintNamespace(),
                  EncodeCells(cells.size() > kTimes ? cells.subspan(kTimes) : cells))
      .ToString();
}

bool SameButTimes(std::span<const Cell> a, std::span<const Cell> b) {
  if (a.size() != b.size()) return false;
  return std::equal(a.begin() + std::min(kTimes, a.size()), a.end(),
                    b.begin() + std::min(kTimes, b.size()));
}

std::string RecordFingerprint(const RecordWrite& r) {
  std::string text;
  text.reserve(160);
  AppendCell(text, r.name);
  AppendCell(text, "available");
  AppendCell(text, r.enabled ? "1" : "0");
  AppendCell(text, r.zone_id);
  AppendCell(text, r.type);
  AppendCell(text, r.value);
  AppendCell(text, std::to_string(r.ttl));
  AppendCell(text, std::to_string(r.mx_priority));
  AppendCell(text, "");
  AppendCell(text, "");
  AppendCell(text, "0");
  AppendNull(text);
  return Uuid::V5(FingerprintNamespace(), text).ToString();
}

bool SoftDeleted(std::span<const Cell> cells, bool zone) {
  const std::size_t at = zone ? kZoneDeleted : kRecordDeleted;
  return at < cells.size() && cells[at] && *cells[at] != "0";
}

std::string_view ToString(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kCreate: return "create";
    case ChangeKind::kUnchanged: return "unchanged";
    case ChangeKind::kUpdate: return "update";
    case ChangeKind::kChangedInTarget: return "changed_in_target";
    case ChangeKind::kDeletedInTarget: return "deleted_in_target";
  }
  return "unchanged";
}

namespace {

// A row nothing produces any more.
Decision DecideRemoval(const std::optional<OwnedCells>& current,
                       const std::optional<Ownership>& owned, bool overwrite, bool zone) {
  const std::string gone = "nothing in the legacy table produces it any more";
  if (!current) return {ChangeKind::kDeletedInTarget, WriteAction::kForget, false, gone};
  if (owned && owned->fingerprint && Fingerprint(*current) == *owned->fingerprint) {
    return {ChangeKind::kUpdate, WriteAction::kDelete, false, gone + ": removed"};
  }
  Decision d{SoftDeleted(*current, zone) ? ChangeKind::kDeletedInTarget
                                         : ChangeKind::kChangedInTarget,
             WriteAction::kNone, false, gone + ", but it was changed in the target: kept"};
  if (overwrite) {
    d.write = WriteAction::kDelete;
    d.overwritten = true;
    d.note = gone + "; changed in the target, removed by --overwrite-changed";
  }
  return d;
}

// A row changed by someone else (or whose earlier write left no fingerprint).
Decision DecideChanged(const OwnedCells& current, const std::optional<Ownership>& owned,
                       bool overwrite, bool zone) {
  Decision d{SoftDeleted(current, zone) ? ChangeKind::kDeletedInTarget
                                        : ChangeKind::kChangedInTarget,
             WriteAction::kNone, false, ""};
  if (!owned) {
    d.note = "not recorded as written by the migration";
  } else if (!owned->fingerprint) {
    d.note = "written by an earlier dns-migrator that kept no fingerprint, and not what the "
             "legacy row gives now: cannot tell who changed it";
  } else if (d.kind == ChangeKind::kDeletedInTarget) {
    d.note = "deleted in the target (deleted=1) since the migration wrote it";
  } else {
    d.note = "changed in the target since the migration wrote it";
  }
  if (overwrite) {
    d.write = WriteAction::kUpdate;
    d.overwritten = true;
    d.note += "; restored by --overwrite-changed";
  } else {
    d.note += ": kept";
  }
  return d;
}

}  // namespace

Decision Decide(const std::optional<OwnedCells>& want, std::string_view want_fp,
                const std::optional<OwnedCells>& current, const std::optional<Ownership>& owned,
                bool overwrite, bool zone, bool parent_deleted) {
  if (!want) return DecideRemoval(current, owned, overwrite, zone);
  if (!current && !owned) {
    if (parent_deleted && !overwrite) {
      return {ChangeKind::kDeletedInTarget, WriteAction::kNone, false,
              "its zone was deleted in the target: not created"};
    }
    return {ChangeKind::kCreate, WriteAction::kInsert, false, ""};
  }
  if (!current) {
    if (overwrite) {
      return {ChangeKind::kDeletedInTarget, WriteAction::kInsert, true,
              "deleted in the target since the migration wrote it; restored by "
              "--overwrite-changed"};
    }
    return {ChangeKind::kDeletedInTarget, WriteAction::kNone, false,
            "deleted in the target since the migration wrote it: not restored"};
  }
  if (owned && owned->fingerprint && Fingerprint(*current) == *owned->fingerprint) {
    if (*owned->fingerprint == want_fp) return {ChangeKind::kUnchanged, WriteAction::kNone, false, ""};
    return {ChangeKind::kUpdate, WriteAction::kUpdate, false, "the legacy row changed"};
  }
  if (SameButTimes(*current, *want)) {
    // Already what the migration wants (for whatever reason): nothing to write, and from
    // now on its fingerprint proves it unchanged.
    const bool known = owned && owned->fingerprint && *owned->fingerprint == want_fp;
    return {ChangeKind::kUnchanged, known ? WriteAction::kNone : WriteAction::kAdopt, false, ""};
  }
  return DecideChanged(*current, owned, overwrite, zone);
}

Decision DecideSettle(const std::optional<OwnedCells>& want,
                      const std::optional<OwnedCells>& current,
                      const std::optional<Ownership>& owned, bool overwrite, bool times_unsettled) {
  const std::string fp = want ? Fingerprint(*want) : "";
  Decision d = Decide(want, fp, current, owned, overwrite, /*zone=*/true);
  if (d.kind == ChangeKind::kUnchanged && d.write == WriteAction::kNone && times_unsettled &&
      want && current && *want != *current) {
    d = {ChangeKind::kUpdate, WriteAction::kUpdate, false, "its times are settled"};
  }
  return d;
}

std::string DescribeDifference(const std::optional<OwnedCells>& before,
                               const std::optional<OwnedCells>& after, bool zone) {
  if (!before && !after) return "";
  if (!before) return "absent in the target";
  if (!after) return "present in the target";
  const std::size_t n = zone ? kZoneOwnedColumns.size() : kRecordOwnedColumns.size();
  std::string out;
  auto text = [](const Cell& c) { return c ? QuoteBytes(*c, 80) : std::string("NULL"); };
  for (std::size_t i = 0; i < n && i < before->size() && i < after->size(); ++i) {
    if ((*before)[i] == (*after)[i]) continue;
    if (!out.empty()) out += "; ";
    out += std::string(zone ? kZoneOwnedColumns[i] : kRecordOwnedColumns[i]) + ": " +
           text((*before)[i]) + " -> " + text((*after)[i]);
  }
  return out;
}

}  // namespace cpdns
