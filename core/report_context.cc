#include "core/report_context.h"

#include <ctime>


namespace cpdns {

using nlohmann::json;

std::string UtcNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

ReportContext ReadReportContext(Connection& conn, const ConnectionOptions& options,
                                std::optional<RunInfo> run) {
  ReportContext c;
  c.database = options.database.empty() ? conn.QueryValue("SELECT DATABASE()").value_or("")
                                        : options.database;
  c.server = options.Describe();
  c.server_version = conn.QueryValue("SELECT VERSION()").value_or("");
  c.tool_version = CPDNS_VERSION;
  if (run) c.migrator_run = std::move(*run);
  return c;
}

json ReportContext::Json() const {
  json run = nullptr;
  if (!migrator_run.run_id.empty()) {
    run = {{"id", migrator_run.run_id},
           {"status", migrator_run.status},
           {"tool_version", migrator_run.tool_version},
           {"started_at", migrator_run.started_at},
           {"finished_at", migrator_run.finished_at.value_or("")}};
  }
  return {{"database", database},
          {"server", server},
          {"server_version", server_version},
          {"migrator_run", run},
          {"started_at", started_at},
          {"finished_at", finished_at},
          {"seconds", seconds},
          {"tool_version", tool_version},
          {"target_version", std::string(ToString(target))},
          {"dns_domain", dns_domain}};
}

}  // namespace cpdns
