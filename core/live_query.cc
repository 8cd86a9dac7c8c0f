#include "core/live_query.h"

#include <arpa/inet.h>
#include <ldns/ldns.h>
#include <netdb.h>

#include <charconv>
#include <cstdlib>
#include <memory>

#include "core/errors.h"

namespace cpdns {

namespace {

struct RdfFree {
  void operator()(ldns_rdf* r) const { ldns_rdf_deep_free(r); }
};
struct PktFree {
  void operator()(ldns_pkt* p) const { ldns_pkt_free(p); }
};
using RdfPtr = std::unique_ptr<ldns_rdf, RdfFree>;
using PktPtr = std::unique_ptr<ldns_pkt, PktFree>;

std::string Str(char* owned) {
  std::string s = owned != nullptr ? owned : "";
  std::free(owned);
  return s;
}

std::string RdfText(const ldns_rdf* rdf) { return rdf == nullptr ? "" : Str(ldns_rdf2str(rdf)); }

// As dns_answer.h writes names: lower case, no trailing dot, the root as ".".
std::string CanonicalName(std::string s) {
  if (s.size() > 1 && s.back() == '.') s.pop_back();
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

ldns_rr_type RrType(QueryType t) {
  switch (t) {
    case QueryType::kA: return LDNS_RR_TYPE_A;
    case QueryType::kAAAA: return LDNS_RR_TYPE_AAAA;
    case QueryType::kCNAME: return LDNS_RR_TYPE_CNAME;
    case QueryType::kSRV: return LDNS_RR_TYPE_SRV;
    case QueryType::kPTR: return LDNS_RR_TYPE_PTR;
    case QueryType::kMX: return LDNS_RR_TYPE_MX;
    case QueryType::kTXT: return LDNS_RR_TYPE_TXT;
    case QueryType::kSOA: return LDNS_RR_TYPE_SOA;
    case QueryType::kNS: return LDNS_RR_TYPE_NS;
    case QueryType::kANY: return LDNS_RR_TYPE_ANY;
    case QueryType::kCAA: return LDNS_RR_TYPE_CAA;
  }
  return LDNS_RR_TYPE_A;
}

// One answer record in the models' form; false for a type no model answers.
bool ToAnswerRecord(const ldns_rr* rr, AnswerRecord& out) {
  out.owner = CanonicalName(RdfText(ldns_rr_owner(rr)));
  out.ttl = ldns_rr_ttl(rr);
  auto field = [rr](std::size_t i) { return ldns_rr_rdf(rr, i); };
  switch (ldns_rr_get_type(rr)) {
    case LDNS_RR_TYPE_A:
    case LDNS_RR_TYPE_AAAA: {
      out.type = ldns_rr_get_type(rr) == LDNS_RR_TYPE_A ? QueryType::kA : QueryType::kAAAA;
      std::string text = RdfText(field(0));
      auto ip = ParseGoIp(text);
      out.value = ip ? FormatGoIp(*ip) : text;
      return true;
    }
    case LDNS_RR_TYPE_CNAME:
    case LDNS_RR_TYPE_PTR:
      out.type = ldns_rr_get_type(rr) == LDNS_RR_TYPE_CNAME ? QueryType::kCNAME : QueryType::kPTR;
      out.value = CanonicalName(RdfText(field(0)));
      return true;
    case LDNS_RR_TYPE_SRV:
      if (ldns_rr_rd_count(rr) != 4) return false;
      out.type = QueryType::kSRV;
      out.value = std::to_string(ldns_rdf2native_int16(field(0))) + " " +
                  std::to_string(ldns_rdf2native_int16(field(1))) + " " +
                  std::to_string(ldns_rdf2native_int16(field(2))) + " " +
                  CanonicalName(RdfText(field(3)));
      return true;
    default:
      return false;
  }
}

LiveReply ReplyFromPacket(const ldns_pkt* pkt) {
  LiveReply r;
  r.status = LiveStatus::kReplied;
  ldns_pkt_rcode rcode = ldns_pkt_get_rcode(pkt);
  ldns_lookup_table* name = ldns_lookup_by_id(ldns_rcodes, rcode);
  r.rcode = name != nullptr ? name->name : "RCODE" + std::to_string(rcode);
  std::vector<AnswerRecord> records;
  std::string foreign;
  const ldns_rr_list* answer = ldns_pkt_answer(pkt);
  for (std::size_t i = 0; answer != nullptr && i < ldns_rr_list_rr_count(answer); ++i) {
    const ldns_rr* rr = ldns_rr_list_rr(answer, i);
    AnswerRecord rec;
    if (ToAnswerRecord(rr, rec)) {
      records.push_back(std::move(rec));
    } else {
      std::string line = Str(ldns_rr2str(rr));
      while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
      foreign += (foreign.empty() ? "" : "; ") + line;
    }
  }
  switch (rcode) {
    case LDNS_RCODE_NOERROR:
      r.answer = Answer::FromRecords(std::move(records));
      break;
    case LDNS_RCODE_NXDOMAIN:
      r.answer = Answer::NoAnswer();
      r.comparable = records.empty();
      break;
    case LDNS_RCODE_SERVFAIL:
      r.answer = Answer::ServerFailure();
      break;
    case LDNS_RCODE_REFUSED:
      r.answer = Answer::Refused();
      break;
    default:
      r.comparable = false;
  }
  if (!foreign.empty()) r.comparable = false;
  r.text = r.comparable ? r.answer.ToString() : r.rcode;
  if (!r.comparable && r.answer.answered()) r.text += ": " + r.answer.ToString();
  if (!foreign.empty()) r.text += "; records no model answers: " + foreign;
  return r;
}

}  // namespace

LiveEndpoint LiveEndpoint::Parse(std::string_view text) {
  LiveEndpoint e;
  std::string_view host = text, port;
  if (!text.empty() && text.front() == '[') {
    std::size_t close = text.find(']');
    if (close == std::string_view::npos) throw ConfigError("--live: missing ']' in " + std::string(text));
    host = text.substr(1, close - 1);
    if (close + 1 < text.size()) {
      if (text[close + 1] != ':') throw ConfigError("--live: expected ':' after ']' in " + std::string(text));
      port = text.substr(close + 2);
    }
  } else if (std::size_t colon = text.rfind(':');
             colon != std::string_view::npos && text.find(':') == colon) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (host.empty()) throw ConfigError("--live: give HOST[:PORT], e.g. 10.0.0.53 or [::1]:5353");
  e.host = host;
  if (!port.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      throw ConfigError("--live: bad port '" + std::string(port) + "' (1-65535)");
    }
    e.port = static_cast<uint16_t>(value);
  }
  return e;
}

std::string LiveEndpoint::ToString() const {
  return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

LiveReply ReplyFromWire(const uint8_t* wire, std::size_t size) {
  ldns_pkt* raw = nullptr;
  if (ldns_wire2pkt(&raw, wire, size) != LDNS_STATUS_OK || raw == nullptr) {
    LiveReply r;
    r.status = LiveStatus::kReplied;
    r.comparable = false;
    r.text = r.rcode = "unparsable reply";
    return r;
  }
  PktPtr pkt(raw);
  return ReplyFromPacket(pkt.get());
}

namespace {

// The server's address as ldns wants it: a literal, or the first address the name has.
RdfPtr AddressOf(const std::string& host) {
  if (ldns_rdf* a = ldns_rdf_new_frm_str(LDNS_RDF_TYPE_A, host.c_str())) return RdfPtr(a);
  if (ldns_rdf* aaaa = ldns_rdf_new_frm_str(LDNS_RDF_TYPE_AAAA, host.c_str())) return RdfPtr(aaaa);
  addrinfo hints{};
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (rc != 0 || found == nullptr) {
    throw ConfigError("--live: cannot resolve " + host + ": " + gai_strerror(rc));
  }
  char text[INET6_ADDRSTRLEN] = {};
  const void* addr = found->ai_family == AF_INET
                         ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr)
                         : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(found->ai_addr)->sin6_addr);
  inet_ntop(found->ai_family, addr, text, sizeof text);
  ldns_rdf_type type = found->ai_family == AF_INET ? LDNS_RDF_TYPE_A : LDNS_RDF_TYPE_AAAA;
  freeaddrinfo(found);
  return RdfPtr(ldns_rdf_new_frm_str(type, text));
}

}  // namespace

