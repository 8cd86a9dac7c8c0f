// The database layer: RAII owners for the MySQL C API handles (MYSQL,
// MYSQL_STMT, MYSQL_RES), a streaming row reader that keeps NULL distinct from
// '' and every byte as stored, prepared statements with owned binds, and errors
// that carry errno, SQLSTATE and the statement.
//
//   Connection conn = Connection::Open(options, "reader");
//   RowStream rows = conn.Stream("SELECT id, records FROM dnsrecord_tbl");
//   Row row;
//   while (rows.Next(row)) { use(row[0].value(), row[1]); }  // row[1] may be NULL
//
// Thread-safety: a Connection and everything made from it belong to one
// thread at a time. While a RowStream is open, its connection runs nothing else.
#pragma once

#include <mysql.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/connection_options.h"

namespace cpdns {

// One cell: NULL is nullopt, '' is an empty string; bytes are exact.
using Cell = std::optional<std::string>;
using Row = std::vector<Cell>;

// A cell's text, "" for NULL; a cell's integer, 0 for NULL or text that is not one.
[[nodiscard]] std::string CellText(const Cell& cell);
[[nodiscard]] int64_t CellInt(const Cell& cell);

// `name` as a MySQL identifier in backticks, embedded backticks doubled. Throws
// ConfigError for an empty name, a NUL byte, or more than 64 characters: table
// names come from the command line and must never shape the statement.
std::string QuoteIdentifier(std::string_view name);

// True for errors after which the same work can succeed on a new connection or
// transaction: server gone or lost, cannot connect (restarting), lock wait
// timeout, deadlock.
bool IsRetryableErrno(unsigned int errnum);

struct ServerWarning {
  std::string level;
  unsigned int code = 0;
  std::string message;
};

class Connection;

// Rows of a result read one at a time from the server (mysql_use_result), so
// memory does not grow with the table.
class RowStream {
 public:
  RowStream(RowStream&&) noexcept = default;
  RowStream& operator=(RowStream&&) noexcept = default;
  RowStream(const RowStream&) = delete;
  RowStream& operator=(const RowStream&) = delete;
  ~RowStream() = default;

  // Fills `row` and returns true, or returns false at the end. Throws
  // DatabaseError when the stream broke (a NULL fetch may be an error).
  bool Next(Row& row);
  const std::vector<std::string>& column_names() const { return names_; }

 private:
  friend class Connection;
  struct ResultCloser {
    void operator()(MYSQL_RES* r) const { mysql_free_result(r); }
  };
  RowStream(MYSQL* mysql, MYSQL_RES* res, std::string statement);

  MYSQL* mysql_;
  std::unique_ptr<MYSQL_RES, ResultCloser> res_;
  std::string statement_;
  std::vector<std::string> names_;
  unsigned int columns_ = 0;
};

// One parameter of a prepared statement. Views must stay valid until Execute returns.
struct Param {
  enum class Kind { kNull, kInt, kString };
  Kind kind = Kind::kNull;
  int64_t int_value = 0;
  std::string_view string_value;

  static Param Null() { return {}; }
  static Param Int(int64_t v) { return {Kind::kInt, v, {}}; }
  static Param Str(std::string_view v) { return {Kind::kString, 0, v}; }
  static Param OptStr(const std::optional<std::string>& v) { return v ? Str(*v) : Null(); }
};

class Statement {
 public:
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() = default;

  // Binds `params` (exactly as many as the statement has markers) and runs it.
  // Returns the affected row count.
  uint64_t Execute(std::span<const Param> params);
  unsigned long param_count() const { return param_count_; }
  const std::string& statement() const { return statement_; }

 private:
  friend class Connection;
  struct StmtCloser {
    void operator()(MYSQL_STMT* s) const { mysql_stmt_close(s); }
  };
  Statement(MYSQL_STMT* stmt, std::string statement);
  [[noreturn]] void Throw(const std::string& context) const;

  std::unique_ptr<MYSQL_STMT, StmtCloser> stmt_;
  std::string statement_;
  unsigned long param_count_ = 0;
  std::vector<MYSQL_BIND> binds_;
  std::vector<unsigned long> lengths_;
  std::vector<long long> ints_;
};

class Connection;

// Runs `work` between START TRANSACTION and COMMIT on `conn`; on any exception it rolls
// back (if the connection still can) and rethrows.
void InTransaction(Connection& conn, const std::function<void()>& work);

class Connection {
 public:
  // Connects with utf8mb4 and throws DatabaseError naming `purpose` and the
  // target (never the password) on failure.
  static Connection Open(const ConnectionOptions& options, std::string_view purpose);

  Connection(Connection&&) noexcept = default;
  Connection& operator=(Connection&&) noexcept = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() = default;

  // Runs a statement that returns no rows (or whose rows are discarded).
  void Execute(std::string_view sql);
  // Rows changed by the last Execute.
  uint64_t affected_rows() const { return affected_rows_; }
  // Reads a whole (small) result into memory.
  std::vector<Row> QueryAll(std::string_view sql);
  // First column of the first row, or nullopt for no row or NULL.
  std::optional<std::string> QueryValue(std::string_view sql);
  // Streams a (large) result; see RowStream.
  RowStream Stream(std::string_view sql);
  Statement Prepare(std::string_view sql);

  // Runs `sql`, a LOAD DATA LOCAL INFILE statement, with `data` as the file's
  // contents. The client never opens a file: whatever file name the server asks
  // for, it gets `data` during this call and a refusal at any other time.
  // Throws DatabaseError like Execute (errno 1148 or 4166 when the server does not
  // allow LOCAL INFILE).
  void LoadLocal(std::string_view sql, std::string_view data);

  // `value` as a quoted SQL string literal, escaped for this connection's charset.
  std::string Literal(std::string_view value);
  // Appends Literal(value) to `sql`; printable ASCII without quotes or backslashes (what
  // escaping leaves unchanged) is appended without calling the client library.
  void AppendLiteral(std::string& sql, std::string_view value);

  unsigned int warning_count() { return mysql_warning_count(mysql_.get()); }
  std::vector<ServerWarning> FetchWarnings();
  // Throws DataError listing the server's warnings (level Warning or Error) if the
  // last statement left any: a warning means the server changed data on its way in.
  void ThrowOnWarnings(std::string_view context);

  std::string server_version();
  const std::string& description() const { return description_; }
  MYSQL* raw() { return mysql_.get(); }

 private:
  struct MysqlCloser {
    void operator()(MYSQL* m) const { mysql_close(m); }
  };
  // What LoadLocal offers the server; heap-held so that its address, given to
  // the client library, survives moves of the Connection.
  struct LocalData {
    std::string_view data;
    std::size_t offset = 0;
    bool armed = false;
  };
  static int LocalInit(void** state, const char* file_name, void* user);
  static int LocalRead(void* state, char* buf, unsigned int size);
  static void LocalEnd(void* state);
  static int LocalError(void* state, char* message, unsigned int size);
  Connection() = default;
  [[noreturn]] void Throw(std::string_view context, std::string_view statement);

  std::unique_ptr<LocalData> local_;  // declared before mysql_: outlives the handle
  std::unique_ptr<MYSQL, MysqlCloser> mysql_;
  std::string description_;
  uint64_t affected_rows_ = 0;
};

}  // namespace cpdns
