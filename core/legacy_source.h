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
// normalised names are held by more than one live row (DuplicateNames).
//
// Thread-safety: owns no connection; uses the caller's, one thread.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
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

  // Called with the failure when reading a chunk fails with a retryable error;
  // it may reconnect the connection object the source uses (same object) and
  // return true to read the chunk again, or return false to give up.
  void OnRetryableError(std::function<bool(const DatabaseError&, int attempt)> handler) {
    on_error_ = std::move(handler);
  }

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
  std::function<bool(const DatabaseError&, int)> on_error_;
};

// The live rows of each name held by two rows or more (SharedNames, rows.h),
// computed by the server, so the client holds only the shared names.
SharedNames FindSharedNames(Connection& conn, const std::string& table);

}  // namespace cpdns
