// dns-migrator: moves Cloudpods' legacy dnsrecord_tbl into dnszones_tbl +
// dns_records_tbl. Parses options, runs core's Migration, maps the outcome to
// the documented exit code.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <boost/program_options.hpp>
#include <csignal>
#include <fstream>
#include <iostream>

#include "core/cli_common.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/migration.h"
#include "core/row_planner.h"

namespace po = boost::program_options;

namespace {

std::atomic<bool> g_stop{false};

extern "C" void OnSignal(int) { g_stop.store(true); }

constexpr const char* kUsageText = R"(Usage: dns-migrator [OPTIONS] [DATABASE]

Moves Cloudpods' legacy DNS table (dnsrecord_tbl, v3.10.4 and earlier) into the
zone + record tables of Cloudpods 3.10.5 and later. Without --execute it only
plans: it compares with the target as it is now and prints what it would change.
Nothing changed in the target since the migration wrote it is ever reverted
(unless --overwrite-changed). The legacy tables are never written.

Connection settings follow the mariadb client: the command line, then the option
files (/etc/my.cnf, /etc/mysql/my.cnf, $MYSQL_HOME/my.cnf, --defaults-extra-file,
~/.my.cnf; groups [client], [client-server], [client-mariadb], [dns-migrator]),
then MYSQL_PWD for the password. --execute, --resume, --rollback, --overwrite-changed,
--intermediate-zones and --intermediate-conflicts are never abbreviated and never
read from an option file.

The intermediate cloud-sync model's local zones (dns_zones_tbl with no cloud
account) are listed in every plan; --intermediate-zones migrate plans each of them
into the new tables, merged into a zone of the same name and owner when there is
one (legacy rows win a name both answer, unless --intermediate-conflicts keep-both),
and with --execute writes their zones, records and VPC links after the legacy rows,
diffed, resumed and rolled back like them.

Examples:
  # what would happen (read only)
  MYSQL_PWD=... dns-migrator --host 10.0.0.5 --user root yunioncloud
  # do it, with a JSON report
  dns-migrator --defaults-file ~/.my.cnf -D yunioncloud --execute --report-json run.json
  # continue a run that was stopped
  dns-migrator -D yunioncloud --execute --resume
  # list the runs; see what undoing the newest would do, then do it
  dns-migrator -D yunioncloud --list-runs
  dns-migrator -D yunioncloud --rollback latest
  dns-migrator -D yunioncloud --rollback latest --execute

Exit codes:
  0  done, every live row migrated (some maybe with warnings); or --list-runs or
     --rollback done (conflicts are in the report, not in the exit code)
  1  done, but some rows were rejected (malformed, no zone, apex): see the report
  2  usage error: a bad option, option value, option file or --config line
  3  more rows would be rejected than --max-rejected allows: nothing written
     (a plan prints itself first)
  4  database error during the run (the message names the statement); an --execute
     run continues from its last committed batch with --execute --resume
  5  the database is not ready: missing tables or columns, the bookkeeping tables
     refuse the request (no run to resume, options differ), sql/ files missing
  6  another migration run holds the lock on this database
  7  interrupted by SIGINT/SIGTERM at a batch boundary: re-run with --execute --resume
  8  cannot connect or log in (host, port, socket, user, password): nothing started
  70 internal error
)";

void IntermediateOptionsFrom(const po::variables_map& vm, cpdns::MigrationOptions& o) {
  o.intermediate_zones = cpdns::ParseIntermediateMode(vm["intermediate-zones"].as<std::string>());
  if (vm.count("intermediate-project")) {
    for (const std::string& v : vm["intermediate-project"].as<std::vector<std::string>>()) {
      o.intermediate_projects.Add(v);
    }
  }
  o.intermediate_conflicts =
      cpdns::ParseIntermediateConflicts(vm["intermediate-conflicts"].as<std::string>());
  const bool migrate = o.intermediate_zones == cpdns::IntermediateMode::kMigrate;
  if (!migrate && (!o.intermediate_projects.empty() || !vm["intermediate-conflicts"].defaulted())) {
    throw cpdns::UsageError("--intermediate-project and --intermediate-conflicts apply to "
                            "--intermediate-zones migrate only");
  }
}

