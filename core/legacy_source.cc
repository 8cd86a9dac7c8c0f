#include "core/legacy_source.h"

#include <charconv>

#include "core/errors.h"

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
    for (int attempt = 1;; ++attempt) {
      try {
        FetchChunk();
        break;
      } catch (const DatabaseError& e) {
        if (!e.retryable() || !on_error_ || !on_error_(e, attempt)) throw;
      }
    }
    if (chunk_.empty()) return false;
  }
  row = std::move(chunk_[pos_++]);
  return true;
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
