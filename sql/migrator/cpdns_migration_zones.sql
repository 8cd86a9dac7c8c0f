-- cloudpods-dns-migrate bookkeeping: zones a run created in dnszones_tbl (never
-- zones that already existed), so that --rollback removes only its own zones and
-- later runs do not mistake them for zones an operator made.
CREATE TABLE IF NOT EXISTS `cpdns_migration_zones` (
  `run_id` varchar(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `zone_id` varchar(128) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `zone_name` varchar(128) NOT NULL,
  PRIMARY KEY (`run_id`, `zone_id`),
  KEY `ix_cpdns_migration_zones_zone_id` (`zone_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
