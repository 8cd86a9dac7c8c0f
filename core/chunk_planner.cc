#include "core/chunk_planner.h"

#include <algorithm>

#include "core/dns_answer.h"
#include "core/wire_name.h"

namespace cpdns {

namespace {

std::string_view ParentView(std::string_view name) {
  size_t dot = name.find('.');
  return dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
}

bool IsWildcard(std::string_view name) { return name.rfind("*.", 0) == 0; }

}  // namespace

std::vector<std::string> ParentTrail::Next(std::string_view name) {
  std::vector<std::string> parents;
  for (std::string_view p = ParentView(name); p.find('.') != std::string_view::npos;
       p = ParentView(p)) {
    parents.emplace_back(p);
  }
  std::vector<std::string> fresh;
  for (const std::string& p : parents) {
    if (std::find(open_.begin(), open_.end(), p) == open_.end()) fresh.push_back(p);
  }
  open_ = std::move(parents);
  return fresh;
}

bool ChunkPlanner::Next(ChunkData& data, PlannedChunk& out) {
  if (!names_.Next(raw_)) {
    if (intermediate_.empty()) return false;
    raw_.clear();
  }
  data.Reset();
  out.data = &data;
  out.probes.clear();
  out.legacy_rows = static_cast<int64_t>(raw_.size());
  // The chunk's legacy names, in the stream's order (the parents depend on it).
  std::vector<std::string> order;
  for (const std::string& raw : raw_) {
    std::string n = LegacyProbeName(raw);
    if (n.empty() || n.find('.') == std::string::npos) continue;
    if (out.probes.try_emplace(n, Probe{n, ProbeKind::kLegacyName, {}}).second) order.push_back(n);
  }
  out.legacy_names = static_cast<int64_t>(order.size());
  {
    std::vector<std::string_view> names(order.begin(), order.end());
    data.FetchLegacy(names);
  }
  AddParents(data, order, out);
  for (const std::string& n : order) {
    std::string child = std::string(kChildProbeLabel) + "." + n;
    out.probes.try_emplace(child, Probe{child, ProbeKind::kChild, {}});
    // Legacy matched "*.rest" literally: a name the '*' covers in the target shows what
    // the target answers beyond it.
    if (IsWildcard(n)) {
      std::string covered = std::string(kChildProbeLabel) + n.substr(1);
      out.probes.try_emplace(covered, Probe{covered, ProbeKind::kCovered, {}});
    }
  }
  AddIntermediate(data, out);
  FetchForResolving(data, out);
  return true;
}

void ChunkPlanner::AddIntermediate(ChunkData& data, PlannedChunk& out) {
  if (intermediate_.empty()) return;
  data.FetchLegacy(intermediate_);
  for (const std::string& n : intermediate_) {
    if (data.RowsFor(n).empty()) out.probes.try_emplace(n, Probe{n, ProbeKind::kIntermediate, {}});
  }
  intermediate_.clear();
}

void ChunkPlanner::AddParents(ChunkData& data, const std::vector<std::string>& order,
                              PlannedChunk& out) {
  std::vector<std::string> parents;
  // A '*' row's parents too: "*.rest" probes rest and above.
  for (const std::string& n : order) {
    for (std::string& p : trail_.Next(n)) parents.push_back(std::move(p));
  }
  data.FetchLegacy(parents);
  for (const std::string& p : parents) {
    // A parent that is a legacy name is probed as one, where its rows are.
    if (!data.RowsFor(p).empty()) continue;
    out.probes.try_emplace(p, Probe{p, ProbeKind::kParent, {}});
  }
}

// The legacy model follows a CNAME row to its target's rows: those of the probes' CNAME
// targets, in one batch, rather than one round trip each while resolving. (A target the
// model spells otherwise is still fetched then; one fetched in vain changes no answer.)
void ChunkPlanner::FetchCnameTargets(ChunkData& data, const PlannedChunk& out) {
  constexpr std::string_view kCname = "CNAME:";
  std::vector<std::string> targets;
  for (const auto& [name, probe] : out.probes) {
    for (const LegacyRow* r : data.RowsFor(name)) {
      if (r->deleted || !r->enabled || !r->records || !r->records->starts_with(kCname)) continue;
      std::string_view t = std::string_view(*r->records).substr(kCname.size());
      if (!t.empty() && t.back() == '.') t.remove_suffix(1);
      if (t.find('.') != std::string_view::npos) targets.push_back(LowerAscii(t));
    }
  }
  data.FetchLegacy(targets);
}

// Everything the models read for the probes' own names, and the clients of each probe.
// (Wildcard names, "*.<name>" and "*.<parent>", come from the rare names read once.)
void ChunkPlanner::FetchForResolving(ChunkData& data, PlannedChunk& out) {
  std::vector<std::string_view> legacy_names, record_names;
  std::vector<std::string> values;
  for (const auto& [name, probe] : out.probes) {
    legacy_names.push_back(name);
    record_names.push_back(name);
    if (std::string_view parent = ParentView(name); !parent.empty()) record_names.push_back(parent);
    std::string a = ExtractAddressFromReverse(name);
    if (!a.empty()) values.push_back(a);
  }
  data.FetchLegacy(legacy_names);
  FetchCnameTargets(data, out);
  data.FetchRecords(record_names);
  data.FetchValues(values);
  for (auto& [name, probe] : out.probes) {
    for (const LegacyRow* r : data.RowsFor(name)) {
      if (!r->deleted && !r->is_public && !r->tenant_id.empty()) probe.tenants.insert(r->tenant_id);
    }
    for (std::string_view z = ParentView(name); !z.empty(); z = ParentView(z)) {
      auto it = shared_.zones_by_name.find(z);
      if (it == shared_.zones_by_name.end()) continue;
      for (std::size_t zi : it->second) {
        const ZoneRow& zone = shared_.zones[zi];
        if (!zone.is_public && !zone.tenant_id.empty()) probe.tenants.insert(zone.tenant_id);
      }
    }
  }
}

}  // namespace cpdns
