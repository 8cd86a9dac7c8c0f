-- The bookkeeping tables as dns-migrator wrote them before it kept fingerprints (the
-- earlier version): tests load them to check the upgrade.
CREATE TABLE IF NOT EXISTS `cpdns_migration_runs` (
  `run_id` varchar(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `status` varchar(16) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `tool_version` varchar(32) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `options` text NOT NULL,
  `started_at` datetime(6) NOT NULL,
  `updated_at` datetime(6) NOT NULL,
  `finished_at` datetime(6) DEFAULT NULL,
  `checkpoint_legacy_id` varchar(128) CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT NULL,
  `batches` bigint(20) NOT NULL DEFAULT 0,
  `rows_read` bigint(20) NOT NULL DEFAULT 0,
  `rows_migrated` bigint(20) NOT NULL DEFAULT 0,
  `rows_warned` bigint(20) NOT NULL DEFAULT 0,
  `rows_skipped` bigint(20) NOT NULL DEFAULT 0,
  `records_written` bigint(20) NOT NULL DEFAULT 0,
  `zones_created` bigint(20) NOT NULL DEFAULT 0,
  `message` text DEFAULT NULL,
  PRIMARY KEY (`run_id`),
  KEY `ix_cpdns_migration_runs_started_at` (`started_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE IF NOT EXISTS `cpdns_migration_map` (
  `run_id` varchar(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `legacy_id` varchar(128) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `position` int(11) NOT NULL,
  `outcome` varchar(16) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `reasons` varchar(512) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT '',
  `detail` text DEFAULT NULL,
  `zone_id` varchar(128) CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT NULL,
  `record_id` varchar(128) CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT NULL,
  PRIMARY KEY (`run_id`, `legacy_id`, `position`),
  KEY `ix_cpdns_migration_map_record_id` (`record_id`),
  KEY `ix_cpdns_migration_map_legacy_id` (`legacy_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE IF NOT EXISTS `cpdns_migration_zones` (
  `run_id` varchar(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `zone_id` varchar(128) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `zone_name` varchar(128) NOT NULL,
  PRIMARY KEY (`run_id`, `zone_id`),
  KEY `ix_cpdns_migration_zones_zone_id` (`zone_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
