#include "core/v311_resolver.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>

namespace cpdns {
namespace {

// pkg/dns/dns.go v3.11.0+: `defaultTTL = 300` when the record's ttl is 0.
constexpr uint32_t kV311DefaultTtl = 300;

// The candidates of DnsRecordManager.QueryDns (pkg/compute/models/dnsrecords.go v3.11.x):
// the name, "*.<name>", and for more than two labels "*.<parent>" and the parent. Views
// into `name` and the object's own strings, so it must not outlive `name`.
class V311Candidates {
 public:
  explicit V311Candidates(std::string_view name) : wild_name_("*." + std::string(name)) {
    list_[0] = name;
    list_[1] = wild_name_;
    if (std::count(name.begin(), name.end(), '.') >= 2) {
      std::string_view parent = name.substr(name.find('.') + 1);
      wild_parent_ = "*." + std::string(parent);
      list_[2] = wild_parent_;
      list_[3] = parent;
      size_ = 4;
    }
  }
  V311Candidates(const V311Candidates&) = delete;
  V311Candidates& operator=(const V311Candidates&) = delete;

  const std::string_view* begin() const { return list_; }
  const std::string_view* end() const { return list_ + size_; }

 private:
  std::string wild_name_, wild_parent_;
  std::string_view list_[4];
  std::size_t size_ = 2;
};

bool IdBefore(const RecordRow& a, const RecordRow& b) {
  int c = CompareAsciiCi(a.id, b.id);
  return c != 0 ? c < 0 : a.id < b.id;
}

class V311Backend final : public ServiceBackend {
 public:
  V311Backend(const RecordSource& records, const ResolverOptions& options, const Perspective& who,
              ChoiceLog& log)
      : records_(records), options_(options), who_(who), log_(log) {}

  // queryLocalDnsRecords v3.11.x: every row of the winning name; for SRV one value the
  // server cannot read empties the whole answer.
  std::vector<Service> Services(std::string_view name, QueryType type) override {
    // findRecords v3.11.0+: names below dns_domain skip the records (isMyDomain).
    if (IsStrictlyBelowDomain(name, options_.dns_domain)) return {};
    std::vector<ZonedRecord> rows = WinningRows(name, QueryTypeName(type));
    if (type == QueryType::kCNAME && rows.size() > 1) {
      // plugin.CNAME uses the first row only, and within one name the order is MariaDB's.
      std::size_t first = log_.Choose(name, rows.size());
      std::rotate(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(first),
                  rows.begin() + static_cast<std::ptrdiff_t>(first) + 1);
    }
    std::vector<Service> services;
    for (const ZonedRecord& row : rows) {
      int64_t ttl = row.record->ttl;
      uint32_t served = ttl == 0 ? kV311DefaultTtl : static_cast<uint32_t>(ttl);
      if (type == QueryType::kSRV) {
        std::optional<Service> srv = ParseRecordSrvValue(row.record->dns_value, served);
        if (!srv) return {};
        services.push_back(*srv);
        continue;
      }
      services.push_back(Service{.host = row.record->dns_value, .ttl = served});
    }
    return services;
  }

  // reverse.go v3.11.x getNameForIp: QueryPtr(project, ip) finds enabled records of type
  // AAAA (when the address has a ':', regutils.MatchIP6Addr) or A whose dns_value equals
  // the address; each answers with its CONCAT'ed name and its ttl as is.
  std::vector<Service> Reverse(std::string_view name) override {
    std::string ip = ExtractAddressFromReverse(std::string(name) + ".");
    if (ip.empty()) return {};
    std::string_view kind = ip.find(':') != std::string::npos ? "AAAA" : "A";
    const std::vector<ZonedRecord>* found = records_.RecordsWithValue(ip);
    if (found == nullptr) {
      log_.Unavailable(ip);
      return {};
    }
    std::vector<ZonedRecord> rows;
    for (const ZonedRecord& row : *found) {
      if (Serves(row, kind) && CompareAsciiCi(row.record->dns_value, ip) == 0) {
        rows.push_back(row);
      }
    }
    std::sort(rows.begin(), rows.end(), [](const ZonedRecord& a, const ZonedRecord& b) {
      return IdBefore(*a.record, *b.record);
    });
    std::vector<Service> services;
    for (const ZonedRecord& row : rows) {
      services.push_back(
          Service{.host = row.DnsName(), .ttl = static_cast<uint32_t>(row.record->ttl)});
    }
    return services;
  }

