#include "core/difference_spool.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <tuple>

#include "core/errors.h"

namespace cpdns {

namespace {

void PutString(std::string& out, const std::string& s) {
  uint32_t n = static_cast<uint32_t>(s.size());
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
  out += s;
}

bool GetString(std::FILE* f, std::string& s) {
  uint32_t n = 0;
  if (std::fread(&n, sizeof n, 1, f) != 1) return false;
  s.resize(n);
  return n == 0 || std::fread(s.data(), 1, n, f) == n;
}

}  // namespace

DifferenceSpool::DifferenceSpool() : file_(std::tmpfile()) {
  if (!file_) {
    throw ConfigError(std::string("cannot create a temporary file for the HTML report: ") +
                      std::strerror(errno) + " (set TMPDIR to a writable folder)");
  }
}

int DifferenceSpool::Importance(const Difference& d) {
  if (d.kind == DifferenceKind::kUnexplained) return 0;
  if (!IsRealName(d.probe)) return 4;
  if (d.effect != Effect::kAdded && d.kind == DifferenceKind::kNotMigrated) return 1;
  if (d.effect != Effect::kAdded &&
      (d.kind == DifferenceKind::kTargetRule || d.kind == DifferenceKind::kUncertain)) {
    return 2;
  }
  return 3;
}

void DifferenceSpool::Add(const Difference& d) {
  buffer_.clear();
  buffer_ += static_cast<char>(d.kind);
  buffer_ += static_cast<char>(d.probe);
  buffer_ += static_cast<char>(d.effect);
  buffer_ += static_cast<char>(d.accepted);
  for (const std::string* s : {&d.rule, &d.detail, &d.name, &d.type, &d.perspective, &d.zone,
                               &d.before, &d.after}) {
    PutString(buffer_, *s);
  }
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_.get()) != buffer_.size()) {
    throw ConfigError(std::string("writing the HTML report's temporary file failed: ") +
                      std::strerror(errno));
  }
  ++per_class_[Importance(d)];
  ++size_;
}

bool DifferenceSpool::Read(Difference& d) {
  unsigned char head[4];
  if (std::fread(head, 1, sizeof head, file_.get()) != sizeof head) return false;
  d.kind = static_cast<DifferenceKind>(head[0]);
  d.probe = static_cast<ProbeKind>(head[1]);
  d.effect = static_cast<Effect>(head[2]);
  d.accepted = head[3] != 0;
  for (std::string* s : {&d.rule, &d.detail, &d.name, &d.type, &d.perspective, &d.zone,
                         &d.before, &d.after}) {
    if (!GetString(file_.get(), *s)) return false;
  }
  return true;
}

void DifferenceSpool::ForEachZone(std::size_t max_total, std::size_t max_per_zone,
                                  const ZoneVisitor& visit) {
  std::array<int64_t, kClasses> quota{};
  int64_t left = static_cast<int64_t>(max_total);
  for (int c = 0; c < kClasses; ++c) {
    quota[c] = std::min(left, per_class_[c]);
    left -= quota[c];
  }
  if (std::fflush(file_.get()) != 0 || std::fseek(file_.get(), 0, SEEK_SET) != 0) {
    throw ConfigError("reading back the HTML report's temporary file failed");
  }
  // Pass 1: which differences are listed, and how many each zone leaves out.
  struct Entry {
    std::string zone;
    long offset;
  };
  std::vector<Entry> chosen;
  std::map<std::string, std::pair<std::size_t, int64_t>> zones;  // listed, left out
  Difference d;
  for (long offset = std::ftell(file_.get()); Read(d); offset = std::ftell(file_.get())) {
    auto& [listed, left_out] = zones[d.zone];
    int c = Importance(d);
    if (quota[c] > 0 && listed < max_per_zone) {
      --quota[c];
      ++listed;
      chosen.push_back({d.zone, offset});
    } else {
      ++left_out;
    }
  }
  std::stable_sort(chosen.begin(), chosen.end(),
                   [](const Entry& a, const Entry& b) { return a.zone < b.zone; });
  // Pass 2: read the chosen ones zone by zone.
  std::vector<Difference> listed;
  for (std::size_t i = 0; i < chosen.size();) {
    listed.clear();
    std::size_t j = i;
    for (; j < chosen.size() && chosen[j].zone == chosen[i].zone; ++j) {
      if (std::fseek(file_.get(), chosen[j].offset, SEEK_SET) != 0 || !Read(d)) {
        throw ConfigError("reading back the HTML report's temporary file failed");
      }
      listed.push_back(d);
    }
    visit(chosen[i].zone, listed, zones[chosen[i].zone].second);
    i = j;
  }
}

}  // namespace cpdns
