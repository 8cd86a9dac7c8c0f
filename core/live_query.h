// One real DNS query to a running server, through ldns (Debian's libldns): UDP first,
// again over TCP when the reply is truncated, with a timeout and retries. The reply's
// answer section becomes an Answer in the models' canonical form (dns_answer.h), so what
// the server said compares with what a model predicts.
//
//   DnsClient client(LiveEndpoint::Parse("10.0.0.53:53"), std::chrono::milliseconds(2000), 2);
//   LiveReply r = client.Query("www.example.com", QueryType::kA);
//   if (r.status == LiveStatus::kReplied) use(r.answer);
//
// Thread-safety: a DnsClient belongs to one thread; make one per thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/dns_answer.h"

struct ldns_struct_resolver;

namespace cpdns {

// HOST[:PORT]: an IPv4 address, [IPv6]:PORT or a bare IPv6 address, or a host name (looked
// up once, first address). Port 53 when absent.
struct LiveEndpoint {
  std::string host;
  uint16_t port = 53;

  // ConfigError naming --live for anything else.
  static LiveEndpoint Parse(std::string_view text);
  std::string ToString() const;
};

enum class LiveStatus {
  kReplied,  // the server sent a DNS reply (any rcode)
  kNoReply,  // none within the timeout after every attempt, or the network refused
  kNotSent,  // the name cannot be written as a DNS name (a legacy name may hold anything)
};

struct LiveReply {
  LiveStatus status = LiveStatus::kNoReply;
  // NOERROR with records: answered; NOERROR without (NODATA) or NXDOMAIN: no answer;
  // SERVFAIL, REFUSED: those outcomes.
  Answer answer;
  std::string rcode;       // "NOERROR", "NXDOMAIN", ...
  bool comparable = true;  // false when the reply holds something no model answers
  std::string text;        // the answer for reports, with rcode and anything foreign
  bool over_tcp = false;   // the UDP reply was truncated
  std::string error;       // for kNoReply and kNotSent
};

// The reply in `wire` (a DNS message) as a LiveReply with status kReplied. Pure; exposed
// for tests, which build replies with ldns. An unparsable message is not comparable.
[[nodiscard]] LiveReply ReplyFromWire(const uint8_t* wire, std::size_t size);

class DnsClient {
 public:
  // `attempts`: UDP sends before giving up (each waits `timeout`).
  DnsClient(const LiveEndpoint& server, std::chrono::milliseconds timeout, int attempts);
  ~DnsClient();
  DnsClient(const DnsClient&) = delete;
  DnsClient& operator=(const DnsClient&) = delete;

  LiveReply Query(std::string_view name, QueryType type);

 private:
  ldns_struct_resolver* resolver_ = nullptr;
};

}  // namespace cpdns
