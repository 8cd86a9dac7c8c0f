#include "core/target_version.h"

#include "core/errors.h"

namespace cpdns {

TargetVersion ParseTargetVersion(std::string_view text) {
  if (text == "3.10") return TargetVersion::k310;
  if (text == "3.11") return TargetVersion::k311;
  throw ConfigError("--target-version must be 3.10 or 3.11, not " + std::string(text));
}

std::string_view ToString(TargetVersion v) { return v == TargetVersion::k310 ? "3.10" : "3.11"; }

}  // namespace cpdns
