#include "tests/integration/living_target.h"

#include "core/uuid.h"

namespace cpdns::testing {

namespace {

void Run(const ScratchDatabase& db, const std::string& sql) {
  Connection c = db.Connect();
  c.Execute("SET SESSION sql_mode='" + std::string(kStrictSqlMode) + "'");
  c.Execute(sql);
}

}  // namespace

std::string RecordIdOf(const ScratchDatabase& db, const std::string& name, const std::string& zone,
                       const std::string& type) {
  Connection c = db.Connect();
  return c.QueryValue("SELECT r.`id` FROM `dns_records_tbl` r JOIN `dnszones_tbl` z ON z.`id` = "
                      "r.`dns_zone_id` WHERE r.`name` = " + c.Literal(name) + " AND z.`name` = " +
                      c.Literal(zone) +
                      (type.empty() ? std::string() : " AND r.`dns_type` = " + c.Literal(type)) +
                      " ORDER BY r.`id` LIMIT 1")
      .value_or("");
}

std::string ZoneIdOf(const ScratchDatabase& db, const std::string& zone) {
  Connection c = db.Connect();
  return c.QueryValue("SELECT `id` FROM `dnszones_tbl` WHERE `name` = " + c.Literal(zone) +
                      " ORDER BY `id` LIMIT 1")
      .value_or("");
}

void ApiUpdateRecord(const ScratchDatabase& db, const std::string& id, const std::string& set) {
  Run(db, "UPDATE `dns_records_tbl` SET " + set +
              ", `update_version` = `update_version` + 1, `updated_at` = UTC_TIMESTAMP() WHERE "
              "`id` = '" + id + "'");
}

void ApiUpdateZone(const ScratchDatabase& db, const std::string& id, const std::string& set) {
  Run(db, "UPDATE `dnszones_tbl` SET " + set +
              ", `update_version` = `update_version` + 1, `updated_at` = UTC_TIMESTAMP() WHERE "
              "`id` = '" + id + "'");
}

void ApiSoftDeleteRecord(const ScratchDatabase& db, const std::string& id) {
  ApiUpdateRecord(db, id, "`deleted` = 1, `deleted_at` = UTC_TIMESTAMP()");
}

void HardDeleteRecord(const ScratchDatabase& db, const std::string& id) {
  Run(db, "DELETE FROM `dns_records_tbl` WHERE `id` = '" + id + "'");
}

std::string ApiAddRecord(const ScratchDatabase& db, const std::string& zone_id,
                         const std::string& name, const std::string& value) {
  const std::string id = RandomUuid();
  Run(db, "INSERT INTO `dns_records_tbl` (`created_at`, `updated_at`, `id`, `name`, `status`, "
          "`enabled`, `dns_zone_id`, `dns_type`, `dns_value`, `ttl`, `mx_priority`, "
          "`policy_type`, `policy_value`, `description`) VALUES (UTC_TIMESTAMP(), "
          "UTC_TIMESTAMP(), '" + id + "', '" + name + "', 'available', 1, '" + zone_id +
          "', 'A', '" + value + "', 600, 0, '', '', 'added through the API')");
  return id;
}

std::string ApiAddZone(const ScratchDatabase& db, const std::string& name) {
  const std::string id = RandomUuid();
  Run(db, "INSERT INTO `dnszones_tbl` (`created_at`, `updated_at`, `id`, `name`, `status`, "
          "`domain_id`, `tenant_id`, `project_src`, `is_public`, `public_scope`, `enabled`, "
          "`zone_type`, `product_type`) VALUES (UTC_TIMESTAMP(), UTC_TIMESTAMP(), '" + id +
          "', '" + name + "', 'available', 'default', '5d65667d112e47249ae66dbd7bc07030', "
          "'local', 1, 'system', 1, 'PrivateZone', '')");
  return id;
}

std::string RowOf(const ScratchDatabase& db, const std::string& table, const std::string& id,
                  const std::string& columns) {
  Connection c = db.Connect();
  std::vector<Row> rows = c.QueryAll("SELECT " + columns + " FROM " + QuoteIdentifier(table) +
                                     " WHERE `id` = " + c.Literal(id));
  if (rows.empty()) return "(absent)";
  std::string out;
  for (const Cell& cell : rows[0]) out += (out.empty() ? "" : "|") + cell.value_or("\\N");
  return out;
}

void HoldLegacyRows(const ScratchDatabase& db, const std::string& where,
                    const std::string& hold) {
  Run(db, "CREATE TABLE IF NOT EXISTS " + QuoteIdentifier(hold) + " LIKE `dnsrecord_tbl`");
  Run(db, "INSERT INTO " + QuoteIdentifier(hold) + " SELECT * FROM `dnsrecord_tbl` WHERE " + where);
  Run(db, "DELETE FROM `dnsrecord_tbl` WHERE " + where);
}

void ReturnLegacyRows(const ScratchDatabase& db, const std::string& hold) {
  Run(db, "INSERT INTO `dnsrecord_tbl` SELECT * FROM " + QuoteIdentifier(hold));
  Run(db, "DROP TABLE " + QuoteIdentifier(hold));
}

void ExpectSameTargetRows(const ScratchDatabase& db, const TargetRows& want) {
  const TargetRows got(db);
  EXPECT_TRUE(SameRows(got.zones, want.zones)) << "dnszones_tbl";
  EXPECT_TRUE(SameRows(got.records, want.records)) << "dns_records_tbl";
}

}  // namespace cpdns::testing
