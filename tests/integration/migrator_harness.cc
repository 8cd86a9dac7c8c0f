#include "tests/integration/migrator_harness.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "core/database.h"
#include "core/errors.h"
#include "core/sql_files.h"
#include "core/uuid.h"

namespace cpdns::testing {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

void LoadFixtureDatabase(ScratchDatabase& db, const std::string& fixture,
                         const std::string& target_release) {
  db.LoadLegacySchema();
  db.LoadFixture(fixture);
  if (!target_release.empty()) db.LoadTargetSchema(target_release);
}

std::vector<std::string> ConnectionArgs(const ScratchDatabase& db) {
  ConnectionOptions o = db.options();
  return {"--socket", o.socket, "--user", o.user, "--database", o.database};
}

EnvChanges ConnectionEnv() {
  ConnectionOptions o = ServerOptions();
  if (o.password && !o.password->empty()) return {{"MYSQL_PWD", *o.password}};
  return {{"MYSQL_PWD", std::nullopt}};
}

std::vector<std::string> WithConnection(const ScratchDatabase& db, std::vector<std::string> args) {
  std::vector<std::string> out = ConnectionArgs(db);
  out.insert(out.end(), args.begin(), args.end());
  return out;
}

namespace {

EnvChanges Merge(EnvChanges base, const EnvChanges& extra) {
  base.insert(base.end(), extra.begin(), extra.end());
  return base;
}

}  // namespace

ProcessResult RunMigrator(const ScratchDatabase& db, const std::vector<std::string>& args,
                          const EnvChanges& env) {
  return RunProcess(CPDNS_MIGRATOR_BIN, WithConnection(db, args), Merge(ConnectionEnv(), env));
}

ChildProcess StartMigrator(const ScratchDatabase& db, const std::vector<std::string>& args) {
  return ChildProcess::Start(CPDNS_MIGRATOR_BIN, WithConnection(db, args), ConnectionEnv());
}

std::string Describe(const ProcessResult& r) {
  return "exit " + std::to_string(r.exit_code) + " signal " + std::to_string(r.signal) +
         "\n--- stdout ---\n" + r.out.substr(0, 4000) + "\n--- stderr ---\n" +
         r.err.substr(0, 4000);
}

TempPath::TempPath(const std::string& tag) {
  static int counter = 0;
  path_ = (fs::temp_directory_path() / ("cpdns-test-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(++counter) + "-" + tag))
              .string();
  fs::remove(path_);
}

TempPath::~TempPath() {
  std::error_code ec;
  fs::remove(path_, ec);
}

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return nlohmann::json::parse(in);
}

// ---- snapshots ----

bool TableExists(const ScratchDatabase& db, const std::string& table) {
  Connection c = db.Connect();
  return c.QueryValue(
              "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
              "TABLE_NAME = " +
              c.Literal(table))
             .value_or("0") != "0";
}

std::string TableState(const ScratchDatabase& db, const std::string& table) {
  if (!TableExists(db, table)) return "absent";
  return "rows=" + std::to_string(db.Count(table)) + " checksum=" + db.Checksum(table);
}

std::vector<std::string> TableRows(const ScratchDatabase& db, const std::string& table,
                                   const std::string& order_by) {
  Connection c = db.Connect();
  std::vector<std::string> out;
  for (const Row& row :
       c.QueryAll("SELECT * FROM " + QuoteIdentifier(table) + " ORDER BY " + order_by)) {
    std::string line;
    for (const Cell& cell : row) {
      if (!line.empty()) line += '\x1f';
      line += cell ? *cell : std::string("\\N");
    }
    out.push_back(std::move(line));
  }
  return out;
}

::testing::AssertionResult SameRows(const std::vector<std::string>& got,
                                    const std::vector<std::string>& want) {
  auto show = [](const std::string& row) {
    std::string out = row;
    for (char& ch : out) {
      if (ch == '\x1f') ch = '|';
    }
    return out;
  };
  for (size_t i = 0; i < std::min(got.size(), want.size()); ++i) {
    if (got[i] != want[i]) {
      return ::testing::AssertionFailure()
             << "row " << i << " differs:\n  got  " << show(got[i]) << "\n  want " << show(want[i]);
    }
  }
  if (got.size() != want.size()) {
    return ::testing::AssertionFailure() << got.size() << " rows, expected " << want.size();
  }
  return ::testing::AssertionSuccess();
}

Snapshot TakeSnapshot(const ScratchDatabase& db, const std::vector<std::string>& tables) {
  Snapshot s;
  for (const std::string& t : tables) s[t] = TableState(db, t);
  return s;
}

std::vector<std::string> TargetTables() { return {kZonesTable, kRecordsTable}; }
std::vector<std::string> BookkeepingTables() { return {kRunsTable, kMapTable, kRunZonesTable}; }
std::vector<std::string> LegacyTables() {
  std::vector<std::string> out;
  for (const fs::path& f : SqlFilesIn(SqlDirectory() / "legacy")) out.push_back(f.stem().string());
  return out;
}

long long CountRows(const ScratchDatabase& db, const std::string& table, const std::string& where) {
  return db.Count(table, where);
}

std::string QueryOne(const ScratchDatabase& db, const std::string& sql) {
  Connection c = db.Connect();
  return c.QueryValue(sql).value_or("NULL");
}

// ---- stopping a run ----

StoppedRun RunAndStopAfterBatches(const ScratchDatabase& db, const std::vector<std::string>& args,
                                  int64_t n, int signal) {
  // The gate: the migrator reads dnszones_tbl after it has recorded its run and
  // before its first batch, so it waits here until the watcher holds its run row.
  Connection gate = db.Connect();
  gate.Execute("LOCK TABLES `dnszones_tbl` WRITE");
  ChildProcess child = StartMigrator(db, args);
  Connection c = db.Connect();
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  std::string run_id;
  while (run_id.empty()) {
    if (!child.Running()) throw std::runtime_error("the migrator ended before it started a run");
    if (Clock::now() > deadline) throw std::runtime_error("no running migration after 60 s");
    try {
      run_id = c.QueryValue(
                    "SELECT `run_id` FROM `cpdns_migration_runs` WHERE `status` = "
                    "'running' ORDER BY `started_at` DESC LIMIT 1")
                   .value_or("");
    } catch (const DatabaseError&) {
      // The bookkeeping tables do not exist yet.
    }
    if (run_id.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  bool gate_open = false;
  for (;;) {
    c.Execute("START TRANSACTION");
    // FOR UPDATE: the migrator's checkpoint update of its next batch now waits for us.
    const int64_t batches =
        std::stoll(c.QueryValue("SELECT `batches` FROM `cpdns_migration_runs` WHERE `run_id` = " +
                                c.Literal(run_id) + " FOR UPDATE")
                       .value_or("0"));
    if (!gate_open) {
      gate.Execute("UNLOCK TABLES");
      gate_open = true;
    }
    if (batches >= n) {
      if (!child.Running()) {
        c.Execute("ROLLBACK");
        throw std::runtime_error("the migrator finished before it was stopped");
      }
      child.Signal(signal);
      if (signal == SIGKILL) {
        while (child.Running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      c.Execute("ROLLBACK");
      return {batches, child.Wait()};
    }
    c.Execute("COMMIT");
    if (!child.Running()) throw std::runtime_error("the migrator finished before it was stopped");
    if (Clock::now() > deadline) throw std::runtime_error("batches stayed below the target");
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

void WaitForMigrationLockFree(const ScratchDatabase& db) {
  Connection c = db.Connect();
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (c.QueryValue("SELECT IS_USED_LOCK(CONCAT('cloudpods-dns-migrate:', DATABASE()))")) {
    if (Clock::now() > deadline) throw std::runtime_error("the migration lock stayed taken");
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

// ---- expectations ----

namespace {

std::vector<std::vector<std::string>> ReadTsv(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::vector<std::vector<std::string>> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::stringstream s(line);
    std::string cell;
    while (std::getline(s, cell, '\t')) cells.push_back(cell);
    out.push_back(std::move(cells));
  }
  return out;
}

void RequireCells(const std::vector<std::string>& cells, size_t n, const fs::path& file) {
  if (cells.size() != n) {
    throw std::runtime_error(file.string() + ": a line has " + std::to_string(cells.size()) +
                             " cells, not " + std::to_string(n));
  }
}

}  // namespace

std::string ExpectedZone::Id() const {
  return ZoneId(name, domain_id, tenant_id, is_public, public_scope);
}

std::string ExpectedRecord::Id() const {
  return RecordId(legacy_id, static_cast<std::size_t>(position));
}

const ExpectedZone& Expected::ZoneOf(const ExpectedRecord& r) const {
  for (const ExpectedZone& z : zones) {
    if (z.name == r.zone_name && z.tenant_id == r.zone_tenant_id &&
        z.is_public == r.zone_is_public) {
      return z;
    }
  }
  throw std::runtime_error("record " + r.legacy_id +
                           " names a zone missing from zones.tsv: " + r.zone_name);
}

ExpectedOutcome Expected::OutcomeOf(const std::string& legacy_id) const {
  auto it = outcomes.find(legacy_id);
  return it == outcomes.end() ? ExpectedOutcome{"migrated", {}} : it->second;
}

int64_t Expected::Total(const std::string& key) const {
  auto it = totals.find(key);
  if (it == totals.end()) throw std::runtime_error("totals.tsv has no " + key);
  return it->second;
}

Expected LoadExpected(const std::string& fixture) {
  const fs::path dir = SourceDir() / "fixtures" / fixture / "expected";
  Expected e;
  for (const auto& c : ReadTsv(dir / "totals.tsv")) {
    RequireCells(c, 2, dir / "totals.tsv");
    e.totals[c[0]] = std::stoll(c[1]);
  }
  for (const auto& c : ReadTsv(dir / "zones.tsv")) {
    RequireCells(c, 7, dir / "zones.tsv");
    e.zones.push_back({c[0], c[1], c[2], c[3] == "1", c[4], std::stoll(c[5]), std::stoll(c[6])});
  }
  for (const auto& c : ReadTsv(dir / "records.tsv")) {
    RequireCells(c, 10, dir / "records.tsv");
    e.records.push_back({c[0], std::stoi(c[1]), c[2], c[3], c[4] == "1", c[5], c[6], c[7],
                         std::stoll(c[8]), c[9] == "1"});
  }
  for (const auto& c : ReadTsv(dir / "outcomes.tsv")) {
    RequireCells(c, 3, dir / "outcomes.tsv");
    ExpectedOutcome o{c[1], {}};
    if (c[2] != "-") {
      std::stringstream s(c[2]);
      std::string code;
      while (std::getline(s, code, ',')) o.codes.push_back(code);
    }
    e.outcomes[c[0]] = std::move(o);
  }
  return e;
}

}  // namespace cpdns::testing
