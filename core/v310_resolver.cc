#include "core/v310_resolver.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <utility>

namespace cpdns {
namespace {

// pkg/dns/dns.go v3.10.5..v3.10.16: `defaultTTL = 10` when the record's ttl is 0.
constexpr uint32_t kV310DefaultTtl = 10;

// The candidates of DnsRecordManager.QueryDns (pkg/compute/models/dnsrecords.go,
// v3.10.5..v3.10.16): the name, "*.<name>", and for more than two labels (strings.Split
// on ".") the name with its first label replaced by "*".
std::vector<std::string> V310Candidates(std::string_view name) {
  std::vector<std::string> candidates = {std::string(name), "*." + std::string(name)};
  if (std::count(name.begin(), name.end(), '.') >= 2) {
    candidates.push_back("*" + std::string(name.substr(name.find('.'))));
  }
  return candidates;
}

bool SameRow(const ZonedRecord& a, const ZonedRecord& b) {
  return a.zone == b.zone && a.record == b.record;
}

class V310Backend final : public ServiceBackend {
 public:
  V310Backend(const RecordSource& records, const Perspective& who, ChoiceLog& log)
      : records_(records), who_(who), log_(log) {}

  // queryLocalDnsRecords v3.10.5..v3.10.16: the one row, whatever its type; an SRV query
  // reads its value as "priority weight port host".
  std::vector<Service> Services(std::string_view name, QueryType type) override {
    std::optional<ZonedRecord> row = FirstRow(name, "");
    if (!row) return {};
    int64_t ttl = row->record->ttl;
    uint32_t served = ttl == 0 ? kV310DefaultTtl : static_cast<uint32_t>(ttl);
    if (type == QueryType::kSRV) {
      std::optional<Service> srv = ParseRecordSrvValue(row->record->dns_value, served);
      if (!srv) return {};
      return {*srv};
    }
    return {Service{.host = row->record->dns_value, .ttl = served}};
  }

  // reverse.go v3.10.5..v3.10.16 getNameForIp: QueryDns(project, name, "PTR") and its
  // value with the ttl as is. QueryDns returns a non-nil empty record with the
  // "no rows" error, and getNameForIp only checks for nil: without a PTR record the
  // server answers a PTR to "" (the root) with ttl 0, and never reaches the host and
  // guest lookups.
  std::vector<Service> Reverse(std::string_view name) override {
    if (ExtractAddressFromReverse(std::string(name) + ".").empty()) return {};
    std::optional<ZonedRecord> row = FirstRow(name, "PTR");
    if (!row) return {Service{.host = "", .ttl = 0}};
    return {
        Service{.host = row->record->dns_value, .ttl = static_cast<uint32_t>(row->record->ttl)}};
  }

 private:
  // The join of QueryDns with its filters, ORDER BY dns_name DESC, first row. `kind`
  // filters dns_type when not empty (the PTR path only).
  std::optional<ZonedRecord> FirstRow(std::string_view name, std::string_view kind) {
    // Each row with its DnsName(), built once.
    std::vector<std::pair<ZonedRecord, std::string>> rows;
    for (const std::string& candidate : V310Candidates(name)) {
      const std::vector<ZonedRecord>* found = records_.RecordsNamed(candidate);
      if (found == nullptr) {
        log_.Unavailable(candidate);
        continue;
      }
      for (const ZonedRecord& row : *found) {
        const RecordRow& record = *row.record;
        if (record.deleted || !ZoneServes(*row.zone, who_)) continue;
        if (!kind.empty() && CompareAsciiCi(record.dns_type, kind) != 0) continue;
        std::string dns_name = row.DnsName();
        if (CompareUnicodeCi(dns_name, candidate) != 0) continue;
        auto same = [&](const auto& other) { return SameRow(other.first, row); };
        if (std::none_of(rows.begin(), rows.end(), same)) rows.emplace_back(row, std::move(dns_name));
      }
    }
    if (rows.empty()) return std::nullopt;
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      int c = CompareUnicodeCi(a.second, b.second);
      if (c != 0) return c > 0;  // DESC
      c = CompareAsciiCi(a.first.record->id, b.first.record->id);
      return c != 0 ? c < 0 : a.first.record->id < b.first.record->id;
    });
    const std::string& top = rows.front().second;
    std::size_t tied = 1;
    while (tied < rows.size() && CompareUnicodeCi(rows[tied].second, top) == 0) ++tied;
    return rows[log_.Choose(name, tied)].first;
  }

  const RecordSource& records_;
  const Perspective& who_;
  ChoiceLog& log_;
};

}  // namespace

