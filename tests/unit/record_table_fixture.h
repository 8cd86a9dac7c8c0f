// A test fixture for the zone+record resolution models: one public zone
// "example.com" (id z1), helpers to build rows, and Resolve/Text over the
// model under test.
//
//   class V311ResolverTest : public RecordTableFixture<V311Resolver> {};
//   TEST_F(V311ResolverTest, X) { table_.AddRecord(Rec("r1", "www", "A", "1.1.1.1")); ... }
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/dns_answer.h"
#include "core/v310_resolver.h"

namespace cpdns {

template <typename Resolver>
class RecordTableFixture : public ::testing::Test {
 protected:
  RecordTableFixture() { table_.AddZone(Zone("z1", "example.com")); }

  static ZoneRow Zone(std::string id, std::string name) {
    ZoneRow zone;
    zone.id = std::move(id);
    zone.name = std::move(name);
    zone.is_public = true;
    zone.tenant_id = "project-a";
    return zone;
  }
  static RecordRow Rec(std::string id, std::string name, std::string type, std::string value,
                       int64_t ttl = 300, std::string zone_id = "z1") {
    RecordRow r;
    r.id = std::move(id);
    r.name = std::move(name);
    r.dns_zone_id = std::move(zone_id);
    r.dns_type = std::move(type);
    r.dns_value = std::move(value);
    r.ttl = ttl;
    r.enabled = true;
    return r;
  }

  Resolution Resolve(std::string_view qname, QueryType type, Perspective who = {}) {
    return Resolver(table_, options_).Resolve(qname, type, who);
  }
  std::string Text(std::string_view qname, QueryType type, Perspective who = {}) {
    return Resolve(qname, type, std::move(who)).answer.ToString();
  }

  RecordTable table_;
  ResolverOptions options_;
};

}  // namespace cpdns
