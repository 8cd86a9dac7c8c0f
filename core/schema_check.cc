#include "core/schema_check.h"

#include <set>

#include "core/errors.h"

namespace cpdns {

namespace {

std::set<std::string> ColumnsOf(Connection& conn, const std::string& table) {
  std::set<std::string> out;
  for (const Row& r : conn.QueryAll(
           "SELECT LOWER(COLUMN_NAME) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
           "DATABASE() AND TABLE_NAME = " +
           conn.Literal(table))) {
    if (!r.empty() && r[0]) out.insert(*r[0]);
  }
  return out;
}

}  // namespace

bool TableExists(Connection& conn, const std::string& table) {
  return !ColumnsOf(conn, table).empty();
}

void RequireColumns(Connection& conn, const std::string& table,
                    const std::vector<std::string>& columns, const std::string& hint) {
  std::string db = conn.QueryValue("SELECT DATABASE()").value_or("");
  if (db.empty()) throw ConfigError("no database selected: pass --database");
  std::set<std::string> have = ColumnsOf(conn, table);
  if (have.empty()) {
    throw ConfigError("table `" + table + "` does not exist in database `" + db + "`: " + hint);
  }
  std::string missing;
  for (const std::string& c : columns) {
    if (have.count(c) == 0) missing += (missing.empty() ? "" : ", ") + c;
  }
  if (!missing.empty()) {
    throw ConfigError("table `" + db + "`.`" + table +
                      "` is not the Cloudpods table this tool expects: missing column(s) " +
                      missing + ": " + hint);
  }
}

}  // namespace cpdns
