// The live check: every probe the verifier makes is also sent as a real DNS query to a
// running region-dns (or any server standing in for it), and the server's answer is
// compared with what the model predicts: the target release's model by default, the
// v3.10.4 model over the legacy table with `as_legacy` (a check before the upgrade).
// region-dns decides who asks by the query's source address, so the live answers are
// those of the address this program runs on: the anonymous client, unless that address
// is a guest's; they are compared with the models' anonymous answers.
//
//   LiveOptions o;  o.server = LiveEndpoint::Parse("10.0.0.53");
//   LiveChecker live(o, "3.11");
//   live.Submit({"www.example.com", QueryType::kA, ProbeKind::kLegacyName, "example.com",
//                {predicted}});
//   LiveSummary s = live.Finish();   // s.disagreed, s.examples, s.no_reply, ...
//
// Queries run on `concurrency` threads, each with its own DnsClient, at most `qps` per
// second in all; Submit blocks while a bounded queue is full, so memory stays flat.
//
// Thread-safety: Submit and Finish from one thread; the workers are internal.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "core/difference.h"
#include "core/dns_answer.h"
#include "core/live_query.h"

namespace cpdns {

struct LiveOptions {
  LiveEndpoint server;
  bool as_legacy = false;  // compare with the v3.10.4 model instead of the target's
  double qps = 200;        // queries per second in all; 0: no limit
  std::size_t concurrency = 8;
  std::chrono::milliseconds timeout{2000};
  int attempts = 2;
};

struct LiveProbe {
  std::string name;
  QueryType type = QueryType::kA;
  ProbeKind probe = ProbeKind::kLegacyName;
  std::string zone;
  // The answers the model allows (the first is its pick; more when the server picks one
  // row of several).
  std::vector<Answer> expected;
};

struct LiveDisagreement {
  std::string name;
  std::string type;
  ProbeKind probe = ProbeKind::kLegacyName;
  std::string zone;
  std::string expected;  // the model's answer
  std::string live;      // the server's
  std::string rcode;
};

struct LiveSummary {
  std::string server;  // host:port
  std::string model;   // "3.11", "3.10" or "legacy (v3.10.4)"
  int64_t sent = 0;
  int64_t agreed = 0;
  int64_t disagreed = 0;  // the server answered otherwise than the model
  int64_t refused = 0;    // REFUSED where the model expected otherwise: not the server's zone?
  int64_t no_reply = 0;   // timed out or unreachable
  int64_t not_sent = 0;   // names DNS cannot carry
  int64_t over_tcp = 0;   // truncated over UDP, asked again over TCP
  std::vector<LiveDisagreement> examples;       // the first disagreements
  std::vector<LiveDisagreement> other_failures;  // the first refused / no reply / not sent
  static constexpr std::size_t kExamples = 1000;
  static constexpr std::size_t kFailures = 20;

  // Nothing but agreement: every query was answered as the model predicts.
  bool Confirmed() const { return sent > 0 && agreed == sent; }
  [[nodiscard]] nlohmann::json Json() const;
  // A few lines for the text summary.
  void WriteText(std::ostream& out, std::size_t examples) const;
};

class LiveChecker {
 public:
  // Starts the workers; ConfigError when the server's address cannot be resolved.
  LiveChecker(LiveOptions options, std::string model);
  ~LiveChecker();
  LiveChecker(const LiveChecker&) = delete;
  LiveChecker& operator=(const LiveChecker&) = delete;

  void Submit(LiveProbe probe);
  // Waits for every query and stops the workers.
  LiveSummary Finish();

 private:
  void Work();
  void Record(const LiveProbe& p, const LiveReply& reply);
  void WaitForSlot();

  LiveOptions options_;
  std::mutex mu_;
  std::condition_variable not_empty_, not_full_;
  std::deque<LiveProbe> queue_;
  bool closing_ = false;
  std::size_t busy_ = 0;
  std::mutex rate_mu_;
  std::chrono::steady_clock::time_point next_slot_;
  LiveSummary summary_;  // under mu_
  std::vector<std::thread> workers_;
};

}  // namespace cpdns
