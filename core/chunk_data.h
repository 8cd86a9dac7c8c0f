// What the verifier needs from the database for one chunk of names: the legacy rows and
// target records of the names it probes, fetched by name on the chunk's own connection
// and held in the row sources the resolution models read (LegacyTable, RecordTable).
// The chunk's names are fetched up front (by the planner), the names the models reach
// only while resolving (parents of earlier chunks, CNAME chains) on demand.
//
//   ChunkData data(conn, shared);          // one per connection; reused for every chunk
//   data.Reset();
//   data.FetchLegacy(names);  data.FetchRecords(record_names);
//   LegacyResolver legacy(data.legacy());  V311Resolver v311(data.records());
//
// Names that nearly never hold anything are not asked for one by one: wildcard names
// ("*.x"), the verifier's own child probes, and legacy names spelled with a trailing
// dot are read once for the whole run (RareNames) and answered from memory.
//
// Thread-safety: a ChunkData belongs to one thread at a time; the SharedLookups it reads
// are not changed while any ChunkData uses them.
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/database.h"
#include "core/dns_answer.h"
#include "core/legacy_resolver.h"
#include "core/rows.h"
#include "core/table_names.h"
#include "core/target_source.h"
#include "core/v310_resolver.h"

namespace cpdns {

// The verifier's child probe label: it probes "cpdns-probe.<name>" under every name.
inline constexpr std::string_view kChildProbeLabel = "cpdns-probe";

// ASCII lower case (what region-dns does to a query name), and a test for it.
[[nodiscard]] std::string LowerAscii(std::string_view s);
[[nodiscard]] bool IsLowerAscii(std::string_view s);

// String-keyed containers searched with a std::string_view.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

// Rows and records read once for the whole run (see the header comment), as complete
// row sources for the rare names: a rare name they do not hold has no rows.
class RareNames {
 public:
  // After the zones are known: records join them as the target's query does.
  void Load(Connection& conn, const TableNames& tables, const std::vector<ZoneRow>& zones,
            const StringMap<std::vector<std::size_t>>& zones_by_id);
  // `name` (any case): a legacy name RareNames holds every row of.
  static bool IsRareLegacyName(std::string_view name);
  // `fqdn` (any case): a name every record answering to it RareNames holds.
  static bool IsRareRecordName(std::string_view fqdn);

  const LegacyRowSource& legacy() const { return legacy_; }
  const RecordSource& records() const { return records_; }
  // The rows whose normalised name is `normalised` (a rare one); those of a name ending
  // with "." too, for any name.
  const std::vector<const LegacyRow*>& RowsFor(std::string_view normalised) const;

 private:
  LegacyTable legacy_{LegacyTable::Coverage::kComplete};
  RecordTable records_{RecordTable::Coverage::kComplete};
  std::unordered_map<std::string, std::vector<const LegacyRow*>> by_norm_;
};

// What every chunk reads and nobody changes during the run.
struct SharedLookups {
  TableNames tables;
  std::vector<ZoneRow> zones;
  StringMap<std::vector<std::size_t>> zones_by_name;  // lower-case name -> indexes into zones
  StringMap<std::vector<std::size_t>> zones_by_id;    // AsciiCiKey(id) -> indexes into zones
  // 3.11 PTR answers: the A/AAAA records holding an address some reverse name asks for.
  std::unordered_map<std::string, std::vector<RecordRow>> by_address;
  RareNames rare;
};

class ChunkData {
 public:
  ChunkData(Connection& conn, const SharedLookups& shared);
  ChunkData(const ChunkData&) = delete;
  ChunkData& operator=(const ChunkData&) = delete;

  // Forgets the previous chunk's names, rows and zones.
  void Reset();

  // What the models read: the fetched rows, and the rare names from SharedLookups.
  const LegacyRowSource& legacy() const { return legacy_view_; }
  const RecordSource& records() const { return records_view_; }
  // The rows whose normalised name is `normalised`.
  const std::vector<const LegacyRow*>& RowsFor(std::string_view normalised) const;

  // Legacy rows named `name` (and `name.`), for each name not fetched yet.
  void FetchLegacy(std::initializer_list<std::string_view> names);
  void FetchLegacy(std::span<const std::string_view> names);
  void FetchLegacy(const std::vector<std::string>& names);
  // Target records answering to each fully qualified name not fetched yet.
  void FetchRecords(std::initializer_list<std::string_view> names);
  void FetchRecords(std::span<const std::string_view> names);
  void FetchRecords(const std::vector<std::string>& names);
  // Records holding each address (3.11 PTR answers).
  void FetchValues(const std::vector<std::string>& values);

 private:
  // Rare names from the shared sources, the others from this chunk's tables.
  class LegacyLookup final : public LegacyRowSource {
   public:
    LegacyLookup(const LegacyRowSource& chunk, const LegacyRowSource& rare) : chunk_(chunk), rare_(rare) {}
    const std::vector<const LegacyRow*>* RowsNamed(std::string_view name) const override;

   private:
    const LegacyRowSource& chunk_;
    const LegacyRowSource& rare_;
  };
  class RecordLookup final : public RecordSource {
   public:
    RecordLookup(const RecordSource& chunk, const RecordSource& rare) : chunk_(chunk), rare_(rare) {}
    const std::vector<ZonedRecord>* RecordsNamed(std::string_view fqdn) const override;
    const std::vector<ZonedRecord>* RecordsWithValue(std::string_view value) const override;

   private:
    const RecordSource& chunk_;
    const RecordSource& rare_;
  };

  void AddLegacy(const LegacyRow& row);
  // With its zone: a chunk holds only the zones its records are in.
  void AddRecord(RecordRow r);

  Connection& conn_;
  const SharedLookups& shared_;
  TargetSource target_;
  LegacyTable legacy_;
  RecordTable records_;
  LegacyLookup legacy_view_;
  RecordLookup records_view_;
  StringSet legacy_names_, legacy_ids_, record_names_, record_values_, record_ids_, zone_ids_;
  StringMap<std::vector<const LegacyRow*>> rows_by_norm_;
};

}  // namespace cpdns
