// dns-verifier: compares what DNS clients got from the legacy table with what
// the target Cloudpods release answers over the migrated tables, and reports
// the public-cloud records still waiting for their account to resync.
#include <malloc.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <fstream>
#include <iostream>

#include "core/cli_common.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/verifier.h"

namespace po = boost::program_options;

namespace {

constexpr const char* kUsage = R"(Usage: dns-verifier [OPTIONS] [DATABASE]

Resolves every legacy DNS name the way region-dns v3.10.4 did over dnsrecord_tbl
and the way the target release does over dnszones_tbl + dns_records_tbl, for
each query type (A, AAAA, CNAME, SRV, PTR) and each client (anonymous, and each
project owning a row), plus a child label under each name and its parents. It
only reads. Connection settings and option files as for dns-migrator (and the
mariadb client), with the group [dns-verifier].

The first line of the text summary is the verdict: SAFE (no answer of a real
legacy name lost or changed), SAFE WITH CHANGES (answers of real names lost or
changed by the target release's own rules, listed by rule, or uncertain: they
depend on which of several tied rows MariaDB returns first), or NOT SAFE
(differences no rule explains, or answers lost by rows the migrator skipped).

Examples:
  dns-verifier --defaults-file ~/.my.cnf -D yunioncloud
  dns-verifier -D yunioncloud --report-html verify.html --report-json verify.json
  dns-verifier -D yunioncloud --target-version 3.10 --accept one_value,disabled_served
  dns-verifier -D yunioncloud --live 10.0.0.53 --live-qps 500   # after the upgrade
  dns-verifier -D yunioncloud --export-zones zones/             # review what was written

Exit code: a bit mask, 0 when nothing differs and nothing is pending:
  1  unexplained differences: answers lost or changed by the migration
  2  differences caused by the target release's own rules (listed, named), and
     answers that depend on which tied row MariaDB returns first (uncertain)
  4  public-cloud records still waiting for their cloud account to resync
  8  error (usage, connection, configuration or database); nothing else is then
     reported
 16  answers of real legacy names lost by rows the migrator skipped
 32  local zones of the intermediate cloud-sync model with no zone in the new model
 64  --live: the server did not answer every query as the model predicts
Differences of rules named with --accept set no bit.
)";

cpdns::ReportOptions ReportOptionsFrom(const po::variables_map& vm) {
  cpdns::ReportOptions r;
  if (vm.count("report-json")) r.json_path = vm["report-json"].as<std::string>();
  if (vm.count("report-html")) r.html_path = vm["report-html"].as<std::string>();
  if (vm.count("report-md")) r.md_path = vm["report-md"].as<std::string>();
  r.filter = cpdns::ReportFilter::Parse(vm["report-kinds"].as<std::string>(),
                                        vm["report-probes"].as<std::string>());
  r.accepted_rules = cpdns::ParseAcceptedRules(vm["accept"].as<std::string>());
  r.text_examples = vm["show"].as<std::size_t>();
  return r;
}

cpdns::LiveOptions LiveOptionsFrom(const po::variables_map& vm) {
  cpdns::LiveOptions live;
  live.server = cpdns::LiveEndpoint::Parse(vm["live"].as<std::string>());
  const std::string as = vm["live-as"].as<std::string>();
  if (as != "target" && as != "legacy") {
    throw cpdns::ConfigError("--live-as must be target or legacy, not '" + as + "'");
  }
  live.as_legacy = as == "legacy";
  live.qps = vm["live-qps"].as<double>();
  live.concurrency = vm["live-concurrency"].as<std::size_t>();
  live.timeout = std::chrono::milliseconds(vm["live-timeout"].as<unsigned>());
  if (live.qps < 0 || live.concurrency == 0 || live.timeout.count() == 0) {
    throw cpdns::ConfigError("--live-qps must be >= 0, --live-concurrency and --live-timeout >= 1");
  }
  return live;
}

