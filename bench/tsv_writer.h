// TsvWriter writes one table's rows in the text form `LOAD DATA [LOCAL] INFILE` reads by
// default (fields split by tab, lines by newline, '\' escapes, \N for NULL), and gives the
// statement that loads the file back with the same column list. The benchmarks use it to
// bulk-load generated data and to dump what the migrator wrote.
//
//   TsvWriter w("/tmp/x/dnsrecord_tbl.tsv", "dnsrecord_tbl", {"id", "name", "records"});
//   w.Row({std::string("r1"), std::string("www.example.com"), std::nullopt});
//   w.Close();                                  // throws when the file could not be written
//   std::string sql = w.LoadStatement(true);    // LOAD DATA LOCAL INFILE ... (`id`, ...)
//
// Thread-safety: one writer per thread.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cpdns::bench {

using TsvCell = std::optional<std::string>;

// Appends `cell` in LOAD DATA's default text form.
void AppendTsvCell(std::string& line, const TsvCell& cell);

class TsvWriter {
 public:
  TsvWriter(std::string path, std::string table, std::vector<std::string> columns);
  TsvWriter(const TsvWriter&) = delete;
  TsvWriter& operator=(const TsvWriter&) = delete;
  ~TsvWriter();

  // One row, a cell per column.
  void Row(const std::vector<TsvCell>& cells);
  // Flushes and closes; throws std::runtime_error on a write error.
  void Close();

  int64_t rows() const { return rows_; }
  const std::string& path() const { return path_; }
  // `LOAD DATA [LOCAL] INFILE '<path>' INTO TABLE `<table>` ... (<columns>)`.
  std::string LoadStatement(bool local) const;

 private:
  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::string path_;
  std::string table_;
  std::vector<std::string> columns_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::string line_;
  int64_t rows_ = 0;
};

}  // namespace cpdns::bench
