#include "core/verifier.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/cloud_pending.h"
#include "core/database.h"
#include "core/dns_answer.h"
#include "core/errors.h"
#include "core/fingerprint_set.h"
#include "core/intermediate_source.h"
#include "core/legacy_resolver.h"
#include "core/legacy_source.h"
#include "core/progress.h"
#include "core/run_ledger.h"
#include "core/schema_check.h"
#include "core/target_source.h"
#include "core/v310_resolver.h"
#include "core/v311_resolver.h"
#include "core/wire_name.h"

namespace cpdns {

using nlohmann::json;

int VerifierExitCode(const VerificationResult& r) {
  int code = 0;
  if (r.Count(DifferenceKind::kUnexplained) > 0) code |= verifier_exit::kUnexplained;
  // An uncertain answer comes from the target's one-row rules (3.10.x's single value, 3.11's
  // first CNAME row): it counts with the target's rules.
  if (r.Count(DifferenceKind::kTargetRule) > 0 || r.Count(DifferenceKind::kUncertain) > 0) {
    code |= verifier_exit::kTargetRule;
  }
  if (r.cloud_pending > 0) code |= verifier_exit::kCloudPending;
  return code;
}

namespace {

constexpr QueryType kTypes[] = {QueryType::kA, QueryType::kAAAA, QueryType::kCNAME, QueryType::kSRV,
                                QueryType::kPTR};
constexpr const char* kChildLabel = "cpdns-probe";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Lower(s) == s, without building it: only 'A'..'Z' change below 0x80.
bool IsLower(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80) return u < 'A' || u > 'Z';
    return std::tolower(u) == u;
  });
}

std::string ParentOf(std::string_view name) {
  size_t dot = name.find('.');
  return dot == std::string_view::npos ? std::string() : std::string(name.substr(dot + 1));
}

std::string_view ParentView(std::string_view name) {
  size_t dot = name.find('.');
  return dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
}

// Lets the verifier's string-keyed containers be searched with a std::string_view.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

// Inserts `key` unless present; true when it was new. Allocates only for a new key.
bool InsertNew(StringSet& set, std::string_view key) {
  if (set.find(key) != set.end()) return false;
  set.emplace(key);
  return true;
}

struct Probe {
  std::string name;
  ProbeKind kind;
  std::set<std::string> tenants;  // projects owning a row of the originating name
};

// Everything one chunk of names needs from the database, fetched on demand.
class ChunkData {
 public:
  ChunkData(Connection& conn, TargetSource& target, const VerifierOptions& o,
            const std::vector<ZoneRow>& zones,
            const StringMap<std::vector<std::size_t>>& zones_by_name,
            const std::unordered_map<std::string, std::vector<RecordRow>>& by_address)
      : conn_(conn),
        target_(target),
        o_(o),
        zones_(zones),
        zones_by_name_(zones_by_name),
        by_address_(by_address),
        legacy_(LegacyTable::Coverage::kPartial),
        records_(RecordTable::Coverage::kPartial) {
    for (const ZoneRow& z : zones_) records_.AddZone(z);
  }

  // Forgets the previous chunk's names and rows; the zones stay.
  void Reset() {
    legacy_.Clear();
    records_.ClearRecords();
    legacy_names_.clear();
    legacy_ids_.clear();
    record_names_.clear();
    record_values_.clear();
    record_ids_.clear();
    rows_by_norm_.clear();
  }

  LegacyTable& legacy() { return legacy_; }
  RecordTable& records() { return records_; }
  // The rows (held by legacy()) whose normalised name is `normalised`.
  const std::vector<const LegacyRow*>& RowsFor(std::string_view normalised) const {
    static const std::vector<const LegacyRow*> kNone;
    auto it = rows_by_norm_.find(normalised);
    return it == rows_by_norm_.end() ? kNone : it->second;
  }

