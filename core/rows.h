// Plain rows of the Cloudpods tables this project reads and writes, as the
// database layer produces them: every nullable column is std::optional, every
// string keeps its bytes exactly. Pure logic (parser, zone index, resolution
// models) works on these structs and never sees SQL.
//
//   LegacyRow row{.id = "r1", .name = "www.example.com", .records = "A:1.1.1.1"};
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cpdns {

// One row of the legacy `dnsrecord_tbl` (v3.10.4 and earlier).
struct LegacyRow {
  std::string id;
  std::string name;                    // NOT NULL; may hold any bytes when inserted directly
  std::optional<std::string> records;  // TEXT NULL: "A:1.1.1.1,AAAA:::1"
  std::optional<int64_t> ttl;          // INT NULL DEFAULT 1
  bool enabled = true;
  bool deleted = false;
  bool is_public = false;
  std::string public_scope = "system";
  std::string tenant_id;
  std::string domain_id = "default";
  // DATETIME text as stored ("2024-01-02 03:04:05"); carried over to the records
  // so that every run writes the same bytes.
  std::string created_at;
  std::string updated_at;
};

// One row of `dnszones_tbl` (v3.10.5 and later).
struct ZoneRow {
  std::string id;
  std::string name;
  std::string zone_type = "PrivateZone";
  std::string product_type;
  std::optional<bool> enabled = true;  // NULL-able, DEFAULT 1
  std::string status = "available";
  bool is_public = false;
  std::string public_scope = "system";
  std::string tenant_id;
  std::string domain_id = "default";
  std::optional<std::string> manager_id;  // NULL or '' means a local zone
  bool deleted = false;

  bool IsLocal() const { return !manager_id || manager_id->empty(); }
};

// One row of `dns_records_tbl` (v3.10.5 and later).
struct RecordRow {
  std::string id;
  std::string name;  // relative to its zone: "www", "*", "@"
  std::string dns_zone_id;
  std::string dns_type;   // "A", "AAAA", "CNAME", "SRV", "PTR", ...
  std::string dns_value;  // SRV: "priority weight port host"
  int64_t ttl = 0;
  std::optional<bool> enabled = false;  // NULL-able, DB DEFAULT 0
  std::string status = "available";
  bool deleted = false;
};

// The intermediate cloud-sync model (about 3.4 to v3.10.4): region-dns never read it.
// One row of `dns_zones_tbl`, an infrastructure resource owned by a domain (no project).
struct IntermediateZoneRow {
  std::string id;
  std::string name;
  std::string zone_type;         // "PublicZone" or "PrivateZone" as stored
  std::optional<bool> enabled;   // NULL-able, DEFAULT 0
  std::string status;            // "available", or a task state ("sync_record_sets", ...)
  std::string domain_id;
  bool is_public = false;
  std::string public_scope;      // "system", "domain" or "none"
  std::optional<std::string> description;
  std::string created_at;
  std::string updated_at;
};

// One row of `dns_recordsets_tbl`: a record relative to its zone, one value per row, in the
// encoding dns_records_tbl uses (SRV "priority weight port target", MX preference apart).
struct IntermediateRecordRow {
  std::string id;
  std::string zone_id;
  std::string name;  // relative: "www", "*", "@"
  std::string dns_type;
  std::string dns_value;
  int64_t ttl = 0;
  int64_t mx_priority = 0;
  std::optional<bool> enabled;  // NULL-able, DEFAULT 0
  std::string status;
  std::optional<std::string> description;
  std::string created_at;
  std::string updated_at;
};

// One row of `dns_zonevpcs_tbl`: a VPC a zone is attached to.
struct IntermediateVpcRow {
  int64_t row_id = 0;
  std::string zone_id;
  std::string vpc_id;
  std::string created_at;
  std::string updated_at;
};

// A live legacy row that shares its normalised name with another live row.
struct NameSharer {
  std::string id;
  std::string tenant_id;
  bool is_public = false;
  bool enabled = true;
  bool is_cname = false;  // records start with "CNAME:" (legacy answered it as a CNAME)
};

// Normalised name (lower case, trailing dots removed) -> the live rows holding
// it, for names held by two rows or more.
using SharedNames = std::unordered_map<std::string, std::vector<NameSharer>>;

}  // namespace cpdns
