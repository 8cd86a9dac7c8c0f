// --export-zones DIR: the local zones of the new model as RFC 1035 zone files, one per
// zone row (a zone name held by several owners gives several files), written by
// zone_file.h, plus an index `zones.tsv` (file, zone, id, owner, records, commented,
// deleted). Operators review, archive and diff what the migration wrote; any DNS server
// can serve the files.
//
//   TargetSource target(conn, TableNames{});
//   ZoneExportResult r = ExportZones(target.Zones(), [&](const RecordSink& sink) {
//     target.RecordsByZone(sink);
//   }, "/srv/zones", header);
//
// Records arrive grouped by zone and only one zone's are held at a time.
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

// Calls `stream` once; it hands every record to its sink grouped by zone id (as
// TargetSource::RecordsByZone does; the writer leaves out the deleted ones). ConfigError
// when the folder or a file cannot be written.
using RecordStream = std::function<void(const std::function<void(RecordRow&&)>& sink)>;
ZoneExportResult ExportZones(const std::vector<ZoneRow>& zones, const RecordStream& stream,
                             const std::string& dir, const ZoneFileHeader& header);

}  // namespace cpdns
