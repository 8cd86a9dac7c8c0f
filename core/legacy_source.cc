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
  // is_cname is case-sensitive, as region-dns's prefix test was. The name key mirrors the normaliser closely enough to find every candidate
  // pair; the planner re-checks each member with the real normaliser.
  const std::string key = "LOWER(TRIM(TRAILING '.' FROM `name`))";
  const std::string sql =
      "SELECT n, id, tenant_id, is_public, enabled, is_cname FROM (SELECT " + key +
      " AS n, `id`, `tenant_id`, `is_public`, `enabled`, "
      "IFNULL(LEFT(`records`, 6) = BINARY 'CNAME:', 0) AS is_cname, COUNT(*) OVER (PARTITION BY " +
      key + ") AS c FROM " + QuoteIdentifier(table) +
      " WHERE `deleted` = 0) shared WHERE c > 1 ORDER BY n, id";
  SharedNames out;
  RowStream rows = conn.Stream(sql);
  Row r;
  while (rows.Next(r)) {
    NameSharer s;
    s.id = r[1].value_or("");
    s.tenant_id = r[2].value_or("");
    s.is_public = r[3].value_or("0") != "0";
    s.enabled = r[4].value_or("0") != "0";
    s.is_cname = r[5].value_or("0") != "0";
    out[r[0].value_or("")].push_back(std::move(s));
  }
  return out;
}

}  // namespace cpdns
