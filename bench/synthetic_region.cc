#include "bench/synthetic_region.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace cpdns::bench {

namespace {

uint64_t SplitMix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

struct Weighted {
  std::string_view text;
  int weight;
};

template <std::size_t N>
std::string_view Pick(Rng& rng, const std::array<Weighted, N>& items) {
  int total = 0;
  for (const Weighted& w : items) total += w.weight;
  int x = static_cast<int>(rng.Below(static_cast<uint64_t>(total)));
  for (const Weighted& w : items) {
    if (x < w.weight) return w.text;
    x -= w.weight;
  }
  return items.back().text;
}

template <typename T, std::size_t N>
const T& PickUniform(Rng& rng, const std::array<T, N>& items) {
  return items[rng.Below(N)];
}

// Registrable-domain suffixes: listed TLDs, two-label public suffixes, and TLDs the Public
// Suffix List does not know (its default rule makes their registrable domain two labels).
constexpr std::array<Weighted, 14> kTlds = {{{"com", 30},
                                             {"net", 8},
                                             {"org", 6},
                                             {"io", 5},
                                             {"cn", 8},
                                             {"com.cn", 5},
                                             {"co.uk", 3},
                                             {"de", 3},
                                             {"jp", 2},
                                             {"cloud", 3},
                                             {"internal", 12},
                                             {"corp", 6},
                                             {"local", 5},
                                             {"lan", 4}}};

constexpr std::array<std::string_view, 24> kWordsA = {
    "blue",  "red",   "north", "east",  "rapid", "bright", "silver", "green",
    "alpha", "delta", "omega", "prime", "smart", "cloud",  "data",   "micro",
    "open",  "star",  "sun",   "iron",  "nova",  "terra",  "hyper",  "zen"};
constexpr std::array<std::string_view, 24> kWordsB = {
    "falcon", "works",  "labs",   "logistics", "retail", "bank",   "media",  "health",
    "energy", "motors", "foods",  "systems",   "net",    "soft",   "tech",   "travel",
    "games",  "pay",    "stream", "farm",      "grid",   "build",  "market", "school"};

constexpr std::array<std::string_view, 40> kSections = {
    "prod",  "staging", "dev",    "test",   "qa",     "dc1",      "dc2",      "dc3",
    "k8s",   "svc",     "corp",   "office", "lab",    "infra",    "mgmt",     "ops",
    "edge",  "cdn",     "int",    "ext",    "az1",    "az2",      "az3",      "cluster1",
    "cluster2", "rack01", "rack02", "rack03", "rack04", "bj", "sh",       "gz",
    "hk",    "eu",      "us",     "backend", "frontend", "storage", "network", "sandbox"};

constexpr std::array<std::string_view, 26> kHostPrefixes = {
    "web",  "app",   "api",   "db",    "cache", "mq",    "vm",    "node",  "k8s-node",
    "gw",   "lb",    "proxy", "mail",  "git",   "ci",    "mon",   "log",   "es",
    "kafka", "redis", "pg",   "mysql", "ldap",  "vpn",   "nfs",   "host"};

constexpr std::array<std::string_view, 8> kAliasPrefixes = {
    "www", "static", "img", "download", "portal", "docs", "alias", "svc"};

constexpr std::array<std::string_view, 10> kServices = {
    "_ldap", "_kerberos", "_sip", "_xmpp-client", "_http", "_etcd-server", "_mongodb",
    "_minecraft", "_caldav", "_imaps"};

constexpr std::array<std::string_view, 6> kOutsideTargets = {
    "cloudfront.net", "edgekey.net", "kunlunsl.com", "cdn.dnsv1.com", "azureedge.net",
    "fastly.net"};

constexpr std::array<std::string_view, 9> kTtls = {"300", "600", "60", "3600", "86400",
                                                   "120", "1",   "0",  ""};
constexpr std::array<int, 9> kTtlWeights = {35, 15, 10, 15, 5, 5, 5, 5, 5};

int LabelsIn(std::string_view name) {
  return 1 + static_cast<int>(std::count(name.begin(), name.end(), '.'));
}

// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
void CivilFromDays(int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2 ? 1 : 0));
}

std::string Hex(uint64_t v) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

// ---- Rng ----

Rng::Rng(uint64_t seed) {
  uint64_t x = seed;
  for (uint64_t& s : s_) s = SplitMix64(x);
}

uint64_t Rng::Next() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

uint64_t Rng::Below(uint64_t n) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
}

double Rng::Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

// ---- SyntheticRegion ----

const std::vector<std::string>& SyntheticRegion::PrivateProjects() {
  static const std::vector<std::string> kProjects = {
      "c2b7a6d81f3e4a9bb0e5d4c3f2a19087", "3f9c0e7a5b1d42c8a6e4d2b0f8c6a4e2",
      "71d0e5a3c9b84f26a1e7d3c5b9f20e48", "a8e2c4f6b1d3475e9c0a2b4d6f8e1c3a",
      "0d9b8a7c6e5f44d3b2a1c0e9f8d7b6a5"};
  return kProjects;
}

