#include "core/dns_answer.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "core/dns_name.h"
#include "core/wire_name.h"

namespace cpdns {
namespace {

// CoreDNS's plugin.A/AAAA stop following CNAMEs once this many are in the chain
// (backend_lookup.go: `len(previousRecords) > 7`), so at most 8 CNAMEs are followed.
constexpr std::size_t kMaxCnameChain = 8;

// Fixed answers of region-dns (pkg/dns/xfr.go MinTTL, dns.go TXT "dns-version").
constexpr int64_t kSoaTtl = 30;
constexpr int64_t kVersionTxtTtl = 28800;

char LowerChar(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// miekg/dns IsFqdn: ends in a dot that is not escaped by an odd number of backslashes.
bool IsFqdn(std::string_view s) {
  if (s.empty() || s.back() != '.') return false;
  std::size_t backslashes = 0;
  for (std::size_t i = s.size() - 1; i > 0 && s[i - 1] == '\\'; --i) ++backslashes;
  return backslashes % 2 == 0;
}

std::string Fqdn(std::string_view s) {
  std::string out(s);
  if (!IsFqdn(s)) out.push_back('.');
  return out;
}

std::string_view TrimOneDotView(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  return s;
}

std::string TrimOneDot(std::string_view s) { return std::string(TrimOneDotView(s)); }

// Canonical form of a name in an answer: lower case, no trailing dot, root as ".".
std::string CanonicalName(std::string_view fqdn) {
  std::string_view name = TrimOneDotView(fqdn);
  return name.empty() ? std::string(".") : AsciiLower(name);
}

std::vector<std::string_view> Labels(std::string_view name) {
  std::vector<std::string_view> labels;
  std::size_t start = 0;
  while (start < name.size()) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string_view::npos) dot = name.size();
    labels.push_back(name.substr(start, dot - start));
    start = dot + 1;
  }
  return labels;
}

bool LabelEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (LowerChar(a[i]) != LowerChar(b[i])) return false;
  }
  return true;
}

// miekg/dns CompareDomainName: labels the two names share, counted from the right.
std::size_t CommonSuffixLabels(std::string_view a, std::string_view b) {
  if (a == "." || b == ".") return 0;
  std::vector<std::string_view> la = Labels(a), lb = Labels(b);
  std::size_t n = 0;
  while (n < la.size() && n < lb.size() &&
         LabelEqual(la[la.size() - 1 - n], lb[lb.size() - 1 - n])) {
    ++n;
  }
  return n;
}

// CoreDNS plugin.Name(parent).Matches(child): child equals parent or lies below it.
bool NameMatches(std::string_view parent, std::string_view child) {
  return parent == child || CommonSuffixLabels(parent, child) == Labels(parent).size();
}

// Go's float64 -> uint16 conversion on amd64 goes through a 32-bit signed integer:
// out-of-range values and NaN become 0x80000000, whose low 16 bits are 0.
uint16_t GoFloatToUint16(double x) {
  if (!std::isfinite(x) || x >= 2147483648.0 || x < -2147483648.0) return 0;
  return static_cast<uint16_t>(static_cast<uint32_t>(static_cast<int32_t>(x)));
}

AnswerRecord Record(QueryType type, std::string_view owner_fqdn, std::string value, uint32_t ttl) {
  return AnswerRecord{type, CanonicalName(owner_fqdn), std::move(value), ttl};
}

