#include "bench/tsv_writer.h"

#include <stdexcept>

#include "core/database.h"

namespace cpdns::bench {

void AppendTsvCell(std::string& line, const TsvCell& cell) {
  if (!cell) {
    line += "\\N";
    return;
  }
  for (char c : *cell) {
    switch (c) {
      case '\\':
        line += "\\\\";
        break;
      case '\t':
        line += "\\t";
        break;
      case '\n':
        line += "\\n";
        break;
      case '\0':
        line += "\\0";
        break;
      default:
        line += c;
    }
  }
}

TsvWriter::TsvWriter(std::string path, std::string table, std::vector<std::string> columns)
    : path_(std::move(path)), table_(std::move(table)), columns_(std::move(columns)) {
  file_.reset(std::fopen(path_.c_str(), "wb"));
  if (!file_) throw std::runtime_error("cannot create " + path_);
  // Big stdio buffer: a million rows are written in a few hundred writes.
  std::setvbuf(file_.get(), nullptr, _IOFBF, 1 << 20);
}

TsvWriter::~TsvWriter() = default;

void TsvWriter::Row(const std::vector<TsvCell>& cells) {
  if (cells.size() != columns_.size()) {
    throw std::logic_error(table_ + ": row of " + std::to_string(cells.size()) + " cells, " +
                           std::to_string(columns_.size()) + " columns");
  }
  line_.clear();
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line_ += '\t';
    AppendTsvCell(line_, cells[i]);
  }
  line_ += '\n';
  if (std::fwrite(line_.data(), 1, line_.size(), file_.get()) != line_.size()) {
    throw std::runtime_error("writing " + path_ + " failed");
  }
  ++rows_;
}

void TsvWriter::Close() {
  if (!file_) return;
  const bool ok = std::fflush(file_.get()) == 0 && !std::ferror(file_.get());
  const bool closed = std::fclose(file_.release()) == 0;
  if (!ok || !closed) throw std::runtime_error("writing " + path_ + " failed");
}

std::string TsvWriter::LoadStatement(bool local) const {
  // The path is ours (a temporary folder), but quote it like any literal.
  std::string quoted_path = "'";
  for (char c : path_) {
    if (c == '\'' || c == '\\') quoted_path += '\\';
    quoted_path += c;
  }
  quoted_path += "'";
  std::string sql = std::string("LOAD DATA ") + (local ? "LOCAL " : "") + "INFILE " +
                    quoted_path + " INTO TABLE " + QuoteIdentifier(table_) +
                    " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' "
                    "LINES TERMINATED BY '\\n' (";
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    sql += (i ? ", " : "") + QuoteIdentifier(columns_[i]);
  }
  return sql + ")";
}

}  // namespace cpdns::bench
