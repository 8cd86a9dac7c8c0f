#include "core/database.h"

#include <charconv>

#include <errmsg.h>
#include <mysqld_error.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>

#include "core/errors.h"

namespace cpdns {

std::string CellText(const Cell& cell) { return cell.value_or(""); }

int64_t CellInt(const Cell& cell) {
  int64_t v = 0;
  if (cell) std::from_chars(cell->data(), cell->data() + cell->size(), v);
  return v;
}

namespace {

// Statements in error messages are cut: a multi-row insert can be megabytes.
std::string Shorten(std::string_view sql) {
  constexpr size_t kMax = 300;
  if (sql.size() <= kMax) return std::string(sql);
  return std::string(sql.substr(0, kMax)) + "... (" + std::to_string(sql.size()) + " bytes)";
}

}  // namespace

std::string QuoteIdentifier(std::string_view name) {
  if (name.empty()) throw ConfigError("identifier is empty");
  if (name.size() > 64) {
    throw ConfigError("identifier is longer than 64 characters: " + std::string(name.substr(0, 64)) +
                      "...");
  }
  std::string out = "`";
  for (char c : name) {
    if (c == '\0') throw ConfigError("identifier contains a NUL byte");
    if (c == '`') out += '`';
    out += c;
  }
  out += '`';
  return out;
}

bool IsRetryableErrno(unsigned int errnum) {
  switch (errnum) {
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_LOST:
    case CR_CONNECTION_ERROR:
    case CR_CONN_HOST_ERROR:
    case ER_LOCK_WAIT_TIMEOUT:
    case ER_LOCK_DEADLOCK:
    case ER_SERVER_SHUTDOWN:
    case ER_CONNECTION_KILLED:
      return true;
    default:
      return false;
  }
}

// ---- RowStream ----

RowStream::RowStream(MYSQL* mysql, MYSQL_RES* res, std::string statement)
    : mysql_(mysql), res_(res), statement_(std::move(statement)) {
  columns_ = mysql_num_fields(res);
  MYSQL_FIELD* fields = mysql_fetch_fields(res);
  names_.reserve(columns_);
  for (unsigned int i = 0; i < columns_; ++i) names_.emplace_back(fields[i].name);
}

bool RowStream::Next(Row& row) {
  MYSQL_ROW r = mysql_fetch_row(res_.get());
  if (r == nullptr) {
    // With mysql_use_result a NULL row is either the end or a broken stream.
    if (mysql_errno(mysql_) != 0) {
      unsigned int err = mysql_errno(mysql_);
      throw DatabaseError("reading rows", err, mysql_sqlstate(mysql_), mysql_error(mysql_),
                          statement_, IsRetryableErrno(err));
    }
    return false;
  }
  unsigned long* lengths = mysql_fetch_lengths(res_.get());
  row.resize(columns_);
  for (unsigned int i = 0; i < columns_; ++i) {
    if (r[i] == nullptr) {
      row[i].reset();
    } else if (row[i]) {
      row[i]->assign(r[i], lengths[i]);
    } else {
      row[i].emplace(r[i], lengths[i]);
    }
  }
  return true;
}

// ---- Statement ----

Statement::Statement(MYSQL_STMT* stmt, std::string statement)
    : stmt_(stmt), statement_(std::move(statement)) {}

void Statement::Throw(const std::string& context) const {
  unsigned int err = mysql_stmt_errno(stmt_.get());
  throw DatabaseError(context, err, mysql_stmt_sqlstate(stmt_.get()), mysql_stmt_error(stmt_.get()),
                      Shorten(statement_), IsRetryableErrno(err));
}

uint64_t Statement::Execute(std::span<const Param> params) {
  if (params.size() != param_count_) {
    throw InternalError("statement expects " + std::to_string(param_count_) + " parameters, got " +
                        std::to_string(params.size()) + ": " + Shorten(statement_));
  }
  for (size_t i = 0; i < params.size(); ++i) {
    MYSQL_BIND& b = binds_[i];
    std::memset(&b, 0, sizeof(b));
    switch (params[i].kind) {
      case Param::Kind::kNull:
        b.buffer_type = MYSQL_TYPE_NULL;
        break;
      case Param::Kind::kInt:
        ints_[i] = params[i].int_value;
        b.buffer_type = MYSQL_TYPE_LONGLONG;
        b.buffer = &ints_[i];
        break;
      case Param::Kind::kString:
        lengths_[i] = params[i].string_value.size();
        b.buffer_type = MYSQL_TYPE_STRING;
        // The C API takes a non-const pointer but only reads input buffers.
        b.buffer = const_cast<char*>(params[i].string_value.data());
        b.buffer_length = lengths_[i];
        b.length = &lengths_[i];
        break;
    }
  }
  if (param_count_ > 0 && mysql_stmt_bind_param(stmt_.get(), binds_.data()) != 0) {
    Throw("binding parameters");
  }
  if (mysql_stmt_execute(stmt_.get()) != 0) Throw("executing statement");
  uint64_t affected = mysql_stmt_affected_rows(stmt_.get());
  // Drain any result so the connection is usable for the next statement.
  mysql_stmt_free_result(stmt_.get());
  return affected;
}

// ---- Connection ----

// The LOCAL INFILE handler: serves the buffer LoadLocal armed, never a file.
int Connection::LocalInit(void** state, const char* /*file_name*/, void* user) {
  *state = user;
  return static_cast<LocalData*>(user)->armed ? 0 : 1;
}

int Connection::LocalRead(void* state, char* buf, unsigned int size) {
  auto* d = static_cast<LocalData*>(state);
  const std::size_t n = std::min<std::size_t>(size, d->data.size() - d->offset);
  std::memcpy(buf, d->data.data() + d->offset, n);
  d->offset += n;
  return static_cast<int>(n);
}

void Connection::LocalEnd(void* /*state*/) {}

int Connection::LocalError(void* /*state*/, char* message, unsigned int size) {
  std::snprintf(message, size, "%s",
                "refused: this client sends no files, only the rows of its own LOAD DATA");
  return CR_UNKNOWN_ERROR;
}

void Connection::LoadLocal(std::string_view sql, std::string_view data) {
  local_->data = data;
  local_->offset = 0;
  local_->armed = true;
  try {
    Execute(sql);
  } catch (...) {
    local_->armed = false;
    throw;
  }
  local_->armed = false;
}

Connection Connection::Open(const ConnectionOptions& options, std::string_view purpose) {
  Connection c;
  c.description_ = options.Describe();
  c.mysql_.reset(mysql_init(nullptr));
  if (!c.mysql_) throw InternalError("mysql_init failed: out of memory");
  MYSQL* m = c.mysql_.get();
  mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  c.local_ = std::make_unique<LocalData>();
  unsigned int local_infile = 1;
  mysql_options(m, MYSQL_OPT_LOCAL_INFILE, &local_infile);
  mysql_set_local_infile_handler(m, &Connection::LocalInit, &Connection::LocalRead,
                                 &Connection::LocalEnd, &Connection::LocalError, c.local_.get());
  if (!options.init_command.empty()) {
    mysql_options(m, MYSQL_INIT_COMMAND, options.init_command.c_str());
  }
  if (!options.host.empty() && !options.socket.empty() && options.host != "localhost") {
    unsigned int protocol = MYSQL_PROTOCOL_TCP;
    mysql_options(m, MYSQL_OPT_PROTOCOL, &protocol);
  }
  const std::string& mode = options.ssl_mode;
  if (!options.ssl_ca.empty()) mysql_options(m, MYSQL_OPT_SSL_CA, options.ssl_ca.c_str());
  if (!options.ssl_cert.empty()) mysql_options(m, MYSQL_OPT_SSL_CERT, options.ssl_cert.c_str());
  if (!options.ssl_key.empty()) mysql_options(m, MYSQL_OPT_SSL_KEY, options.ssl_key.c_str());
  if (mode == "REQUIRED" || mode == "VERIFY_CA" || mode == "VERIFY_IDENTITY") {
    my_bool enforce = 1;
    mysql_options(m, MYSQL_OPT_SSL_ENFORCE, &enforce);
  }
  if (mode == "VERIFY_CA" || mode == "VERIFY_IDENTITY") {
    my_bool verify = 1;
    mysql_options(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
  }
  auto opt = [](const std::string& s) { return s.empty() ? nullptr : s.c_str(); };
  const char* password = options.password ? options.password->c_str() : nullptr;
  if (mysql_real_connect(m, opt(options.host), opt(options.user), password, opt(options.database),
                         options.port, opt(options.socket), CLIENT_MULTI_RESULTS) == nullptr) {
    unsigned int err = mysql_errno(m);
    throw DatabaseError("connecting (" + std::string(purpose) + ") to " + c.description_, err,
                        mysql_sqlstate(m), mysql_error(m), "", IsRetryableErrno(err));
  }
  return c;
}

void Connection::Throw(std::string_view context, std::string_view statement) {
  MYSQL* m = mysql_.get();
  unsigned int err = mysql_errno(m);
  throw DatabaseError(std::string(context), err, mysql_sqlstate(m), mysql_error(m),
                      Shorten(statement), IsRetryableErrno(err));
}

void Connection::Execute(std::string_view sql) {
  if (mysql_real_query(mysql_.get(), sql.data(), sql.size()) != 0) Throw(Shorten(sql), sql);
  // Read before draining results: the drain loop resets the client's count.
  affected_rows_ = mysql_affected_rows(mysql_.get());
  // Discard every result set so the connection is ready for the next statement.
  do {
    if (MYSQL_RES* r = mysql_store_result(mysql_.get()); r != nullptr) mysql_free_result(r);
  } while (mysql_next_result(mysql_.get()) == 0);
  if (mysql_errno(mysql_.get()) != 0) Throw(Shorten(sql), sql);
}

std::vector<Row> Connection::QueryAll(std::string_view sql) {
  if (mysql_real_query(mysql_.get(), sql.data(), sql.size()) != 0) Throw(Shorten(sql), sql);
  MYSQL_RES* res = mysql_use_result(mysql_.get());
  if (res == nullptr) {
    if (mysql_errno(mysql_.get()) != 0) Throw(Shorten(sql), sql);
    return {};
  }
  RowStream stream(mysql_.get(), res, std::string(Shorten(sql)));
  std::vector<Row> rows;
  Row row;
  while (stream.Next(row)) rows.push_back(row);
  return rows;
}

std::optional<std::string> Connection::QueryValue(std::string_view sql) {
  std::vector<Row> rows = QueryAll(sql);
  if (rows.empty() || rows[0].empty()) return std::nullopt;
  return rows[0][0];
}

RowStream Connection::Stream(std::string_view sql) {
  if (mysql_real_query(mysql_.get(), sql.data(), sql.size()) != 0) Throw(Shorten(sql), sql);
  MYSQL_RES* res = mysql_use_result(mysql_.get());
  if (res == nullptr) {
    if (mysql_errno(mysql_.get()) != 0) Throw(Shorten(sql), sql);
    throw InternalError("statement returned no result set: " + Shorten(sql));
  }
  return RowStream(mysql_.get(), res, Shorten(sql));
}

Statement Connection::Prepare(std::string_view sql) {
  MYSQL_STMT* raw = mysql_stmt_init(mysql_.get());
  if (raw == nullptr) Throw("preparing statement", sql);
  Statement stmt(raw, std::string(sql));
  if (mysql_stmt_prepare(raw, sql.data(), sql.size()) != 0) stmt.Throw("preparing statement");
  stmt.param_count_ = mysql_stmt_param_count(raw);
  stmt.binds_.resize(stmt.param_count_);
  stmt.lengths_.resize(stmt.param_count_);
  stmt.ints_.resize(stmt.param_count_);
  return stmt;
}

std::string Connection::Literal(std::string_view value) {
  std::string out(value.size() * 2 + 3, '\0');
  out[0] = '\'';
  unsigned long n = mysql_real_escape_string(mysql_.get(), out.data() + 1, value.data(),
                                             static_cast<unsigned long>(value.size()));
  out.resize(n + 1);
  out += '\'';
  return out;
}

void Connection::AppendLiteral(std::string& sql, std::string_view value) {
  static constexpr std::array<bool, 256> kPlain = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '\'' && c != '"' && c != '\\';
    return plain;
  }();
  const bool plain = std::all_of(value.begin(), value.end(),
                                 [](char c) { return kPlain[static_cast<unsigned char>(c)]; });
  if (!plain) {
    sql += Literal(value);
    return;
  }
  sql += '\'';
  sql += value;
  sql += '\'';
}

std::vector<ServerWarning> Connection::FetchWarnings() {
  std::vector<ServerWarning> out;
  for (const Row& r : QueryAll("SHOW WARNINGS")) {
    ServerWarning w;
    if (r.size() >= 3) {
      w.level = r[0].value_or("");
      w.code = static_cast<unsigned int>(std::stoul(r[1].value_or("0")));
      w.message = r[2].value_or("");
    }
    out.push_back(std::move(w));
  }
  return out;
}

void Connection::ThrowOnWarnings(std::string_view context) {
  if (warning_count() == 0) return;
  std::string msg = std::string(context) + ": the server reported warnings (data would change):";
  bool serious = false;
  for (const ServerWarning& w : FetchWarnings()) {
    // Notes ("table already exists" for IF NOT EXISTS) change no data.
    if (w.level == "Note") continue;
    serious = true;
    msg += " [" + w.level + " " + std::to_string(w.code) + ": " + w.message + "]";
  }
  if (serious) throw DataError(msg);
}

void InTransaction(Connection& conn, const std::function<void()>& work) {
  conn.Execute("START TRANSACTION");
  try {
    work();
    conn.Execute("COMMIT");
  } catch (...) {
    try {
      conn.Execute("ROLLBACK");
    } catch (const Error&) {
      // The connection is gone; the server rolls the transaction back itself.
    }
    throw;
  }
}

std::string Connection::server_version() { return mysql_get_server_info(mysql_.get()); }

}  // namespace cpdns
