// Bulk writes of many rows into one table: the rows are encoded once, in LOAD DATA's
// text format (FIELDS TERMINATED BY '\t' ESCAPED BY '\\', NULL as \N), and reach the
// server through its bulk path, LOAD DATA LOCAL INFILE fed from memory. When the server
// refuses LOCAL INFILE the same encoded rows are sent as multi-row INSERT statements
// instead (slower, identical rows), and the method stays kInsert from then on.
//
//   BulkRows rows;
//   rows.Field("id-1").Int(300).Null().EndRow();
//   BulkTable map{"cpdns_migration_map", {"run_id", "ttl", "detail"}, {"ttl", "detail"}};
//   WriteBulk(conn, map, rows, OnDuplicate::kUpdate, method, "writing the row map");
//
// Thread-safety: plain values; WriteBulk uses the caller's connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/database.h"
#include "core/errors.h"

namespace cpdns {

// How rows reach the server: kLoadData (LOAD DATA LOCAL from memory, falling back to
// kInsert when the server does not allow it) or kInsert (multi-row INSERT).
enum class WriteMethod { kLoadData, kInsert };

// Rows being collected, already in LOAD DATA's text format.
class BulkRows {
 public:
  BulkRows& Field(std::string_view value);
  BulkRows& Int(int64_t value);
  BulkRows& Bool(bool value) { return Raw(value ? "1" : "0"); }
  BulkRows& Null();
  BulkRows& Optional(const std::optional<std::string>& value) {
    return value ? Field(*value) : Null();
  }
  // A field known to need no escaping (a constant, a number).
  BulkRows& Raw(std::string_view text);
  void EndRow();

  std::size_t rows() const { return rows_; }
  bool empty() const { return rows_ == 0; }
  const std::string& text() const { return text_; }
  void clear();
  void reserve(std::size_t bytes) { text_.reserve(bytes); }

 private:
  void Separate();

  std::string text_;
  std::size_t rows_ = 0;
  bool row_open_ = false;
};

// A table, the columns the rows hold (in order), and the columns a duplicate key
// updates (OnDuplicate::kUpdate; for kReplace, what the INSERT fallback updates).
struct BulkTable {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::string> update_columns;
};

enum class OnDuplicate {
  kError,    // a duplicate key is a server warning, hence an error
  kReplace,  // LOAD DATA ... REPLACE (the INSERT fallback updates update_columns)
  kUpdate,   // INSERT ... ON DUPLICATE KEY UPDATE update_columns (also with kLoadData)
  // Rows expected to be new: a key that exists already throws DuplicateKeyError (LOAD DATA
  // ... REPLACE, whose count of affected rows says whether it replaced one; plain INSERT).
  // The caller rolls its transaction back, undoing the replacement.
  kFail,
};

// A row written with OnDuplicate::kFail whose key the table held already.
class DuplicateKeyError : public DataError {
 public:
  using DataError::DataError;
};

// Writes `rows` into `table`; any server warning throws DataError naming `what`.
// `method` is switched to kInsert when the server refuses LOCAL INFILE.
void WriteBulk(Connection& conn, const BulkTable& table, const BulkRows& rows, OnDuplicate dup,
               WriteMethod& method, const char* what);

}  // namespace cpdns
