#include "core/progress.h"

#include <spdlog/spdlog.h>

#include <iostream>
#include <string>

namespace cpdns {

void Progress::Tick(int64_t rows) {
  auto now = Clock::now();
  if (now - last_ < std::chrono::seconds(terminal_ ? 1 : 10)) return;
  last_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  double rate = secs > 0 ? static_cast<double>(rows) / secs : 0;
  double eta = rate > 0 ? static_cast<double>(total_ - rows) / rate : 0;
  if (terminal_) {
    std::cerr << "\r" << rows << "/" << total_ << " rows, " << static_cast<int64_t>(rate)
              << " rows/s, ETA " << static_cast<int64_t>(eta) << " s   " << std::flush;
  } else {
    spdlog::info("progress rows={} total={} rows_per_s={} eta_s={}", rows, total_,
                 static_cast<int64_t>(rate), static_cast<int64_t>(eta));
  }
}

void Progress::Done() {
  if (terminal_) std::cerr << "\r" << std::string(60, ' ') << "\r" << std::flush;
}

}  // namespace cpdns
