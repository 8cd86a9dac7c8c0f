// The self-contained programs (built with CPDNS_STATIC, packed by scripts/package)
// run in an empty root: a chroot holding nothing but the program, sql/ beside it and
// the server's CA certificate. Each migrates and verifies over TCP with TLS and the
// server's identity verified, as on a Cloudpods host that is no Debian 12.
//
// Needs CPDNS_STATIC_DIR (the unpacked tarball: bin/dns-migrator, bin/dns-verifier,
// share/cloudpods-dns-migrate/sql) and root for chroot; scripts/package runs it.
// Without them the test is reported as skipped, never as passed.
#include <elf.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "tests/integration/migrator_harness.h"

namespace cpdns::testing {
namespace {

namespace fs = std::filesystem;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

// True when the ELF file asks for a program interpreter (the dynamic loader).
bool DynamicallyLinked(const fs::path& program) {
  std::ifstream in(program, std::ios::binary);
  Elf64_Ehdr header{};
  in.read(reinterpret_cast<char*>(&header), sizeof header);
  if (!in || std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0) {
    throw std::runtime_error(program.string() + " is not an ELF file");
  }
  for (int i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr segment{};
    in.seekg(static_cast<std::streamoff>(header.e_phoff + i * header.e_phentsize));
    in.read(reinterpret_cast<char*>(&segment), sizeof segment);
    if (in && segment.p_type == PT_INTERP) return true;
  }
  return false;
}

// An empty root with `program`, sql/ and the CA certificate; removed afterwards.
class EmptyRoot {
 public:
  EmptyRoot(const fs::path& program, const fs::path& sql, const fs::path& ca) {
    std::string pattern = (fs::temp_directory_path() / "cpdns-root-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    fs::copy_file(program, dir_ / program.filename());
    fs::copy(sql, dir_ / "sql", fs::copy_options::recursive);
    fs::create_directories(dir_ / "etc/ssl/certs");
    fs::copy_file(ca, dir_ / "etc/ssl/certs/ca.pem");
  }
  ~EmptyRoot() { fs::remove_all(dir_); }
  EmptyRoot(const EmptyRoot&) = delete;
  EmptyRoot& operator=(const EmptyRoot&) = delete;
  const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
};

TEST(StaticBinary, MigratesAndVerifiesFromAnEmptyRootOverTls) {
  const std::string dir = Env("CPDNS_STATIC_DIR");
  if (dir.empty()) GTEST_SKIP() << "CPDNS_STATIC_DIR is not set: run scripts/package";
  if (::geteuid() != 0) GTEST_SKIP() << "chroot needs root";
  const std::string ca = Env("CPDNS_TEST_SSL_CA");
  ASSERT_FALSE(ca.empty()) << "the private server runs without TLS";
  const fs::path sql = fs::path(dir) / "share/cloudpods-dns-migrate/sql";

  ScratchDatabase db;
  LoadFixtureDatabase(db, "basic", "");
  const std::string user = "cpdns_root_" + std::to_string(::getpid());
  const std::string password = "Root-pw-7781";
  Connection admin = db.Connect();
  admin.Execute("DROP USER IF EXISTS '" + user + "'@'127.0.0.1'");
  admin.Execute("CREATE USER '" + user + "'@'127.0.0.1' IDENTIFIED BY '" + password + "'");
  admin.Execute("GRANT ALL ON " + QuoteIdentifier(db.name()) + ".* TO '" + user + "'@'127.0.0.1'");
  const std::vector<std::string> tcp = {"--host", "127.0.0.1", "--port", Env("CPDNS_TEST_PORT"),
                                        "--user", user, "--ssl-mode", "VERIFY_IDENTITY",
                                        "--ssl-ca", "/etc/ssl/certs/ca.pem", db.name()};
  const EnvChanges env = {{"MYSQL_PWD", password}, {"HOME", "/"}};
  const Snapshot legacy = TakeSnapshot(db, LegacyTables());

  for (const char* name : {"dns-migrator", "dns-verifier"}) {
    const fs::path program = fs::path(dir) / "bin" / name;
    ASSERT_TRUE(fs::exists(program)) << program;
    EXPECT_FALSE(DynamicallyLinked(program)) << program << " needs a dynamic loader";
    EmptyRoot root(program, sql, ca);
    std::vector<std::string> args = {root.dir().string(), std::string("/") + name};
    args.insert(args.end(), tcp.begin(), tcp.end());
    if (std::string(name) == "dns-migrator") {
      // The bookkeeping and target tables come from sql/ beside the program.
      args.insert(args.end(), {"--execute", "--create-target-tables", "--report-json", "/r.json"});
      ProcessResult r = RunProcess("/usr/sbin/chroot", args, env);
      ASSERT_EQ(r.exit_code, 1) << Describe(r);
      EXPECT_NE(r.err.find("connected to " + user + "@127.0.0.1:"), std::string::npos) << r.err;
      EXPECT_EQ(db.Count(kRecordsTable), 237);
      EXPECT_EQ(ReadJson((root.dir() / "r.json").string()).at("status"), "done");
    } else {
      ProcessResult r = RunProcess("/usr/sbin/chroot", args, env);
      ASSERT_TRUE(r.exit_code >= 0 && (r.exit_code & (1 | 8)) == 0) << Describe(r);
      EXPECT_EQ(r.out.rfind("Verdict: ", 0), 0u) << r.out;
      EXPECT_NE(r.out.find("against Cloudpods 3.11"), std::string::npos) << r.out;
    }
  }
  EXPECT_EQ(TakeSnapshot(db, LegacyTables()), legacy);
}

}  // namespace
}  // namespace cpdns::testing
