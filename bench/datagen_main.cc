// cpdns-bench-datagen: writes a synthetic region (bench/synthetic_region.h and
// bench/cloud_section.h) as TSV files plus `load.sql`, the LOAD DATA LOCAL statements that
// bulk-load them into a database holding the sql/legacy tables. bench/generate drives it.
//
//   cpdns-bench-datagen --rows 1000000 --seed 1 --out /tmp/gen
//   mariadb --local-infile=1 DB < /tmp/gen/load.sql
//
// Prints one line of counts (key=value) on stdout.
#include <boost/program_options.hpp>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <set>
#include <string>

#include "bench/cloud_section.h"
#include "bench/synthetic_region.h"
#include "bench/tsv_writer.h"

namespace po = boost::program_options;

namespace {

using cpdns::bench::TsvCell;

TsvCell S(std::string v) { return TsvCell(std::move(v)); }
TsvCell B(bool b) { return TsvCell(b ? "1" : "0"); }

}  // namespace

int main(int argc, char** argv) {
  po::options_description desc("cpdns-bench-datagen");
  desc.add_options()
      ("rows", po::value<long long>()->required(), "legacy rows to generate")
      ("seed", po::value<unsigned long long>()->default_value(1), "random seed")
      ("out", po::value<std::string>()->required(), "existing folder for the TSV files")
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
    std::cerr << "cpdns-bench-datagen: " << e.what() << "\n" << desc << "\n";
    return 2;
  }
  try {
    const std::string dir = vm["out"].as<std::string>();
    cpdns::bench::RegionShape shape{vm["rows"].as<long long>(),
                                    vm["seed"].as<unsigned long long>()};
    cpdns::bench::SyntheticRegion region(shape);
    // Every NOT NULL column is written, defaults included, so the load does not lean on
    // the table's defaults.
    cpdns::bench::TsvWriter legacy(
        dir + "/dnsrecord_tbl.tsv", "dnsrecord_tbl",
        {"created_at", "updated_at", "update_version", "deleted_at", "deleted", "id",
         "description", "is_emulated", "name", "status", "progress", "domain_id", "tenant_id",
         "project_src", "is_system", "pending_deleted", "freezed", "is_public", "public_scope",
         "records", "enabled", "ttl"});
    cpdns::bench::GeneratedRow g;
    long long by_kind[6] = {0, 0, 0, 0, 0, 0};
    long long deleted = 0, disabled = 0, private_rows = 0;
    std::set<std::string> zones;  // (zone, owner) the migrator should create
    while (region.Next(g)) {
      const cpdns::LegacyRow& r = g.row;
      legacy.Row({S(r.created_at), S(r.updated_at), S(std::to_string(g.update_version)),
                  r.deleted ? S(r.updated_at) : std::nullopt, B(r.deleted), S(r.id), std::nullopt,
                  B(false), S(r.name), S("available"), S("100"), S(r.domain_id), S(r.tenant_id),
                  S("local"), B(false), B(false), B(false), B(r.is_public), S(r.public_scope),
                  r.records, B(r.enabled), r.ttl ? S(std::to_string(*r.ttl)) : std::nullopt});
      ++by_kind[static_cast<int>(g.kind)];
      deleted += r.deleted;
      disabled += !r.enabled;
      private_rows += !r.is_public;
      if (!r.deleted) zones.insert(g.zone + "|" + r.tenant_id + "|" + (r.is_public ? "1" : "0"));
    }
    legacy.Close();

    std::vector<std::string> loads = {legacy.LoadStatement(true)};
    for (std::string& s : cpdns::bench::WriteCloudSection(shape, dir)) loads.push_back(std::move(s));
    std::ofstream sql(dir + "/load.sql");
    sql << "SET NAMES utf8mb4;\n"
           "SET SESSION sql_mode='STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
           "NO_ENGINE_SUBSTITUTION';\n"
           "SET SESSION time_zone='+00:00';\n";
    for (const std::string& s : loads) {
      // Each load is followed by its warning count: the caller fails on anything but 0.
      sql << s << ";\nSELECT @@warning_count;\n";
    }
    sql.close();
    if (!sql) throw std::runtime_error("writing " + dir + "/load.sql failed");

    std::cout << "rows=" << legacy.rows() << " a=" << by_kind[0] << " multi=" << by_kind[1]
              << " aaaa=" << by_kind[2] << " cname=" << by_kind[3] << " srv=" << by_kind[4]
              << " ptr=" << by_kind[5] << " private=" << private_rows << " disabled=" << disabled
              << " deleted=" << deleted << " domains=" << region.registrable_domains().size()
              << " expected_zones=" << zones.size() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "cpdns-bench-datagen: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
