// --export-zones DIR: the local zones of the new model as RFC 1035 zone files, one per
// zone row (a zone name held by several owners gives several files), written by
// zone_file.h, plus an index `zones.tsv` (file, zone, id, owner, records, commented,
// deleted). Operators review, archive and diff what the migration wrote; any DNS server
// can serve the files.
//
//   ZoneExportResult r = ExportZones(zones, records_of, "/srv/zones", header);
//
// Zones that are deleted or cloud-managed (manager_id set) are not exported.
// Thread-safety: one call at a time per folder.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/rows.h"
#include "core/zone_file.h"

namespace cpdns {

struct ZoneExportResult {
  std::string dir;
  int64_t files = 0;
  int64_t records = 0;
  int64_t commented = 0;
};

// `records_of` returns a zone's records (all of them: the writer leaves out the deleted).
// ConfigError when the folder or a file cannot be written.
ZoneExportResult ExportZones(const std::vector<ZoneRow>& zones,
                             const std::function<std::vector<RecordRow>(const ZoneRow&)>& records_of,
                             const std::string& dir, const ZoneFileHeader& header);

}  // namespace cpdns
