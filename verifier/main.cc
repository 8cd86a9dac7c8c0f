// dns-verifier: compares what DNS clients got from the legacy table with what
// the target Cloudpods release answers over the migrated tables, and reports
// the public-cloud records still waiting for their account to resync.
#include <malloc.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/program_options.hpp>
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

Examples:
  dns-verifier --defaults-file ~/.my.cnf -D yunioncloud
  dns-verifier -D yunioncloud --target-version 3.10 --report-json verify.json

Exit code: a bit mask, 0 when nothing differs and nothing is pending:
  1  unexplained differences: answers lost or changed by the migration
  2  differences caused by the target release's own rules (listed, named)
  4  public-cloud records still waiting for their cloud account to resync
  8  error (usage, connection, configuration or database); nothing else is then
     reported
)";

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
  if (vm.count("report-json")) o.report_json = vm["report-json"].as<std::string>();
  o.text_differences = vm["show"].as<std::size_t>();
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
      ("report-json", po::value<std::string>(), "write every difference as JSON to FILE")
      ("show", po::value<std::size_t>()->default_value(10),
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
