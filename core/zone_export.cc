#include "core/zone_export.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <system_error>
#include <tuple>
#include <unordered_map>

#include "core/dns_answer.h"
#include "core/errors.h"

namespace cpdns {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A zone name for the tab-separated index: no tabs or line breaks.
std::string IndexField(std::string s) {
  for (char& c : s) c = (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
  return s;
}

class Exporter {
 public:
  Exporter(const std::vector<ZoneRow>& zones, const std::string& dir, const ZoneFileHeader& header)
      : folder_(dir), header_(header) {
    result_.dir = dir;
    for (const ZoneRow& z : zones) {
      if (!z.deleted && z.IsLocal()) local_.push_back(&z);
    }
    std::sort(local_.begin(), local_.end(), [](const ZoneRow* a, const ZoneRow* b) {
      return std::make_tuple(Lower(a->name), ZoneOwnerLabel(*a), a->id) <
             std::make_tuple(Lower(b->name), ZoneOwnerLabel(*b), b->id);
    });
    // Zones sharing a file name (same name and owner) get their ids in the name.
    std::map<std::string, int> uses;
    for (const ZoneRow* z : local_) ++uses[ZoneFileName(*z)];
    for (const ZoneRow* z : local_) {
      File& f = by_id_[AsciiCiKey(z->id)];
      if (f.zone != nullptr) continue;  // an id equal to another's under the collation
      f.zone = z;
      f.name = ZoneFileName(*z, uses[ZoneFileName(*z)] > 1);
    }
  }

  // Records of one zone, in order; a new zone id closes the previous one.
  void Add(RecordRow&& r) {
    std::string key = AsciiCiKey(r.dns_zone_id);
    if (key != current_) {
      Flush();
      current_ = key;
    }
    auto it = by_id_.find(current_);
    if (it != by_id_.end()) it->second.records.push_back(std::move(r));
  }

  ZoneExportResult Finish() {
    Flush();
    // Zones without records are files too (SOA and NS only).
    for (auto& [key, f] : by_id_) {
      if (!f.written) Write(f);
    }
    WriteIndex();
    return result_;
  }

 private:
  struct File {
    const ZoneRow* zone = nullptr;
    std::string name;
    std::vector<RecordRow> records;
    ZoneFileCounts counts;
    bool written = false;
  };

  void Flush() {
    auto it = by_id_.find(current_);
    if (it != by_id_.end() && !it->second.written) Write(it->second);
  }

  void Write(File& f) {
    const std::filesystem::path path = folder_ / f.name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw ConfigError("--export-zones: cannot write " + path.string());
    f.counts = WriteZoneFile(*f.zone, std::move(f.records), header_, out);
    f.records.clear();
    f.written = true;
    out.close();
    if (!out) throw ConfigError("--export-zones: writing " + path.string() + " failed");
    ++result_.files;
    result_.records += f.counts.records;
    result_.commented += f.counts.commented;
  }

  void WriteIndex() {
    const std::filesystem::path path = folder_ / "zones.tsv";
    std::ofstream index(path, std::ios::trunc);
    if (!index) throw ConfigError("--export-zones: cannot write " + path.string());
    index << "file\tzone\tid\towner\trecords\tcommented\tdeleted\n";
    for (const ZoneRow* z : local_) {
      const File& f = by_id_.at(AsciiCiKey(z->id));
      if (f.zone != z) continue;  // a second zone row with an id equal under the collation
      index << f.name << '\t' << IndexField(Lower(z->name)) << '\t' << IndexField(z->id) << '\t'
            << ZoneOwnerLabel(*z) << '\t' << f.counts.records << '\t' << f.counts.commented
            << '\t' << f.counts.deleted << '\n';
    }
    index.close();
    if (!index) throw ConfigError("--export-zones: writing " + path.string() + " failed");
  }

  std::filesystem::path folder_;
  const ZoneFileHeader& header_;
  std::vector<const ZoneRow*> local_;
  std::unordered_map<std::string, File> by_id_;
  std::string current_;
  ZoneExportResult result_;
};

}  // namespace

ZoneExportResult ExportZones(const std::vector<ZoneRow>& zones, const RecordStream& stream,
                             const std::string& dir, const ZoneFileHeader& header) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw ConfigError("--export-zones: cannot create " + dir + ": " + ec.message());
  Exporter exporter(zones, dir, header);
  stream([&exporter](RecordRow&& r) { exporter.Add(std::move(r)); });
  return exporter.Finish();
}

}  // namespace cpdns
