#include "core/progress.h"

#include <spdlog/spdlog.h>

#include <iostream>

namespace cpdns {

Progress::Progress(bool terminal, int64_t total) : terminal_(terminal), total_(total) {}

void Progress::Tick(int64_t rows, const std::string& extra) {
  const auto now = Clock::now();
  if (now - last_ < std::chrono::seconds(terminal_ ? 1 : 10)) return;
  last_ = now;
  const double secs = std::chrono::duration<double>(now - start_).count();
  const double rate = secs > 0 ? static_cast<double>(rows) / secs : 0;
  const int64_t left = total_ > rows ? total_ - rows : 0;
  const auto eta = static_cast<int64_t>(rate > 0 ? static_cast<double>(left) / rate : 0);
  if (terminal_) {
    std::cerr << "\r" << rows << "/" << total_ << " rows, " << static_cast<int64_t>(rate)
              << " rows/s, ETA " << eta << " s" << (extra.empty() ? "" : ", ") << extra << "   "
              << std::flush;
    drawn_ = true;
  } else {
    spdlog::info("progress rows={} total={} rows_per_s={} eta_s={}{}{}", rows, total_,
                 static_cast<int64_t>(rate), eta, extra.empty() ? "" : " ", extra);
  }
}

void Progress::Done() {
  if (drawn_) std::cerr << "\r" << std::string(79, ' ') << "\r" << std::flush;
  drawn_ = false;
}

}  // namespace cpdns
