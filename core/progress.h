// Progress of a run over a known number of rows: on a terminal, one line rewritten every
// second ("rows/total, rows/s, ETA"); otherwise a log line every ten seconds.
//
//   Progress progress(::isatty(STDERR_FILENO) != 0, total_rows);
//   progress.Tick(rows_done);   // as often as you like: it rate-limits itself
//   progress.Done();            // clears the terminal line
//
// Thread-safety: one thread.
#pragma once

#include <chrono>
#include <cstdint>

namespace cpdns {

class Progress {
 public:
  Progress(bool terminal, int64_t total) : terminal_(terminal), total_(total) {}
  void Tick(int64_t rows);
  void Done();

 private:
  using Clock = std::chrono::steady_clock;
  bool terminal_;
  int64_t total_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_ = Clock::now();
};

}  // namespace cpdns
