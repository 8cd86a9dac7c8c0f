// cpdns-bench-dump-tsv: streams the result of one SELECT into a file in the text form
// LOAD DATA reads by default (NULL as \N, bytes exact), so that bench/run can time the
// server bulk-loading exactly the rows the migrator wrote. The server's own SELECT ... INTO
// OUTFILE is not used: secure_file_priv is usually NULL, and the file would belong to the
// server's user.
//
//   cpdns-bench-dump-tsv -S SOCKET -u root -D db --sql 'SELECT * FROM t' --out t.tsv
//
// Prints `rows=N` on stdout.
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <memory>

#include "bench/tsv_writer.h"
#include "core/cli_common.h"
#include "core/database.h"
#include "core/errors.h"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  po::options_description desc("cpdns-bench-dump-tsv");
  cpdns::AddConnectionOptions(desc);
  desc.add_options()
      ("sql", po::value<std::string>()->required(), "the SELECT to dump")
      ("out", po::value<std::string>()->required(), "file to write")
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
    std::cerr << "cpdns-bench-dump-tsv: " << e.what() << "\n";
    return 2;
  }
  try {
    cpdns::ConnectionOptions opts = cpdns::ConnectionOptionsFrom(vm);
    cpdns::Connection conn = cpdns::Connection::Open(opts, "dump");
    conn.Execute("SET SESSION time_zone='+00:00'");
    const std::string out = vm["out"].as<std::string>();
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(out.c_str(), "wb"),
                                                         &std::fclose);
    if (!file) throw cpdns::ConfigError("cannot create " + out);
    std::setvbuf(file.get(), nullptr, _IOFBF, 1 << 20);
    cpdns::RowStream rows = conn.Stream(vm["sql"].as<std::string>());
    cpdns::Row row;
    std::string line;
    long long n = 0;
    while (rows.Next(row)) {
      line.clear();
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (i > 0) line += '\t';
        cpdns::bench::AppendTsvCell(line, row[i]);
      }
      line += '\n';
      if (std::fwrite(line.data(), 1, line.size(), file.get()) != line.size()) {
        throw cpdns::ConfigError("writing " + out + " failed");
      }
      ++n;
    }
    if (std::fflush(file.get()) != 0) throw cpdns::ConfigError("writing " + out + " failed");
    std::cout << "rows=" << n << "\n";
  } catch (const std::exception& e) {
    std::cerr << "cpdns-bench-dump-tsv: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