// plugin.A and plugin.AAAA (backend_lookup.go, identical in CoreDNS 1.3.0 and 1.10.1).
// `state_name` is request.Name() (lower case, escaped, fully qualified), `owner` the question
// name as the records carry it, `chain` the CNAME targets already followed. Sets `unpackable`
// when a CNAME target of the answer cannot be packed: then no reply is sent at all.
std::vector<AnswerRecord> AddressRecords(ServiceBackend& backend, QueryType type,
                                         const std::string& state_name, std::string_view owner,
                                         std::vector<std::string>& chain, bool& unpackable) {
  std::vector<Service> services;
  if (state_name == ".") {
    // checkForApex: the zone apex (the Corefile zone is ".") is first looked up as
    // "apex.dns." and only when that yields nothing as itself.
    services = backend.Services("apex.dns", type);
    if (services.empty()) services = backend.Services("", type);
  } else {
    services = backend.Services(TrimOneDotView(state_name), type);
  }

  std::vector<AnswerRecord> records;
  std::set<std::string> seen_hosts;
  for (const Service& service : services) {
    std::optional<IpAddress> ip = ParseGoIp(service.host);
    if (!ip) {
      std::string target = Fqdn(service.host);
      if (NameMatches(state_name, target)) continue;  // x CNAME x, or below x: a loop
      if (chain.size() >= kMaxCnameChain) continue;
      if (std::find(chain.begin(), chain.end(), target) != chain.end()) continue;
      chain.push_back(target);
      // state.NewWithQuestion(serv.Host): the target is read as presentation text, and
      // request.Name() escapes it again.
      std::vector<AnswerRecord> next = AddressRecords(
          backend, type, ServerLookupName(service.host) + ".", target, chain, unpackable);
      chain.pop_back();
      if (!next.empty()) {
        unpackable = unpackable || !IsPackableName(target);
        records.push_back(Record(QueryType::kCNAME, owner, CanonicalName(target), service.ttl));
        records.insert(records.end(), next.begin(), next.end());
      }
      continue;
    }
    if (ip->IsV4() != (type == QueryType::kA)) continue;  // the other family: dropped
    if (seen_hosts.insert(service.host).second) {
      records.push_back(Record(type, owner, FormatGoIp(*ip), service.ttl));
    }
  }
  return records;
}

// request.Name() of the client's question, without the trailing dot.
std::string StateName(std::string_view qname) { return ServerQueryName(qname); }

Answer CnameAnswer(ServiceBackend& backend, std::string_view qname) {
  std::vector<Service> services = backend.Services(StateName(qname), QueryType::kCNAME);
  // plugin.CNAME looks at the first service only.
  if (services.empty() || ParseGoIp(services.front().host)) return Answer::NoAnswer();
  const Service& first = services.front();
  if (!IsPackableName(first.host)) return Answer::NoResponse();
  return Answer::FromRecords(
      {Record(QueryType::kCNAME, Fqdn(qname), CanonicalName(Fqdn(first.host)), first.ttl)});
}

Answer SrvAnswer(ServiceBackend& backend, std::string_view qname, CoreDnsVersion coredns) {
  std::vector<Service> services = backend.Services(StateName(qname), QueryType::kSRV);
  std::vector<uint16_t> weights = RescaleSrvWeights(services, coredns);
  std::vector<AnswerRecord> records;
  for (std::size_t i = 0; i < services.size(); ++i) {
    const Service& service = services[i];
    if (service.port == -1) continue;  // CoreDNS skips port -1 (kubernetes' "no port")
    if (ParseGoIp(service.host)) {
      // An address as SRV target makes CoreDNS synthesise a target from the service's etcd
      // key; region-dns leaves the key empty and msg.Domain("") slices out of range. The
      // panic is recovered by the server, which answers SERVFAIL.
      return Answer::ServerFailure();
    }
    if (!IsPackableName(service.host)) return Answer::NoResponse();
    std::string value = std::to_string(static_cast<uint16_t>(service.priority)) + " " +
                        std::to_string(weights[i]) + " " +
                        std::to_string(static_cast<uint16_t>(service.port)) + " " +
                        CanonicalName(Fqdn(service.host));
    records.push_back(Record(QueryType::kSRV, Fqdn(qname), std::move(value), service.ttl));
  }
  return Answer::FromRecords(std::move(records));
}

Answer PtrAnswer(ServiceBackend& backend, std::string_view qname) {
  std::vector<Service> services = backend.Reverse(StateName(qname));
  std::vector<AnswerRecord> records;
  std::set<std::string> seen_hosts;
  for (const Service& service : services) {
    if (ParseGoIp(service.host)) continue;  // plugin.PTR keeps names only
    if (!seen_hosts.insert(service.host).second) continue;
    if (!IsPackableName(service.host)) return Answer::NoResponse();
    records.push_back(
        Record(QueryType::kPTR, Fqdn(qname), CanonicalName(Fqdn(service.host)), service.ttl));
  }
  return Answer::FromRecords(std::move(records));
}

}  // namespace

