// What region-dns v3.10.5 to v3.10.16 answers from `dnszones_tbl` + `dns_records_tbl`, and
// the record source both zone+record models (this one and v311_resolver.h) read.
//
// v3.10's QueryDns returns ONE row: candidates are the name, "*.<name>" and, for names of
// more than two labels, the name with its first label replaced by "*"; they are ordered by
// CONCAT(record.name, '.', zone.name) DESC in utf8mb4_unicode_ci and the first row wins.
// Records are not filtered by enabled or by type: the one value answers every query type
// and CoreDNS interprets it (an address answers A or AAAA by family, anything else is a
// CNAME target and gets chased).
//
//   RecordTable table;
//   table.AddZone(ZoneRow{.id = "z1", .name = "example.com", .is_public = true});
//   table.AddRecord(RecordRow{.id = "r1", .name = "www", .dns_zone_id = "z1",
//                             .dns_type = "A", .dns_value = "1.1.1.1", .ttl = 300});
//   Resolution r = V310Resolver(table).Resolve("www.example.com", QueryType::kA, {});
//
// Streaming works as for the legacy model (legacy_resolver.h): a RecordTable with
// Coverage::kPartial reports the names it does not hold in Resolution::unavailable_names.
// A name the table holds must be held with all its records, in every zone.
//
// Thread-safety: a RecordTable may be read concurrently while nobody adds to it; resolvers
// are immutable and Resolve() may run concurrently over such a source.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/dns_answer.h"
#include "core/rows.h"

namespace cpdns {

// One row of the join region-dns queries: a record and its zone.
struct ZonedRecord {
  const ZoneRow* zone = nullptr;
  const RecordRow* record = nullptr;

  // CONCAT(record.name, '.', zone.name): the name the record answers to, byte for byte.
  std::string DnsName() const { return record->name + "." + zone->name; }
};

// Where the zone+record models find rows.
class RecordSource {
 public:
  virtual ~RecordSource() = default;
  // Every record joined to its zone (dns_zone_id = zones.id, ascii_general_ci) whose
  // DnsName() equals `fqdn` under utf8mb4_unicode_ci, whatever the flags of either: the
  // resolvers apply the server's filters. nullptr when the source does not know the name
  // in this pass. The list and its pointers stay valid until the source changes.
  virtual const std::vector<ZonedRecord>* RecordsNamed(std::string_view fqdn) const = 0;
  // Every joined record whose dns_value equals `value` under ascii_general_ci (the v3.11
  // PTR lookup), or nullptr when unknown in this pass.
  virtual const std::vector<ZonedRecord>* RecordsWithValue(std::string_view value) const = 0;
};

// An in-memory RecordSource. Zones and records may arrive in any order.
class RecordTable final : public RecordSource {
 public:
  enum class Coverage {
    kComplete,  // the table holds all zones and records: what it lacks does not exist
    kPartial,   // the table holds some names and values: what it lacks is unavailable
  };

  explicit RecordTable(Coverage coverage = Coverage::kComplete) : coverage_(coverage) {}

  void AddZone(ZoneRow zone);
  void AddRecord(RecordRow record);
  // Marks a name or a value as known to have no records (useful with kPartial).
  void AddEmptyName(std::string_view fqdn);
  void AddEmptyValue(std::string_view value);
  void Clear();
  // Forgets every record, name and value, keeping the zones: a streaming reader moves on
  // to its next set of names without adding the zones again.
  void ClearRecords();

  const std::vector<ZonedRecord>* RecordsNamed(std::string_view fqdn) const override;
  const std::vector<ZonedRecord>* RecordsWithValue(std::string_view value) const override;

 private:
  void Index(const ZoneRow* zone, const RecordRow* record);

  // Maps keyed by the first spelling seen; lookups compare under the column's collation.
  template <typename V>
  using UnicodeCiMap = std::unordered_map<std::string, V, UnicodeCiHash, UnicodeCiEqual>;
  template <typename V>
  using AsciiCiMap = std::unordered_map<std::string, V, AsciiCiHash, AsciiCiEqual>;

  Coverage coverage_;
  std::deque<ZoneRow> zones_;  // stable addresses
  std::deque<RecordRow> records_;
  AsciiCiMap<std::vector<const ZoneRow*>> zones_by_id_;
  AsciiCiMap<std::vector<const RecordRow*>> records_by_zone_id_;
  UnicodeCiMap<std::vector<ZonedRecord>> by_name_;
  AsciiCiMap<std::vector<ZonedRecord>> by_value_;
};

// The zone filter both generations apply (DnsRecordManager.QueryDns): not deleted,
// enabled = 1 (NULL is not), manager_id NULL or of length 0 (a local zone), and public or
// owned by the client's project.
bool ZoneServes(const ZoneRow& zone, const Perspective& who);

// A new-model SRV value "priority weight port host" as queryLocalDnsRecords reads it from
// v3.10.5 on: exactly four space-separated fields (the host keeps any further spaces), the
// numbers parsed by strconv.Atoi. nullopt when the server rejects it.
std::optional<Service> ParseRecordSrvValue(std::string_view value, uint32_t ttl);

class V310Resolver {
 public:
  // `records` must outlive the resolver. v3.10 tries records before the dns_domain rule,
  // so options.dns_domain is ignored; the CoreDNS default is 1.3.0.
  explicit V310Resolver(const RecordSource& records, ResolverOptions options = {});

  // Ties in the ORDER BY (names equal under the collation, e.g. the A and AAAA rows of one
  // name) leave the server's pick to MariaDB, and no reading of the data predicts it: the
  // plan sorts a temporary table with filesort, which does not keep the order of equal keys
  // (migrator/README.md "Which row answers"). The model takes the smallest record id, sets
  // `ambiguous` and lists every pick's answer in `possible_answers`.
  Resolution Resolve(std::string_view qname, QueryType type, const Perspective& who) const;

 private:
  const RecordSource& records_;
  ResolverOptions options_;
};

}  // namespace cpdns
