// One record set of the intermediate cloud-sync model (`dns_recordsets_tbl`), checked for
// its place in `dns_records_tbl`, and what region-dns of the target release does with each
// record type. Both tables hold the same columns in the same encoding (v3.10.4
// dns_recordsets.go SDnsRecordSet and v3.11.14 dnsrecords.go SDnsRecord: dns_type
// varchar(36), dns_value varchar(256) ascii, ttl and mx_priority bigint, SRV "priority weight
// port target", MX preference in mx_priority), so type, value, TTL and preference are carried
// byte for byte; only the record name is lower-cased, as both APIs do.
//
//   RecordCheck c = CheckIntermediateRecord(recordset, "lab.example.org", TargetVersion::k311);
//   if (!c.ok()) Skip(c.rejections);  // else write c.name, with c.warnings in the report
//
// Rules (each a reason code in the report):
// - rejected: `unknown_type` (not a type of v3.10.4 cloudprovider SUPPORTED_DNS_TYPES, which
//   every Cloudpods path writes in upper case); `invalid_record_name` (not "@", nor labels the
//   v3.11.14 API accepts, or the full name too long); `invalid_ttl` (below 0 or above
//   2147483647, RFC 2181); `invalid_value` for the types region-dns answers and MX, the ones
//   whose values the v3.11.14 API checks (A an IPv4 address, AAAA an IPv6 one, CNAME and MX a
//   host name, SRV "priority weight port target" as region-dns parses it);
// - warned: `apex_not_served_by_target` ("@": region-dns compares CONCAT(name, '.', zone) with
//   the query, so "@" never matches); `type_not_served_by_target` (3.11 answers A, AAAA,
//   CNAME and SRV from records; TXT only for dns-version, MX never, PTR from A/AAAA records,
//   NS and SOA itself, anything else refused: v3.11.14 pkg/dns/dns.go);
//   `any_type_answered_by_target` (3.10.5-3.10.16 answer with one record of the name whatever
//   its type); `mx_priority_not_api_valid` (outside 1-50); `record_status_reset` (a status
//   other than "available": written "available", as Cloudpods marks a local record once
//   created, v3.11.14 DnsRecordCreateTask).
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/row_planner.h"
#include "core/rows.h"
#include "core/target_version.h"

namespace cpdns {

struct [[nodiscard]] RecordCheck {
  std::string name;  // relative, lower case: "www", "*", "@"
  std::string fqdn;  // the name it answers to: name.zone, "*.zone"; "" for "@"
  std::vector<Reason> rejections;
  std::vector<Reason> warnings;

  bool ok() const { return rejections.empty(); }
};

// `zone_name` is the zone's normalised name.
RecordCheck CheckIntermediateRecord(const IntermediateRecordRow& record, std::string_view zone_name,
                                    TargetVersion target);

// A type of v3.10.4 cloudprovider SUPPORTED_DNS_TYPES, exactly as spelled there.
[[nodiscard]] bool IsKnownDnsType(std::string_view type);

// Whether region-dns of `target` answers queries from records of this type: A, AAAA, CNAME and
// SRV for 3.11; for 3.10, whose one record answers every query type, any type.
[[nodiscard]] bool TargetServesType(std::string_view type, TargetVersion target);

}  // namespace cpdns
