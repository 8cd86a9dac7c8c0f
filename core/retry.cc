#include "core/retry.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/errors.h"

namespace cpdns {

int BackoffMs(int attempt) { return std::min(8000, 250 << std::min(attempt - 1, 5)); }

void RetryTransient(std::string_view what, const std::function<void()>& work,
                    const std::function<void()>& recover) {
  for (int attempt = 1;; ++attempt) {
    try {
      work();
      return;
    } catch (const DatabaseError& e) {
      if (!e.retryable() || attempt >= kMaxAttempts) throw;
      spdlog::warn("{} attempt={} failed: {}; retrying in {} ms", what, attempt, e.what(),
                   BackoffMs(attempt));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(BackoffMs(attempt)));
    if (!recover) continue;
    try {
      recover();
    } catch (const DatabaseError& e) {
      // Still down: the next attempt of the work fails on its own and waits longer.
      if (!e.retryable()) throw;
      spdlog::warn("{} reconnecting failed: {}", what, e.what());
    }
  }
}

}  // namespace cpdns