SyntheticRegion::SyntheticRegion(RegionShape shape) : shape_(shape), rng_(shape.seed) {
  // A region's registrable domains do not grow with its rows: a fixed few thousand, so
  // that runs at different sizes differ only in rows per zone.
  const int64_t count = shape_.rows >= 30000 ? 3000 : std::max<int64_t>(10, shape_.rows / 10);
  Rng names(shape_.seed ^ 0x646f6d61696e73ULL);  // own stream: the list never depends on rows
  domains_.reserve(static_cast<std::size_t>(count));
  for (int64_t d = 0; d < count; ++d) {
    char num[24];
    std::snprintf(num, sizeof num, "-%04lld", static_cast<long long>(d));
    domains_.push_back(std::string(PickUniform(names, kWordsA)) +
                       std::string(PickUniform(names, kWordsB)) + num + "." +
                       std::string(Pick(names, kTlds)));
  }
  state_.resize(domains_.size());
}

std::string SyntheticRegion::HostLabel(std::string_view prefix) {
  return std::string(prefix) + "-" + std::to_string(produced_ + 1);
}

std::string SyntheticRegion::Sections(int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    out += '.';
    out += PickUniform(rng_, kSections);
  }
  return out;
}

std::string SyntheticRegion::Ipv4(uint64_t k) const {
  return "10." + std::to_string((k >> 16) & 255) + "." + std::to_string((k >> 8) & 255) + "." +
         std::to_string(k & 255);
}

std::string SyntheticRegion::Ipv6(uint64_t k, bool global) const {
  return (global ? "2001:db8:" : "fd00:") + Hex(1 + (k >> 16)) + ":" + Hex(k & 0xffff) +
         "::" + Hex(1 + k % 4000);
}

std::string SyntheticRegion::Uuid4() {
  uint64_t a = rng_.Next(), b = rng_.Next();
  a = (a & ~0xf000ULL) | 0x4000ULL;                              // version 4
  b = (b & ~(3ULL << 62)) | (2ULL << 62);                        // RFC 4122 variant
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(a >> 32),
                static_cast<unsigned long long>((a >> 16) & 0xffff),
                static_cast<unsigned long long>(a & 0xffff),
                static_cast<unsigned long long>(b >> 48),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

std::string SyntheticRegion::Timestamp(int64_t t) const {
  int y;
  unsigned m, d;
  const int64_t days = t / 86400, secs = t % 86400;
  CivilFromDays(days, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02lld:%02lld:%02lld", y, m, d,
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60));
  return buf;
}

