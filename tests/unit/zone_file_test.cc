#include "core/zone_file.h"

#include <gtest/gtest.h>

#include <sstream>

namespace cpdns {
namespace {

ZoneRow Zone() {
  ZoneRow z;
  z.id = "2b9f0c1e-zone";
  z.name = "Example.com";
  z.is_public = true;
  z.enabled = true;
  return z;
}

RecordRow Rec(std::string name, std::string type, std::string value, int64_t ttl = 300,
              bool enabled = true) {
  RecordRow r;
  r.id = name + "-" + type + "-" + value;
  r.name = std::move(name);
  r.dns_type = std::move(type);
  r.dns_value = std::move(value);
  r.ttl = ttl;
  r.enabled = enabled;
  return r;
}

std::string Write(std::vector<RecordRow> records, ZoneFileCounts* counts = nullptr) {
  std::ostringstream out;
  ZoneFileCounts c = WriteZoneFile(Zone(), std::move(records), {"0.1.0", "yunioncloud", "run-7"}, out);
  if (counts) *counts = c;
  return out.str();
}

TEST(ZoneFile, HeaderNamesZoneOwnerAndRun) {
  std::string f = Write({});
  EXPECT_NE(f.find("; zone Example.com, id 2b9f0c1e-zone"), std::string::npos) << f;
  EXPECT_NE(f.find("; owner: public"), std::string::npos);
  EXPECT_NE(f.find("migrator run run-7"), std::string::npos);
  EXPECT_NE(f.find("$ORIGIN example.com.\n$TTL 300\n@ 30 IN SOA ns.dns. hostmaster.dns. 1"),
            std::string::npos)
      << f;
}

TEST(ZoneFile, RecordsInPresentationFormat) {
  ZoneFileCounts c;
  std::string f = Write({Rec("www", "A", "192.0.2.10", 60), Rec("www", "AAAA", "2001:DB8:0:0::10"),
                         Rec("_sip._tcp", "SRV", "10 5 5060 sip.example.com"),
                         Rec("api", "CNAME", "www.example.com"),
                         Rec("10.2.0", "PTR", "www.example.com"), Rec("*", "A", "192.0.2.99")},
                        &c);
  EXPECT_NE(f.find("www 60 IN A 192.0.2.10\n"), std::string::npos) << f;
  EXPECT_NE(f.find("www 300 IN AAAA 2001:db8::10\n"), std::string::npos);
  EXPECT_NE(f.find("_sip._tcp 300 IN SRV 10 5 5060 sip.example.com.\n"), std::string::npos);
  EXPECT_NE(f.find("api 300 IN CNAME www.example.com.\n"), std::string::npos);
  EXPECT_NE(f.find("10.2.0 300 IN PTR www.example.com.\n"), std::string::npos);
  EXPECT_NE(f.find("\n* 300 IN A 192.0.2.99\n"), std::string::npos);
  EXPECT_EQ(c.records, 6);
  EXPECT_EQ(c.commented, 0);
}

TEST(ZoneFile, WhatIsNotServedBecomesACommentWithItsReason) {
  ZoneFileCounts c;
  RecordRow gone = Rec("old", "A", "192.0.2.1");
  gone.deleted = true;
  std::string f = Write({Rec("off", "A", "192.0.2.2", 300, false), Rec("@", "A", "192.0.2.3"),
                         Rec("bad", "A", "10.1.0.017"), Rec("txt", "TXT", "v=spf1 -all"),
                         Rec("both", "CNAME", "www.example.com"), Rec("both", "A", "192.0.2.4"),
                         Rec("two", "CNAME", "a.example.com"), Rec("two", "CNAME", "b.example.com"),
                         gone},
                        &c);
  EXPECT_NE(f.find("; disabled: region-dns 3.11 does not serve it: off 300 IN A 192.0.2.2"),
            std::string::npos) << f;
  EXPECT_NE(f.find("; never served: Cloudpods resolves no record named '@': @ 300 IN A"),
            std::string::npos);
  EXPECT_NE(f.find("; value not an IPv4 address, which a zone file cannot hold: bad"),
            std::string::npos);
  EXPECT_NE(f.find("; not served by region-dns (it answers no TXT records): txt"), std::string::npos);
  EXPECT_NE(f.find("; CNAME beside other data at this name"), std::string::npos);
  EXPECT_NE(f.find("\nboth 300 IN A 192.0.2.4\n"), std::string::npos);
  EXPECT_NE(f.find("\ntwo 300 IN CNAME a.example.com.\n"), std::string::npos);
  EXPECT_NE(f.find("; a second CNAME at this name, which a zone file cannot hold: two 300 IN CNAME b"),
            std::string::npos);
  EXPECT_NE(f.find("; 1 deleted records left out"), std::string::npos);
  EXPECT_EQ(c.records, 2);
  EXPECT_EQ(c.commented, 6);
  EXPECT_EQ(c.deleted, 1);
}

TEST(ZoneFile, EscapesNamesAndPicksTheCommonTtl) {
  EXPECT_EQ(PresentationName("a b.*.x*"), "a\\032b.*.x\\042");
  EXPECT_EQ(PresentationName("*.web"), "*.web");
  std::string f = Write({Rec("a", "A", "192.0.2.1", 600), Rec("b", "A", "192.0.2.2", 600),
                         Rec("c", "A", "192.0.2.3", 60)});
  EXPECT_NE(f.find("$TTL 600\n"), std::string::npos);
  std::string evil = Write({Rec("x\ny", "A", "192.0.2.1")});
  EXPECT_NE(evil.find("x\\010y 300 IN A 192.0.2.1"), std::string::npos) << evil;
}

TEST(ZoneFile, FileNamesPerZoneAndOwner) {
  ZoneRow z = Zone();
  EXPECT_EQ(ZoneFileName(z), "example.com.public.zone");
  z.is_public = false;
  z.tenant_id = "c2b7/a6";
  EXPECT_EQ(ZoneFileName(z), "example.com.project-c2b7_a6.zone");
  EXPECT_EQ(ZoneFileName(z, true), "example.com.project-c2b7_a6.2b9f0c1e-zone.zone");
}

}  // namespace
}  // namespace cpdns
