// cpdns-bench-micro: Google Benchmark micro-benchmarks of the migrator's per-row logic on
// one core, over the rows of bench/synthetic_region.h (the same mix bench/generate loads).
// Each goal figure has a floor beside it, run in the same invocation:
//   BM_ParseLegacyRecords   rows/s of ParseLegacyRecords      floor: BM_SplitEntriesFloor
//                                                             (only cutting the text at ','
//                                                             and the first ':')
//   BM_ZoneIndexMatch       lookups/s of ZoneIndex::Match     floor: BM_HashProbeFloor (one
//                           over the region's zones           hash probe of the whole name)
// and, to see where a migrated row's CPU time goes: BM_NormalizeName, BM_InferZonePsl
// (every row goes through it when dnszones_tbl has no candidate zone), BM_RecordId
// (UUID v5 per record) and BM_PlanRow (RowPlanner::Plan: all of the above).
//
//   cpdns-bench-micro --benchmark_min_time=0.5
#include <benchmark/benchmark.h>

#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "bench/synthetic_region.h"
#include "core/dns_name.h"
#include "core/legacy_records.h"
#include "core/row_planner.h"
#include "core/uuid.h"
#include "core/zone_index.h"
#include "core/zone_inference.h"

namespace {

struct Inputs {
  std::vector<cpdns::LegacyRow> rows;  // live rows, for the whole-row benchmarks
  // The same rows' texts packed one after the other, as a run meets them: a chunk of rows
  // read in sequence, not 100k separate heap blocks a lookup must chase.
  std::string arena;
  std::vector<std::string_view> names, records, fqdns;  // fqdns: the normalised names
  std::vector<std::string> zones;  // every zone these rows fall in (a few thousand)
};

// The first 100k live rows of a 1M-row region: the realistic mix of types, depths and
// zones, and a working set larger than the caches, as in a real run.
const Inputs& GetInputs() {
  static const Inputs inputs = [] {
    Inputs in;
    cpdns::bench::SyntheticRegion region({.rows = 1'000'000, .seed = 1});
    std::set<std::string> zones;
    std::vector<std::string> fqdns;
    cpdns::bench::GeneratedRow g;
    while (in.rows.size() < 100'000 && region.Next(g)) {
      if (g.row.deleted) continue;
      cpdns::NameResult n = cpdns::NormalizeName(g.row.name);
      if (!n.ok()) continue;
      fqdns.push_back(n.value.name);
      zones.insert(g.zone);
      in.rows.push_back(std::move(g.row));
    }
    for (const std::string& d : region.registrable_domains()) zones.insert(d);
    in.zones.assign(zones.begin(), zones.end());
    std::vector<std::pair<std::size_t, std::size_t>> spans;  // offsets: the arena grows
    for (std::size_t i = 0; i < in.rows.size(); ++i) {
      for (std::string_view text : {std::string_view(in.rows[i].name),
                                    std::string_view(*in.rows[i].records),
                                    std::string_view(fqdns[i])}) {
        spans.emplace_back(in.arena.size(), text.size());
        in.arena += text;
      }
    }
    for (std::size_t i = 0; i < spans.size(); i += 3) {
      in.names.push_back(std::string_view(in.arena).substr(spans[i].first, spans[i].second));
      in.records.push_back(std::string_view(in.arena).substr(spans[i + 1].first, spans[i + 1].second));
      in.fqdns.push_back(std::string_view(in.arena).substr(spans[i + 2].first, spans[i + 2].second));
    }
    return in;
  }();
  return inputs;
}

void BM_ParseLegacyRecords(benchmark::State& state) {
  const Inputs& in = GetInputs();
  std::size_t i = 0;
  for (auto _ : state) {
    cpdns::LegacyParseResult p = cpdns::ParseLegacyRecords(in.records[i], in.names[i]);
    benchmark::DoNotOptimize(p);
    if (++i == in.records.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_ParseLegacyRecords);

// The least any parser must do: find every entry and its type.
void BM_SplitEntriesFloor(benchmark::State& state) {
  const Inputs& in = GetInputs();
  std::size_t i = 0;
  for (auto _ : state) {
    std::string_view text = in.records[i];
    std::size_t types = 0;
    for (std::size_t start = 0; start <= text.size();) {
      std::size_t comma = text.find(',', start);
      if (comma == std::string_view::npos) comma = text.size();
      std::string_view entry = text.substr(start, comma - start);
      types += entry.substr(0, entry.find(':')).size();
      start = comma + 1;
    }
    benchmark::DoNotOptimize(types);
    if (++i == in.records.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_SplitEntriesFloor);

void BM_ZoneIndexMatch(benchmark::State& state) {
  const Inputs& in = GetInputs();
  cpdns::ZoneIndex index;
  index.Reserve(in.zones.size());
  for (const std::string& z : in.zones) (void)index.Add(z);
  std::size_t i = 0;
  for (auto _ : state) {
    cpdns::ZoneMatch m = index.Match(in.fqdns[i]);
    benchmark::DoNotOptimize(m);
    if (++i == in.fqdns.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_ZoneIndexMatch);

struct ViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

// The least a lookup by name can cost: one hash probe of the whole name.
void BM_HashProbeFloor(benchmark::State& state) {
  const Inputs& in = GetInputs();
  std::unordered_set<std::string, ViewHash, std::equal_to<>> set(in.zones.begin(), in.zones.end());
  std::size_t i = 0;
  for (auto _ : state) {
    auto it = set.find(in.fqdns[i]);
    benchmark::DoNotOptimize(it);
    if (++i == in.fqdns.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_HashProbeFloor);

void BM_NormalizeName(benchmark::State& state) {
  const Inputs& in = GetInputs();
  std::size_t i = 0;
  for (auto _ : state) {
    cpdns::NameResult n = cpdns::NormalizeName(in.names[i]);
    benchmark::DoNotOptimize(n);
    if (++i == in.names.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_NormalizeName);

void BM_InferZonePsl(benchmark::State& state) {
  const Inputs& in = GetInputs();
  cpdns::ZoneInferrer inferrer(cpdns::InferenceStrategy::kPsl);
  std::size_t i = 0;
  for (auto _ : state) {
    cpdns::InferredZone z = inferrer.Infer(in.fqdns[i]);
    benchmark::DoNotOptimize(z);
    if (++i == in.fqdns.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_InferZonePsl);

void BM_RecordId(benchmark::State& state) {
  const Inputs& in = GetInputs();
  std::size_t i = 0;
  for (auto _ : state) {
    std::string id = cpdns::RecordId(in.rows[i].id, 0);
    benchmark::DoNotOptimize(id);
    if (++i == in.rows.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_RecordId);

// Everything the migrator computes for one row before writing it, as in a run against an
// empty dnszones_tbl (zones by psl inference).
void BM_PlanRow(benchmark::State& state) {
  const Inputs& in = GetInputs();
  cpdns::ZoneCatalog catalog({}, {}, cpdns::InferenceStrategy::kPsl);
  const cpdns::SharedNames shared;
  cpdns::RowPlanner planner(catalog, shared, cpdns::TargetVersion::k311);
  std::size_t i = 0;
  for (auto _ : state) {
    cpdns::RowPlan plan = planner.Plan(in.rows[i]);
    benchmark::DoNotOptimize(plan);
    if (++i == in.rows.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_PlanRow);

}  // namespace

BENCHMARK_MAIN();
