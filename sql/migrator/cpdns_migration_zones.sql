-- cloudpods-dns-migrate bookkeeping: the zones the migration created in
-- dnszones_tbl (never zones that already existed), one row each: the run that
-- created it, the run that last wrote it, and the fingerprint of the columns
-- the migration owns as it wrote them. --rollback removes only these zones,
-- and only while they match their fingerprint; later runs do not mistake them
-- for zones an operator made.
CREATE TABLE IF NOT EXISTS `cpdns_migration_zones` (
  `run_id` varchar(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `zone_id` varchar(128) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `zone_name` varchar(128) NOT NULL,
  `fingerprint` char(36) CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT NULL,
  `written_run_id` varchar(36) CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT NULL,
  PRIMARY KEY (`zone_id`),
  KEY `ix_cpdns_migration_zones_run_id` (`run_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
