// The usage examples at the top of the I/O headers, compiled against the real
// signatures: a header example that no longer builds fails this file. Examples that need
// a server are compiled only (the functions are never called); the pure ones also run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <iostream>

#include "core/batch_pipeline.h"
#include "core/bulk_load.h"
#include "core/cli_common.h"
#include "core/command_line.h"
#include "core/intermediate_batch.h"
#include "core/intermediate_step.h"
#include "core/legacy_source.h"
#include "core/migration.h"
#include "core/migration_run.h"
#include "core/option_files.h"
#include "core/progress.h"
#include "core/resume_key.h"
#include "core/retry.h"
#include "core/rollback.h"
#include "core/zone_states.h"
#include "core/run_ledger.h"
#include "core/target_source.h"
#include "core/target_writer.h"

namespace cpdns {
namespace {

[[maybe_unused]] int MigrationExample(const ConnectionOptions& conn_opts) {
  MigrationOptions o;  o.connection = conn_opts;  o.execute = true;
  MigrationResult r = RunMigration(o);
  return ExitCodeFor(r);
}

[[maybe_unused]] nlohmann::json IntermediateStepExample(Connection& read_connection,
                                                        const LegacyRow& row, ZoneCatalog& catalog,
                                                        bool executed) {
  IntermediateStep step(IntermediateMode::kMigrate, IntermediateOptions{});
  step.Load(read_connection);                    // before the legacy rows
  step.AddLegacy(row);                           // for every legacy row planned
  step.Plan(catalog);                            // after the last one
  step.WriteText(catalog, executed, std::cout);  // and step.Json(catalog) for the report
  return step.Json(catalog);
}

[[maybe_unused]] MigrationResult MigrationRunExample() {
  MigrationOptions o;  o.execute = true;
  MigrationResult r = MigrationRun(o).Run();
  return r;
}

[[maybe_unused]] void TargetWriterExample(Connection& conn, const std::string& run_id) {
  TargetWriter w(conn, TableNames{}, run_id);
  w.batch().legacy_ids.push_back("r1");
  w.batch().AddRecord(RecordWrite{}, "r1", 0);
  w.Commit("r1", RunCounts{});    // nothing is written before this
  const BatchDiff& done = w.diff();  // what it found and did, record by record
  (void)done;
}

[[maybe_unused]] void TargetRowsExample(Connection& conn) {
  WriteMethod method = WriteMethod::kLoadData;
  InsertRecords(conn, TableNames{}, {RecordWrite{}}, method);
  SetRecords(conn, TableNames{}, {{"record-id", RecordCells(RecordWrite{})}}, method);
  DeleteRows(conn, TableNames{}.records, {"record-id"});
  InsertZoneVpcs(conn, TableNames{}, "zone-id", {ZoneVpcWrite{"vpc-id", "2024-01-02 03:04:05",
                                                             "2024-01-02 03:04:05"}});
}

[[maybe_unused]] void IntermediateBatchExample(const IntermediateZonePlan& plan,
                                               const ZoneCatalog& catalog, PlannedBatch& batch,
                                               BatchZone& batch_zone) {
  std::unordered_map<std::string, std::string> fqdns;  // key -> name, for the report
  std::size_t n = AddIntermediateRecords(plan, catalog.zones()[plan.zone_slot], batch, fqdns);
  batch_zone.vpcs = IntermediateVpcs(plan);
  (void)n;
}

[[maybe_unused]] void OwnedRowsExample(Connection& conn, const std::vector<std::string>& legacy_ids,
                                       WriteMethod& method) {
  OwnedRows owned(conn, RunLedger(conn).Version());
  std::vector<OwnedRecord> mine = owned.RecordsOf(legacy_ids);
  owned.SaveRecords({OwnedRecord{}}, method);   // inside the batch's transaction
}

[[maybe_unused]] void BatchDiffExample(Connection& conn) {
  PlannedBatch batch;  batch.legacy_ids.push_back("r1");  batch.AddRecord(RecordWrite{}, "r1", 0);
  TargetSource target(conn, TableNames{});
  OwnedRows owned(conn, LedgerVersion::kCurrent);
  BatchDiff diff = DiffBatch(target, owned, batch, /*lock=*/false, /*overwrite=*/false);
}

[[maybe_unused]] void ZoneStatesExample(Connection& conn, const ZoneCatalog& catalog,
                                        std::size_t slot, const ZoneWrite& zone_write,
                                        PlannedBatch& batch) {
  OwnedRows owned(conn, LedgerVersion::kCurrent);
  TargetSource target(conn, TableNames{});
  const std::vector<std::string> ids = ZoneStates::Ids(owned.Zones());
  ZoneStates states(owned.Zones(), target.ZoneStates(ids, false), /*overwrite=*/false);
  // once per row planned into a zone:
  const ZoneState& s = states.Touch(slot, catalog.zones()[slot]);
  if (s.batch_write != WriteAction::kNone) batch.zones.push_back(states.ForBatch(slot, zone_write));
  std::vector<ZoneChange> report = states.Report(catalog.zones().size());
}

[[maybe_unused]] void ReportExample(const MigrationOptions& options, const std::string& run_id,
                                    const RowPlan& plan, const ZoneCatalog& catalog,
                                    std::span<const RecordChange* const> changes,
                                    const std::vector<ZoneChange>& zone_changes,
                                    MigrationResult& result) {
  MigrationReport report(options, "plan", run_id);
  report.Add(plan, catalog, /*in_scope=*/true, changes);   // once per legacy row
  report.Finish(catalog, zone_changes, result, std::cout);
}

[[maybe_unused]] void RollbackExample() {
  MigrationOptions o;  o.rollback_run = "latest";  o.execute = true;
  MigrationResult r = RunRollback(o, std::cout);
  ListRuns(o, std::cout);   // --list-runs
}

[[maybe_unused]] Decision TargetDiffExample(const RecordWrite& record_write,
                                            const std::optional<OwnedCells>& current_cells,
                                            const std::optional<Ownership>& ownership) {
  OwnedCells want = RecordCells(record_write);
  Decision d = Decide(want, Fingerprint(want), current_cells, ownership, /*overwrite=*/false);
  return d;
}

[[maybe_unused]] void LegacySourceExample(Connection& conn, const std::optional<std::string>& checkpoint) {
  auto plan = [](const LegacyRow&) {};
  auto resolve = [](const std::vector<LegacyRow>&) {};
  LegacySource source(conn, "dnsrecord_tbl");
  source.StartAfter(checkpoint);          // std::nullopt: from the first row
  LegacyRow row;
  while (source.Next(row)) plan(row);
  LegacyByName chunks(conn, "dnsrecord_tbl", 2000);
  std::vector<LegacyRow> chunk;
  while (chunks.Next(chunk)) resolve(chunk);   // a name is never split between chunks
}

[[maybe_unused]] void RunLedgerExample(Connection& conn, const MigrationOptions& options,
                                       const std::string& last_legacy_id, const RunCounts& counts) {
  RunLedger ledger(conn);
  ledger.TakeLock();                       // LockedError when another run holds it
  ledger.EnsureTables();
  std::string run = ledger.StartRun(options.ToJson());
  ledger.SaveCheckpoint(run, last_legacy_id, counts);   // inside a batch's transaction
  ledger.SetStatus(run, RunStatus::kFinished);
}

[[maybe_unused]] void TargetSourceExample(Connection& conn, const std::string& zone_id) {
  TargetSource target(conn, TableNames{});
  for (const ZoneRow& z : target.Zones()) { (void)z; }
  std::vector<RecordRow> records = target.RecordsOfZone(zone_id);
  std::optional<RecordRow> r = target.Record("1b4e28ba-2fa1-5d2a-...");
}

[[maybe_unused]] void RetryExample(Connection& conn, TargetWriter& writer,
                                   const ConnectionOptions& options, const std::string& last_id,
                                   const RunCounts& counts) {
  RetryTransient("batch=7", [&] { writer.Commit(last_id, counts); },
                 [&] { conn = Connection::Open(options, "writer"); });
}

[[maybe_unused]] void BatchPipelineExample(Connection& write, const TableNames& tables,
                                           const std::string& run_id,
                                           const std::function<void()>& reconnect) {
  auto report = [](const BatchDiff&) {};
  BatchPipeline pipeline(write, tables, run_id, WriteMethod::kLoadData, false, reconnect);
  pipeline.batch().batch().AddRecord(RecordWrite{}, "r1", 0);
  pipeline.Submit("r1", "r1", RunCounts{});   // commits in the background
  if (TargetWriter* done = pipeline.Drain()) report(done->diff());  // rethrows its error
}

[[maybe_unused]] void BulkLoadExample(Connection& conn, WriteMethod& method) {
  BulkRows rows;
  rows.Field("id-1").Int(300).Null().EndRow();
  BulkTable map{"cpdns_migration_map", {"run_id", "ttl", "detail"}, {"ttl", "detail"}};
  WriteBulk(conn, map, rows, OnDuplicate::kUpdate, method, "writing the row map");
}

[[maybe_unused]] void ProgressExample(int64_t total_rows, int64_t rows_done) {
  Progress progress(::isatty(STDERR_FILENO) != 0, total_rows);
  progress.Tick(rows_done);   // as often as you like: it rate-limits itself
  progress.Tick(rows_done, "names=12 probes=60");   // more figures on the line
  progress.Done();            // clears the terminal line
}

[[maybe_unused]] int CliCommonExample(int argc, char** argv) {
  namespace po = boost::program_options;
  po::options_description conn, all;
  AddConnectionOptions(conn);  AddCommonOptions(all);  all.add(conn);
  CommandLineSpec spec{&all, &conn, "dns-migrator"};
  po::variables_map vm;
  if (auto code = ParseCommandLine(argc, argv, spec, vm, "Usage: ...", 2)) return *code;
  ConnectionOptions c = ConnectionOptionsFrom(vm);   // prompts when asked to
  c = CheckConnection(c);                            // ConnectError when refused
  return 0;
}

[[maybe_unused]] void OptionFilesExample() {
  auto use = [](const std::string&, const std::optional<std::string>&, const std::string&) {};
  OptionFileChoice choice;                       // --no-defaults, --defaults-file, ...
  for (const auto& file : OptionFilesToRead(choice, CurrentOptionFileEnvironment()))
    for (const OptionSetting& s : ReadOptionFile(file, {"client", "dns-migrator"}))
      use(s.name, s.value, s.where);             // later settings override earlier ones
}

[[maybe_unused]] void ResumeKeyExample(const std::string& recorded_json, const MigrationOptions& o) {
  std::vector<std::string> diff = ResumeKeyDifferences(recorded_json, o.ToJson());
  if (!diff.empty()) throw ConfigError("--resume: options differ: " + diff.front());
}

TEST(HeaderExamples, CommandLineExampleParsesAsItSays) {
  namespace po = boost::program_options;
  po::options_description connection, all;
  AddConnectionOptions(connection);
  AddCommonOptions(all);
  all.add(connection);
  CommandLineSpec spec{&all, &connection, "dns-migrator"};   // options_descriptions
  po::variables_map vm =
      ParseArguments(spec, {"--no-defaults", "-u", "op", "-p", "yunioncloud"});
  EXPECT_EQ(vm["database"].as<std::string>(), "yunioncloud");
  EXPECT_EQ(vm["password"].as<std::string>(), kPasswordPrompt);
}

TEST(HeaderExamples, BulkRowsEncodeLoadDataText) {
  BulkRows rows;
  rows.Field("id-1").Int(300).Null().EndRow();
  rows.Field("a\tb\nc\\d").Bool(true).Optional(std::string("x")).EndRow();
  EXPECT_EQ(rows.rows(), 2u);
  EXPECT_EQ(rows.text(), "id-1\t300\t\\N\na\\tb\\nc\\\\d\t1\tx\n");
}

}  // namespace
}  // namespace cpdns
