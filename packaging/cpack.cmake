# The Debian package (cpack -G DEB, from a build without CPDNS_STATIC): Depends are
# computed by dpkg-shlibdeps from the programs' shared libraries; publicsuffix holds
# the system's Public Suffix List, which --zone-inference psl prefers to libpsl's own.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME cloudpods-dns-migrate)
set(CPACK_PACKAGE_VENDOR "cloudpods-dns-migrate")
set(CPACK_PACKAGE_CONTACT "cloudpods-dns-migrate maintainers <cloudpods-dns-migrate@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "dns-migrator moves Cloudpods' legacy dnsrecord_tbl into the zones and records of\n"
    "Cloudpods 3.10.5 and later; dns-verifier proves that every name answers as before.")
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "publicsuffix")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "mariadb-client, dnsutils")
include(CPack)
