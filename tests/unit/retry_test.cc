// RetryTransient: retryable database errors are retried with `recover` between attempts,
// anything else is rethrown at once.
#include "core/retry.h"

#include <gtest/gtest.h>

#include "core/errors.h"

namespace cpdns {
namespace {

DatabaseError Failure(bool retryable) {
  return DatabaseError("test", 2013, "HY000", "Lost connection", "SELECT 1", retryable);
}

TEST(Retry, BackoffDoublesFrom250MsUpTo8s) {
  EXPECT_EQ(BackoffMs(1), 250);
  EXPECT_EQ(BackoffMs(2), 500);
  EXPECT_EQ(BackoffMs(6), 8000);
  EXPECT_EQ(BackoffMs(8), 8000);
}

TEST(Retry, RetryableErrorsAreRetriedWithRecoverBetween) {
  int attempts = 0, recovered = 0;
  RetryTransient(
      "test",
      [&] {
        if (++attempts < 3) throw Failure(true);
      },
      [&] { ++recovered; });
  EXPECT_EQ(attempts, 3);
  EXPECT_EQ(recovered, 2);
}

TEST(Retry, OtherErrorsAreRethrownAtOnce) {
  int attempts = 0, recovered = 0;
  EXPECT_THROW(RetryTransient(
                   "test",
                   [&] {
                     ++attempts;
                     throw Failure(false);
                   },
                   [&] { ++recovered; }),
               DatabaseError);
  EXPECT_EQ(attempts, 1);
  EXPECT_EQ(recovered, 0);
  EXPECT_THROW(RetryTransient("test", [] { throw DataError("warning"); }), DataError);
}

TEST(Retry, AFailingRecoverCountsAsAnAttempt) {
  int attempts = 0;
  RetryTransient(
      "test",
      [&] {
        if (++attempts < 2) throw Failure(true);
      },
      [] { throw Failure(true); });
  EXPECT_EQ(attempts, 2);
}

}  // namespace
}  // namespace cpdns
