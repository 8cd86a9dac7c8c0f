// What every verification report says about the run it reports on: the database and
// server, the migrator run whose bookkeeping it read, when it ran, and the versions.
// An operator attaching a report to a change ticket needs all of it to tell one report
// from another.
//
//   ReportContext c = ReadReportContext(conn, options.connection, ledger.Run(run_id));
//   c.target = TargetVersion::k311;  c.started_at = UtcNow();
//
// Thread-safety: plain values; ReadReportContext uses the caller's connection.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/connection_options.h"
#include "core/database.h"
#include "core/run_ledger.h"
#include "core/target_version.h"

namespace cpdns {

struct ReportContext {
  std::string database;
  std::string server;          // ConnectionOptions::Describe(): never a password
  std::string server_version;  // SELECT VERSION()
  RunInfo migrator_run;  // run_id "" when no finished run was found
  std::string started_at;  // UTC, "2026-11-26 01:09:00"
  std::string finished_at;
  double seconds = 0;
  std::string tool_version;
  TargetVersion target = TargetVersion::k311;
  std::string dns_domain;

  [[nodiscard]] nlohmann::json Json() const;
};

// The present time in UTC as "YYYY-MM-DD HH:MM:SS".
[[nodiscard]] std::string UtcNow();

// Fills database, server, server_version, and migrator_run from `run`.
[[nodiscard]] ReportContext ReadReportContext(Connection& conn, const ConnectionOptions& options,
                                              std::optional<RunInfo> run);

}  // namespace cpdns
