// The intermediate cloud-sync model of a synthetic region (Cloudpods ~3.4 to v3.10.4):
// a few cloud accounts and their sub-accounts, cloud zones (dns_zones_tbl) held by one or
// two accounts (dns_zone_caches_tbl), their recordsets (A, AAAA, CNAME, MX, TXT; every 11th
// at the apex "@"), VPC links of private zones, and a share of zones with no cache row (local
// zones of that model: every third disabled, the first named like a zone of the legacy rows,
// with a recordset on one of their names), plus tenant_cache_tbl (the default domain, the
// system project first, the private projects). Sizes grow slowly with the legacy row count;
// deterministic for the seed.
//
//   std::vector<std::string> loads = WriteCloudSection(shape, "/tmp/gen");  // TSV files
//   for (const std::string& sql : loads) run(sql);                          // LOAD DATA LOCAL
//
// Thread-safety: a free function writing its own files.
#pragma once

#include <string>
#include <vector>

#include "bench/synthetic_region.h"

namespace cpdns::bench {

// Writes one TSV file per table into `dir` and returns, in load order, the LOAD DATA
// LOCAL statements that read them.
std::vector<std::string> WriteCloudSection(const RegionShape& shape, const std::string& dir);

}  // namespace cpdns::bench
