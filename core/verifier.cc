#include "core/verifier.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/chunk_data.h"
#include "core/chunk_planner.h"
#include "core/cloud_pending.h"
#include "core/database.h"
#include "core/dns_answer.h"
#include "core/errors.h"
#include "core/intermediate_source.h"
#include "core/legacy_resolver.h"
#include "core/legacy_source.h"
#include "core/live_check.h"
#include "core/progress.h"
#include "core/report_context.h"
#include "core/run_ledger.h"
#include "core/schema_check.h"
#include "core/target_source.h"
#include "core/v310_resolver.h"
#include "core/v311_resolver.h"
#include "core/verification_reports.h"
#include "core/zone_export.h"

namespace cpdns {

int VerifierExitCode(const VerificationResult& r) {
  int code = 0;
  if (r.verdict.unexplained > 0) code |= verifier_exit::kUnexplained;
  // An uncertain answer comes from the target's one-row rules (3.10.x's single value, 3.11's
  // first CNAME row): it counts with the target's rules.
  for (const auto& [rule, t] : r.tally.by_rule()) {
    const bool rule_kind = t.kind == DifferenceKind::kTargetRule || t.kind == DifferenceKind::kUncertain;
    if (rule_kind && !t.accepted) code |= verifier_exit::kTargetRule;
  }
  if (r.verdict.real_lost_by_skipped.LostOrChanged() > 0) code |= verifier_exit::kSkippedLost;
  if (r.cloud_pending > 0) code |= verifier_exit::kCloudPending;
  if (r.local_zones_without_home > 0) code |= verifier_exit::kHomelessZones;
  if (r.live && !r.live->Confirmed()) code |= verifier_exit::kLiveUnconfirmed;
  return code;
}

namespace {

constexpr QueryType kTypes[] = {QueryType::kA, QueryType::kAAAA, QueryType::kCNAME, QueryType::kSRV,
                                QueryType::kPTR};

std::string ParentOf(std::string_view name) {
  size_t dot = name.find('.');
  return dot == std::string_view::npos ? std::string() : std::string(name.substr(dot + 1));
}

std::string_view ParentView(std::string_view name) {
  size_t dot = name.find('.');
  return dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
}

// What the live check compares a server's answer with.
LiveProbe LiveProbeOf(const std::string& name, QueryType type, ProbeKind kind,
                      const std::string& zone, const Resolution& predicted) {
  LiveProbe p{name, type, kind, zone, predicted.possible_answers};
  if (p.expected.empty()) p.expected.push_back(predicted.answer);
  return p;
}

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

// The zones, the records 3.11 derives PTR answers from, and the rare names: read once.
SharedLookups LoadShared(Connection& conn, const VerifierOptions& o) {
  SharedLookups shared;
  shared.tables = o.tables;
  TargetSource target(conn, o.tables);
  shared.zones = target.Zones();
  for (std::size_t i = 0; i < shared.zones.size(); ++i) {
    shared.zones_by_name[LowerAscii(shared.zones[i].name)].push_back(i);
    shared.zones_by_id[AsciiCiKey(shared.zones[i].id)].push_back(i);
  }
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
          [&addresses](const RecordView& r) { return addresses.count(LowerAscii(r.value)) > 0; },
          [&shared](RecordRow&& r) {
            std::string v = LowerAscii(r.dns_value);
            shared.by_address[v].push_back(std::move(r));
          });
    }
  }
  shared.rare.Load(conn, o.tables, shared.zones, shared.zones_by_id);
  return shared;
}

// Plans chunks on a thread of its own while the caller resolves the previous one: the
// next chunk's rows and records are fetched, on a second connection, while the models
// run. Two ChunkData take turns.
class ChunkPipeline {
 public:
  ChunkPipeline(ChunkPlanner& planner, ChunkData& a, ChunkData& b) : planner_(planner) {
    free_ = {&a, &b};
    thread_ = std::thread([this] { Plan(); });
  }
  ~ChunkPipeline() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  ChunkPipeline(const ChunkPipeline&) = delete;
  ChunkPipeline& operator=(const ChunkPipeline&) = delete;

  // The next planned chunk, valid until Done(); false at the end. Rethrows the planner's
  // error.
  bool Next(PlannedChunk& out) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !ready_.empty() || end_; });
    if (ready_.empty()) {
      if (error_) std::rethrow_exception(error_);
      return false;
    }
    out = std::move(ready_.front());
    ready_.pop_front();
    return true;
  }
  // The caller is done with `chunk`: its ChunkData may be refilled. The planner empties
  // it (ChunkPlanner::Next), keeping that work off the resolving thread, which is the
  // busier one.
  void Done(const PlannedChunk& chunk) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      free_.push_back(chunk.data);
    }
    cv_.notify_all();
  }

 private:
  void Plan() {
    try {
      for (;;) {
        ChunkData* data;
        {
          std::unique_lock<std::mutex> lock(mu_);
          cv_.wait(lock, [&] { return !free_.empty() || stop_; });
          if (stop_) break;
          data = free_.front();
          free_.pop_front();
        }
        PlannedChunk chunk;
        if (!planner_.Next(*data, chunk)) break;
        {
          std::lock_guard<std::mutex> lock(mu_);
          ready_.push_back(std::move(chunk));
        }
        cv_.notify_all();
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu_);
      error_ = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      end_ = true;
    }
    cv_.notify_all();
  }

  ChunkPlanner& planner_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<ChunkData*> free_;
  std::deque<PlannedChunk> ready_;
  bool stop_ = false, end_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

