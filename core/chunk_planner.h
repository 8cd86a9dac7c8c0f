// What the verifier probes in one chunk of legacy names, and the fetching of everything
// those probes need into a ChunkData, so the chunk can be resolved without waiting for
// the database (but for what lies further, e.g. a CNAME target's own target, fetched on
// demand: the legacy rows of the targets of the probes' CNAME rows come with the chunk).
//
// Probes: each legacy name (as LegacyProbeName spells it), a child under it
// ("cpdns-probe.<name>"), for a '*' name the name the '*' covers ("cpdns-probe.<rest>"),
// and each parent of it that no legacy row holds. The names come in reversed-name order
// (LegacyNamesReversed): every name under a parent follows the parent's own, so a parent
// is probed with the first name under it and is forgotten once its names have passed
// (ParentTrail); no memory grows with the table.
//
//   LegacyNamesReversed names(stream_conn, "dnsrecord_tbl", 2000);
//   ChunkPlanner planner(shared, names);
//   PlannedChunk chunk;
//   while (planner.Next(data, chunk)) resolve(chunk);
//
// Thread-safety: one thread at a time; the ChunkData passed in is used only by it until
// Next returns.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/chunk_data.h"
#include "core/difference.h"
#include "core/legacy_source.h"

namespace cpdns {

struct Probe {
  std::string name;
  ProbeKind kind = ProbeKind::kLegacyName;
  // Clients that matter besides the anonymous one: every project owning a live row of
  // the name or a private zone above it.
  std::set<std::string> tenants;
};

struct PlannedChunk {
  ChunkData* data = nullptr;  // holds the probes' rows and records
  std::map<std::string, Probe> probes;  // by name
  int64_t legacy_rows = 0;
  int64_t legacy_names = 0;
};

// The parents of the names seen, as far as they can still matter: Next(name) returns the
// parents of `name` (of two labels or more, nearest first) that the previous name did not
// have. With names in reversed-name order, every parent is returned exactly once.
class ParentTrail {
 public:
  std::vector<std::string> Next(std::string_view name);

 private:
  std::vector<std::string> open_;  // the previous name's parents, nearest first
};

class ChunkPlanner {
 public:
  ChunkPlanner(const SharedLookups& shared, LegacyNamesReversed& names)
      : shared_(shared), names_(names) {}

  // Names to probe with the first chunk (a chunk of their own when there is no legacy
  // row): those only records migrated from intermediate local zones answer. One that is
  // a legacy name is probed as that name, where its rows are.
  void AddIntermediateNames(std::vector<std::string> names) { intermediate_ = std::move(names); }

  // Plans the next chunk into `out`, fetching into `data` (reset first); false at the end.
  bool Next(ChunkData& data, PlannedChunk& out);

 private:
  void AddParents(ChunkData& data, const std::vector<std::string>& order, PlannedChunk& out);
  void AddIntermediate(ChunkData& data, PlannedChunk& out);
  void FetchForResolving(ChunkData& data, PlannedChunk& out);
  void FetchCnameTargets(ChunkData& data, const PlannedChunk& out);

  const SharedLookups& shared_;
  LegacyNamesReversed& names_;
  ParentTrail trail_;
  std::vector<std::string> raw_;
  std::vector<std::string> intermediate_;
};

}  // namespace cpdns
