// Checks, before anything is read or written, that a table exists in the
// connected database with the columns this tool names in its statements, so a
// wrong --database or table option fails with a clear message instead of half
// a run. Column order does not matter: long-lived Cloudpods databases differ.
//
//   RequireColumns(conn, "dns_records_tbl", {"id", "name", "dns_zone_id"},
//                  "create it with --create-target-tables");
//
// Thread-safety: uses the caller's connection.
#pragma once

#include <string>
#include <vector>

#include "core/database.h"

namespace cpdns {

bool TableExists(Connection& conn, const std::string& table);

// Throws ConfigError naming the database, the table and every missing column,
// followed by `hint` (what the operator can do about it).
void RequireColumns(Connection& conn, const std::string& table,
                    const std::vector<std::string>& columns, const std::string& hint);

}  // namespace cpdns
