// Differences kept in an anonymous temporary file while the verifier runs, and read
// back at the end grouped by zone, for reports that list them per zone (the HTML page).
// The verifier finds differences in name order, not zone order, and a large region has
// millions: memory holds only the index of those chosen for the page.
//
//   DifferenceSpool spool;
//   spool.Add(d);                               // as found
//   spool.ForEachZone(5000, 200, [](const std::string& zone,
//                                   const std::vector<Difference>& listed,
//                                   int64_t left_out) { ... });
//
// Thread-safety: one thread.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/verification_result.h"

namespace cpdns {

class DifferenceSpool {
 public:
  // Throws ConfigError when no temporary file can be made.
  DifferenceSpool();
  DifferenceSpool(const DifferenceSpool&) = delete;
  DifferenceSpool& operator=(const DifferenceSpool&) = delete;

  void Add(const Difference& d);
  int64_t size() const { return size_; }

  using ZoneVisitor = std::function<void(const std::string& zone,
                                         const std::vector<Difference>& listed, int64_t left_out)>;
  // Chooses at most `max_total` differences, and `max_per_zone` in one zone, the most
  // important first (unexplained; answers of real names lost or changed by skipped rows,
  // then by target rules; other differences at real names; probe names), and visits the
  // zones by name with their chosen differences in the order found. Zones with nothing
  // chosen are not visited. `left_out` counts the zone's spooled differences not listed.
  void ForEachZone(std::size_t max_total, std::size_t max_per_zone, const ZoneVisitor& visit);

  // The class used for choosing: 0 is the most important.
  static int Importance(const Difference& d);
  static constexpr int kClasses = 5;

 private:
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  bool Read(Difference& d);

  std::unique_ptr<std::FILE, Closer> file_;
  int64_t size_ = 0;
  std::array<int64_t, kClasses> per_class_{};
  std::string buffer_;
};

}  // namespace cpdns
