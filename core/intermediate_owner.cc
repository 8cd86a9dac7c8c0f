#include "core/intermediate_owner.h"

#include "core/dns_name.h"
#include "core/errors.h"

namespace cpdns {

namespace {

// tenant_id and domain_id are varchar(128) ascii in every table they appear in.
constexpr std::size_t kMaxIdBytes = 128;

std::string CheckedId(std::string_view part, std::string_view what, std::string_view value) {
  if (part.empty()) {
    throw ConfigError("--intermediate-project " + QuoteBytes(value) + ": the " + std::string(what) +
                      " is empty; give PROJECT_ID or DOMAIN_ID=PROJECT_ID");
  }
  if (part.size() > kMaxIdBytes) {
    throw ConfigError("--intermediate-project " + QuoteBytes(value) + ": the " + std::string(what) +
                      " is longer than 128 bytes");
  }
  for (char c : part) {
    if (c <= ' ' || c > '~') {
      throw ConfigError("--intermediate-project " + QuoteBytes(value) + ": the " +
                        std::string(what) + " holds a byte that is not printable ASCII");
    }
  }
  return std::string(part);
}

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

OwnerDecision Refuse(std::string code, std::string detail) {
  OwnerDecision d;
  d.code = std::move(code);
  d.detail = std::move(detail);
  return d;
}

}  // namespace

void IntermediateProjectOption::Add(std::string_view value) {
  const std::size_t eq = value.find('=');
  if (eq == std::string_view::npos) {
    std::string project = CheckedId(value, "project id", value);
    if (any_domain_ && *any_domain_ != project) {
      throw ConfigError("--intermediate-project " + QuoteBytes(value) +
                        ": a project for every domain was given twice (" + *any_domain_ +
                        "); give it once, and DOMAIN_ID=PROJECT_ID for the others");
    }
    any_domain_ = std::move(project);
    return;
  }
  std::string domain = CheckedId(value.substr(0, eq), "domain id", value);
  std::string project = CheckedId(value.substr(eq + 1), "project id", value);
  auto [it, inserted] = by_domain_.try_emplace(domain, project);
  if (!inserted && it->second != project) {
    throw ConfigError("--intermediate-project " + QuoteBytes(value) + ": domain " + domain +
                      " already has project " + it->second);
  }
}

std::optional<std::string> IntermediateProjectOption::For(std::string_view domain_id) const {
  if (auto it = by_domain_.find(domain_id); it != by_domain_.end()) return it->second;
  return any_domain_;
}

std::vector<std::string> IntermediateProjectOption::ProjectIds() const {
  std::vector<std::string> out;
  if (any_domain_) out.push_back(*any_domain_);
  for (const auto& [domain, project] : by_domain_) out.push_back(project);
  return out;
}

std::vector<std::string> IntermediateProjectOption::Values() const {
  std::vector<std::string> out;
  if (any_domain_) out.push_back(*any_domain_);
  for (const auto& [domain, project] : by_domain_) out.push_back(domain + "=" + project);
  return out;
}

std::string_view ToString(OwnerSource source) {
  switch (source) {
    case OwnerSource::kOption:
      return "option";
    case OwnerSource::kFirstProjectOfDomain:
      return "first_project_of_domain";
  }
  return "?";
}

OwnerDecision DecideIntermediateOwner(std::string_view domain_id,
                                      const IntermediateProjectOption& option,
                                      const ProjectDirectory* directory) {
  const std::string domain(domain_id);
  if (std::optional<std::string> project = option.For(domain_id)) {
    // A project Cloudpods knows in another domain would give the zone an owner its own
    // domain's administrators cannot see; one it does not know is taken on the operator's word.
    if (directory != nullptr) {
      auto it = directory->domain_of_project.find(*project);
      if (it != directory->domain_of_project.end() && it->second != domain) {
        return Refuse("owner_project_other_domain",
                      "--intermediate-project " + *project + " is a project of domain " +
                          it->second + " (tenant_cache_tbl), the zone belongs to domain " + domain +
                          ": give --intermediate-project " + domain + "=PROJECT_ID");
      }
    }
    OwnerDecision d;
    d.tenant_id = *project;
    d.source = OwnerSource::kOption;
    d.detail = "project " + *project + " from --intermediate-project";
    return d;
  }
  const std::string ask = "; name the owner with --intermediate-project " + domain +
                          "=PROJECT_ID (or PROJECT_ID for every domain)";
  if (directory == nullptr) {
    return Refuse("owner_undecided",
                  "the zone belongs to domain " + domain +
                      " and has no project; tenant_cache_tbl, where Cloudpods finds a "
                      "domain's first project, does not exist" +
                      ask);
  }
  auto it = directory->first_of_domain.find(domain_id);
  if (it == directory->first_of_domain.end() || it->second.ids.empty()) {
    return Refuse("owner_undecided", "the zone belongs to domain " + domain +
                                         ", of which tenant_cache_tbl holds no live project" + ask);
  }
  const ProjectDirectory::FirstProjects& first = it->second;
  if (first.ids.size() > 1) {
    return Refuse("owner_undecided", "the zone belongs to domain " + domain +
                                         ", whose first projects in "
                                         "tenant_cache_tbl were created in the same second (" +
                                         first.created_at + "): " + JoinIds(first.ids) +
                                         "; Cloudpods would pick one of them arbitrarily" + ask);
  }
  OwnerDecision d;
  d.tenant_id = first.ids.front();
  d.source = OwnerSource::kFirstProjectOfDomain;
  d.detail = "project " + d.tenant_id + ", the first project of domain " + domain +
             " (tenant_cache_tbl, created " + first.created_at +
             "), as Cloudpods gives a domain's resources a project; --intermediate-project "
             "chooses another";
  return d;
}

}  // namespace cpdns
