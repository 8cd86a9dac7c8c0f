// TargetWriter writes one batch in ONE transaction, under strict sql_mode, failing on any
// server warning: it compares the batch with the target as it is (the rows locked, so
// nobody changes them between comparing and writing; batch_diff.h), writes only what
// the living-target rules allow (new rows; rows the legacy table changed and nobody else
// touched; with --overwrite-changed, rows someone else changed), records what it wrote
// and its fingerprint (owned_rows.h), what rows were before it changed them, the row
// map, and the run's checkpoint. A batch written twice (a resumed or repeated run)
// leaves the same rows as writing it once.
//
//   TargetWriter w(conn, TableNames{}, run_id);
//   w.batch().legacy_ids.push_back("r1");
//   w.batch().AddRecord(RecordWrite{}, "r1", 0);
//   w.Commit("r1", RunCounts{});    // nothing is written before this
//   const BatchDiff& done = w.diff();  // what it found and did, record by record
//
// The destructor never writes: an uncommitted batch is simply dropped.
// Thread-safety: one thread, one connection.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/batch_diff.h"
#include "core/bulk_load.h"
#include "core/database.h"
#include "core/run_ledger.h"
#include "core/table_names.h"
#include "core/target_rows.h"

namespace cpdns {

// A zone whose times (and fields) the run settles at its end; `remove`: nothing plans
// into it any more.
struct FinalZone {
  ZoneWrite write;
  bool remove = false;
};

struct ZoneOutcome {
  std::string id;
  Decision decision;
  std::optional<OwnedCells> before;
  std::optional<OwnedCells> after;
};

class TargetWriter {
 public:
  TargetWriter(Connection& conn, TableNames tables, std::string run_id,
               WriteMethod method = WriteMethod::kLoadData, bool overwrite = false);
  TargetWriter(const TargetWriter&) = delete;
  TargetWriter& operator=(const TargetWriter&) = delete;

  PlannedBatch& batch() { return batch_; }
  // Diffs and writes the batch and the run's checkpoint atomically, then clears the
  // batch (diff() tells what was done). On failure the transaction is rolled back, the
  // batch is kept (so the caller may retry on a new connection via Rebind) and the error
  // is rethrown.
  void Commit(const std::string& checkpoint_legacy_id, const RunCounts& counts);
  // Whether Commit may take a batch that MayBeNew as new without reading the target (the
  // caller knows the migration owns no record of another run). A batch that finds a record
  // existing after all is rolled back and committed again the careful way, and the
  // assumption is dropped for the batches after it.
  void AssumeNewRows(bool assume) { assume_new_ = assume; }
  bool assumes_new_rows() const { return assume_new_; }
  const BatchDiff& diff() const { return diff_; }
  // Settles the zones the run wrote or owns, in one transaction (after the last batch),
  // by the same rules: a zone someone changed meanwhile is left as it is.
  std::vector<ZoneOutcome> FinalizeZones(const std::vector<FinalZone>& zones);
  // Continues on another connection (after a reconnect).
  void Rebind(Connection& conn) { conn_ = &conn; }
  // The method in use (kInsert after a fallback).
  WriteMethod method() const { return method_; }

 private:
  // One attempt in one transaction; `assume_new`: DiffNewBatch instead of DiffBatch.
  void CommitOnce(const std::string& checkpoint_legacy_id, const RunCounts& counts,
                  bool assume_new);
  void WriteZones(OwnedRows& owned);
  // Returns the records written (inserted, updated, deleted).
  int64_t WriteRecords(OwnedRows& owned, bool assume_new);
  void WriteMap();

  Connection* conn_;
  WriteMethod method_;
  TableNames tables_;
  std::string run_id_;
  bool overwrite_;
  bool assume_new_ = false;
  PlannedBatch batch_;
  BatchDiff diff_;
};

}  // namespace cpdns
