#include "core/connection_options.h"

#include <cstdlib>

namespace cpdns {

std::string ConnectionOptions::Describe() const {
  std::string out = user.empty() ? std::string("(default user)") : user;
  out += "@";
  if (!socket.empty() && (host.empty() || host == "localhost")) {
    out += "socket:" + socket;
  } else {
    out += host.empty() ? std::string("localhost") : host;
    if (port != 0) out += ":" + std::to_string(port);
  }
  if (!database.empty()) out += "/" + database;
  return out;
}

void ApplyPasswordFromEnvironment(ConnectionOptions& options) {
  if (options.password) return;
  if (const char* pwd = std::getenv("MYSQL_PWD"); pwd != nullptr) options.password = pwd;
}

}  // namespace cpdns