std::string_view QueryTypeName(QueryType type) {
  switch (type) {
    case QueryType::kA:
      return "A";
    case QueryType::kAAAA:
      return "AAAA";
    case QueryType::kCNAME:
      return "CNAME";
    case QueryType::kSRV:
      return "SRV";
    case QueryType::kPTR:
      return "PTR";
    case QueryType::kMX:
      return "MX";
    case QueryType::kTXT:
      return "TXT";
    case QueryType::kSOA:
      return "SOA";
    case QueryType::kNS:
      return "NS";
    case QueryType::kANY:
    case QueryType::kCAA:
      return "";
  }
  return "";
}

Answer Answer::FromRecords(std::vector<AnswerRecord> records) {
  if (records.empty()) return Answer::NoAnswer();
  Answer answer(Outcome::kAnswered);
  std::sort(records.begin(), records.end(), [](const AnswerRecord& a, const AnswerRecord& b) {
    return std::tie(a.owner, a.type, a.value, a.ttl) < std::tie(b.owner, b.type, b.value, b.ttl);
  });
  answer.records_ = std::move(records);
  return answer;
}

std::string Answer::ToString() const {
  switch (outcome_) {
    case Outcome::kNoAnswer:
      return "no local answer";
    case Outcome::kRefused:
      return "REFUSED";
    case Outcome::kServerFailure:
      return "SERVFAIL";
    case Outcome::kNoResponse:
      return "no response";
    case Outcome::kAnswered:
      break;
  }
  std::string out;
  for (const AnswerRecord& r : records_) {
    if (!out.empty()) out += "; ";
    std::string_view type = QueryTypeName(r.type);
    out += r.owner + " " + std::to_string(r.ttl) + " " + std::string(type) + " " + r.value;
  }
  // Names in answers are data from the tables: a control byte must not reach a terminal.
  std::string safe;
  for (char c : out) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b != 0x7f) {
      safe += c;
      continue;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    safe += "\\x";
    safe += kHex[b >> 4];
    safe += kHex[b & 0xf];
  }
  return safe;
}

std::string NormalizeQueryName(std::string_view qname) { return AsciiLower(TrimOneDotView(qname)); }

bool IsStrictlyBelowDomain(std::string_view name, std::string_view domain) {
  std::string zone = TrimOneDot(domain);
  if (zone.empty()) return false;
  std::string qname = TrimOneDot(name);
  std::size_t zone_labels = Labels(zone).size();
  return Labels(qname).size() > zone_labels && CommonSuffixLabels(zone, qname) == zone_labels;
}

Answer SynthesizeAnswer(ServiceBackend& backend, std::string_view qname, QueryType type,
                        CoreDnsVersion coredns, bool refuse_unmapped_types) {
  switch (type) {
    case QueryType::kA:
    case QueryType::kAAAA: {
      std::vector<std::string> chain;
      std::string owner = Fqdn(qname);
      bool unpackable = false;
      std::vector<AnswerRecord> records =
          AddressRecords(backend, type, StateName(qname) + ".", owner, chain, unpackable);
      if (unpackable) return Answer::NoResponse();
      return Answer::FromRecords(std::move(records));
    }
    case QueryType::kCNAME:
      return CnameAnswer(backend, qname);
    case QueryType::kSRV:
      return SrvAnswer(backend, qname, coredns);
    case QueryType::kPTR:
      return PtrAnswer(backend, qname);
    case QueryType::kMX:
      // plugin.MX keeps services marked Mail, which region-dns never sets.
      return Answer::NoAnswer();
    case QueryType::kTXT:
      // Services answers TXT itself, for the single name "dns-version" only.
      if (NormalizeQueryName(qname) != "dns-version") return Answer::NoAnswer();
      return Answer::FromRecords({Record(QueryType::kTXT, Fqdn(qname), "0.0.1", kVersionTxtTtl)});
    case QueryType::kSOA:
      // plugin.SOA for the zone "." whatever the name; the serial is the clock.
      return Answer::FromRecords(
          {AnswerRecord{QueryType::kSOA, ".", "ns.dns hostmaster 7200 1800 86400 30", kSoaTtl}});
    case QueryType::kNS:
      // Services dereferences nsAddr(), which returns nil (pkg/dns/ns.go): SERVFAIL.
      return Answer::ServerFailure();
    case QueryType::kANY:
    case QueryType::kCAA:
      // The fake A lookup of the default branch: its records are dropped, so NXDOMAIN;
      // v3.11 Services refuses types outside DNSTypeMap first.
      return refuse_unmapped_types ? Answer::Refused() : Answer::NoAnswer();
  }
  return Answer::NoAnswer();
}

