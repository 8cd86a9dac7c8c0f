-- cloudpods-dns-migrate bookkeeping: what each run did with each legacy row.
-- One row per record (position = value position in the legacy row) with the
-- change the run made or found (`action`: create, unchanged, update,
-- changed_in_target, deleted_in_target), or one row with position -1 for a
-- legacy row that was not migrated, with its reason. Read by the verifier
-- ("not migrated on purpose").
CREATE TABLE IF NOT EXISTS `cpdns_migration_map` (
  `run_id` varchar(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `legacy_id` varchar(128) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `position` int(11) NOT NULL,
  `outcome` varchar(16) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `reasons` varchar(512) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT '',
  `detail` text DEFAULT NULL,
  `zone_id` varchar(128) CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT NULL,
  `record_id` varchar(128) CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT NULL,
  `action` varchar(24) CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT NULL,
  PRIMARY KEY (`run_id`, `legacy_id`, `position`),
  KEY `ix_cpdns_migration_map_legacy_id` (`legacy_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
