// BatchPipeline overlaps writing with reading: two TargetWriter batches alternate, and
// while one commits on the writer connection (a thread of its own), the next is read and
// planned into the other. At most one commit is in flight, so the writer connection is
// used by one thread at a time. A commit that a lost connection, a restarted server, a
// lock wait timeout or a deadlock interrupts is retried whole on a new connection
// (RetryTransient); any other failure is logged with the batch's legacy rows and
// rethrown by the next Submit or Drain.
//
//   BatchPipeline pipeline(write, tables, run_id, WriteMethod::kLoadData, false, reconnect);
//   pipeline.batch().batch().AddRecord(RecordWrite{}, "r1", 0);
//   pipeline.Submit("r1", "r1", RunCounts{});   // commits in the background
//   if (TargetWriter* done = pipeline.Drain()) report(done->diff());  // rethrows its error
//
// Thread-safety: Submit, Drain and batch() from one thread.
#pragma once

#include <functional>
#include <future>
#include <optional>
#include <string>

#include "core/database.h"
#include "core/run_ledger.h"
#include "core/target_writer.h"

namespace cpdns {

class BatchPipeline {
 public:
  // `reconnect` replaces `conn` (the same object, assigned anew) with a prepared
  // connection holding the migration lock.
  BatchPipeline(Connection& conn, const TableNames& tables, const std::string& run_id,
                WriteMethod method, bool overwrite, std::function<void()> reconnect,
                std::optional<std::string> committed_id = std::nullopt);
  BatchPipeline(const BatchPipeline&) = delete;
  BatchPipeline& operator=(const BatchPipeline&) = delete;
  ~BatchPipeline();

  // The batch being filled.
  TargetWriter& batch() { return *current_; }
  // Commits the batch being filled in the background (after the previous commit ended)
  // and starts filling the other one. `first_id`..`last_id`: its legacy rows. Returns
  // the writer whose commit ended meanwhile (its diff() tells what it did), or nullptr.
  TargetWriter* Submit(const std::string& first_id, const std::string& last_id,
                       const RunCounts& counts);
  // Waits for the commit in flight; rethrows its error. Returns the writer whose commit
  // ended, or nullptr when none was in flight.
  TargetWriter* Drain();
  // Lets the batches take rows that may be new as new (TargetWriter::AssumeNewRows) until
  // one finds otherwise.
  void AssumeNewRows(bool assume) { assume_new_ = assume; }
  // Runs `work` on the writer connection once nothing is in flight, retried like a commit.
  void RunRetried(const char* what, const std::function<void(TargetWriter&)>& work);
  // The last legacy id committed ("" when none).
  const std::string& committed_id() const { return committed_id_; }

 private:
  void Commit(TargetWriter* batch, const std::string& first, const std::string& last,
              const RunCounts& counts);

  Connection& conn_;
  std::function<void()> reconnect_;
  std::optional<TargetWriter> writers_[2];
  TargetWriter* current_;
  std::future<void> in_flight_;
  TargetWriter* in_flight_writer_ = nullptr;
  std::string committed_id_;
  bool assume_new_ = false;
};

}  // namespace cpdns