void AddMigrationOptions(po::options_description& run) {
  // clang-format off
  run.add_options()
      ("execute", "write the migration, or do the rollback (default: plan only)")
      ("resume", "continue the newest unfinished run from its checkpoint (implies --execute)")
      ("overwrite-changed", "restore rows changed or deleted in the target since the "
       "migration wrote them (default: keep and report them)")
      ("only-zone", po::value<std::vector<std::string>>()->composing(),
       "migrate only the rows planned into this zone (repeatable)")
      ("only-project", po::value<std::vector<std::string>>()->composing(),
       "migrate only the rows of this project (tenant id; repeatable)")
      ("list-runs", "list the migration runs of this database")
      ("rollback", po::value<std::string>(),
       "undo runs: latest | all | RUN_ID; prints what it would do, --execute does it")
      ("zone", po::value<std::vector<std::string>>()->composing(), "a zone to use (repeatable)")
      ("zones-file", po::value<std::string>(), "file with one zone name a line")
      ("zone-inference", po::value<std::string>()->default_value("psl"),
       "zone for names no given zone covers: psl | parent | none")
      ("target-version", po::value<std::string>()->default_value("3.11"),
       "Cloudpods release that will serve the data: 3.10 | 3.11")
      ("batch-size", po::value<std::size_t>()->default_value(2000),
       "legacy rows per transaction")
      ("write-method", po::value<std::string>()->default_value("load-data"),
       "load-data (the server's bulk path, LOAD DATA LOCAL from memory; falls back to insert "
       "when the server does not allow it) | insert (multi-row INSERT)")
      ("max-rejected", po::value<std::string>(),
       "abort before writing when more rows would be rejected: N or P%")
      ("create-target-tables", "create the new tables when missing (sql/target)")
      ("target-release", po::value<std::string>()->default_value("v3.11"),
       "table definitions for --create-target-tables: v3.11 | v3.10.5")
      ("legacy-table", po::value<std::string>()->default_value("dnsrecord_tbl"), "legacy table")
      ("zones-table", po::value<std::string>()->default_value("dnszones_tbl"), "zones table")
      ("records-table", po::value<std::string>()->default_value("dns_records_tbl"),
       "records table")
      ("intermediate-zones", po::value<std::string>()->default_value("report"),
       "the intermediate model's local zones: report (list them) | migrate (plan them into "
       "the new tables; written with --execute)")
      ("intermediate-project", po::value<std::vector<std::string>>()->composing(),
       "project owning the migrated intermediate zones: PROJECT_ID, or DOMAIN_ID=PROJECT_ID "
       "(repeatable); default: the domain's first project, as Cloudpods picks it")
      ("intermediate-conflicts", po::value<std::string>()->default_value("legacy-wins"),
       "a name legacy rows answer too: legacy-wins | keep-both")
      ("report-json", po::value<std::string>(), "write the full report as JSON to FILE")
      ("report-rows", po::value<std::string>()->default_value("all"),
       "rows listed in the JSON report: all | problems");
  // clang-format on
}

