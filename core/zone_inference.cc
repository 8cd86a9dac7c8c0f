#include "core/zone_inference.h"

#include <libpsl.h>
#include <sys/stat.h>

#include <cstddef>
#include <ctime>

#include "core/errors.h"

namespace cpdns {
namespace {

constexpr std::string_view kReverseV4Suffix = ".in-addr.arpa";
// Three address labels plus "in-addr" and "arpa": the /24 reverse zone.
constexpr std::size_t kReverseV4ZoneLabels = 5;

std::size_t CountLabels(std::string_view name) {
  std::size_t labels = 1;
  for (char c : name) labels += c == '.';
  return labels;
}

// The last `labels` labels of a name that has at least that many.
std::string_view LastLabels(std::string_view name, std::size_t labels) {
  std::size_t start = name.size();
  for (std::size_t i = 0; i < labels; ++i) {
    const std::size_t dot = name.rfind('.', start - 1);
    if (dot == std::string_view::npos) return name;
    start = dot;
  }
  return name.substr(start + 1);
}

// Rejects what would otherwise produce a zone that cannot exist: an empty label, or a NUL
// that would cut the name short on its way into libpsl. ('*' is dealt with by Infer.)
bool IsWellFormed(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.back() == '.') return false;
  return name.find("..") == std::string_view::npos && name.find('\0') == std::string_view::npos;
}

}  // namespace

InferenceStrategy ParseInferenceStrategy(std::string_view text) {
  if (text == "psl") return InferenceStrategy::kPsl;
  if (text == "parent") return InferenceStrategy::kParent;
  if (text == "none") return InferenceStrategy::kNone;
  throw ConfigError("unknown zone inference strategy '" + std::string(text) +
                    "': expected psl, parent or none");
}

std::string_view ToString(InferenceStrategy strategy) {
  switch (strategy) {
    case InferenceStrategy::kPsl:
      return "psl";
    case InferenceStrategy::kParent:
      return "parent";
    case InferenceStrategy::kNone:
      return "none";
  }
  return "unknown";
}

std::string_view ToString(InferenceStatus status) {
  switch (status) {
    case InferenceStatus::kInferred:
      return "inferred";
    case InferenceStatus::kApex:
      return "apex";
    case InferenceStatus::kDisabled:
      return "disabled";
    case InferenceStatus::kSingleLabel:
      return "single_label";
    case InferenceStatus::kPublicSuffix:
      return "public_suffix";
    case InferenceStatus::kMalformed:
      return "malformed";
  }
  return "unknown";
}

namespace {

std::string UtcDate(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace

std::string PublicSuffixListVersion() {
  const std::time_t builtin = psl_builtin_file_time();
  std::string newest;
  std::time_t newest_time = builtin;
  for (const char* file : {psl_dist_filename(), psl_builtin_filename()}) {
    struct stat st {};
    if (file == nullptr || *file == '\0' || ::stat(file, &st) != 0) continue;
    if (st.st_mtime > newest_time) {
      newest = file;
      newest_time = st.st_mtime;
    }
  }
  if (!newest.empty()) return newest + " (modified " + UtcDate(newest_time) + ")";
  const char* sha1 = psl_builtin_sha1sum();
  return "libpsl built-in (" + UtcDate(builtin) + ", sha1 " + (sha1 ? sha1 : "?") + ")";
}

void ZoneInferrer::PslFree::operator()(psl_ctx_st* psl) const { psl_free(psl); }

ZoneInferrer::ZoneInferrer(InferenceStrategy strategy) : strategy_(strategy) {
  if (strategy_ != InferenceStrategy::kPsl) return;
  // psl_latest takes the newer of the system list and the built-in copy, so an updated
  // publicsuffix package wins over the list libpsl was compiled with.
  owned_psl_.reset(psl_latest(nullptr));
  psl_ = owned_psl_ ? owned_psl_.get() : psl_builtin();
  if (psl_ == nullptr) {
    throw ConfigError(
        "zone inference 'psl': no Public Suffix List data found (install the publicsuffix "
        "package, or choose the parent or none strategy)");
  }
}

InferredZone ZoneInferrer::Infer(std::string_view fqdn) const {
  if (!IsWellFormed(fqdn)) return {InferenceStatus::kMalformed, {}};
  // No zone holds a '*': the zone is sought in what follows the last label that holds one
  // ("*.x.example.com" and "www.*.example.com" look in x.example.com and example.com), which
  // is then an ancestor of the name and may be the zone itself.
  std::string_view base = fqdn;
  if (const std::size_t star = fqdn.rfind('*'); star != std::string_view::npos) {
    const std::size_t dot = fqdn.find('.', star);
    if (dot == std::string_view::npos) return {InferenceStatus::kMalformed, {}};
    base = fqdn.substr(dot + 1);
  }
  if (strategy_ == InferenceStrategy::kNone) return {InferenceStatus::kDisabled, {}};
  if (base.size() != fqdn.size()) {
    if (strategy_ == InferenceStrategy::kParent)
      return {InferenceStatus::kInferred, std::string(base)};
    return InferPsl(base, /*base_is_ancestor=*/true);
  }
  const std::size_t first_dot = fqdn.find('.');
  if (first_dot == std::string_view::npos) return {InferenceStatus::kSingleLabel, {}};
  if (strategy_ == InferenceStrategy::kParent) {
    return {InferenceStatus::kInferred, std::string(fqdn.substr(first_dot + 1))};
  }
  return InferPsl(fqdn, /*base_is_ancestor=*/false);
}

InferredZone ZoneInferrer::InferPsl(std::string_view name, bool base_is_ancestor) const {
  std::string_view zone;
  if (name.ends_with(kReverseV4Suffix) && CountLabels(name) >= kReverseV4ZoneLabels) {
    zone = LastLabels(name, kReverseV4ZoneLabels);
  } else {
    const std::string terminated(name);  // libpsl takes C strings
    const char* registrable = psl_registrable_domain(psl_, terminated.c_str());
    if (registrable == nullptr) return {InferenceStatus::kPublicSuffix, {}};
    // libpsl returns a pointer into its argument: the registrable domain is a suffix.
    zone = name.substr(static_cast<std::size_t>(registrable - terminated.c_str()));
  }
  // Below a '*', `name` is an ancestor of the name asked about, so a zone equal to it is a
  // proper ancestor too.
  if (zone.size() == name.size() && !base_is_ancestor) {
    return {InferenceStatus::kApex, std::string(zone)};
  }
  return {InferenceStatus::kInferred, std::string(zone)};
}

}  // namespace cpdns
