// The rows one planned intermediate zone adds to a batch (intermediate_batch.h), the zone row
// a zone created from an intermediate zone is written as (zone_states.h ZoneWriteOf), and the
// fingerprints of legacy-made rows, which the columns intermediate rows set do not change.
#include "core/intermediate_batch.h"

#include <gtest/gtest.h>

#include <tuple>
#include <utility>

#include "core/owned_rows.h"
#include "core/uuid.h"
#include "core/zone_states.h"

namespace cpdns {
namespace {

IntermediateRecordPlan Record(const std::string& source, const std::string& name,
                              const std::string& type, const std::string& value,
                              RowOutcome outcome) {
  IntermediateRecordPlan r;
  r.source_id = source;
  r.outcome = outcome;
  if (outcome == RowOutcome::kSkipped) {
    r.reasons.push_back({"legacy_name_wins", "legacy rows answer it"});
    return r;
  }
  std::tie(r.id, r.name, r.type, r.value) = std::make_tuple(IntermediateRecordId(source), name, type, value);
  r.fqdn = name == "@" ? "" : name + ".lab.example.org";
  std::tie(r.ttl, r.enabled) = std::make_pair(300, true);
  std::tie(r.created_at, r.updated_at) = std::make_pair("2023-10-12 11:43:31", "2024-05-20 02:03:47");
  return r;
}

PlannedZone Zone() {
  PlannedZone z;
  z.id = "zone-1";
  z.name = "lab.example.org";
  z.owner = {"default", "p1", true, "system"};
  return z;
}

TEST(IntermediateBatch, EveryRecordSetIsKeyedAndOnlyMigratedOnesAreWritten) {
  IntermediateZonePlan plan;
  plan.records.push_back(Record("rs-mx", "@", "MX", "mail.lab.example.org", RowOutcome::kWarned));
  plan.records.back().mx_priority = 10;
  plan.records.back().reasons.push_back({"type_not_served_by_target", "MX"});
  plan.records.push_back(Record("rs-skipped", "", "", "", RowOutcome::kSkipped));
  plan.records.push_back(Record("rs-a", "gitlab", "A", "10.50.0.10", RowOutcome::kMigrated));
  PlannedBatch batch;
  std::unordered_map<std::string, std::string> fqdns;
  EXPECT_EQ(AddIntermediateRecords(plan, Zone(), batch, fqdns), 2u);
  // The skipped one is listed too: a record an earlier run wrote for it is diffed.
  EXPECT_EQ(batch.legacy_ids, (std::vector<std::string>{"intermediate:rs-mx", "intermediate:rs-skipped",
                                                        "intermediate:rs-a"}));
  ASSERT_EQ(batch.records.size(), 2u);
  const BatchRecord& mx = batch.records[0];
  EXPECT_EQ(mx.legacy_id, "intermediate:rs-mx");
  EXPECT_EQ(mx.position, 0);
  EXPECT_EQ(mx.write.id, IntermediateRecordId("rs-mx"));
  EXPECT_EQ(mx.write.zone_id, "zone-1");
  EXPECT_EQ(mx.write.name, "@");
  EXPECT_EQ(mx.write.mx_priority, 10);
  EXPECT_EQ(mx.write.created_at, "2023-10-12 11:43:31");
  EXPECT_EQ(mx.fingerprint, Fingerprint(RecordCells(mx.write)));
  EXPECT_EQ(RecordCells(mx.write)[9], std::optional<std::string>("10"));  // mx_priority
  ASSERT_EQ(batch.map.size(), 2u);
  EXPECT_EQ(batch.map[0].outcome, "warned");
  EXPECT_EQ(batch.map[0].reasons, "type_not_served_by_target");
  EXPECT_EQ(batch.map[0].record_id, std::optional<std::string>(IntermediateRecordId("rs-mx")));
  EXPECT_EQ(batch.map[1].reasons, "");
  EXPECT_EQ(fqdns.at("intermediate:rs-mx"), "lab.example.org");  // "@": the zone's name
  EXPECT_EQ(fqdns.at("intermediate:rs-a"), "gitlab.lab.example.org");
  EXPECT_FALSE(fqdns.count("intermediate:rs-skipped"));
}

TEST(IntermediateBatch, VpcLinksGoWithACreatedZoneOnly) {
  IntermediateZonePlan plan;
  plan.vpcs = {{"vpc-1", "2023-09-10 10:17:49", "2023-09-10 10:17:49"}};
  plan.home = ZoneHome::kCreated;
  ASSERT_EQ(IntermediateVpcs(plan).size(), 1u);
  EXPECT_EQ(IntermediateVpcs(plan)[0].vpc_id, "vpc-1");
  EXPECT_EQ(IntermediateVpcs(plan)[0].created_at, "2023-09-10 10:17:49");
  for (ZoneHome merged : {ZoneHome::kLegacy, ZoneHome::kExisting, ZoneHome::kIntermediate}) {
    plan.home = merged;
    EXPECT_TRUE(IntermediateVpcs(plan).empty());
  }
}

TEST(IntermediateBatch, ACreatedZoneKeepsTypeStateAndDescriptionALegacyZoneToday) {
  PlannedZone z = Zone();
  z.zone_type = "PublicZone";
  z.enabled = false;
  z.description = std::nullopt;
  z.intermediate_zones = 1;
  ZoneWrite w = ZoneWriteOf(z, "2023-10-11 10:28:56", "2024-05-20 02:03:47");
  EXPECT_EQ(w.zone_type, "PublicZone");
  EXPECT_FALSE(w.enabled);
  EXPECT_EQ(w.description, std::nullopt);
  OwnedCells cells = ZoneCells(w);
  EXPECT_EQ(cells[9], std::optional<std::string>("0"));            // enabled
  EXPECT_EQ(cells[11], std::optional<std::string>("PublicZone"));  // zone_type
  // A zone legacy rows plan into stays an enabled PrivateZone with the migration's text.
  z.rows = 1;
  w = ZoneWriteOf(z, "2023-10-11 10:28:56", "2024-05-20 02:03:47");
  EXPECT_EQ(w.zone_type, "PrivateZone");
  EXPECT_TRUE(w.enabled);
  EXPECT_EQ(w.description, std::optional<std::string>(kCreatedZoneDescription));
}

TEST(IntermediateBatch, LegacyRowsKeepTheFingerprintsEarlierVersionsWrote) {
  // The owned cells as versions without mx_priority, zone_type or enabled wrote them.
  RecordWrite r{"id", "www", "zone-1", "A", "192.0.2.1", 600, true, "t1", "t2"};
  const OwnedCells record_before = {"t1", "t2", "www", "available", "1", "zone-1", "A",
                                    "192.0.2.1", "600", "0", "", "", "0", std::nullopt};
  EXPECT_EQ(RecordCells(r), record_before);
  EXPECT_EQ(RecordFingerprint(r), Fingerprint(record_before));
  ZoneWrite z{"zone-1", "example.com", "default", "p1", true, "system", "t1", "t2"};
  const OwnedCells zone_before = {"t1",     "t2",     "example.com", "available", "default",
                                  "p1",     "local",  "1",           "system",    "1",
                                  std::nullopt, "PrivateZone", "", "0", std::nullopt};
  EXPECT_EQ(ZoneCells(z), zone_before);
}

}  // namespace
}  // namespace cpdns