// Resolves a planned chunk's probes with the legacy model and the target's, for every
// query type and client, and reports each difference with its classification.
class ChunkChecker {
 public:
  ChunkChecker(const VerifierOptions& o, const SharedLookups& shared,
               const std::unordered_map<std::string, std::string>& skipped,
               VerificationReports& reports, LiveChecker* live, VerificationResult& result)
      : o_(o), shared_(shared), skipped_(skipped), reports_(reports), live_(live), result_(result) {
    ropts_.dns_domain = o.dns_domain;
  }

  void Check(const PlannedChunk& chunk) {
    data_ = chunk.data;
    LegacyResolver legacy(data_->legacy(), ropts_);
    V310Resolver v310(data_->records(), ropts_);
    V311Resolver v311(data_->records(), ropts_);
    legacy_ = &legacy;
    v310_ = &v310;
    v311_ = &v311;
    result_.legacy_rows += chunk.legacy_rows;
    result_.legacy_names += chunk.legacy_names;
    result_.names += static_cast<int64_t>(chunk.probes.size());
    for (const auto& [name, probe] : chunk.probes) CheckProbe(probe);
  }

 private:
  void FetchLegacy(const std::vector<std::string>& n) { data_->FetchLegacy(n); }
  void FetchRecords(const std::vector<std::string>& n) {
    std::vector<std::string> names, addrs;
    for (const std::string& x : n) (ParseGoIp(x) ? addrs : names).push_back(x);
    data_->FetchRecords(names);
    data_->FetchValues(addrs);
  }
  Resolution Before(const std::string& n, QueryType t, const Perspective& p) {
    return ResolveFully(*legacy_, n, t, p, [this](const auto& x) { FetchLegacy(x); });
  }
  Resolution After(const std::string& n, QueryType t, const Perspective& p) {
    auto fetch = [this](const auto& x) { FetchRecords(x); };
    return o_.target == TargetVersion::k311 ? ResolveFully(*v311_, n, t, p, fetch)
                                            : ResolveFully(*v310_, n, t, p, fetch);
  }

  std::string ZoneOf(std::string_view name) const {
    for (std::string_view z = name; !z.empty(); z = ParentView(z)) {
      if (shared_.zones_by_name.find(z) != shared_.zones_by_name.end()) return std::string(z);
    }
    return "";
  }

  void CheckProbe(const Probe& probe) {
    std::vector<std::optional<std::string>> who = {std::nullopt};
    for (const std::string& t : probe.tenants) who.push_back(t);
    const std::string zone = ZoneOf(probe.name);
    for (const auto& tenant : who) {
      Perspective p{tenant};
      for (QueryType type : kTypes) {
        ++result_.probes;
        Resolution before = Before(probe.name, type, p);
        Resolution after = After(probe.name, type, p);
        if (live_ != nullptr && !tenant) {
          live_->Submit(LiveProbeOf(probe.name, type, probe.kind, zone,
                                    o_.live->as_legacy ? before : after));
        }
        if (Compare(before, after) == Agreement::kSame) {
          ++result_.same;
          continue;
        }
        Classification c = ClassifyProbe(probe.name, type, p, probe.kind, before, after, 1);
        Difference d;
        d.kind = c.kind;
        d.rule = std::move(c.rule);
        d.detail = std::move(c.detail);
        d.name = probe.name;
        d.type = QueryTypeName(type);
        d.perspective = tenant ? "project " + *tenant : "anonymous";
        d.probe = probe.kind;
        d.zone = zone;
        d.before = before.answer.ToString();
        d.after = after.answer.ToString();
        d.effect = EffectOf(before.answer, after.answer);
        reports_.Add(std::move(d));
      }
    }
  }

