// LegacySource streams the legacy `dnsrecord_tbl` (or a table of the same
// shape under another name) in primary-key order, in keyset chunks, so memory
// does not grow with the table and a run can start after any committed id.
// Deleted rows are returned too: the caller counts and lists them.
//
//   LegacySource source(conn, "dnsrecord_tbl");
//   source.StartAfter(checkpoint);          // std::nullopt: from the first row
//   LegacyRow row;
//   while (source.Next(row)) plan(row);
//
// Also answers the one whole-table question the planner needs: which
// normalised names are held by more than one live row (FindSharedNames), and, for the
// verifier, the rows of given names (RowsByName), every row in name order
// (LegacyByName) and the reverse names (ReverseNames).
//
//   LegacyByName chunks(conn, "dnsrecord_tbl", 2000);
//   std::vector<LegacyRow> chunk;
//   while (chunks.Next(chunk)) resolve(chunk);   // a name is never split between chunks
//
// Thread-safety: owns no connection; uses the caller's, one thread.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/database.h"
#include "core/errors.h"
#include "core/rows.h"

namespace cpdns {

class LegacySource {
 public:
  LegacySource(Connection& conn, std::string table, std::size_t chunk_rows = 10000);
  LegacySource(const LegacySource&) = delete;
  LegacySource& operator=(const LegacySource&) = delete;

  // Reads rows with id > `after` (all when nullopt) and, when `until` is set,
  // id <= `until`, in the server's id order.
  void StartAfter(std::optional<std::string> after, std::optional<std::string> until = {});
  // Fills `row`; false at the end of the table. Throws DatabaseError/DataError.
  bool Next(LegacyRow& row);

  // When reading a chunk fails with a retryable error, the chunk is read again with
  // backoff (RetryTransient, retry.h); `reconnect` runs between attempts and may replace
  // the connection object the source uses (the same object, assigned anew).
  void OnReconnect(std::function<void()> reconnect) { reconnect_ = std::move(reconnect); }

  // Rows in the table, live and deleted (for progress and ETA).
  long long CountRows();

  // The columns every statement names; checked against the table before a run.
  static const std::vector<std::string>& Columns();
  // Columns() quoted and joined, for a SELECT; FromRow reads a row in that order.
  static std::string SelectList();
  static LegacyRow FromRow(const Row& row);

 private:
  void FetchChunk();

  Connection& conn_;
  std::string table_;  // quoted
  std::size_t chunk_rows_;
  std::optional<std::string> after_;
  std::optional<std::string> until_;
  std::vector<LegacyRow> chunk_;
  std::size_t pos_ = 0;
  bool exhausted_ = false;
  std::function<void()> reconnect_;
};

// Every row of the legacy table in (name, id) order, in chunks of about `chunk_rows`:
// a chunk ends with the last row of its last name.
class LegacyByName {
 public:
  LegacyByName(Connection& conn, std::string table, std::size_t chunk_rows);
  // The next chunk into `chunk` (cleared first); false when none is left.
  bool Next(std::vector<LegacyRow>& chunk);

 private:
  Connection& conn_;
  std::string table_;  // quoted
  std::size_t chunk_rows_;
  std::optional<std::pair<std::string, std::string>> after_;  // (name, id)
};

// The rows whose `name` is one of `names` (compared as the column's collation does),
// each that `want(id)` accepts (all when empty).
void RowsByName(Connection& conn, const std::string& table,
                std::span<const std::string> names,
                const std::function<bool(std::string_view id)>& want,
                const std::function<void(LegacyRow&&)>& sink);

// The distinct names that look like reverse names (in-addr.arpa, ip6.arpa), as stored.
void ReverseNames(Connection& conn, const std::string& table,
                  const std::function<void(std::string&& name)>& sink);

// The live rows of each name held by two rows or more (SharedNames, rows.h),
// computed by the server, so the client holds only the shared names.
SharedNames FindSharedNames(Connection& conn, const std::string& table);

}  // namespace cpdns
