-- Cloudpods v3.10.4: `tenant_cache_tbl`, the region's cache of keystone projects (and domains, whose domain_id is "<<keystone.domain.root>>"); columns of pkg/cloudcommon/db STenant. Cloudpods gives a domain's resources that need a project the domain's earliest live row here (FindFirstProjectOfDomain).
CREATE TABLE IF NOT EXISTS `tenant_cache_tbl` (
  `created_at` datetime NOT NULL,
  `updated_at` datetime NOT NULL,
  `update_version` int(11) NOT NULL DEFAULT 0,
  `deleted_at` datetime DEFAULT NULL,
  `deleted` tinyint(1) NOT NULL DEFAULT 0,
  `id` varchar(128) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  `description` varchar(256) DEFAULT NULL,
  `is_emulated` tinyint(1) NOT NULL DEFAULT 0,
  `name` varchar(128) NOT NULL,
  `domain_id` varchar(128) CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT NULL,
  `domain` varchar(128) DEFAULT NULL,
  `last_check` datetime DEFAULT NULL,
  `lang` varchar(8) CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `ix_tenant_cache_tbl_created_at` (`created_at`),
  KEY `ix_tenant_cache_tbl_name` (`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