bool SyntheticRegion::Next(GeneratedRow& out) {
  if (produced_ >= shape_.rows) return false;
  out = GeneratedRow{};
  LegacyRow& row = out.row;
  row.id = Uuid4();

  const double kind_draw = rng_.Unit() * 100.0;
  out.kind = kind_draw < 60   ? RowKind::kA
             : kind_draw < 80 ? RowKind::kMulti
             : kind_draw < 88 ? RowKind::kAAAA
             : kind_draw < 93 ? RowKind::kCNAME
             : kind_draw < 97 ? RowKind::kSRV
                              : RowKind::kPTR;
  // Private rows belong to a handful of projects, each using a few dozen domains of its own.
  const bool is_private = rng_.Percent(5);
  const std::size_t project = is_private ? rng_.Below(PrivateProjects().size()) : 0;
  // Skewed: the first domains are large, most are small.
  const double u = rng_.Unit();
  const std::size_t d =
      is_private ? (project * 613 + static_cast<std::size_t>(u * u * 40)) % domains_.size()
                 : std::min(domains_.size() - 1,
                            static_cast<std::size_t>(u * u * static_cast<double>(domains_.size())));
  const std::string& domain = domains_[d];
  DomainState& st = state_[d];
  const int domain_labels = LabelsIn(domain);
  // Labels below the registrable domain: 1 to 4, at most 6 labels in all.
  const double depth_draw = rng_.Unit();
  int below = depth_draw < 0.30 ? 1 : depth_draw < 0.65 ? 2 : depth_draw < 0.90 ? 3 : 4;
  below = std::min(below, 6 - domain_labels);

  std::string records;
  bool plain_host = false;
  switch (out.kind) {
    case RowKind::kA:
    case RowKind::kAAAA:
    case RowKind::kMulti: {
      row.name = HostLabel(PickUniform(rng_, kHostPrefixes)) + Sections(below - 1) + "." + domain;
      out.zone = domain;
      plain_host = true;
      if (out.kind == RowKind::kA) {
        records = "A:" + Ipv4(next_address_++);
      } else if (out.kind == RowKind::kAAAA) {
        records = "AAAA:" + Ipv6(next_v6_++, rng_.Percent(20));
      } else {
        const int values = 2 + static_cast<int>(rng_.Below(3));
        for (int v = 0; v < values; ++v) {
          if (v > 0) records += ',';
          if (rng_.Percent(70)) {
            records += "A:" + Ipv4(next_address_++);
          } else {
            records += "AAAA:" + Ipv6(next_v6_++, rng_.Percent(20));
          }
        }
      }
      break;
    }
    case RowKind::kCNAME: {
      row.name = HostLabel(PickUniform(rng_, kAliasPrefixes)) + Sections(below - 1) + "." + domain;
      out.zone = domain;
      const double t = rng_.Unit();
      std::string target;
      int depth = 1;
      if (t < 0.25 && !st.last_cname.empty() && st.last_cname_depth < 3) {
        target = st.last_cname;  // a chain: CNAME -> CNAME -> ... -> host
        depth = st.last_cname_depth + 1;
      } else if (t < 0.65 && !st.last_host.empty()) {
        target = st.last_host;
      } else {
        target = "d" + Hex(rng_.Next() & 0xffffffffffULL) + "." +
                 std::string(PickUniform(rng_, kOutsideTargets));
      }
      if (rng_.Percent(5)) target += '.';  // the API accepted a trailing dot
      records = "CNAME:" + target;
      st.last_cname = row.name;
      st.last_cname_depth = depth;
      break;
    }
    case RowKind::kSRV: {
      // _service._proto.host[.section].domain: the two service labels count too.
      const int sections = std::max(0, std::min(below, 6 - domain_labels - 2) - 1);
      row.name = std::string(PickUniform(rng_, kServices)) + (rng_.Percent(80) ? "._tcp." : "._udp.") +
                 HostLabel("srv") + Sections(sections) + "." + domain;
      out.zone = domain;
      const std::string host =
          st.last_host.empty() ? "sip-" + std::to_string(produced_ + 1) + "." + domain : st.last_host;
      records = "SRV:" + host + ":" + std::to_string(1 + rng_.Below(65535));
      const double f = rng_.Unit();
      if (f >= 0.2) records += ":" + std::to_string(rng_.Below(101));     // weight
      if (f >= 0.4) records += ":" + std::to_string(rng_.Below(21));      // priority
      break;
    }
    case RowKind::kPTR: {
      // The reverse name of an A value written earlier (the 3.11 resolver derives PTR
      // answers from A records, so the verifier exercises that path too).
      const uint64_t k = 3 * next_ptr_++;
      row.name = std::to_string(k & 255) + "." + std::to_string((k >> 8) & 255) + "." +
                 std::to_string((k >> 16) & 255) + ".10.in-addr.arpa";
      out.zone = std::to_string((k >> 8) & 255) + "." + std::to_string((k >> 16) & 255) +
                 ".10.in-addr.arpa";
      records = "PTR:" + HostLabel("host") + "." + domain;
      break;
    }
  }
  row.records = std::move(records);

  row.is_public = !is_private;
  row.public_scope = is_private ? "none" : "system";
  row.tenant_id = is_private ? PrivateProjects()[project] : std::string(kSystemProject);
  row.domain_id = "default";
  row.enabled = !rng_.Percent(1);
  row.deleted = rng_.Percent(0.5);

  int total = 0;
  for (int w : kTtlWeights) total += w;
  int x = static_cast<int>(rng_.Below(static_cast<uint64_t>(total)));
  std::size_t ti = 0;
  while (x >= kTtlWeights[ti]) x -= kTtlWeights[ti++];
  if (!kTtls[ti].empty()) row.ttl = std::stoll(std::string(kTtls[ti]));

  // Five and a half years of history, in row order, with jitter.
  constexpr int64_t kStart = 1546300800;  // 2019-01-01 00:00:00 UTC
  constexpr int64_t kSpan = 173448000;    // 5.5 years
  const int64_t created = kStart + static_cast<int64_t>(static_cast<double>(kSpan) *
                                                        static_cast<double>(produced_) /
                                                        static_cast<double>(shape_.rows)) +
                          static_cast<int64_t>(rng_.Below(3600));
  row.created_at = Timestamp(created);
  row.updated_at = Timestamp(created + static_cast<int64_t>(rng_.Below(30 * 86400)));
  out.update_version = static_cast<int>(rng_.Below(4));

  if (plain_host) {
    // Operators typed names by hand: a few carry upper case or a trailing dot.
    const double v = rng_.Unit() * 1000.0;
    if (v < 2.0) {
      for (char& c : row.name) {
        if (c == '.') break;
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
    } else if (v < 3.0) {
      row.name += '.';
    }
    if (!is_private && !row.deleted) {
      st.last_host = row.name.back() == '.' ? row.name.substr(0, row.name.size() - 1) : row.name;
      for (char& c : st.last_host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  ++produced_;
  return true;
}

}  // namespace cpdns::bench
