// Retry with backoff: the one policy for database work that a lost connection, a
// restarted server, a lock wait timeout or a deadlock interrupts. The work is repeated
// up to kMaxAttempts times, 250 ms doubling to 8 s apart (rides out a server restart
// without hammering it); between attempts `recover` runs (typically: open a new
// connection). Errors that are not retryable, and the last attempt's, are rethrown.
//
//   RetryTransient("batch=7", [&] { writer.Commit(last_id, counts); },
//                  [&] { conn = Connection::Open(options, "writer"); });
//
// Thread-safety: runs on the caller's thread; shares nothing.
#pragma once

#include <functional>
#include <string_view>

namespace cpdns {

inline constexpr int kMaxAttempts = 8;

// Milliseconds to wait after failed attempt `attempt` (1-based).
[[nodiscard]] int BackoffMs(int attempt);

// Runs `work` until it returns. On a retryable DatabaseError before the last attempt it
// logs `what`, waits, runs `recover` (when given) and tries again; a retryable error
// thrown by `recover` itself counts as that attempt's failure.
void RetryTransient(std::string_view what, const std::function<void()>& work,
                    const std::function<void()>& recover = {});

}  // namespace cpdns
