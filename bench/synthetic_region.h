// SyntheticRegion generates the legacy `dnsrecord_tbl` rows of a large Cloudpods region,
// deterministically for a (row count, seed) pair, for the benchmarks: the bulk loader
// (bench/generate) writes them to the database, the micro-benchmarks parse and match them
// in memory, so both measure the same mix.
//
//   SyntheticRegion region({.rows = 1'000'000, .seed = 1});
//   GeneratedRow g;
//   while (region.Next(g)) Write(g.row);        // g.zone: the zone psl inference should pick
//
// The shape (shares of rows, in the order they are drawn):
//   - a fixed set of registrable domains (3000 from 30k rows up; fewer below) over common
//     and unlisted TLDs (com, net, cn, co.uk, com.cn, internal, corp, ...), picked with a
//     skew so that a few domains are large and most are small;
//   - names 1 to 4 labels below their registrable domain (3 to 6 labels in all), each
//     unique: the host label carries the row number;
//   - records: 60% one A, 20% two to four A/AAAA values, 8% one AAAA, 5% CNAME (to a host,
//     to an earlier CNAME of the domain making chains of up to 3, or to an outside name),
//     4% SRV (`_svc._proto.host...`, `SRV:host:port[:weight[:priority]]`), 3% PTR
//     (`d.c.b.a.in-addr.arpa`, addresses of earlier A values, `PTR:host`);
//   - independently: 5% private rows of a handful of projects, 1% disabled, 0.5% deleted,
//     a few upper-case names and names with a trailing dot (valid; migrated with a warning).
// Every row parses cleanly under core/legacy_records.h and gets a zone by psl inference.
//
// Thread-safety: a SyntheticRegion is one sequential stream; use one per thread.
#pragma once

#include <array>
#include <optional>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/rows.h"

namespace cpdns::bench {

// xoshiro256** seeded through splitmix64: the same numbers on every platform, unlike the
// distributions of <random>.
class Rng {
 public:
  explicit Rng(uint64_t seed);
  uint64_t Next();
  // Uniform in [0, n); n > 0.
  uint64_t Below(uint64_t n);
  // Uniform in [0, 1).
  double Unit();
  // True with probability `percent` / 100.
  bool Percent(double percent) { return Unit() * 100.0 < percent; }

 private:
  std::array<uint64_t, 4> s_{};
};

struct RegionShape {
  int64_t rows = 1'000'000;
  uint64_t seed = 1;
};

enum class RowKind { kA, kMulti, kAAAA, kCNAME, kSRV, kPTR };

struct GeneratedRow {
  LegacyRow row;
  RowKind kind = RowKind::kA;
  int update_version = 0;
  std::string zone;  // the zone psl inference gives the (normalised) name
};

class SyntheticRegion {
 public:
  explicit SyntheticRegion(RegionShape shape);

  // Fills `out` with the next row; false once shape.rows rows were produced.
  bool Next(GeneratedRow& out);

  const RegionShape& shape() const { return shape_; }
  const std::vector<std::string>& registrable_domains() const { return domains_; }

  // The project that owns the public rows, and the projects owning private rows.
  static constexpr std::string_view kSystemProject = "5d65667d112e47249ae66dbd7bc07030";
  static const std::vector<std::string>& PrivateProjects();

 private:
  struct DomainState {
    std::string last_host;   // an earlier A host of the domain, a CNAME target
    std::string last_cname;  // an earlier CNAME name of the domain, to build chains
    int last_cname_depth = 0;
  };

  std::string HostLabel(std::string_view prefix);
  std::string Sections(int count);
  std::string Ipv4(uint64_t ordinal) const;
  std::string Ipv6(uint64_t ordinal, bool global) const;
  std::string Uuid4();
  std::string Timestamp(int64_t epoch_seconds) const;

  RegionShape shape_;
  Rng rng_;
  std::vector<std::string> domains_;
  std::vector<DomainState> state_;
  int64_t produced_ = 0;
  uint64_t next_address_ = 0;  // ordinal of the next A value: 10.x.y.z
  uint64_t next_v6_ = 0;       // ordinal of the next AAAA value
  uint64_t next_ptr_ = 0;      // ordinal of the next PTR row
};

}  // namespace cpdns::bench
