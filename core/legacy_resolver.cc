#include "core/legacy_resolver.h"

#include <cstdint>
#include <functional>
#include <utility>

namespace cpdns {
namespace {

// pkg/dns/dns.go v3.10.4: `defaultTTL = 10`, applied when the row's ttl is 0 (a NULL
// column reads as 0 in Go).
constexpr uint32_t kLegacyDefaultTtl = 10;

// DNS_RECORDS_SEPARATOR and the "TYPE:" prefixes, pkg/compute/models/dnsrecords.go v3.10.4.
constexpr char kSeparator = ',';
constexpr std::string_view kCnamePrefix = "CNAME:";
constexpr std::string_view kPtrPrefix = "PTR:";

// The records column without copying; NULL reads as "" in Go.
std::string_view RecordsOf(const LegacyRow& row) {
  return row.records ? std::string_view(*row.records) : std::string_view();
}

uint32_t ServedTtl(const LegacyRow& row) {
  int64_t ttl = row.ttl.value_or(0);
  return ttl == 0 ? kLegacyDefaultTtl : static_cast<uint32_t>(ttl);
}

// The SRV entry value "host:port[:weight[:priority]]" as queryLocalDnsRecords reads it.
std::optional<Service> ParseLegacySrv(std::string_view value, uint32_t ttl) {
  std::vector<std::string_view> parts = GoSplitN(value, ':', 4);
  if (parts.size() < 2) return std::nullopt;
  std::optional<int64_t> port = ParseGoInt(parts[1]);
  if (!port) return std::nullopt;
  Service service{
      .host = std::string(parts[0]), .port = *port, .priority = 0, .weight = 100, .ttl = ttl};
  if (parts.size() >= 3) {
    std::optional<int64_t> weight = ParseGoInt(parts[2]);
    if (!weight) return std::nullopt;
    service.weight = *weight;
  }
  if (parts.size() >= 4) {
    std::optional<int64_t> priority = ParseGoInt(parts[3]);
    if (!priority) return std::nullopt;
    service.priority = *priority;
  }
  return service;
}

// The server's ServiceBackend over dnsrecord_tbl.
class LegacyBackend final : public ServiceBackend {
 public:
  LegacyBackend(const LegacyRowSource& rows, const ResolverOptions& options, const Perspective& who,
                ChoiceLog& log)
      : rows_(rows), options_(options), who_(who), log_(log) {}

  std::vector<Service> Services(std::string_view name, QueryType type) override {
    // The observation of v3.10.4 (region-dns-observed.md, "name inside dns_domain") is
    // that such names get host/guest lookups only. The v3.10.4 findRecords tries the
    // records first; the observation wins.
    if (IsStrictlyBelowDomain(name, options_.dns_domain)) return {};
    const LegacyRow* row = FirstRow(name);
    if (row == nullptr) return {};
    return LegacyRowServices(*row, type);
  }

  // reverse.go v3.10.4 getNameForIp: QueryDnsIps(project, name, "PTR") and the first value
  // only, with the row's ttl as is (no default of 10 on this path).
  std::vector<Service> Reverse(std::string_view name) override {
    if (ExtractAddressFromReverse(std::string(name) + ".").empty()) return {};
    const LegacyRow* row = FirstRow(name);
    if (row == nullptr) return {};
    for (std::string_view entry : GoSplit(RecordsOf(*row), kSeparator)) {
      if (entry.starts_with(kPtrPrefix)) {
        return {Service{.host = std::string(entry.substr(kPtrPrefix.size())),
                        .ttl = static_cast<uint32_t>(row->ttl.value_or(0))}};
      }
    }
    return {};
  }