DnsClient::DnsClient(const LiveEndpoint& server, std::chrono::milliseconds timeout, int attempts) {
  RdfPtr address = AddressOf(server.host);
  resolver_ = ldns_resolver_new();
  if (resolver_ == nullptr || address == nullptr ||
      ldns_resolver_push_nameserver(resolver_, address.get()) != LDNS_STATUS_OK) {
    if (resolver_ != nullptr) ldns_resolver_deep_free(resolver_);
    throw ConfigError("--live: cannot set up a DNS client for " + server.ToString());
  }
  ldns_resolver_set_port(resolver_, server.port);
  ldns_resolver_set_recursive(resolver_, false);
  ldns_resolver_set_dnssec(resolver_, false);
  ldns_resolver_set_defnames(resolver_, false);
  ldns_resolver_set_dnsrch(resolver_, false);
  // TCP only on truncation, done here so that it is counted.
  ldns_resolver_set_fallback(resolver_, false);
  ldns_resolver_set_usevc(resolver_, false);
  ldns_resolver_set_retry(resolver_, static_cast<uint8_t>(std::max(1, attempts)));
  ldns_resolver_set_retrans(resolver_, 0);
  timeval tv{};
  tv.tv_sec = timeout.count() / 1000;
  tv.tv_usec = (timeout.count() % 1000) * 1000;
  ldns_resolver_set_timeout(resolver_, tv);
}

