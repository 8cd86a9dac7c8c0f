// Which project owns a zone migrated from the intermediate cloud-sync model. That model's
// zones belong to a domain only (v3.10.4 pkg/compute/models/dns_zones.go: SDnsZone is an
// SEnabledStatusInfrasResourceBase: domain_id, is_public, public_scope, no project), while a
// dnszones_tbl zone is a shared virtual resource that needs a project (v3.11.14
// dnszones.go: SSharableVirtualResourceBase, tenant_id NOT NULL).
//
// The operator names the project with --intermediate-project: "PROJECT_ID" for every domain,
// "DOMAIN_ID=PROJECT_ID" for one domain (repeatable; a domain's own entry wins). Without one,
// the project is the one Cloudpods itself gives a domain-owned resource that needs a project:
// TenantCacheManager.FindFirstProjectOfDomain (pkg/cloudcommon/db/tenantcache.go, v3.10.4 and
// v3.11.14; used for cloud accounts, sub-accounts and hosts), the live tenant_cache_tbl row of
// the domain with the earliest created_at. When that is not exactly one project (none cached,
// the table absent, or several created in the same second, where the server would pick one
// arbitrarily), nothing is guessed: the zone is refused with `owner_undecided`, and the
// message says which option decides it.
//
//   IntermediateProjectOption projects;
//   projects.Add("default=5d65667d112e47249ae66dbd7bc07030");   // ConfigError when malformed
//   OwnerDecision d = DecideIntermediateOwner("default", projects, &directory);
//   if (!d.ok()) Refuse(d.code, d.detail);  // else d.tenant_id owns the zone
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cpdns {

// --intermediate-project, as given.
class IntermediateProjectOption {
 public:
  // One value of the option: "PROJECT_ID" or "DOMAIN_ID=PROJECT_ID". Throws ConfigError for
  // an empty part, bytes outside printable ASCII, a part over 128 bytes (tenant_id and
  // domain_id are varchar(128) ascii), or a second value for the same domain.
  void Add(std::string_view value);

  bool empty() const { return !any_domain_ && by_domain_.empty(); }
  // The project named for `domain_id`: its own entry, else the one for every domain.
  [[nodiscard]] std::optional<std::string> For(std::string_view domain_id) const;
  // Every project id named, for looking their domains up.
  [[nodiscard]] std::vector<std::string> ProjectIds() const;
  // The values as given, in a stable order (for the run's recorded options).
  [[nodiscard]] std::vector<std::string> Values() const;

 private:
  std::optional<std::string> any_domain_;
  std::map<std::string, std::string, std::less<>> by_domain_;
};

// What tenant_cache_tbl (Cloudpods' cache of keystone projects) says, for the domains and
// projects a run asks about. The I/O piece (intermediate_source.h) fills it.
struct ProjectDirectory {
  // Per domain: the live projects with the earliest created_at, and that time.
  struct FirstProjects {
    std::vector<std::string> ids;  // sorted; more than one when they share the second
    std::string created_at;
  };
  std::map<std::string, FirstProjects, std::less<>> first_of_domain;
  // For each project id asked about that has a live row: its domain_id.
  std::map<std::string, std::string, std::less<>> domain_of_project;
};

enum class OwnerSource {
  kOption,               // --intermediate-project
  kFirstProjectOfDomain  // Cloudpods' FindFirstProjectOfDomain convention
};

struct [[nodiscard]] OwnerDecision {
  std::string tenant_id;  // empty when refused
  OwnerSource source = OwnerSource::kOption;
  // When refused: "owner_undecided" or "owner_project_other_domain", and why. When decided:
  // code empty, detail saying where the project came from (for the plan).
  std::string code;
  std::string detail;

  bool ok() const { return code.empty(); }
};

// `directory` is nullptr when tenant_cache_tbl does not exist.
OwnerDecision DecideIntermediateOwner(std::string_view domain_id,
                                      const IntermediateProjectOption& option,
                                      const ProjectDirectory* directory);

[[nodiscard]] std::string_view ToString(OwnerSource source);

}  // namespace cpdns
