#include "core/intermediate_records.h"

#include <array>
#include <charconv>

#include "core/dns_answer.h"
#include "core/dns_name.h"

namespace cpdns {

namespace {

// v3.10.4 vendor/yunion.io/x/cloudmux/pkg/cloudprovider/dnszone.go, SUPPORTED_DNS_TYPES.
constexpr std::array<std::string_view, 19> kKnownTypes = {
    "A",   "AAAA",  "CAA",  "CNAME",        "MX",         "NS",       "SRV",
    "SOA", "TXT",   "PTR",  "DS",           "DNSKEY",     "IPSECKEY", "NAPTR",
    "SPF", "SSHFP", "TLSA", "REDIRECT_URL", "FORWARD_URL"};

// RFC 2181 section 8: a TTL is an unsigned 31-bit number.
constexpr int64_t kMaxTtl = 2147483647;

bool IsServedBy311(std::string_view type) {
  return type == "A" || type == "AAAA" || type == "CNAME" || type == "SRV";
}

bool IsHostName(std::string_view value) {
  NameResult n = NormalizeName(value);
  return n.ok() && !n.value.wildcard;
}

// strconv.Atoi over the fields region-dns splits an SRV value into, limited to what a DNS
// message can carry (16 bits).
bool IsSrvNumber(std::string_view field) {
  if (field.empty()) return false;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  return ec == std::errc() && end == field.data() + field.size() && value <= 65535;
}

// region-dns v3.11.14 splits an SRV value with strings.SplitN(value, " ", 4): single spaces,
// the host last.
bool IsSrvValue(std::string_view value) {
  std::array<std::string_view, 3> numbers;
  std::size_t start = 0;
  for (std::string_view& field : numbers) {
    const std::size_t space = value.find(' ', start);
    if (space == std::string_view::npos) return false;
    field = value.substr(start, space - start);
    start = space + 1;
  }
  for (std::string_view field : numbers) {
    if (!IsSrvNumber(field)) return false;
  }
  return IsHostName(value.substr(start));
}

// Empty when the value is one the v3.11.14 API accepts for its type (or a type whose value
// that API does not check); otherwise what it is not.
std::string ValueProblem(std::string_view type, std::string_view value) {
  if (type == "A") {
    return IsIpv4Address(value) ? "" : "is not an IPv4 address";
  }
  if (type == "AAAA") {
    std::optional<IpAddress> ip = ParseGoIp(value);
    return ip && value.find(':') != std::string_view::npos ? "" : "is not an IPv6 address";
  }
  if (type == "CNAME" || type == "MX") return IsHostName(value) ? "" : "is not a host name";
  if (type == "SRV") {
    return IsSrvValue(value) ? ""
                             : "is not \"priority weight port target\" (numbers 0-65535, "
                               "single spaces, a host name)";
  }
  return "";
}

std::string NotServedDetail(std::string_view type) {
  const std::string t(type);
  if (type == "TXT" || type == "SPF") {
    return "region-dns answers " + t +
           " queries only for the name dns-version: the record is stored, never served";
  }
  if (type == "MX") return "region-dns never answers MX queries from records: stored, never served";
  if (type == "PTR") {
    return "3.11 and later derive PTR answers from A/AAAA records and ignore PTR records: "
           "stored, never served";
  }
  if (type == "NS" || type == "SOA") {
    return "region-dns answers " + t + " queries itself, never from records: stored, never served";
  }
  return "region-dns refuses " + t + " queries: the record is stored, never served";
}

}  // namespace

bool IsKnownDnsType(std::string_view type) {
  for (std::string_view t : kKnownTypes) {
    if (t == type) return true;
  }
  return false;
}

bool TargetServesType(std::string_view type, TargetVersion target) {
  return target == TargetVersion::k310 || IsServedBy311(type);
}

RecordCheck CheckIntermediateRecord(const IntermediateRecordRow& r, std::string_view zone_name,
                                    TargetVersion target) {
  RecordCheck c;
  const std::string& type = r.dns_type;
  if (!IsKnownDnsType(type)) {
    c.rejections.push_back({"unknown_type", "dns_type " + QuoteBytes(type) +
                                                " is not a record type Cloudpods writes "
                                                "(upper case, v3.10.4 SUPPORTED_DNS_TYPES)"});
  }
  c.name = AsciiLower(r.name);
  if (!IsValidRelativeRecordName(c.name)) {
    c.rejections.push_back({"invalid_record_name",
                            "record name " + QuoteBytes(r.name) +
                                " is neither \"@\" nor a relative name the Cloudpods API accepts"});
  } else if (c.name != "@") {
    const std::string full = c.name + "." + std::string(zone_name);
    NameResult n = NormalizeName(full);
    if (n.ok()) {
      c.fqdn = n.value.name;
    } else {
      c.rejections.push_back({"invalid_record_name", "full name " + n.message});
    }
  }
  if (r.ttl < 0 || r.ttl > kMaxTtl) {
    c.rejections.push_back(
        {"invalid_ttl", "ttl " + std::to_string(r.ttl) + " is outside 0-2147483647 (RFC 2181)"});
  }
  if (std::string problem = ValueProblem(type, r.dns_value); !problem.empty()) {
    c.rejections.push_back(
        {"invalid_value", type + " value " + QuoteBytes(r.dns_value) + " " + problem});
  }
  if (!c.ok()) return c;

  if (c.name == "@") {
    c.warnings.push_back({"apex_not_served_by_target",
                          "region-dns compares CONCAT(name, '.', zone) with the query, so a "
                          "record named '@' is stored and never served"});
  }
  if (!IsServedBy311(type)) {
    if (target == TargetVersion::k311) {
      c.warnings.push_back({"type_not_served_by_target", NotServedDetail(type)});
    } else {
      c.warnings.push_back({"any_type_answered_by_target",
                            "3.10.5-3.10.16 answer a query with one record of the name whatever "
                            "its type: this " +
                                type + " value may answer A or CNAME queries"});
    }
  }
  if (type == "MX" && (r.mx_priority < 1 || r.mx_priority > 50)) {
    c.warnings.push_back(
        {"mx_priority_not_api_valid", "mx_priority " + std::to_string(r.mx_priority) +
                                          " is stored as is; the Cloudpods API accepts 1-50 only"});
  }
  if (r.status != "available") {
    c.warnings.push_back({"record_status_reset",
                          "status " + QuoteBytes(r.status) +
                              " in the intermediate model; written \"available\", as Cloudpods "
                              "marks a local record once created"});
  }
  return c;
}

}  // namespace cpdns
