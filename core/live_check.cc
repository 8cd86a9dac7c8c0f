#include "core/live_check.h"

#include <algorithm>
#include <memory>

#include "core/report_format.h"

namespace cpdns {

using nlohmann::json;

namespace {

json DisagreementJson(const LiveDisagreement& d) {
  return {{"name", d.name},         {"type", d.type},     {"probe", std::string(ToString(d.probe))},
          {"zone", d.zone},         {"model", d.expected}, {"live", d.live},
          {"rcode", d.rcode}};
}

}  // namespace

json LiveSummary::Json() const {
  json examples_json = json::array(), failures_json = json::array();
  for (const LiveDisagreement& d : examples) examples_json.push_back(DisagreementJson(d));
  for (const LiveDisagreement& d : other_failures) failures_json.push_back(DisagreementJson(d));
  return {{"server", server},
          {"model", model},
          {"sent", sent},
          {"agreed", agreed},
          {"disagreed", disagreed},
          {"refused", refused},
          {"no_reply", no_reply},
          {"not_sent", not_sent},
          {"over_tcp", over_tcp},
          {"confirmed", Confirmed()},
          {"disagreements", examples_json},
          {"disagreements_listed_at_most", kExamples},
          {"failures", failures_json}};
}

void LiveSummary::WriteText(std::ostream& out, std::size_t shown) const {
  out << "\nLive check of " << server << " against the " << model << " model: " << sent
      << " queries, " << agreed << " agree, " << disagreed << " disagree; " << refused
      << " refused, " << no_reply << " without reply (timeout or unreachable), " << not_sent
      << " not sendable; " << over_tcp << " over TCP after truncation\n";
  for (std::size_t i = 0; i < examples.size() && i < shown; ++i) {
    const LiveDisagreement& d = examples[i];
    out << "    " << Printable(d.name) << " " << d.type << " (" << ToString(d.probe) << ")\n"
        << "      model: " << Shorten(d.expected, 100) << "  |  live: " << Shorten(d.live, 100)
        << "\n";
  }
}

LiveChecker::LiveChecker(LiveOptions options, std::string model) : options_(std::move(options)) {
  // Fails here, with the reason, when the server's name does not resolve.
  DnsClient probe(options_.server, options_.timeout, options_.attempts);
  summary_.server = options_.server.ToString();
  summary_.model = std::move(model);
  next_slot_ = std::chrono::steady_clock::now();
  std::size_t n = std::max<std::size_t>(1, options_.concurrency);
  for (std::size_t i = 0; i < n; ++i) workers_.emplace_back([this] { Work(); });
}

LiveChecker::~LiveChecker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closing_ = true;
  }
  not_empty_.notify_all();
  for (std::thread& t : workers_) {
    if (t.joinable()) t.join();
  }
}

void LiveChecker::Submit(LiveProbe probe) {
  std::unique_lock<std::mutex> lock(mu_);
  const std::size_t capacity = 4 * workers_.size();
  not_full_.wait(lock, [&] { return queue_.size() < capacity; });
  queue_.push_back(std::move(probe));
  not_empty_.notify_one();
}

void LiveChecker::WaitForSlot() {
  if (options_.qps <= 0) return;
  auto interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(1.0 / options_.qps));
  std::chrono::steady_clock::time_point slot;
  {
    std::lock_guard<std::mutex> lock(rate_mu_);
    auto now = std::chrono::steady_clock::now();
    // Idle time earns no burst beyond one slot.
    next_slot_ = std::max(next_slot_, now);
    slot = next_slot_;
    next_slot_ += interval;
  }
  std::this_thread::sleep_until(slot);
}

void LiveChecker::Work() {
  DnsClient client(options_.server, options_.timeout, options_.attempts);
  for (;;) {
    LiveProbe p;
    {
      std::unique_lock<std::mutex> lock(mu_);
      not_empty_.wait(lock, [&] { return closing_ || !queue_.empty(); });
      if (queue_.empty()) return;
      p = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
      not_full_.notify_one();
    }
    WaitForSlot();
    LiveReply reply = client.Query(p.name, p.type);
    std::lock_guard<std::mutex> lock(mu_);
    Record(p, reply);
    --busy_;
    if (queue_.empty() && busy_ == 0) not_full_.notify_all();
  }
}

void LiveChecker::Record(const LiveProbe& p, const LiveReply& reply) {
  LiveSummary& s = summary_;
  ++s.sent;
  if (reply.over_tcp) ++s.over_tcp;
  const Answer& model = p.expected.empty() ? Answer() : p.expected.front();
  LiveDisagreement d{p.name, std::string(QueryTypeName(p.type)), p.probe, p.zone,
                     model.ToString(), reply.text, reply.rcode};
  auto keep = [](std::vector<LiveDisagreement>& v, std::size_t max, LiveDisagreement x) {
    if (v.size() < max) v.push_back(std::move(x));
  };
  if (reply.status == LiveStatus::kNoReply) {
    ++s.no_reply;
    keep(s.other_failures, LiveSummary::kFailures, std::move(d));
    return;
  }
  if (reply.status == LiveStatus::kNotSent) {
    ++s.not_sent;
    keep(s.other_failures, LiveSummary::kFailures, std::move(d));
    return;
  }
  bool agrees = reply.comparable &&
                std::find(p.expected.begin(), p.expected.end(), reply.answer) != p.expected.end();
  if (agrees) {
    ++s.agreed;
  } else if (reply.comparable && reply.answer.outcome() == Outcome::kRefused) {
    ++s.refused;
    keep(s.other_failures, LiveSummary::kFailures, std::move(d));
  } else {
    ++s.disagreed;
    keep(s.examples, LiveSummary::kExamples, std::move(d));
  }
}

LiveSummary LiveChecker::Finish() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    not_full_.wait(lock, [&] { return queue_.empty() && busy_ == 0; });
    closing_ = true;
  }
  not_empty_.notify_all();
  for (std::thread& t : workers_) t.join();
  workers_.clear();
  std::lock_guard<std::mutex> lock(mu_);
  return summary_;
}

}  // namespace cpdns
