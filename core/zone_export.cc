#include "core/zone_export.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <system_error>
#include <tuple>

#include "core/errors.h"

namespace cpdns {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

ZoneExportResult ExportZones(const std::vector<ZoneRow>& zones,
                             const std::function<std::vector<RecordRow>(const ZoneRow&)>& records_of,
                             const std::string& dir, const ZoneFileHeader& header) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw ConfigError("--export-zones: cannot create " + dir + ": " + ec.message());
  std::vector<const ZoneRow*> local;
  for (const ZoneRow& z : zones) {
    if (!z.deleted && z.IsLocal()) local.push_back(&z);
  }
  std::sort(local.begin(), local.end(), [](const ZoneRow* a, const ZoneRow* b) {
    return std::make_tuple(Lower(a->name), ZoneOwnerLabel(*a), a->id) <
           std::make_tuple(Lower(b->name), ZoneOwnerLabel(*b), b->id);
  });
  // Zones sharing a file name (same name and owner) get their ids in the name.
  std::map<std::string, int> uses;
  for (const ZoneRow* z : local) ++uses[ZoneFileName(*z)];

  ZoneExportResult result;
  result.dir = dir;
  const std::filesystem::path folder(dir);
  std::ofstream index(folder / "zones.tsv", std::ios::trunc);
  if (!index) throw ConfigError("--export-zones: cannot write " + (folder / "zones.tsv").string());
  index << "file\tzone\tid\towner\trecords\tcommented\tdeleted\n";
  for (const ZoneRow* z : local) {
    const std::string name = ZoneFileName(*z, uses[ZoneFileName(*z)] > 1);
    const std::filesystem::path path = folder / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw ConfigError("--export-zones: cannot write " + path.string());
    ZoneFileCounts c = WriteZoneFile(*z, records_of(*z), header, out);
    out.close();
    if (!out) throw ConfigError("--export-zones: writing " + path.string() + " failed");
    index << name << '\t' << Lower(z->name) << '\t' << z->id << '\t' << ZoneOwnerLabel(*z) << '\t'
          << c.records << '\t' << c.commented << '\t' << c.deleted << '\n';
    ++result.files;
    result.records += c.records;
    result.commented += c.commented;
  }
  index.close();
  if (!index) throw ConfigError("--export-zones: writing zones.tsv failed");
  return result;
}

}  // namespace cpdns