  void FetchLegacy(std::initializer_list<std::string_view> names) {
    FetchLegacy(std::span<const std::string_view>(names.begin(), names.size()));
  }
  template <typename Names>
  void FetchLegacy(const Names& names) {
    std::vector<std::string> want;
    for (std::string_view n : names) {
      bool is_new = IsLower(n) ? InsertNew(legacy_names_, n) : InsertNew(legacy_names_, Lower(n));
      if (!is_new) continue;
      want.emplace_back(n);
      want.push_back(want.back() + ".");
      legacy_.AddEmptyName(want[want.size() - 2]);
      legacy_.AddEmptyName(want.back());
    }
    RowsByName(
        conn_, o_.tables.legacy, want,
        [this](std::string_view id) { return legacy_ids_.find(id) == legacy_ids_.end(); },
        [this](LegacyRow&& fetched) {
          const LegacyRow& row = legacy_.Add(std::move(fetched));
          legacy_ids_.insert(row.id);
          std::string norm = LegacyProbeName(row.name);
          auto it = rows_by_norm_.find(std::string_view(norm));
          if (it == rows_by_norm_.end()) it = rows_by_norm_.try_emplace(std::move(norm)).first;
          it->second.push_back(&row);
        });
  }

  void FetchRecords(std::initializer_list<std::string_view> names) {
    FetchRecords(std::span<const std::string_view>(names.begin(), names.size()));
  }
  template <typename Names>
  void FetchRecords(const Names& names) {
    // A record answers to CONCAT(name, '.', zone): try every zone that is a suffix.
    // The zones (indexes into zones_) each relative name may belong to.
    StringMap<std::vector<std::size_t>> zones_by_rel;
    for (std::string_view raw : names) {
      std::string lowered;
      std::string_view f = raw;
      if (!IsLower(raw)) f = lowered = Lower(raw);
      if (!InsertNew(record_names_, f)) continue;
      records_.AddEmptyName(f);
      for (size_t dot = f.find('.'); dot != std::string::npos; dot = f.find('.', dot + 1)) {
        auto it = zones_by_name_.find(f.substr(dot + 1));
        if (it == zones_by_name_.end()) continue;
        std::string_view rel = f.substr(0, dot);
        auto at = zones_by_rel.find(rel);
        if (at == zones_by_rel.end()) at = zones_by_rel.try_emplace(std::string(rel)).first;
        at->second.insert(at->second.end(), it->second.begin(), it->second.end());
      }
    }
    if (zones_by_rel.empty()) return;
    std::vector<std::string_view> rels;
    for (const auto& [rel, zone_indexes] : zones_by_rel) rels.push_back(rel);
    // Only rows in one of the zones their relative name was asked for.
    auto wanted = [&](const RecordView& r) {
      std::string_view name = r.name;
      std::string lowered;
      if (!IsLower(name)) name = lowered = Lower(name);
      auto it = zones_by_rel.find(name);
      if (it == zones_by_rel.end()) return false;
      auto in_zone = [&](std::size_t zi) { return zones_[zi].id == r.zone_id; };
      return std::any_of(it->second.begin(), it->second.end(), in_zone);
    };
    target_.RecordsByName(rels, wanted, [this](RecordRow&& r) { AddRecord(std::move(r)); });
  }

  void FetchValues(const std::vector<std::string>& values) {
    for (const std::string& v : values) {
      if (!InsertNew(record_values_, v)) continue;
      records_.AddEmptyValue(v);
      auto it = by_address_.find(v);
      if (it == by_address_.end()) continue;
      for (const RecordRow& r : it->second) AddRecord(r);
    }
  }

 private:
  void AddRecord(RecordRow r) {
    if (InsertNew(record_ids_, r.id)) records_.AddRecord(std::move(r));
  }

  Connection& conn_;
  TargetSource& target_;
  const VerifierOptions& o_;
  const std::vector<ZoneRow>& zones_;
  const StringMap<std::vector<std::size_t>>& zones_by_name_;
  const std::unordered_map<std::string, std::vector<RecordRow>>& by_address_;
  LegacyTable legacy_;
  RecordTable records_;
  StringSet legacy_names_, legacy_ids_, record_names_, record_values_, record_ids_;
  StringMap<std::vector<const LegacyRow*>> rows_by_norm_;
};

