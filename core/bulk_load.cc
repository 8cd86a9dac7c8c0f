#include "core/bulk_load.h"

#include <mysqld_error.h>
#include <spdlog/spdlog.h>

#include "core/errors.h"

namespace cpdns {

namespace {

// Multi-row statements are cut at this many rows to keep packets moderate.
constexpr std::size_t kRowsPerStatement = 2000;

std::string ColumnList(const std::vector<std::string>& columns) {
  std::string out;
  for (const std::string& c : columns) {
    if (!out.empty()) out += ", ";
    out += QuoteIdentifier(c);
  }
  return out;
}

std::string UpdateList(const std::vector<std::string>& columns) {
  std::string out;
  for (const std::string& c : columns) {
    if (!out.empty()) out += ", ";
    out += QuoteIdentifier(c) + " = VALUES(" + QuoteIdentifier(c) + ")";
  }
  return out;
}

// One field of the text format back to its value (nullopt for \N).
std::optional<std::string> Unescape(std::string_view field) {
  if (field == "\\N") return std::nullopt;
  std::string out;
  out.reserve(field.size());
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\' || i + 1 == field.size()) {
      out += field[i];
      continue;
    }
    switch (field[++i]) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case '0': out += '\0'; break;
      default: out += field[i];
    }
  }
  return out;
}

// The rows as VALUES tuples, `kRowsPerStatement` at a time.
void InsertRows(Connection& conn, const BulkTable& table, const BulkRows& rows, OnDuplicate dup,
                const char* what) {
  const std::string head =
      "INSERT INTO " + QuoteIdentifier(table.name) + " (" + ColumnList(table.columns) + ") VALUES ";
  const std::string tail = dup == OnDuplicate::kError || dup == OnDuplicate::kFail ||
                                   table.update_columns.empty()
                               ? std::string()
                               : " ON DUPLICATE KEY UPDATE " + UpdateList(table.update_columns);
  std::string_view text = rows.text();
  std::string sql;
  std::size_t in_statement = 0;
  auto flush = [&] {
    if (in_statement == 0) return;
    sql += tail;
    try {
      conn.Execute(sql);
    } catch (const DatabaseError& e) {
      if (dup != OnDuplicate::kFail || e.errnum() != ER_DUP_ENTRY) throw;
      throw DuplicateKeyError(std::string(what) + ": a row expected to be new exists already (" +
                              e.server_message() + ")");
    }
    conn.ThrowOnWarnings(what);
    in_statement = 0;
  };
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (in_statement == 0) {
      sql = head;
    } else {
      sql += ',';
    }
    sql += '(';
    for (bool first = true;; first = false) {
      const std::size_t tab = line.find('\t');
      if (!first) sql += ',';
      std::optional<std::string> v = Unescape(line.substr(0, tab));
      sql += v ? conn.Literal(*v) : std::string("NULL");
      if (tab == std::string_view::npos) break;
      line.remove_prefix(tab + 1);
    }
    sql += ')';
    if (++in_statement == kRowsPerStatement) flush();
  }
  flush();
}

}  // namespace

void BulkRows::Separate() {
  if (row_open_) text_ += '\t';
  row_open_ = true;
}

BulkRows& BulkRows::Field(std::string_view v) {
  Separate();
  for (char c : v) {
    switch (c) {
      case '\t': text_ += "\\t"; break;
      case '\n': text_ += "\\n"; break;
      case '\r': text_ += "\\r"; break;
      case '\\': text_ += "\\\\"; break;
      case '\0': text_ += "\\0"; break;
      default: text_ += c;
    }
  }
  return *this;
}

BulkRows& BulkRows::Int(int64_t value) { return Raw(std::to_string(value)); }

BulkRows& BulkRows::Null() { return Raw("\\N"); }

BulkRows& BulkRows::Raw(std::string_view text) {
  Separate();
  text_ += text;
  return *this;
}

void BulkRows::EndRow() {
  text_ += '\n';
  row_open_ = false;
  ++rows_;
}

void BulkRows::clear() {
  text_.clear();
  rows_ = 0;
  row_open_ = false;
}

void WriteBulk(Connection& conn, const BulkTable& table, const BulkRows& rows, OnDuplicate dup,
               WriteMethod& method, const char* what) {
  if (rows.empty()) return;
  if (method == WriteMethod::kLoadData && dup != OnDuplicate::kUpdate) {
    const std::string sql = std::string("LOAD DATA LOCAL INFILE 'cloudpods-dns-migrate-batch' ") +
                            (dup == OnDuplicate::kError ? "" : "REPLACE ") + "INTO TABLE " +
                            QuoteIdentifier(table.name) +
                            " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' "
                            "LINES TERMINATED BY '\\n' (" + ColumnList(table.columns) + ")";
    try {
      conn.LoadLocal(sql, rows.text());
      conn.ThrowOnWarnings(what);
      // REPLACE counts a replaced row twice (deleted, then inserted).
      if (dup == OnDuplicate::kFail && conn.affected_rows() != rows.rows()) {
        throw DuplicateKeyError(std::string(what) + ": " +
                                std::to_string(conn.affected_rows() - rows.rows()) +
                                " rows expected to be new existed already");
      }
      return;
    } catch (const DatabaseError& e) {
      if (e.errnum() != ER_NOT_ALLOWED_COMMAND &&
          e.errnum() != ER_LOAD_INFILE_CAPABILITY_DISABLED) {
        throw;
      }
      spdlog::info("the server does not allow LOAD DATA LOCAL INFILE ({}): writing with INSERT "
                   "statements instead, which is slower; set local_infile=ON on the server to "
                   "use its bulk path",
                   e.what());
      method = WriteMethod::kInsert;
    }
  }
  InsertRows(conn, table, rows, dup, what);
}

}  // namespace cpdns
