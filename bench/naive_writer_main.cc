// cpdns-bench-naive-writer: the "naive" baseline of bench/run. It writes a sample of the
// records the migrator wrote, and the bookkeeping row of each, the way a simple tool would:
// one INSERT statement per row, autocommit on (so one transaction and one redo-log flush
// per row), through the same client library and session settings as the migrator (strict
// sql_mode, UTC). The rows go into empty copies of the tables (CREATE TABLE ... LIKE, same
// indexes), in the migrator's write order (legacy id, value position), which are dropped
// afterwards.
//
//   cpdns-bench-naive-writer -S SOCKET -u root -D cpdns_bench --sample 20000
//
// Prints `records=N statements=M seconds=S` on stdout; bench/run extrapolates.
#include <boost/program_options.hpp>
#include <chrono>
#include <iostream>

#include "core/cli_common.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/target_writer.h"

namespace po = boost::program_options;

namespace {

constexpr const char* kRecords = "cpdns_bench_naive_records";
constexpr const char* kMap = "cpdns_bench_naive_map";

}  // namespace

int main(int argc, char** argv) {
  po::options_description desc("cpdns-bench-naive-writer");
  cpdns::AddConnectionOptions(desc);
  desc.add_options()
      ("sample", po::value<long long>()->default_value(20000), "records to write")
      ("help", "show this help");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    if (vm.count("help")) {
      std::cout << desc << "\n";
      return 0;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "cpdns-bench-naive-writer: " << e.what() << "\n";
    return 2;
  }
  try {
    cpdns::Connection c = cpdns::Connection::Open(cpdns::ConnectionOptionsFrom(vm), "naive");
    cpdns::PrepareWriteSession(c);
    const std::string run =
        c.QueryValue("SELECT `run_id` FROM `cpdns_migration_runs` WHERE `status` = 'finished' "
                     "ORDER BY `finished_at` DESC LIMIT 1")
            .value_or("");
    if (run.empty()) throw cpdns::ConfigError("no finished migrator run in this database");
    // The sample is small: read it whole before timing anything.
    const std::vector<cpdns::Row> sample = c.QueryAll(
        "SELECT r.`created_at`, r.`updated_at`, r.`id`, r.`name`, r.`status`, r.`enabled`, "
        "r.`dns_zone_id`, r.`dns_type`, r.`dns_value`, r.`ttl`, m.`legacy_id`, m.`position`, "
        "m.`outcome`, m.`reasons`, m.`detail`, m.`zone_id` FROM `cpdns_migration_map` m JOIN "
        "`dns_records_tbl` r ON r.`id` = m.`record_id` WHERE m.`run_id` = " + c.Literal(run) +
        " ORDER BY m.`legacy_id`, m.`position` LIMIT " +
        std::to_string(vm["sample"].as<long long>()));
    for (const char* t : {kRecords, kMap}) c.Execute(std::string("DROP TABLE IF EXISTS `") + t + "`");
    c.Execute(std::string("CREATE TABLE `") + kRecords + "` LIKE `dns_records_tbl`");
    c.Execute(std::string("CREATE TABLE `") + kMap + "` LIKE `cpdns_migration_map`");
    c.Execute("SET autocommit = 1");

    auto lit = [&c](const cpdns::Cell& v) { return v ? c.Literal(*v) : std::string("NULL"); };
    const std::string run_lit = c.Literal(run);
    long long statements = 0;
    const auto start = std::chrono::steady_clock::now();
    for (const cpdns::Row& r : sample) {
      c.Execute(std::string("INSERT INTO `") + kRecords +
                "` (`created_at`, `updated_at`, `id`, `name`, `status`, `enabled`, "
                "`dns_zone_id`, `dns_type`, `dns_value`, `ttl`, `mx_priority`, `policy_type`, "
                "`policy_value`, `deleted`) VALUES (" + lit(r[0]) + "," + lit(r[1]) + "," +
                lit(r[2]) + "," + lit(r[3]) + "," + lit(r[4]) + "," + lit(r[5]) + "," + lit(r[6]) +
                "," + lit(r[7]) + "," + lit(r[8]) + "," + r[9].value_or("0") + ",0,'','',0)");
      c.Execute(std::string("INSERT INTO `") + kMap +
                "` (`run_id`, `legacy_id`, `position`, `outcome`, `reasons`, `detail`, "
                "`zone_id`, `record_id`) VALUES (" + run_lit + "," + lit(r[10]) + "," +
                r[11].value_or("0") + "," + lit(r[12]) + "," + lit(r[13]) + "," + lit(r[14]) +
                "," + lit(r[15]) + "," + lit(r[2]) + ")");
      statements += 2;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (const char* t : {kRecords, kMap}) c.Execute(std::string("DROP TABLE `") + t + "`");
    std::cout << "records=" << sample.size() << " statements=" << statements
              << " seconds=" << seconds << "\n";
  } catch (const std::exception& e) {
    std::cerr << "cpdns-bench-naive-writer: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