 private:
  // DnsRecordManager.QueryDns v3.10.4: SELECT ... WHERE deleted = 0 AND name = ? AND
  // enabled = 1 AND (is_public = 1 [OR tenant_id = ?]), no ORDER BY, the first row of the
  // result (sqlchemy First: QueryRow). MariaDB reads it through ix_dnsrecord_tbl_name (ref
  // access; a table scan on a tiny table), and an InnoDB secondary index orders equal names
  // by the primary key, as the clustered index does: the first row is the one with the
  // smallest id under ascii_general_ci. That is the data's order, not a plan's, so the
  // choice is known.
  const LegacyRow* FirstRow(std::string_view name) {
    const std::vector<const LegacyRow*>* rows = rows_.RowsNamed(name);
    if (rows == nullptr) {
      log_.Unavailable(name);
      return nullptr;
    }
    const LegacyRow* first = nullptr;
    for (const LegacyRow* row : *rows) {
      if (CompareUnicodeCi(row->name, name) != 0 || row->deleted || !row->enabled) continue;
      bool mine = !who_.anonymous() && CompareAsciiCi(row->tenant_id, *who_.tenant_id) == 0;
      if (!row->is_public && !mine) continue;
      if (first == nullptr) {
        first = row;
        continue;
      }
      int c = CompareAsciiCi(row->id, first->id);
      if (c < 0 || (c == 0 && row->id < first->id)) first = row;
    }
    return first;
  }

  const LegacyRowSource& rows_;
  const ResolverOptions& options_;
  const Perspective& who_;
  ChoiceLog& log_;
};

}  // namespace

const LegacyRow& LegacyTable::Add(LegacyRow row) {
  rows_.push_back(std::move(row));
  const LegacyRow* added = &rows_.back();
  auto it = by_name_.find(std::string_view(added->name));
  if (it == by_name_.end()) it = by_name_.try_emplace(added->name).first;
  it->second.push_back(added);
  return *added;
}

void LegacyTable::AddEmptyName(std::string_view name) {
  if (by_name_.find(name) == by_name_.end()) by_name_.try_emplace(std::string(name));
}

void LegacyTable::Clear() {
  by_name_.clear();
  rows_.clear();
}

const std::vector<const LegacyRow*>* LegacyTable::RowsNamed(std::string_view name) const {
  static const std::vector<const LegacyRow*> kNone;
  auto it = by_name_.find(name);
  if (it != by_name_.end()) return &it->second;
  return coverage_ == Coverage::kPartial ? nullptr : &kNone;
}

std::vector<Service> LegacyRowServices(const LegacyRow& row, QueryType type) {
  std::string_view records = RecordsOf(row);
  uint32_t ttl = ServedTtl(row);
  // rec.IsCNAME() is a prefix test on the whole string, and GetCNAME() the whole rest.
  if (type != QueryType::kCNAME && records.starts_with(kCnamePrefix)) {
    return {Service{.host = std::string(records.substr(kCnamePrefix.size())), .ttl = ttl}};
  }
  std::string prefix = std::string(QueryTypeName(type)) + ":";
  std::vector<Service> services;
  for (std::string_view entry : GoSplit(records, kSeparator)) {
    if (!entry.starts_with(prefix)) continue;
    std::string_view value = entry.substr(prefix.size());
    if (type == QueryType::kSRV) {
      if (std::optional<Service> srv = ParseLegacySrv(value, ttl)) services.push_back(*srv);
      continue;
    }
    services.push_back(Service{.host = std::string(value), .ttl = ttl});
  }
  return services;
}

LegacyResolver::LegacyResolver(const LegacyRowSource& rows, ResolverOptions options)
    : rows_(rows), options_(std::move(options)) {}

Resolution LegacyResolver::Resolve(std::string_view qname, QueryType type,
                                   const Perspective& who) const {
  CoreDnsVersion coredns = options_.coredns.value_or(CoreDnsVersion::k1_3_0);
  // Passed by reference: the std::function then holds no copy of the captures.
  auto run = [&](ChoiceLog& log) {
    LegacyBackend backend(rows_, options_, who, log);
    // v3.10.4 Services has no DNSTypeMap check: ANY and CAA end as NXDOMAIN.
    return SynthesizeAnswer(backend, qname, type, coredns, /*refuse_unmapped_types=*/false);
  };
  return ResolveWithChoices(std::ref(run));
}

}  // namespace cpdns
