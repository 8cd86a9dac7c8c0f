// The live check's reading of DNS replies, on messages built with ldns itself.
#include "core/live_query.h"

#include <gtest/gtest.h>
#include <ldns/ldns.h>

#include <cstdlib>

#include "core/errors.h"

namespace cpdns {
namespace {

// A reply to `qname`/`type` with `rcode` and the answer records given in zone-file text.
LiveReply Reply(const std::string& qname, ldns_rr_type type, ldns_pkt_rcode rcode,
                const std::vector<std::string>& answers) {
  ldns_pkt* pkt = ldns_pkt_query_new(ldns_dname_new_frm_str(qname.c_str()), type,
                                     LDNS_RR_CLASS_IN, 0);
  ldns_pkt_set_qr(pkt, true);
  ldns_pkt_set_rcode(pkt, rcode);
  for (const std::string& text : answers) {
    ldns_rr* rr = nullptr;
    EXPECT_EQ(ldns_rr_new_frm_str(&rr, text.c_str(), 0, nullptr, nullptr), LDNS_STATUS_OK) << text;
    ldns_pkt_push_rr(pkt, LDNS_SECTION_ANSWER, rr);
  }
  uint8_t* wire = nullptr;
  size_t size = 0;
  EXPECT_EQ(ldns_pkt2wire(&wire, pkt, &size), LDNS_STATUS_OK);
  LiveReply r = ReplyFromWire(wire, size);
  std::free(wire);
  ldns_pkt_free(pkt);
  return r;
}

TEST(ReplyFromWire, AnswersInTheModelsCanonicalForm) {
  LiveReply r = Reply("WWW.Example.com.", LDNS_RR_TYPE_A, LDNS_RCODE_NOERROR,
                      {"WWW.Example.com. 300 IN CNAME Web.Example.com.",
                       "web.example.com. 60 IN A 192.0.2.10"});
  EXPECT_EQ(r.status, LiveStatus::kReplied);
  EXPECT_TRUE(r.comparable);
  EXPECT_EQ(r.answer, Answer::FromRecords({{QueryType::kCNAME, "www.example.com", "web.example.com", 300},
                                           {QueryType::kA, "web.example.com", "192.0.2.10", 60}}));
  LiveReply srv = Reply("_sip._tcp.example.com.", LDNS_RR_TYPE_SRV, LDNS_RCODE_NOERROR,
                        {"_sip._tcp.example.com. 300 IN SRV 10 100 5060 SIP.example.com."});
  EXPECT_EQ(srv.text, "_sip._tcp.example.com 300 SRV 10 100 5060 sip.example.com");
  LiveReply v6 = Reply("a.example.com.", LDNS_RR_TYPE_AAAA, LDNS_RCODE_NOERROR,
                       {"a.example.com. 300 IN AAAA 2001:0db8:0:0:0:0:0:0010"});
  EXPECT_EQ(v6.text, "a.example.com 300 AAAA 2001:db8::10");
}

TEST(ReplyFromWire, OutcomesWithoutRecords) {
  EXPECT_EQ(Reply("x.example.com.", LDNS_RR_TYPE_A, LDNS_RCODE_NXDOMAIN, {}).answer, Answer::NoAnswer());
  LiveReply nodata = Reply("x.example.com.", LDNS_RR_TYPE_A, LDNS_RCODE_NOERROR, {});
  EXPECT_EQ(nodata.answer, Answer::NoAnswer());
  EXPECT_EQ(nodata.rcode, "NOERROR");
  EXPECT_EQ(Reply("x.", LDNS_RR_TYPE_A, LDNS_RCODE_REFUSED, {}).answer, Answer::Refused());
  EXPECT_EQ(Reply("x.", LDNS_RR_TYPE_A, LDNS_RCODE_SERVFAIL, {}).answer, Answer::ServerFailure());
}

TEST(ReplyFromWire, WhatNoModelAnswersIsNotComparable) {
  LiveReply mx = Reply("a.example.com.", LDNS_RR_TYPE_A, LDNS_RCODE_NOERROR,
                       {"a.example.com. 300 IN MX 10 mail.example.com."});
  EXPECT_FALSE(mx.comparable);
  EXPECT_NE(mx.text.find("records no model answers"), std::string::npos) << mx.text;
  EXPECT_FALSE(Reply("a.", LDNS_RR_TYPE_A, LDNS_RCODE_NOTIMPL, {}).comparable);
  const uint8_t junk[] = {1, 2, 3};
  EXPECT_FALSE(ReplyFromWire(junk, sizeof junk).comparable);
}

TEST(LiveEndpoint, ParsesHostAndPort) {
  EXPECT_EQ(LiveEndpoint::Parse("10.0.0.53").ToString(), "10.0.0.53:53");
  EXPECT_EQ(LiveEndpoint::Parse("127.0.0.1:5353").port, 5353);
  EXPECT_EQ(LiveEndpoint::Parse("[::1]:5353").host, "::1");
  EXPECT_EQ(LiveEndpoint::Parse("::1").ToString(), "[::1]:53");
  EXPECT_EQ(LiveEndpoint::Parse("region-dns.local").host, "region-dns.local");
  EXPECT_THROW((void)LiveEndpoint::Parse("10.0.0.53:0"), ConfigError);
  EXPECT_THROW((void)LiveEndpoint::Parse("10.0.0.53:x"), ConfigError);
  EXPECT_THROW((void)LiveEndpoint::Parse("[::1"), ConfigError);
  EXPECT_THROW((void)LiveEndpoint::Parse(""), ConfigError);
}

}  // namespace
}  // namespace cpdns