DnsClient::~DnsClient() { ldns_resolver_deep_free(resolver_); }

LiveReply DnsClient::Query(std::string_view name, QueryType type) {
  LiveReply r;
  RdfPtr qname(ldns_dname_new_frm_str(std::string(name).c_str()));
  if (qname == nullptr) {
    r.status = LiveStatus::kNotSent;
    r.error = "not a DNS name";
    r.text = "not sent: " + r.error;
    return r;
  }
  auto send = [&](bool tcp, PktPtr& out) {
    ldns_resolver_set_usevc(resolver_, tcp);
    // ldns marks a server that did not answer once as unreachable and skips it from then
    // on; every query here is asked afresh.
    ldns_resolver_set_nameserver_rtt(resolver_, 0, LDNS_RESOLV_RTT_MIN);
    ldns_pkt* raw = nullptr;
    ldns_status s = ldns_resolver_send(&raw, resolver_, qname.get(), RrType(type), LDNS_RR_CLASS_IN, 0);
    out.reset(raw);
    return s;
  };
  PktPtr pkt;
  ldns_status s = send(false, pkt);
  bool tcp = false;
  if (s == LDNS_STATUS_OK && pkt != nullptr && ldns_pkt_tc(pkt.get())) {
    tcp = true;
    s = send(true, pkt);
  }
  ldns_resolver_set_usevc(resolver_, false);
  if (s != LDNS_STATUS_OK || pkt == nullptr) {
    r.status = LiveStatus::kNoReply;
    r.error = ldns_get_errorstr_by_id(s);
    r.text = "no reply: " + r.error;
    r.over_tcp = tcp;
    return r;
  }
  r = ReplyFromPacket(pkt.get());
  r.over_tcp = tcp;
  return r;
}

}  // namespace cpdns
