-- cloudpods-dns-migrate bookkeeping: upgrades the tables an earlier dns-migrator
-- (before fingerprints) wrote to the current definitions. Run by dns-migrator
-- --execute when it finds them (it needs ALTER on the three tables once), after
-- the folder's CREATE TABLE IF NOT EXISTS statements made the new tables.
-- Records and zones those runs wrote become the migration's, with no fingerprint:
-- the next run records one for each row that still is what the legacy row gives.
ALTER TABLE `cpdns_migration_runs`
  ADD COLUMN IF NOT EXISTS `scope` text DEFAULT NULL,
  ADD COLUMN IF NOT EXISTS `changes` text DEFAULT NULL,
  ADD COLUMN IF NOT EXISTS `rolled_back_at` datetime(6) DEFAULT NULL;
ALTER TABLE `cpdns_migration_map`
  ADD COLUMN IF NOT EXISTS `action` varchar(24) CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT NULL,
  DROP KEY IF EXISTS `ix_cpdns_migration_map_record_id`;
-- One row per zone: the earliest run that recorded it.
DELETE z FROM `cpdns_migration_zones` z
  JOIN `cpdns_migration_runs` rz ON rz.`run_id` = z.`run_id`
  JOIN `cpdns_migration_zones` e ON e.`zone_id` = z.`zone_id` AND e.`run_id` <> z.`run_id`
  JOIN `cpdns_migration_runs` re ON re.`run_id` = e.`run_id`
  WHERE re.`started_at` < rz.`started_at` OR (re.`started_at` = rz.`started_at` AND e.`run_id` < z.`run_id`);
ALTER TABLE `cpdns_migration_zones`
  ADD COLUMN IF NOT EXISTS `fingerprint` char(36) CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT NULL,
  ADD COLUMN IF NOT EXISTS `written_run_id` varchar(36) CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT NULL,
  DROP PRIMARY KEY,
  ADD PRIMARY KEY (`zone_id`),
  DROP KEY IF EXISTS `ix_cpdns_migration_zones_zone_id`,
  ADD KEY `ix_cpdns_migration_zones_run_id` (`run_id`);
UPDATE `cpdns_migration_zones` SET `written_run_id` = `run_id` WHERE `written_run_id` IS NULL;
-- Every record a run that was not rolled back mapped: the earliest such run created it.
INSERT INTO `cpdns_migration_records`
  (`record_id`, `legacy_id`, `position`, `zone_id`, `run_id`, `written_run_id`, `fingerprint`)
  SELECT m.`record_id`, m.`legacy_id`, m.`position`, m.`zone_id`, m.`run_id`, m.`run_id`, NULL
  FROM `cpdns_migration_map` m JOIN `cpdns_migration_runs` r ON r.`run_id` = m.`run_id`
  WHERE m.`record_id` IS NOT NULL AND m.`zone_id` IS NOT NULL AND r.`status` <> 'rolled_back'
  ORDER BY r.`started_at`, m.`run_id`
  ON DUPLICATE KEY UPDATE `zone_id` = `cpdns_migration_records`.`zone_id`;