bool ZoneServes(const ZoneRow& zone, const Perspective& who) {
  if (zone.deleted || !zone.enabled.value_or(false)) return false;
  // IsNullOrEmpty("manager_id") renders `manager_id IS NULL OR LENGTH(manager_id) = 0`
  // (sqlchemy at v3.10.16 and v3.11.14): a byte length, so blanks are a manager.
  if (zone.manager_id && !zone.manager_id->empty()) return false;
  if (zone.is_public) return true;
  return !who.anonymous() && CompareAsciiCi(zone.tenant_id, *who.tenant_id) == 0;
}

std::optional<Service> ParseRecordSrvValue(std::string_view value, uint32_t ttl) {
  std::vector<std::string_view> parts = GoSplitN(value, ' ', 4);
  if (parts.size() != 4) return std::nullopt;
  std::optional<int64_t> priority = ParseGoInt(parts[0]);
  std::optional<int64_t> weight = ParseGoInt(parts[1]);
  std::optional<int64_t> port = ParseGoInt(parts[2]);
  if (!priority || !weight || !port) return std::nullopt;
  return Service{.host = std::string(parts[3]),
                 .port = *port,
                 .priority = *priority,
                 .weight = *weight,
                 .ttl = ttl};
}

void RecordTable::Index(const ZoneRow* zone, const RecordRow* record) {
  ZonedRecord row{zone, record};
  std::string name = row.DnsName();
  auto named = by_name_.find(std::string_view(name));
  if (named == by_name_.end()) named = by_name_.try_emplace(std::move(name)).first;
  named->second.push_back(row);
  auto valued = by_value_.find(std::string_view(record->dns_value));
  if (valued == by_value_.end()) valued = by_value_.try_emplace(record->dns_value).first;
  valued->second.push_back(row);
}

void RecordTable::AddZone(ZoneRow zone) {
  zones_.push_back(std::move(zone));
  const ZoneRow* added = &zones_.back();
  auto by_id = zones_by_id_.find(std::string_view(added->id));
  if (by_id == zones_by_id_.end()) by_id = zones_by_id_.try_emplace(added->id).first;
  by_id->second.push_back(added);
  auto it = records_by_zone_id_.find(std::string_view(added->id));
  if (it == records_by_zone_id_.end()) return;
  for (const RecordRow* record : it->second) Index(added, record);
}

void RecordTable::AddRecord(RecordRow record) {
  records_.push_back(std::move(record));
  const RecordRow* added = &records_.back();
  auto by_zone = records_by_zone_id_.find(std::string_view(added->dns_zone_id));
  if (by_zone == records_by_zone_id_.end()) {
    by_zone = records_by_zone_id_.try_emplace(added->dns_zone_id).first;
  }
  by_zone->second.push_back(added);
  auto it = zones_by_id_.find(std::string_view(added->dns_zone_id));
  if (it == zones_by_id_.end()) return;
  for (const ZoneRow* zone : it->second) Index(zone, added);
}

void RecordTable::AddEmptyName(std::string_view fqdn) {
  if (by_name_.find(fqdn) == by_name_.end()) by_name_.try_emplace(std::string(fqdn));
}

void RecordTable::AddEmptyValue(std::string_view value) {
  if (by_value_.find(value) == by_value_.end()) by_value_.try_emplace(std::string(value));
}

void RecordTable::Clear() {
  ClearRecords();
  zones_by_id_.clear();
  zones_.clear();
}

void RecordTable::ClearRecords() {
  by_name_.clear();
  by_value_.clear();
  records_by_zone_id_.clear();
  records_.clear();
}

const std::vector<ZonedRecord>* RecordTable::RecordsNamed(std::string_view fqdn) const {
  static const std::vector<ZonedRecord> kNone;
  auto it = by_name_.find(fqdn);
  if (it != by_name_.end()) return &it->second;
  return coverage_ == Coverage::kPartial ? nullptr : &kNone;
}

const std::vector<ZonedRecord>* RecordTable::RecordsWithValue(std::string_view value) const {
  static const std::vector<ZonedRecord> kNone;
  auto it = by_value_.find(value);
  if (it != by_value_.end()) return &it->second;
  return coverage_ == Coverage::kPartial ? nullptr : &kNone;
}

V310Resolver::V310Resolver(const RecordSource& records, ResolverOptions options)
    : records_(records), options_(std::move(options)) {}

Resolution V310Resolver::Resolve(std::string_view qname, QueryType type,
                                 const Perspective& who) const {
  CoreDnsVersion coredns = options_.coredns.value_or(CoreDnsVersion::k1_3_0);
  // Passed by reference: the std::function then holds no copy of the captures.
  auto run = [&](ChoiceLog& log) {
    V310Backend backend(records_, who, log);
    // No DNSTypeMap check in v3.10 Services: ANY and CAA end as NXDOMAIN.
    return SynthesizeAnswer(backend, qname, type, coredns, /*refuse_unmapped_types=*/false);
  };
  return ResolveWithChoices(std::ref(run));
}

}  // namespace cpdns
