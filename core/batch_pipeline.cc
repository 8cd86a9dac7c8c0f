#include "core/batch_pipeline.h"

#include <spdlog/spdlog.h>

#include "core/dns_name.h"
#include "core/errors.h"
#include "core/retry.h"

namespace cpdns {

BatchPipeline::BatchPipeline(Connection& conn, const TableNames& tables, const std::string& run_id,
                             WriteMethod method, bool overwrite, std::function<void()> reconnect,
                             std::optional<std::string> committed_id)
    : conn_(conn), reconnect_(std::move(reconnect)), committed_id_(committed_id.value_or("")) {
  writers_[0].emplace(conn, tables, run_id, method, overwrite);
  writers_[1].emplace(conn, tables, run_id, method, overwrite);
  current_ = &*writers_[0];
}

BatchPipeline::~BatchPipeline() {
  // A batch still committing finishes first (the writer connection is its until then);
  // its own failure, if any, was logged by it.
  try {
    Drain();
  } catch (const std::exception&) {
  }
}

TargetWriter* BatchPipeline::Drain() {
  if (!in_flight_.valid()) return nullptr;
  TargetWriter* done = in_flight_writer_;
  in_flight_writer_ = nullptr;
  in_flight_.get();
  if (!done->assumes_new_rows()) assume_new_ = false;
  return done;
}

void BatchPipeline::Commit(TargetWriter* batch, const std::string& first, const std::string& last,
                           const RunCounts& counts) {
  try {
    RetryTransient("batch=" + std::to_string(counts.batches),
                   [&] { batch->Commit(last, counts); },
                   [&] {
                     reconnect_();
                     batch->Rebind(conn_);
                   });
  } catch (const Error&) {
    // The error alone names a statement of the batch; say which legacy rows were lost
    // with it, and where a --resume will start. Server warnings (DataError) are not
    // retried: the same batch would fail again.
    spdlog::error("batch={} (legacy rows {} to {}) was rolled back, none of it written; "
                  "the run's checkpoint stays after legacy_id={}",
                  counts.batches, QuoteBytes(first), QuoteBytes(last),
                  committed_id_.empty() ? "(start)" : QuoteBytes(committed_id_));
    throw;
  }
  committed_id_ = last;
}

TargetWriter* BatchPipeline::Submit(const std::string& first_id, const std::string& last_id,
                                    const RunCounts& counts) {
  // The previous batch is committed (or its error is thrown) before this one starts.
  TargetWriter* done = Drain();
  TargetWriter* batch = current_;
  batch->AssumeNewRows(assume_new_);
  in_flight_writer_ = batch;
  in_flight_ = std::async(std::launch::async, [this, batch, first_id, last_id, counts] {
    Commit(batch, first_id, last_id, counts);
  });
  current_ = (current_ == &*writers_[0]) ? &*writers_[1] : &*writers_[0];
  current_->Rebind(conn_);
  return done;
}

void BatchPipeline::RunRetried(const char* what, const std::function<void(TargetWriter&)>& work) {
  Drain();
  RetryTransient(what, [&] { work(*current_); },
                 [&] {
                   reconnect_();
                   current_->Rebind(conn_);
                 });
}

}  // namespace cpdns
