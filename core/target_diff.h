// The living-target rules, as pure logic: what the migration wants a zone or record row
// to be, the columns of it the migration owns, their fingerprint, and for each row the
// migration owns (by its deterministic id) exactly one kind of change against the target
// as it is now, with what to write.
//
//   OwnedCells want = RecordCells(record_write);
//   Decision d = Decide(want, Fingerprint(want), current_cells, ownership, /*overwrite=*/false);
//   // d.kind: create | unchanged | update | changed_in_target | deleted_in_target
//   // d.write: what --execute does about it (kNone for anything someone else changed)
//
// The migration owns the columns it writes; `description`, `update_version` and every
// column Cloudpods adds are never part of a fingerprint and never written on an update.
// A fingerprint is taken of the owned columns when the migration writes a row and kept
// in the bookkeeping tables: the current row matching it proves nobody changed the row
// since. The times (created_at, updated_at, the first two owned columns) are written but
// not fingerprinted: the API sets updated_at on every edit, even of a column the
// migration does not own, so a time proves nothing either way.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/database.h"

namespace cpdns {

// The text every zone the legacy rows make carries in `description` (never rewritten).
inline constexpr const char* kCreatedZoneDescription = "created by cloudpods-dns-migrate";

// A zone the migration creates in dnszones_tbl. The legacy rows make enabled PrivateZones;
// a zone created from an intermediate zone keeps its type, state and description.
struct ZoneWrite {
  std::string id;
  std::string name;
  std::string domain_id;
  std::string tenant_id;
  bool is_public = false;
  std::string public_scope;
  // Earliest created_at / latest updated_at of its legacy rows (of its first batch until
  // the zone's times are settled at the end of the run).
  std::string created_at;
  std::string updated_at;
  std::string zone_type = "PrivateZone";
  bool enabled = true;
  // Written when the zone is created, never part of a fingerprint nor rewritten.
  std::optional<std::string> description = std::string(kCreatedZoneDescription);
};

struct RecordWrite {
  std::string id;
  std::string name;  // relative
  std::string zone_id;
  std::string type;
  std::string value;
  int64_t ttl = 0;
  bool enabled = true;
  std::string created_at;
  std::string updated_at;
  int64_t mx_priority = 0;  // MX preference (intermediate record sets keep theirs)
};

// The owned columns, in this order, of dns_records_tbl and of dnszones_tbl.
inline constexpr std::array<const char*, 14> kRecordOwnedColumns = {
    "created_at", "updated_at", "name",        "status",      "enabled",      "dns_zone_id", "dns_type",
    "dns_value",  "ttl",        "mx_priority", "policy_type", "policy_value", "deleted",     "deleted_at"};
inline constexpr std::array<const char*, 15> kZoneOwnedColumns = {
    "created_at", "updated_at", "name",       "status",     "domain_id",  "tenant_id",
    "project_src", "is_public", "public_scope", "enabled",  "manager_id", "zone_type",
    "product_type", "deleted",  "deleted_at"};

// The owned columns of one row as the server returns them as text (NULL stays nullopt).
using OwnedCells = std::vector<Cell>;

[[nodiscard]] OwnedCells RecordCells(const RecordWrite& r);
[[nodiscard]] OwnedCells ZoneCells(const ZoneWrite& z);
// 36 characters; cells equal but for the times, and only those, give equal fingerprints.
[[nodiscard]] std::string Fingerprint(std::span<const Cell> cells);
// Equal but for the times.
[[nodiscard]] bool SameButTimes(std::span<const Cell> a, std::span<const Cell> b);
// RecordCells(r)'s fingerprint, without building the cells.
[[nodiscard]] std::string RecordFingerprint(const RecordWrite& r);
// Cells as one text ("<length>:<bytes>," per cell, "-," for NULL), and back; nullopt
// for text that is no such encoding.
[[nodiscard]] std::string EncodeCells(std::span<const Cell> cells);
[[nodiscard]] std::optional<OwnedCells> DecodeCells(std::string_view text);
// The row is soft-deleted (its `deleted` cell is set).
[[nodiscard]] bool SoftDeleted(std::span<const Cell> cells, bool zone);

enum class ChangeKind { kCreate, kUnchanged, kUpdate, kChangedInTarget, kDeletedInTarget };
[[nodiscard]] std::string_view ToString(ChangeKind kind);

// What --execute does about one row.
enum class WriteAction {
  kNone,
  kInsert,  // the row is absent: insert it
  kUpdate,  // the row is there: set its owned columns
  kDelete,  // the row is there and nothing produces it any more: delete it
  kAdopt,   // the row already is what the migration wants: record its fingerprint only
  kForget,  // the row is gone and nothing produces it: drop the bookkeeping row only
};

// The bookkeeping row of a row the migration wrote.
struct Ownership {
  std::string created_run_id;
  std::string written_run_id;
  std::optional<std::string> fingerprint;  // nullopt: written by a version that kept none
};

struct Decision {
  ChangeKind kind = ChangeKind::kCreate;
  WriteAction write = WriteAction::kNone;
  bool overwritten = false;  // a change in the target undone by --overwrite-changed
  std::string note;          // why, for people; empty when obvious
};

// `want` nullopt: nothing produces the row any more (its legacy row was deleted or no
// longer has that value). `parent_deleted`: the record's zone was deleted in the target.
[[nodiscard]] Decision Decide(const std::optional<OwnedCells>& want, std::string_view want_fp,
                              const std::optional<OwnedCells>& current,
                              const std::optional<Ownership>& owned, bool overwrite,
                              bool zone = false, bool parent_deleted = false);

// For a zone whose times the run settles at its end: Decide, and when the zone is
// untouched but `times_unsettled` (its last write was provisional: by this run, or by a
// run that did not finish) and its times differ, an update of the times.
[[nodiscard]] Decision DecideSettle(const std::optional<OwnedCells>& want,
                                    const std::optional<OwnedCells>& current,
                                    const std::optional<Ownership>& owned, bool overwrite,
                                    bool times_unsettled);

// "column: before -> after" for each owned column that differs, joined by "; ".
[[nodiscard]] std::string DescribeDifference(const std::optional<OwnedCells>& before,
                                             const std::optional<OwnedCells>& after, bool zone);

}  // namespace cpdns