// Resolves until the source has everything the answer needs.
template <typename Resolver, typename Fetch>
Resolution ResolveFully(const Resolver& resolver, const std::string& name, QueryType type,
                        const Perspective& who, Fetch fetch) {
  for (int round = 0;; ++round) {
    Resolution r = resolver.Resolve(name, type, who);
    if (r.complete() || round == 12) return r;
    fetch(r.unavailable_names);
  }
}

}  // namespace

// Defined in verifier_output.cc.
void WriteVerificationText(const VerifierOptions& o, const VerificationResult& r,
                           const std::map<DifferenceKind, std::vector<Difference>>& examples,
                           std::ostream& text);
void AppendDifferenceJson(const Difference& d, std::string& out);

VerificationResult RunVerification(const VerifierOptions& o, std::ostream& text) {
  Connection conn = Connection::Open(o.connection, "verifier");
  RequireColumns(conn, o.tables.legacy, LegacySource::Columns(),
                 "point --database at the Cloudpods region database, or pass --legacy-table");
  if (!TableExists(conn, o.tables.zones) || !TableExists(conn, o.tables.records)) {
    throw ConfigError("the target tables `" + o.tables.zones + "` and `" + o.tables.records +
                      "` do not exist: run dns-migrator --execute first");
  }

  // Zones: all of them (the models filter), indexed by lower-case name.
  TargetSource target(conn, o.tables);
  std::vector<ZoneRow> zones = target.Zones();
  StringMap<std::vector<std::size_t>> zones_by_name;
  for (std::size_t i = 0; i < zones.size(); ++i) zones_by_name[Lower(zones[i].name)].push_back(i);

  // Rows the newest finished migrator run skipped, with its reasons (with staged runs,
  // the newest that planned each row).
  std::unordered_map<std::string, std::string> skipped;
  RunLedger ledger(conn);
  const std::string run_id = ledger.NewestFinishedRun();
  if (!run_id.empty()) {
    ledger.SkippedRows([&skipped](std::string id, std::string reasons) {
      skipped[std::move(id)] = std::move(reasons);
    });
  }

  // 3.11 answers PTR from A/AAAA records holding the address: collect, once, the
  // records holding an address that some legacy reverse name asks for.
  std::unordered_map<std::string, std::vector<RecordRow>> by_address;
  if (o.target == TargetVersion::k311) {
    std::unordered_set<std::string> addresses;
    ReverseNames(conn, o.tables.legacy, [&addresses](std::string&& name) {
      std::string a = ExtractAddressFromReverse(NormalizeQueryName(name));
      if (!a.empty()) addresses.insert(a);
    });
    if (!addresses.empty()) {
      constexpr std::string_view kAddressTypes[] = {"A", "AAAA"};
      target.RecordsOfTypes(
          kAddressTypes,
          [&addresses](const RecordView& r) { return addresses.count(Lower(r.value)) > 0; },
          [&by_address](RecordRow&& r) {
            std::string v = Lower(r.dns_value);
            by_address[v].push_back(std::move(r));
          });
    }
  }

  VerificationResult result;
  std::map<DifferenceKind, std::vector<Difference>> examples;
  std::unique_ptr<std::ofstream> json_out;
  bool first_diff = true;
  if (!o.report_json.empty()) {
    json_out = std::make_unique<std::ofstream>(o.report_json, std::ios::binary | std::ios::trunc);
    if (!*json_out) throw ConfigError("cannot write --report-json " + o.report_json);
    json head = {{"schema", "cloudpods-dns-migrate/verification-report"},
                 {"version", 1},
                 {"tool_version", CPDNS_VERSION},
                 {"target_version", std::string(ToString(o.target))},
                 {"migrator_run_id", run_id}};
    std::string h = head.dump();
    h.pop_back();
    *json_out << h << ",\"differences\":[\n";
  }

  ResolverOptions ropts;
  ropts.dns_domain = o.dns_domain;
  FingerprintSet probed_parents;
  // Legacy rows in name order, in keyset chunks; a name is never split between chunks.
  LegacyByName chunks(conn, o.tables.legacy, o.chunk_rows);
  std::vector<LegacyRow> chunk;
  // One chunk's names and rows at a time; reset per chunk, so memory stays flat.
  ChunkData data(conn, target, o, zones, zones_by_name, by_address);
  // Counters of result.by_rule by rule (std::map nodes keep their address).
  StringMap<int64_t*> rule_counts;
  std::string json_line;
  Progress progress(o.progress_on_terminal,
                    std::stoll(conn.QueryValue("SELECT COUNT(*) FROM " +
                                               QuoteIdentifier(o.tables.legacy))
                                   .value_or("0")));

  // Probed with the first chunk: the names only migrated intermediate records answer.
  std::vector<std::string> intermediate_names =
      IntermediateAnswerNames(conn, IntermediateTables{}, o.tables.zones, o.tables.records,
                              kChildLabel);
  while (chunks.Next(chunk)) {
    result.legacy_rows += static_cast<int64_t>(chunk.size());

    // Probes of this chunk: each legacy name, a child under it, and its parents.
    // Rows come in name order and a chunk never splits a name, so a legacy name is
    // probed once without remembering it; only parents that are no legacy name
    // need a memory (far fewer than names).
    data.Reset();
    std::map<std::string, Probe> probes;
    std::set<std::string> plain;  // names some row of this chunk spells without a trailing dot
    for (const LegacyRow& row : chunk) {
      std::string n = LegacyProbeName(row.name);
      if (n.empty() || n.find('.') == std::string::npos) continue;
      auto& probe = probes.try_emplace(n, Probe{n, ProbeKind::kLegacyName, {}}).first->second;
      if (!row.deleted && !row.is_public && !row.tenant_id.empty()) {
        probe.tenants.insert(row.tenant_id);
      }
      if (row.name.empty() || row.name.back() != '.') plain.insert(n);
    }
    {
      std::vector<std::string_view> names;
      for (const auto& [name, probe] : probes) names.push_back(name);
      data.FetchLegacy(names);
    }
    std::map<std::string, std::set<std::string>> parents;
    for (auto it = probes.begin(); it != probes.end();) {
      const std::string& n = it->first;
      // Only "n." rows here, but an "n" row elsewhere: probed where that row sorts.
      bool elsewhere = false;
      if (!plain.count(n)) {
        for (const LegacyRow* r : data.RowsFor(n)) {
          elsewhere = elsewhere || r->name.empty() || r->name.back() != '.';
        }
      }
      if (elsewhere) {
        it = probes.erase(it);
        continue;
      }
      // A '*' row's parents too: "*.rest" probes rest and above.
      for (std::string p = ParentOf(n); p.find('.') != std::string::npos; p = ParentOf(p)) {
        parents[p].insert(it->second.tenants.begin(), it->second.tenants.end());
      }
      ++it;
    }
    {
      std::vector<std::string_view> names;
      for (const auto& [p, tenants] : parents) names.push_back(p);
      data.FetchLegacy(names);
    }
    std::vector<Probe> extra;
    for (const auto& [name, probe] : probes) {
      // Legacy matched "*.rest" literally: a child of the literal name, and a name the '*'
      // covers in the target, show what the target answers beyond it.
      extra.push_back({std::string(kChildLabel) + "." + name, ProbeKind::kChild, probe.tenants});
      if (name.rfind("*.", 0) == 0) {
        extra.push_back(
            {std::string(kChildLabel) + name.substr(1), ProbeKind::kCovered, probe.tenants});
      }
    }
    for (auto& [p, tenants] : parents) {
      if (!data.RowsFor(p).empty() || !probed_parents.Insert(p)) continue;
      extra.push_back({p, ProbeKind::kParent, std::move(tenants)});
    }
    for (Probe& e : extra) probes.try_emplace(e.name, std::move(e));
    if (!intermediate_names.empty()) {
      // A legacy name among them is probed as one, in its own chunk.
      data.FetchLegacy(intermediate_names);
      for (const std::string& n : intermediate_names) {
        if (data.RowsFor(n).empty()) probes.try_emplace(n, Probe{n, ProbeKind::kIntermediate, {}});
      }
      intermediate_names.clear();
    }
    result.names += static_cast<int64_t>(probes.size());

    // Views into the probes' names and into `wildcards`, which never reallocates.
    std::vector<std::string> wildcards;
    wildcards.reserve(2 * probes.size());
    std::vector<std::string_view> legacy_names, record_names;
    std::vector<std::string> values;
    for (const auto& [name, probe] : probes) {
      std::string_view parent = ParentView(name);
      std::string_view wild_name = wildcards.emplace_back("*." + name);
      std::string_view wild_parent;
      if (!parent.empty()) wild_parent = wildcards.emplace_back("*." + std::string(parent));
      legacy_names.push_back(name);
      legacy_names.push_back(wild_name);
      if (!parent.empty()) legacy_names.push_back(wild_parent);
      record_names.push_back(name);
      record_names.push_back(wild_name);
      if (!parent.empty()) {
        record_names.push_back(parent);
        record_names.push_back(wild_parent);
      }
      std::string a = ExtractAddressFromReverse(name);
      if (!a.empty()) values.push_back(a);
    }
    data.FetchLegacy(legacy_names);
    // Clients that matter for a name, the same whichever chunk probes it: every
    // project owning a live row of the name or a private zone above it.
    for (auto& [name, probe] : probes) {
      probe.tenants.clear();
      for (const LegacyRow* r : data.RowsFor(name)) {
        if (!r->deleted && !r->is_public && !r->tenant_id.empty()) probe.tenants.insert(r->tenant_id);
      }
      for (std::string_view z = ParentView(name); !z.empty(); z = ParentView(z)) {
        auto it = zones_by_name.find(z);
        if (it == zones_by_name.end()) continue;
        for (std::size_t zi : it->second) {
          if (!zones[zi].is_public && !zones[zi].tenant_id.empty()) {
            probe.tenants.insert(zones[zi].tenant_id);
          }
        }
      }
    }
    data.FetchRecords(record_names);
    data.FetchValues(values);

    LegacyResolver legacy(data.legacy(), ropts);
    V310Resolver v310(data.records(), ropts);
    V311Resolver v311(data.records(), ropts);
    auto fetch_legacy = [&](const std::vector<std::string>& n) { data.FetchLegacy(n); };
    auto fetch_records = [&](const std::vector<std::string>& n) {
      std::vector<std::string> names, addrs;
      for (const std::string& x : n) (ParseGoIp(x) ? addrs : names).push_back(x);
      data.FetchRecords(names);
      data.FetchValues(addrs);
    };

    auto resolve_after = [&](const std::string& n, QueryType t, const Perspective& p) {
      return o.target == TargetVersion::k311 ? ResolveFully(v311, n, t, p, fetch_records)
                                             : ResolveFully(v310, n, t, p, fetch_records);
    };
    // Facts about one differing answer, and its classification; the parent name is
    // classified too (one level), since 3.11 may answer with the parent's records.
    std::function<Classification(const std::string&, QueryType, const Perspective&, ProbeKind,
                                 const Resolution&, const Resolution&, int)>
        classify = [&](const std::string& n, QueryType type, const Perspective& p, ProbeKind kind,
                       const Resolution& before, const Resolution& after, int depth) {
          ProbeFacts f;
          f.name = n;
          f.type = type;
          f.kind = kind;
          f.target = o.target;
          f.tenant = p.tenant_id;
          auto visible = [&](const LegacyRow& r) {
            return !r.deleted && (r.is_public || (p.tenant_id && r.tenant_id == *p.tenant_id));
          };
          data.FetchLegacy({n, "*." + n, "*." + ParentOf(n)});
          for (const LegacyRow* r : data.RowsFor(n)) {
            if (!visible(*r)) continue;
            f.rows.push_back(*r);
            if (auto s = skipped.find(r->id); s != skipped.end())
              f.skipped.emplace_back(r->id, s->second);
          }
          for (const std::string& w : {"*." + n, "*." + ParentOf(n)}) {
            for (const LegacyRow* r : data.RowsFor(w)) {
              if (visible(*r) && r->enabled) f.wildcard_rows.push_back(*r);
            }
          }
          if (std::string parent = ParentOf(n); parent.find('.') != std::string::npos) {
            data.FetchLegacy({parent});
            data.FetchRecords({parent, "*." + parent});
            f.parent_before = ResolveFully(legacy, parent, type, p, fetch_legacy);
            f.parent_after = resolve_after(parent, type, p);
            if (depth > 0 && Compare(*f.parent_before, *f.parent_after) != Agreement::kSame) {
              f.parent_difference = classify(parent, type, p, ProbeKind::kParent, *f.parent_before,
                                             *f.parent_after, depth - 1)
                                        .kind;
            }
          }
          f.before = before;
          f.after = after;
          return Classify(f);
        };

    for (const auto& [name, probe] : probes) {
      std::vector<std::optional<std::string>> who = {std::nullopt};
      for (const std::string& t : probe.tenants) who.push_back(t);
      std::string zone;
      for (std::string_view z = name; !z.empty(); z = ParentView(z)) {
        if (zones_by_name.find(z) != zones_by_name.end()) {
          zone = z;
          break;
        }
      }
      std::map<DifferenceKind, int64_t>* zone_counts = nullptr;  // found at the first difference
      for (const auto& tenant : who) {
        Perspective p{tenant};
        for (QueryType type : kTypes) {
          ++result.probes;
          Resolution before = ResolveFully(legacy, name, type, p, fetch_legacy);
          Resolution after = resolve_after(name, type, p);
          if (Compare(before, after) == Agreement::kSame) {
            ++result.same;
            continue;
          }
          Classification c = classify(name, type, p, probe.kind, before, after, 1);
          Difference d{c.kind,
                       c.rule,
                       c.detail,
                       name,
                       std::string(QueryTypeName(type)),
                       tenant ? "project " + *tenant : "anonymous",
                       std::string(ToString(probe.kind)),
                       zone,
                       before.answer.ToString(),
                       after.answer.ToString()};
          ++result.by_kind[d.kind];
          auto rule = rule_counts.find(std::string_view(d.rule));
          if (rule == rule_counts.end()) {
            rule = rule_counts.try_emplace(d.rule, &result.by_rule[d.rule]).first;
          }
          ++*rule->second;
          if (zone_counts == nullptr) zone_counts = &result.by_zone[zone.empty() ? "(no zone)" : zone];
          ++(*zone_counts)[d.kind];
          auto& ex = examples[d.kind];
          if (ex.size() < o.text_differences) ex.push_back(d);
          if (json_out) {
            json_line.assign(first_diff ? "" : ",\n");
            AppendDifferenceJson(d, json_line);
            *json_out << json_line;
            first_diff = false;
          }
        }
      }
    }
    progress.Tick(result.legacy_rows, "names=" + std::to_string(result.names) +
                                          " probes=" + std::to_string(result.probes));
  }
  progress.Done();

  WriteVerificationText(o, result, examples, text);
  spdlog::debug("parent names remembered across chunks: {}", probed_parents.size());
  json cloud = nullptr;
  if (o.check_cloud) {
    CloudTables names;
    names.target_zones = o.tables.zones;
    names.target_records = o.tables.records;
    CloudPendingReport report = BuildCloudPendingReport(conn, names);
    result.cloud_pending = report.Pending();
    text << "\n";
    WriteCloudPendingText(report, text, o.text_differences);
    if (json_out) cloud = CloudPendingJson(report);
  }
  if (json_out) {
    json by_kind = json::object();
    for (const auto& [k, n] : result.by_kind) by_kind[std::string(ToString(k))] = n;
    json by_zone = json::object();
    for (const auto& [z, m] : result.by_zone) {
      json e = json::object();
      for (const auto& [k, n] : m) e[std::string(ToString(k))] = n;
      by_zone[z] = e;
    }
    json totals = {{"legacy_rows", result.legacy_rows},
                   {"names", result.names},
                   {"probes", result.probes},
                   {"same", result.same},
                   {"by_kind", by_kind},
                   {"by_rule", result.by_rule},
                   {"by_zone", by_zone}};
    *json_out << "\n],\"totals\":" << totals.dump() << ",\"cloud\":" << cloud.dump() << "}\n";
    json_out->close();
    if (!*json_out) throw ConfigError("writing --report-json " + o.report_json + " failed");
  }
  return result;
}

}  // namespace cpdns