// Every option value checked and turned into MigrationOptions; a bad one throws
// (UsageError, or ConfigError from the value parsers), before anything connects.
cpdns::MigrationOptions OptionsFrom(const po::variables_map& vm) {
  cpdns::MigrationOptions o;
  o.connection = cpdns::ConnectionOptionsFrom(vm);
  o.tables.legacy = vm["legacy-table"].as<std::string>();
  o.tables.zones = vm["zones-table"].as<std::string>();
  o.tables.records = vm["records-table"].as<std::string>();
  for (const std::string& t : {o.tables.legacy, o.tables.zones, o.tables.records}) {
    (void)cpdns::QuoteIdentifier(t);
  }
  if (vm.count("zone")) o.zones = vm["zone"].as<std::vector<std::string>>();
  if (vm.count("zones-file")) {
    std::ifstream in(vm["zones-file"].as<std::string>());
    if (!in) throw cpdns::UsageError("cannot read --zones-file " + vm["zones-file"].as<std::string>());
    std::string line;
    while (std::getline(in, line)) {
      auto b = line.find_first_not_of(" \t\r");
      if (b == std::string::npos || line[b] == '#') continue;
      auto e = line.find_last_not_of(" \t\r");
      o.zones.push_back(line.substr(b, e - b + 1));
    }
  }
  o.inference = cpdns::ParseInferenceStrategy(vm["zone-inference"].as<std::string>());
  const cpdns::ZoneCatalog zones_checked({}, o.zones, o.inference);  // a bad --zone
  o.target = cpdns::ParseTargetVersion(vm["target-version"].as<std::string>());
  o.batch_size = vm["batch-size"].as<std::size_t>();
  if (o.batch_size == 0 || o.batch_size > 100000) {
    throw cpdns::UsageError("--batch-size must be between 1 and 100000");
  }
  const std::string method = vm["write-method"].as<std::string>();
  if (method == "load-data") {
    o.write_method = cpdns::WriteMethod::kLoadData;
  } else if (method == "insert") {
    o.write_method = cpdns::WriteMethod::kInsert;
  } else {
    throw cpdns::UsageError("--write-method must be load-data or insert, not " + method);
  }
  o.execute = vm.count("execute") > 0;
  o.resume = vm.count("resume") > 0;
  if (o.resume) o.execute = true;
  o.create_target_tables = vm.count("create-target-tables") > 0;
  o.target_release = vm["target-release"].as<std::string>();
  if (o.target_release != "v3.11" && o.target_release != "v3.10.5") {
    throw cpdns::UsageError("--target-release must be v3.11 or v3.10.5, not " + o.target_release);
  }
  if (vm.count("rollback")) o.rollback_run = vm["rollback"].as<std::string>();
  o.overwrite_changed = vm.count("overwrite-changed") > 0;
  o.list_runs = vm.count("list-runs") > 0;
  if (vm.count("only-zone")) o.only_zones = vm["only-zone"].as<std::vector<std::string>>();
  if (vm.count("only-project")) {
    o.only_projects = vm["only-project"].as<std::vector<std::string>>();
  }
  if (vm.count("max-rejected")) {
    o.max_rejected = cpdns::RejectLimit::Parse(vm["max-rejected"].as<std::string>());
  }
  if (vm.count("report-json")) o.report_json = vm["report-json"].as<std::string>();
  const std::string rows = vm["report-rows"].as<std::string>();
  if (rows != "all" && rows != "problems") {
    throw cpdns::UsageError("--report-rows must be all or problems, not " + rows);
  }
  o.report_all_rows = rows == "all";
  o.progress_on_terminal = cpdns::ProgressOnTerminal(vm);
  IntermediateOptionsFrom(vm, o);
  return o;
}

int Run(cpdns::MigrationOptions& o) {
  namespace code = cpdns::exit_code;
  try {
    o.connection = cpdns::CheckConnection(o.connection);
  } catch (const cpdns::ConnectError& e) {
    spdlog::error("{}", e.what());
    spdlog::error("nothing was started: check the host, port or socket, the user and the "
                  "password (command line, option files, MYSQL_PWD)");
    return code::kConnect;
  }
  try {
    // Only a run that writes has a batch boundary worth waiting for; a plan or a
    // rollback ends at once on a signal (each rollback step is idempotent).
    if (o.execute && !o.rollback_run) {
      std::signal(SIGINT, OnSignal);
      std::signal(SIGTERM, OnSignal);
      o.stop_requested = &g_stop;
    }
    return cpdns::ExitCodeFor(cpdns::RunMigration(o));
  } catch (const cpdns::LockedError& e) {
    spdlog::error("{}", e.what());
    return code::kLocked;
  } catch (const cpdns::ConfigError& e) {
    spdlog::error("{}", e.what());
    return code::kConfig;
  } catch (const cpdns::DatabaseError& e) {
    spdlog::error("{}", e.what());
    if (!e.statement().empty()) spdlog::error("statement: {}", e.statement());
    if (!o.execute && !o.rollback_run) spdlog::error("this was a plan: nothing was written");
    return code::kDatabase;
  } catch (const cpdns::DataError& e) {
    spdlog::error("{}", e.what());
    return code::kDatabase;
  } catch (const std::exception& e) {
    spdlog::error("internal error: {}", e.what());
    return code::kInternal;
  }
}
}  // namespace

int main(int argc, char** argv) {
  using cpdns::exit_code::kUsage;
  po::options_description conn("Connection (MySQL client conventions)");
  cpdns::AddConnectionOptions(conn);
  po::options_description run("Migration");
  AddMigrationOptions(run);
  cpdns::AddCommonOptions(run);
  po::options_description all;
  all.add(conn).add(run);

  const cpdns::CommandLineSpec spec{&all, &conn, "dns-migrator"};
  po::variables_map vm;
  if (auto code = cpdns::ParseCommandLine(argc, argv, spec, vm, kUsageText, kUsage)) return *code;
  auto o = cpdns::ProgramOptions<cpdns::MigrationOptions>(vm, "dns-migrator", OptionsFrom);
  return o ? Run(*o) : kUsage;
}