cpdns::VerifierOptions OptionsFrom(const po::variables_map& vm) {
  cpdns::VerifierOptions o;
  o.connection = cpdns::ConnectionOptionsFrom(vm);
  o.target = cpdns::ParseTargetVersion(vm["target-version"].as<std::string>());
  o.tables.legacy = vm["legacy-table"].as<std::string>();
  o.tables.zones = vm["zones-table"].as<std::string>();
  o.tables.records = vm["records-table"].as<std::string>();
  for (const std::string& t : {o.tables.legacy, o.tables.zones, o.tables.records}) {
    (void)cpdns::QuoteIdentifier(t);
  }
  o.dns_domain = vm["dns-domain"].as<std::string>();
  o.chunk_rows = vm["chunk-rows"].as<std::size_t>();
  if (o.chunk_rows == 0) throw cpdns::UsageError("--chunk-rows must be at least 1");
  o.reports = ReportOptionsFrom(vm);
  if (vm.count("export-zones")) o.export_zones = vm["export-zones"].as<std::string>();
  if (vm.count("live")) o.live = LiveOptionsFrom(vm);
  o.check_cloud = vm.count("no-cloud") == 0;
  o.progress_on_terminal = cpdns::ProgressOnTerminal(vm);
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  // Each chunk of names builds and then drops hundreds of thousands of small strings and
  // hash nodes. glibc's fast bins defer coalescing those to sweeps inside later large
  // allocations, which cost the verifier more CPU than freeing each chunk directly.
  mallopt(M_MXFAST, 0);
  po::options_description conn("Connection (MySQL client conventions)");
  cpdns::AddConnectionOptions(conn);
  po::options_description run("Verification");
  // clang-format off
  run.add_options()
      ("target-version", po::value<std::string>()->default_value("3.11"),
       "Cloudpods release serving the new tables: 3.10 | 3.11")
      ("legacy-table", po::value<std::string>()->default_value("dnsrecord_tbl"), "legacy table")
      ("zones-table", po::value<std::string>()->default_value("dnszones_tbl"), "zones table")
      ("records-table", po::value<std::string>()->default_value("dns_records_tbl"),
       "records table")
      ("dns-domain", po::value<std::string>()->default_value(""),
       "region-dns dns_domain (names under it are host/guest lookups)")
      ("chunk-rows", po::value<std::size_t>()->default_value(2000), "legacy rows per chunk")
      ("report-json", po::value<std::string>(), "write the full report as JSON to FILE")
      ("report-html", po::value<std::string>(),
       "write a self-contained HTML page (verdict, zones, differences) to FILE")
      ("report-md", po::value<std::string>(), "write a Markdown summary to FILE")
      ("report-kinds", po::value<std::string>()->default_value("all"),
       "kinds of differences the reports list: all, or a list of unexplained, "
       "not_migrated, target_rule, uncertain, now_answers")
      ("report-probes", po::value<std::string>()->default_value("legacy_name,parent,covered,intermediate_zone"),
       "probes whose differences the reports list: legacy_name, parent, covered, child, "
       "intermediate_zone, all "
       "(child probes, cpdns-probe.<name>, are left out by default)")
      ("accept", po::value<std::string>()->default_value(""),
       "rules the operator accepts (comma-separated): still reported, but they do not "
       "change the verdict or set an exit bit")
      ("export-zones", po::value<std::string>(),
       "write the local zones of the new tables as RFC 1035 zone files into DIR (one per "
       "zone and owner, and an index zones.tsv)")
      ("live", po::value<std::string>(),
       "also send every probe as a DNS query to the region-dns at HOST[:PORT] and compare "
       "its answers with the model's (as the client this host is: anonymous, unless its "
       "address is a guest's)")
      ("live-as", po::value<std::string>()->default_value("target"),
       "the model --live compares with: target (after the upgrade) | legacy (v3.10.4, before)")
      ("live-qps", po::value<double>()->default_value(200), "--live: queries per second at most (0: no limit)")
      ("live-concurrency", po::value<std::size_t>()->default_value(8), "--live: queries in flight at most")
      ("live-timeout", po::value<unsigned>()->default_value(2000), "--live: milliseconds to wait for a reply")
      ("show", po::value<std::size_t>()->default_value(2),
       "differences of each kind shown in the text summary")
      ("no-cloud", "skip the public-cloud pending-resync report");
  // clang-format on
  cpdns::AddCommonOptions(run);
  po::options_description all;
  all.add(conn).add(run);
  const cpdns::CommandLineSpec spec{&all, &conn, "dns-verifier"};
  po::variables_map vm;
  if (auto code = cpdns::ParseCommandLine(argc, argv, spec, vm, kUsage,
                                          cpdns::verifier_exit::kError)) {
    return *code;
  }
  auto o = cpdns::ProgramOptions<cpdns::VerifierOptions>(vm, "dns-verifier", OptionsFrom);
  if (!o) return cpdns::verifier_exit::kError;
  try {
    o->connection = cpdns::CheckConnection(o->connection);
    cpdns::VerificationResult r = cpdns::RunVerification(*o, std::cout);
    return cpdns::VerifierExitCode(r);
  } catch (const cpdns::DatabaseError& e) {
    spdlog::error("{}", e.what());
    if (!e.statement().empty()) spdlog::error("statement: {}", e.statement());
    return cpdns::verifier_exit::kError;
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return cpdns::verifier_exit::kError;
  }
}