std::size_t ChoiceLog::Choose(std::string_view name, std::size_t n) {
  (void)name;
  if (n <= 1) return 0;
  const std::size_t step = sizes_.size();
  sizes_.push_back(n);
  return step < path_.size() ? std::min(path_[step], n - 1) : 0;
}

void ChoiceLog::Unavailable(std::string_view name) {
  if (std::find(unavailable_.begin(), unavailable_.end(), name) == unavailable_.end()) {
    unavailable_.emplace_back(name);
  }
}

Resolution ResolveWithChoices(const std::function<Answer(ChoiceLog&)>& run) {
  Resolution resolution;
  std::vector<std::vector<std::size_t>> pending = {{}};
  std::size_t runs = 0;
  while (!pending.empty()) {
    if (runs == kMaxChoiceRuns) {
      resolution.possible_complete = false;
      break;
    }
    std::vector<std::size_t> path = std::move(pending.back());
    pending.pop_back();
    ChoiceLog log(path);
    Answer answer = run(log);
    if (runs++ == 0) resolution.answer = answer;
    resolution.ambiguous = resolution.ambiguous || log.ambiguous();
    for (const std::string& name : log.unavailable()) {
      auto& u = resolution.unavailable_names;
      if (std::find(u.begin(), u.end(), name) == u.end()) u.push_back(name);
    }
    auto& possible = resolution.possible_answers;
    if (std::find(possible.begin(), possible.end(), answer) == possible.end()) {
      possible.push_back(std::move(answer));
    }
    // Every other choice at the steps this run took by default, each with the steps before
    // it as this run took them; deeper steps first, so the defaults stay first.
    const std::vector<std::size_t>& sizes = log.choice_sizes();
    for (std::size_t step = sizes.size(); step-- > path.size();) {
      for (std::size_t choice = sizes[step] - 1; choice >= 1; --choice) {
        std::vector<std::size_t> next = path;
        next.resize(step, 0);
        next.push_back(choice);
        pending.push_back(std::move(next));
      }
    }
  }
  return resolution;
}

std::vector<uint16_t> RescaleSrvWeights(const std::vector<Service>& services,
                                        CoreDnsVersion coredns) {
  // Sums wrap like Go's int on overflow.
  std::map<int64_t, uint64_t> sums;
  for (const Service& s : services) {
    int64_t weight = s.weight != 0 ? s.weight : 100;
    sums[s.priority] += static_cast<uint64_t>(weight);
  }
  std::vector<uint16_t> out;
  out.reserve(services.size());
  for (const Service& s : services) {
    double w1 = 100.0 / static_cast<double>(static_cast<int64_t>(sums[s.priority]));
    w1 *= s.weight == 0 ? 100.0 : static_cast<double>(s.weight);
    uint16_t weight = GoFloatToUint16(std::floor(w1));
    if (weight == 0 && coredns == CoreDnsVersion::k1_10_1) weight = 1;
    out.push_back(weight);
  }
  return out;
}

std::vector<std::string_view> GoSplit(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    std::size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

std::vector<std::string_view> GoSplitN(std::string_view s, char sep, std::size_t n) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (parts.size() + 1 < n) {
    std::size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) break;
    parts.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
  parts.push_back(s.substr(start));
  return parts;
}

