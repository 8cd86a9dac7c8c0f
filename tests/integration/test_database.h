// Integration-test support: connection settings of the private MariaDB that
// scripts/mariadb started (CPDNS_TEST_* variables), and a scratch database per
// test that is created empty and dropped afterwards.
//
//   ScratchDatabase db;                 // named after the running test
//   db.LoadLegacySchema();
//   db.LoadFixture("basic");
//   Connection conn = db.Connect();
//
// Thread-safety: one test thread.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/connection_options.h"
#include "core/database.h"

namespace cpdns::testing {

// Settings for the test server, without a database. Fails the test (throws)
// with instructions when the variables are missing.
ConnectionOptions ServerOptions();

std::filesystem::path SourceDir();

// Strict mode used when loading fixtures, as the migrator writes with it.
inline constexpr std::string_view kStrictSqlMode =
    "STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
    "NO_ENGINE_SUBSTITUTION";

class ScratchDatabase {
 public:
  ScratchDatabase();
  explicit ScratchDatabase(std::string_view tag);
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  const std::string& name() const { return name_; }
  ConnectionOptions options() const;
  Connection Connect() const;

  void LoadLegacySchema();
  void LoadTargetSchema(std::string_view release = "v3.11");
  void LoadMigratorSchema();
  // fixtures/<name>/legacy.sql under strict mode; fails on any warning.
  void LoadFixture(std::string_view fixture);
  // CHECKSUM TABLE of `table`, as text.
  std::string Checksum(std::string_view table) const;
  long long Count(std::string_view table, std::string_view where = "") const;

 private:
  std::string name_;
};

}  // namespace cpdns::testing
