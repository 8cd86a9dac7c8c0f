-- cloudpods-dns-migrate bookkeeping: one row per migrator run (options without
-- any password, scope, progress checkpoint, counts, what it changed in the
-- target, whether it was rolled back). Read by --list-runs and the verifier.
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
  `scope` text DEFAULT NULL,
  `changes` text DEFAULT NULL,
  `rolled_back_at` datetime(6) DEFAULT NULL,
  PRIMARY KEY (`run_id`),
  KEY `ix_cpdns_migration_runs_started_at` (`started_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
