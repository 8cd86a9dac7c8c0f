// Progress of a long pass over legacy rows, on stderr: on a terminal one line
// redrawn each second ("12000/50000 rows, 8000 rows/s, ETA 4 s"), otherwise an
// info log line every 10 seconds with the same figures (so `--quiet` hides it).
//
//   Progress progress(::isatty(STDERR_FILENO) != 0, total_rows);
//   progress.Tick(rows_done);   // as often as you like: it rate-limits itself
//   progress.Tick(rows_done, "names=12 probes=60");   // more figures on the line
//   progress.Done();            // clears the terminal line
//
// Thread-safety: one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace cpdns {

class Progress {
 public:
  Progress(bool terminal, int64_t total);
  // `extra`: more figures for the line ("names=... probes=...").
  void Tick(int64_t rows, const std::string& extra = "");
  void Done();

 private:
  using Clock = std::chrono::steady_clock;
  bool terminal_;
  int64_t total_;
  bool drawn_ = false;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_ = Clock::now();
};

}  // namespace cpdns
