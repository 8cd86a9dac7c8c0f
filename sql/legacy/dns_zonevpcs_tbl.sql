-- Cloudpods v3.10.4: `dns_zonevpcs_tbl`, the VPCs a private `dns_zones_tbl` zone is attached to.
CREATE TABLE IF NOT EXISTS `dns_zonevpcs_tbl` (
  `created_at` datetime NOT NULL,
  `updated_at` datetime NOT NULL,
  `update_version` int(11) NOT NULL DEFAULT 0,
  `deleted_at` datetime DEFAULT NULL,
  `deleted` tinyint(1) NOT NULL DEFAULT 0,
  `row_id` bigint(20) NOT NULL AUTO_INCREMENT,
  `dns_zone_id` varchar(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `vpc_id` varchar(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  PRIMARY KEY (`row_id`),
  KEY `ix_dns_zonevpcs_tbl_created_at` (`created_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