 private:
  // QueryDns: records not deleted, enabled = 1 (NULL is not), dns_type = kind
  // (ascii_general_ci), in a zone that serves the client.
  bool Serves(const ZonedRecord& row, std::string_view kind) const {
    const RecordRow& record = *row.record;
    return !record.deleted && record.enabled.value_or(false) &&
           CompareAsciiCi(record.dns_type, kind) == 0 && ZoneServes(*row.zone, who_);
  }

  std::vector<ZonedRecord> WinningRows(std::string_view name, std::string_view kind) {
    // Each row with its DnsName(), built once.
    std::vector<std::pair<ZonedRecord, std::string>> named;
    for (std::string_view candidate : V311Candidates(name)) {
      const std::vector<ZonedRecord>* found = records_.RecordsNamed(candidate);
      if (found == nullptr) {
        log_.Unavailable(candidate);
        continue;
      }
      for (const ZonedRecord& row : *found) {
        if (!Serves(row, kind)) continue;
        std::string dns_name = row.DnsName();
        if (CompareUnicodeCi(dns_name, candidate) != 0) continue;
        auto same = [&](const auto& o) {
          return o.first.zone == row.zone && o.first.record == row.record;
        };
        if (std::none_of(named.begin(), named.end(), same)) {
          named.emplace_back(row, std::move(dns_name));
        }
      }
    }
    std::vector<ZonedRecord> rows;
    if (named.empty()) return rows;
    // Ids order rows of one name, standing in for MariaDB's order there.
    std::sort(named.begin(), named.end(), [](const auto& a, const auto& b) {
      if (a.second != b.second) return V311NameBefore(a.second, b.second);
      return IdBefore(*a.first.record, *b.first.record);
    });
    // Go compares the winning name with == : rows whose names differ only in letter case
    // matched the SQL filter but are not served.
    const std::string& winner = named.front().second;
    for (const auto& [row, dns_name] : named) {
      if (dns_name != winner) break;
      rows.push_back(row);
    }
    return rows;
  }

  const RecordSource& records_;
  const ResolverOptions& options_;
  const Perspective& who_;
  ChoiceLog& log_;
};

}  // namespace

bool V311NameBefore(std::string_view a, std::string_view b) {
  // strings.Split on "." yields one label more than there are dots.
  auto dots_a = std::count(a.begin(), a.end(), '.'), dots_b = std::count(b.begin(), b.end(), '.');
  if (dots_a != dots_b) return dots_a > dots_b;
  std::string_view first_a = a.substr(0, a.find('.')), first_b = b.substr(0, b.find('.'));
  if (first_a != first_b) {
    if (first_a == "*") return false;
    if (first_b == "*") return true;
  }
  return a < b;
}

V311Resolver::V311Resolver(const RecordSource& records, ResolverOptions options)
    : records_(records), options_(std::move(options)) {}

Resolution V311Resolver::Resolve(std::string_view qname, QueryType type,
                                 const Perspective& who) const {
  CoreDnsVersion coredns = options_.coredns.value_or(CoreDnsVersion::k1_10_1);
  // Passed by reference: the std::function then holds no copy of the captures.
  auto run = [&](ChoiceLog& log) {
    V311Backend backend(records_, options_, who, log);
    // v3.11 Services refuses types outside its DNSTypeMap (ANY, CAA).
    return SynthesizeAnswer(backend, qname, type, coredns, /*refuse_unmapped_types=*/true);
  };
  return ResolveWithChoices(std::ref(run));
}

}  // namespace cpdns
