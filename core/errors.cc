#include "core/errors.h"

#include <utility>

namespace cpdns {

namespace {
std::string FormatDatabaseMessage(const std::string& context, unsigned int errnum,
                                  const std::string& sqlstate, const std::string& message) {
  return context + ": ERROR " + std::to_string(errnum) + " (" + sqlstate + "): " + message;
}
}  // namespace

DatabaseError::DatabaseError(std::string context, unsigned int errnum, std::string sqlstate,
                             std::string server_message, std::string statement, bool retryable)
    : Error(FormatDatabaseMessage(context, errnum, sqlstate, server_message)),
      errnum_(errnum),
      sqlstate_(std::move(sqlstate)),
      server_message_(std::move(server_message)),
      statement_(std::move(statement)),
      retryable_(retryable) {}

}  // namespace cpdns
