-- Cloudpods v3.10.4: `dns_recordsets_tbl`, the intermediate cloud-sync model's records (relative names, one value per row).
CREATE TABLE IF NOT EXISTS `dns_recordsets_tbl` (
  `created_at` datetime NOT NULL,
  `updated_at` datetime NOT NULL,
  `update_version` int(11) NOT NULL DEFAULT 0,
  `deleted_at` datetime DEFAULT NULL,
  `deleted` tinyint(1) NOT NULL DEFAULT 0,
  `id` varchar(128) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `description` varchar(256) DEFAULT NULL,
  `is_emulated` tinyint(1) NOT NULL DEFAULT 0,
  `name` varchar(128) NOT NULL,
  `status` varchar(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT 'init',
  `progress` float DEFAULT 100,
  `enabled` tinyint(1) DEFAULT 0,
  `dns_zone_id` varchar(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `dns_type` varchar(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `dns_value` varchar(256) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `ttl` bigint(20) NOT NULL,
  `mx_priority` bigint(20) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `ix_dns_recordsets_tbl_created_at` (`created_at`),
  KEY `ix_dns_recordsets_tbl_name` (`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
