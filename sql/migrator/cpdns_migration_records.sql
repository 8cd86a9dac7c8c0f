-- cloudpods-dns-migrate bookkeeping: the records the migration created in
-- dns_records_tbl, one row each: its legacy row and value position, its zone,
-- the run that created it, the run that last wrote it, and the fingerprint of
-- the columns the migration owns as it wrote them (NULL when an earlier
-- version of the tool wrote it). A current row that matches its fingerprint
-- was changed by nobody since. Keyed by the legacy row (the record id is derived from
-- it), the order runs write in, and with no index on a random key, so that writing
-- these rows costs little more than appending them.
CREATE TABLE IF NOT EXISTS `cpdns_migration_records` (
  `record_id` varchar(128) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `legacy_id` varchar(128) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `position` int(11) NOT NULL,
  `zone_id` varchar(128) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `run_id` varchar(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `written_run_id` varchar(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `fingerprint` char(36) CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT NULL,
  PRIMARY KEY (`legacy_id`, `position`),
  KEY `ix_cpdns_migration_records_run_id` (`run_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
