// One zone of the new model as an RFC 1035 zone file (master file): $ORIGIN, $TTL, a
// comment naming the zone's id and owner, and its records in presentation format (SRV
// "priority weight port target.", CNAME and PTR targets fully qualified), so operators
// can review, archive and diff what the migration wrote, and any DNS server can serve it.
//
//   ZoneFileHeader header;  header.tool_version = "0.1.0";
//   std::ostringstream out;
//   WriteZoneFile(zone, records, header, out);
//   ZoneFileName(zone);   // "example.com.public.zone"
//
// What region-dns does not serve is written as a comment saying why, never dropped
// silently: disabled records, records named "@" (Cloudpods never resolves them), values a
// zone file cannot hold, and data a zone file forbids beside a CNAME (3.11 keeps both and
// answers the CNAME to CNAME queries only). Deleted records are left out and counted. SOA
// and NS are placeholders the format requires (region-dns answers SOA itself and serves
// no NS); they use fixed values, so a file changes only when the records do.
//
// Thread-safety: pure functions.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/rows.h"

namespace cpdns {

struct ZoneFileHeader {
  std::string tool_version;
  std::string database;
  std::string migrator_run_id;  // "" when unknown
};

// What a file holds, for the caller's summary.
struct ZoneFileCounts {
  int64_t records = 0;    // written as records
  int64_t commented = 0;  // written as comments
  int64_t deleted = 0;    // left out
};

// "public" or "project-<tenant id>" (characters unsafe in a file name as '_').
[[nodiscard]] std::string ZoneOwnerLabel(const ZoneRow& zone);
// "<zone name>.<owner label>.zone"; with `with_id`, "<name>.<owner>.<id>.zone" (for zones
// that share name and owner).
[[nodiscard]] std::string ZoneFileName(const ZoneRow& zone, bool with_id = false);

// A name (relative or absolute) in presentation format: every byte outside letters,
// digits, '-', '_' and a first-label '*' escaped as \DDD.
[[nodiscard]] std::string PresentationName(std::string_view name);

ZoneFileCounts WriteZoneFile(const ZoneRow& zone, std::vector<RecordRow> records,
                             const ZoneFileHeader& header, std::ostream& out);

}  // namespace cpdns
