#include "core/legacy_source.h"

#include <algorithm>
#include <charconv>

#include "core/errors.h"
#include "core/retry.h"

namespace cpdns {

namespace {

int64_t ToInt(const Cell& cell, const char* column, const std::string& id) {
  int64_t v = 0;
  if (!cell) throw DataError("legacy row " + id + ": column " + column + " is NULL");
  auto [p, ec] = std::from_chars(cell->data(), cell->data() + cell->size(), v);
  if (ec != std::errc() || p != cell->data() + cell->size()) {
    throw DataError("legacy row " + id + ": column " + column + " is not a number: " + *cell);
  }
  return v;
}

}  // namespace

std::string LegacySource::SelectList() {
  std::string out;
  for (const std::string& c : Columns()) {
    if (!out.empty()) out += ", ";
    out += QuoteIdentifier(c);
  }
  return out;
}

LegacyRow LegacySource::FromRow(const Row& r) {
  LegacyRow row;
  row.id = r[0].value_or("");
  row.name = r[1].value_or("");
  row.records = r[2];
  if (r[3]) row.ttl = ToInt(r[3], "ttl", row.id);
  row.enabled = ToInt(r[4], "enabled", row.id) != 0;
  row.deleted = ToInt(r[5], "deleted", row.id) != 0;
  row.is_public = ToInt(r[6], "is_public", row.id) != 0;
  row.public_scope = r[7].value_or("");
  row.tenant_id = r[8].value_or("");
  row.domain_id = r[9].value_or("");
  row.created_at = r[10].value_or("");
  row.updated_at = r[11].value_or("");
  return row;
}

const std::vector<std::string>& LegacySource::Columns() {
  static const std::vector<std::string> kColumns = {
      "id",        "name",      "records",    "ttl",        "enabled",    "deleted",
      "is_public", "public_scope", "tenant_id", "domain_id", "created_at", "updated_at"};
  return kColumns;
}

LegacySource::LegacySource(Connection& conn, std::string table, std::size_t chunk_rows)
    : conn_(conn), table_(QuoteIdentifier(table)), chunk_rows_(chunk_rows) {}

void LegacySource::StartAfter(std::optional<std::string> after,
                              std::optional<std::string> until) {
  after_ = std::move(after);
  until_ = std::move(until);
  chunk_.clear();
  pos_ = 0;
  exhausted_ = false;
}

long long LegacySource::CountRows() {
  return std::stoll(conn_.QueryValue("SELECT COUNT(*) FROM " + table_).value_or("0"));
}

void LegacySource::FetchChunk() {
  std::string sql = "SELECT " + SelectList() + " FROM " + table_;
  std::string where;
  if (after_) where += "`id` > " + conn_.Literal(*after_);
  if (until_) where += (where.empty() ? "" : " AND ") + std::string("`id` <= ") + conn_.Literal(*until_);
  if (!where.empty()) sql += " WHERE " + where;
  sql += " ORDER BY `id` LIMIT " + std::to_string(chunk_rows_);
  chunk_.clear();
  pos_ = 0;
  RowStream rows = conn_.Stream(sql);
  Row r;
  while (rows.Next(r)) {
    chunk_.push_back(FromRow(r));
  }
  if (chunk_.size() < chunk_rows_) exhausted_ = true;
  if (!chunk_.empty()) after_ = chunk_.back().id;
}

bool LegacySource::Next(LegacyRow& row) {
  if (pos_ == chunk_.size()) {
    if (exhausted_) return false;
    RetryTransient("reading the legacy table", [this] { FetchChunk(); }, reconnect_);
    if (chunk_.empty()) return false;
  }
  row = std::move(chunk_[pos_++]);
  return true;
}

LegacyByName::LegacyByName(Connection& conn, std::string table, std::size_t chunk_rows)
    : conn_(conn), table_(QuoteIdentifier(table)), chunk_rows_(chunk_rows) {}

bool LegacyByName::Next(std::vector<LegacyRow>& chunk) {
  const std::string cols = LegacySource::SelectList();
  std::string sql = "SELECT " + cols + " FROM " + table_;
  if (after_) {
    const std::string name = conn_.Literal(after_->first);
    sql += " WHERE (`name` > " + name + " OR (`name` = " + name + " AND `id` > " +
           conn_.Literal(after_->second) + "))";
  }
  sql += " ORDER BY `name`, `id` LIMIT " + std::to_string(chunk_rows_);
  chunk.clear();
  chunk.reserve(chunk_rows_);
  Row r;
  for (RowStream rows = conn_.Stream(sql); rows.Next(r);) chunk.push_back(LegacySource::FromRow(r));
  if (chunk.empty()) return false;
  if (chunk.size() == chunk_rows_) {
    // Finish the last name's rows, so a name is never split between chunks.
    RowStream rest = conn_.Stream("SELECT " + cols + " FROM " + table_ + " WHERE `name` = " +
                                  conn_.Literal(chunk.back().name) + " AND `id` > " +
                                  conn_.Literal(chunk.back().id) + " ORDER BY `id`");
    while (rest.Next(r)) chunk.push_back(LegacySource::FromRow(r));
  }
  after_.emplace(chunk.back().name, chunk.back().id);
  return true;
}

namespace {

// The sort key of LegacyByReversedName, by the server.
std::string ReversedNameKey() {
  const std::string name = "CONVERT(`name` USING utf8mb4)";
  return "REVERSE(LOWER(IF(RIGHT(" + name + ", 1) = '.', LEFT(" + name + ", CHAR_LENGTH(" + name +
         ") - 1), " + name + "))) COLLATE utf8mb4_bin";
}

}  // namespace

LegacyNamesReversed::LegacyNamesReversed(Connection& conn, const std::string& table,
                                         std::size_t chunk_rows)
    : chunk_rows_(chunk_rows) {
  // The reader may take long over a chunk (a live check at a low rate): the server must
  // not give up on the waiting stream.
  conn.Execute("SET SESSION net_write_timeout = 86400");
  stream_.emplace(conn.Stream("SELECT `name`, " + ReversedNameKey() + " AS `k` FROM " +
                              QuoteIdentifier(table) + " ORDER BY `k`, `id`"));
  has_pending_ = stream_->Next(pending_);
}

bool LegacyNamesReversed::Next(std::vector<std::string>& names) {
  names.clear();
  if (!has_pending_) return false;
  for (;;) {
    names.push_back(pending_[0].value_or(""));
    Cell last = std::move(pending_[1]);
    has_pending_ = stream_->Next(pending_);
    if (!has_pending_) return true;
    // A chunk ends where the name does.
    if (names.size() >= chunk_rows_ && pending_[1] != last) return true;
  }
}

void RowsOfRareNames(Connection& conn, const std::string& table, std::string_view probe_label,
                     const std::function<void(LegacyRow&&)>& sink) {
  std::string label;
  conn.AppendLiteral(label, std::string(probe_label) + ".%");
  RowStream rows = conn.Stream("SELECT " + LegacySource::SelectList() + " FROM " +
                               QuoteIdentifier(table) +
                               " WHERE TRIM(TRAILING ' ' FROM `name`) LIKE '%.' OR `name` LIKE "
                               "'*%' OR `name` LIKE " + label);
  Row r;
  while (rows.Next(r)) sink(LegacySource::FromRow(r));
}

void RowsByName(Connection& conn, const std::string& table, std::span<const std::string> names,
                const std::function<bool(std::string_view id)>& want,
                const std::function<void(LegacyRow&&)>& sink) {
  constexpr std::size_t kInList = 500;  // names per IN (...) list
  const std::string head =
      "SELECT " + LegacySource::SelectList() + " FROM " + QuoteIdentifier(table) +
      " WHERE `name` IN (";
  for (std::size_t i = 0; i < names.size(); i += kInList) {
    std::string sql = head;
    for (std::size_t j = i; j < std::min(names.size(), i + kInList); ++j) {
      if (j != i) sql += ',';
      conn.AppendLiteral(sql, names[j]);
    }
    sql += ")";
    RowStream stream = conn.Stream(sql);
    Row r;
    while (stream.Next(r)) {
      if (want && !want(r[0] ? std::string_view(*r[0]) : std::string_view())) continue;
      sink(LegacySource::FromRow(r));
    }
  }
}

void ReverseNames(Connection& conn, const std::string& table,
                  const std::function<void(std::string&& name)>& sink) {
  RowStream names = conn.Stream("SELECT DISTINCT `name` FROM " + QuoteIdentifier(table) +
                                " WHERE `name` LIKE '%in-addr.arpa%' OR `name` LIKE '%ip6.arpa%'");
  Row r;
  while (names.Next(r)) sink(r[0].value_or(""));
}

SharedNames FindSharedNames(Connection& conn, const std::string& table) {
  // is_cname is case-sensitive, as region-dns's prefix test was. The name key mirrors the
  // normaliser closely enough to find every candidate pair; the planner re-checks each
  // member with the real normaliser.
  const std::string key = "LOWER(TRIM(TRAILING '.' FROM `name`))";
  const std::string live = " FROM " + QuoteIdentifier(table) + " WHERE `deleted` = 0";
  // First the hashes of keys held by two rows or more: the server sorts every live row's
  // 4-byte hash and the client keeps those it meets twice in a row (grouping the names, or
  // the hashes, on the server spills its temporary table to disk on a large table). Two
  // names that share a hash only add candidates, dropped below.
  std::vector<std::string> shared;  // each hash once
  std::string previous;
  Row r;
  for (RowStream h = conn.Stream("SELECT CRC32(" + key + ") AS h" + live + " ORDER BY h");
       h.Next(r);) {
    if (!r[0]) continue;
    if (*r[0] != previous) {
      previous = *r[0];
    } else if (shared.empty() || shared.back() != previous) {
      shared.push_back(previous);
    }
  }
  SharedNames out;
  // The rows of the shared hashes, some thousands a statement (a name's rows share its hash,
  // so each group comes whole from one statement).
  constexpr std::size_t kHashesPerStatement = 10000;
  for (std::size_t i = 0; i < shared.size(); i += kHashesPerStatement) {
    std::string list;
    for (std::size_t j = i; j < std::min(shared.size(), i + kHashesPerStatement); ++j) {
      list += (list.empty() ? "" : ",") + shared[j];
    }
    RowStream rows = conn.Stream("SELECT " + key + " AS n, `id`, `tenant_id`, `is_public`, "
                                 "`enabled`, IFNULL(LEFT(`records`, 6) = BINARY 'CNAME:', 0)" +
                                 live + " AND CRC32(" + key + ") IN (" + list + ") ORDER BY n, `id`");
    while (rows.Next(r)) {
      NameSharer s;
      s.id = r[1].value_or("");
      s.tenant_id = r[2].value_or("");
      s.is_public = r[3].value_or("0") != "0";
      s.enabled = r[4].value_or("0") != "0";
      s.is_cname = r[5].value_or("0") != "0";
      out[r[0].value_or("")].push_back(std::move(s));
    }
  }
  std::erase_if(out, [](const auto& entry) { return entry.second.size() < 2; });
  return out;
}

}  // namespace cpdns
