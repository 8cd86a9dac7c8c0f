// The project's SQL definitions (sql/legacy, sql/target/<release>,
// sql/migrator) as files on disk, found and loaded in the order their folder's
// ORDER file gives. Tests, the demo and the programs load the same files.
//
//   std::filesystem::path dir = SqlDirectory() / "target" / "v3.11";
//   LoadSqlFolder(conn, dir);
//
// Thread-safety: free functions; the connection rules of database.h apply.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/database.h"

namespace cpdns {

// $CPDNS_SQL_DIR when set, else <exe>/../share/cloudpods-dns-migrate/sql (installed
// under a prefix), else <exe dir>/sql (a copied binary with sql/ beside it), else the
// source tree's sql/. Throws ConfigError naming the places tried.
std::filesystem::path SqlDirectory();

// The program's argv[0], for SqlDirectory where /proc is not mounted (a chroot).
void SetProgramPath(const char* argv0);

// The .sql files of `folder`, in the order of its ORDER file (one name a line).
std::vector<std::filesystem::path> SqlFilesIn(const std::filesystem::path& folder);

std::string ReadTextFile(const std::filesystem::path& file);

// Splits an SQL script into statements at `;` outside quotes and comments.
// Comment-only pieces are dropped; statements keep their text exactly.
std::vector<std::string> SplitSqlStatements(std::string_view script);

// Runs each statement of `script`; a server warning on any of them is an error
// (DataError) naming `context` and the statement.
void ExecuteSqlScript(Connection& conn, std::string_view script, const std::string& context);

// Executes every file of `folder` in order on `conn`.
void LoadSqlFolder(Connection& conn, const std::filesystem::path& folder);

}  // namespace cpdns