std::optional<int64_t> ParseGoInt(std::string_view text) {
  std::size_t i = 0;
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    i = 1;
  }
  if (i == text.size()) return std::nullopt;
  uint64_t magnitude = 0;
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (magnitude > (limit - digit) / 10) return std::nullopt;
    magnitude = magnitude * 10 + digit;
  }
  return negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
}

bool IpAddress::IsV4() const {
  for (int i = 0; i < 10; ++i) {
    if (bytes[i] != 0) return false;
  }
  return bytes[10] == 0xff && bytes[11] == 0xff;
}

std::optional<IpAddress> ParseGoIp(std::string_view text) {
  std::size_t sep = text.find_first_of(".:");
  if (sep == std::string_view::npos || text.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  // inet_pton needs a terminated string; no address in either family is this long
  // (the longest IPv6 text is 45 characters).
  char s[64];
  if (text.size() >= sizeof(s)) return std::nullopt;
  std::copy(text.begin(), text.end(), s);
  s[text.size()] = '\0';
  IpAddress ip;
  // glibc's inet_pton has Go's rules for both families (no leading zeros in IPv4 fields,
  // exactly four of them; no zone in IPv6).
  if (text[sep] == '.') {
    unsigned char v4[4];
    if (inet_pton(AF_INET, s, v4) != 1) return std::nullopt;
    ip.bytes[10] = ip.bytes[11] = 0xff;
    std::copy(v4, v4 + 4, ip.bytes.begin() + 12);
    return ip;
  }
  if (inet_pton(AF_INET6, s, ip.bytes.data()) != 1) return std::nullopt;
  return ip;
}

std::string FormatGoIp(const IpAddress& ip) {
  const auto& b = ip.bytes;
  if (ip.IsV4()) {
    char text[16];  // "255.255.255.255"
    char* end = text;
    for (int i = 12; i < 16; ++i) {
      if (i > 12) *end++ = '.';
      end = std::to_chars(end, text + sizeof(text), b[i]).ptr;
    }
    return std::string(text, end);
  }
  uint16_t groups[8];
  for (int i = 0; i < 8; ++i) groups[i] = static_cast<uint16_t>(b[2 * i] << 8 | b[2 * i + 1]);
  int best_start = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_len) best_start = i, best_len = j - i;
    i = j > i ? j : i + 1;
  }
  if (best_len < 2) best_start = -1;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out.push_back(':');
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int nibble = (groups[i] >> shift) & 0xf;
      if (nibble != 0 || started || shift == 0) {
        out.push_back(kHex[nibble]);
        started = true;
      }
    }
  }
  return out;
}

std::string ExtractAddressFromReverse(std::string_view fqdn) {
  constexpr std::string_view kV4 = ".in-addr.arpa.", kV6 = ".ip6.arpa.";
  bool v6 = false;
  std::string_view search;
  if (fqdn.size() >= kV4.size() && fqdn.substr(fqdn.size() - kV4.size()) == kV4) {
    search = fqdn.substr(0, fqdn.size() - kV4.size());
  } else if (fqdn.size() >= kV6.size() && fqdn.substr(fqdn.size() - kV6.size()) == kV6) {
    search = fqdn.substr(0, fqdn.size() - kV6.size());
    v6 = true;
  } else {
    return "";
  }
  std::vector<std::string_view> parts = GoSplit(search, '.');
  std::reverse(parts.begin(), parts.end());
  std::string joined;
  if (!v6) {
    for (std::size_t i = 0; i < parts.size(); ++i) {
      joined += (i ? "." : "") + std::string(parts[i]);
    }
    std::optional<IpAddress> ip = ParseGoIp(joined);
    return ip && ip->IsV4() ? FormatGoIp(*ip) : "";
  }
  // Four labels make one group; leftover labels are dropped, as in CoreDNS's reverse6.
  for (std::size_t g = 0; g < parts.size() / 4; ++g) {
    if (g) joined.push_back(':');
    for (std::size_t k = 0; k < 4; ++k) joined += parts[g * 4 + k];
  }
  std::optional<IpAddress> ip = ParseGoIp(joined);
  return ip ? FormatGoIp(*ip) : "";
}

// PAD SPACE: the shorter side continues with spaces.
}  // namespace cpdns
