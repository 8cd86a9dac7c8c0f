-- cloudpods-dns-migrate bookkeeping: what a run changed in a zone or record
-- that existed before it wrote (an update from a changed legacy row, a
-- restore by --overwrite-changed, a removal): the owned columns and the
-- bookkeeping row as they were, so that --rollback puts them back exactly.
-- Rows a run created are not listed here: rollback finds them by their run. For a
-- record, its legacy row and value position (its key in cpdns_migration_records).
CREATE TABLE IF NOT EXISTS `cpdns_migration_changes` (
  `run_id` varchar(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `object` varchar(8) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `object_id` varchar(128) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `action` varchar(24) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `previous` mediumtext DEFAULT NULL,
  `previous_owner` text DEFAULT NULL,
  `legacy_id` varchar(128) CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT NULL,
  `position` int(11) DEFAULT NULL,
  PRIMARY KEY (`run_id`, `object`, `object_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