  // Facts about one differing answer, and its classification; the parent name is
  // classified too (one level), since 3.11 may answer with the parent's records.
  Classification ClassifyProbe(const std::string& n, QueryType type, const Perspective& p,
                               ProbeKind kind, const Resolution& before, const Resolution& after,
                               int depth) {
    ProbeFacts f;
    f.name = n;
    f.type = type;
    f.kind = kind;
    f.target = o_.target;
    f.tenant = p.tenant_id;
    auto visible = [&](const LegacyRow& r) {
      return !r.deleted && (r.is_public || (p.tenant_id && r.tenant_id == *p.tenant_id));
    };
    data_->FetchLegacy({n, "*." + n, "*." + ParentOf(n)});
    for (const LegacyRow* r : data_->RowsFor(n)) {
      if (!visible(*r)) continue;
      f.rows.push_back(*r);
      if (auto s = skipped_.find(r->id); s != skipped_.end()) f.skipped.emplace_back(r->id, s->second);
    }
    for (const std::string& w : {"*." + n, "*." + ParentOf(n)}) {
      for (const LegacyRow* r : data_->RowsFor(w)) {
        if (visible(*r) && r->enabled) f.wildcard_rows.push_back(*r);
      }
    }
    if (std::string parent = ParentOf(n); parent.find('.') != std::string::npos) {
      data_->FetchLegacy({parent});
      data_->FetchRecords({parent, "*." + parent});
      f.parent_before = Before(parent, type, p);
      f.parent_after = After(parent, type, p);
      if (depth > 0 && Compare(*f.parent_before, *f.parent_after) != Agreement::kSame) {
        f.parent_difference = ClassifyProbe(parent, type, p, ProbeKind::kParent, *f.parent_before,
                                            *f.parent_after, depth - 1)
                                  .kind;
      }
    }
    f.before = before;
    f.after = after;
    return Classify(f);
  }

  const VerifierOptions& o_;
  const SharedLookups& shared_;
  const std::unordered_map<std::string, std::string>& skipped_;
  VerificationReports& reports_;
  LiveChecker* live_;
  VerificationResult& result_;
  ResolverOptions ropts_;
  ChunkData* data_ = nullptr;
  const LegacyResolver* legacy_ = nullptr;
  const V310Resolver* v310_ = nullptr;
  const V311Resolver* v311_ = nullptr;
};

// Every chunk, planned on a second thread and connection while this one resolves.
void CheckAllChunks(const VerifierOptions& o, const SharedLookups& shared, ChunkChecker& checker,
                    VerificationResult& result) {
  Connection stream = Connection::Open(o.connection, "verifier (legacy names)");
  Connection planning = Connection::Open(o.connection, "verifier (chunk fetches)");
  Connection resolving = Connection::Open(o.connection, "verifier (chunk fetches)");
  Progress progress(o.progress_on_terminal, LegacySource(stream, o.tables.legacy).CountRows());
  // Read before the legacy names stream on this connection.
  std::vector<std::string> intermediate = IntermediateAnswerNames(
      stream, IntermediateTables{}, o.tables.zones, o.tables.records, kChildProbeLabel);
  LegacyNamesReversed names(stream, o.tables.legacy, o.chunk_rows);
  ChunkPlanner planner(shared, names);
  planner.AddIntermediateNames(std::move(intermediate));
  ChunkData a(planning, shared), b(resolving, shared);
  ChunkPipeline pipeline(planner, a, b);
  PlannedChunk chunk;
  while (pipeline.Next(chunk)) {
    checker.Check(chunk);
    pipeline.Done(chunk);
    progress.Tick(result.legacy_rows, "names=" + std::to_string(result.names) +
                                          " probes=" + std::to_string(result.probes));
  }
  progress.Done();
}

}  // namespace

VerificationResult RunVerification(const VerifierOptions& o, std::ostream& text) {
  const std::string started_at = UtcNow();
  Connection conn = Connection::Open(o.connection, "verifier");
  RequireColumns(conn, o.tables.legacy, LegacySource::Columns(),
                 "point --database at the Cloudpods region database, or pass --legacy-table");
  if (!TableExists(conn, o.tables.zones) || !TableExists(conn, o.tables.records)) {
    throw ConfigError("the target tables `" + o.tables.zones + "` and `" + o.tables.records +
                      "` do not exist: run dns-migrator --execute first");
  }
  const SharedLookups shared = LoadShared(conn, o);

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

  ReportContext context = ReadReportContext(
      conn, o.connection, run_id.empty() ? std::nullopt : ledger.Run(run_id));
  context.started_at = started_at;
  context.target = o.target;
  context.dns_domain = o.dns_domain;
  VerificationResult result;
  if (!o.export_zones.empty()) {
    ZoneFileHeader header{context.tool_version, context.database, context.migrator_run.run_id};
    TargetSource target(conn, o.tables);
    result.exported_zones = ExportZones(
        shared.zones, [&target](const RecordSink& sink) { target.RecordsByZone(sink); },
        o.export_zones, header);
  }
  VerificationReports reports(o.reports, std::move(context));
  std::unique_ptr<LiveChecker> live;
  if (o.live) {
    live = std::make_unique<LiveChecker>(
        *o.live, o.live->as_legacy ? "legacy (v3.10.4)" : std::string(ToString(o.target)));
  }
  ChunkChecker checker(o, shared, skipped, reports, live.get(), result);
  CheckAllChunks(o, shared, checker, result);

  if (live) result.live = live->Finish();
  std::optional<CloudPendingReport> cloud;
  if (o.check_cloud) {
    CloudTables names;
    names.target_zones = o.tables.zones;
    names.target_records = o.tables.records;
    cloud = BuildCloudPendingReport(conn, names);
  }
  reports.Finish(result, cloud ? &*cloud : nullptr, text);
  return result;
}

}  // namespace cpdns
