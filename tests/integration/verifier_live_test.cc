// dns-verifier --export-zones and --live against real programs from Debian: BIND's
// named-checkzone checks every exported zone file, and NSD, started on loopback, serves
// the exported zones of fixtures/live for the live check.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/live_check.h"

#include "tests/integration/dns_server.h"
#include "tests/integration/migrator_harness.h"
#include "tests/integration/process.h"
#include "tests/integration/test_database.h"

namespace cpdns {
namespace {

using nlohmann::json;
using testing::ConnectionEnv;
using testing::Describe;
using testing::DnsServer;
using testing::ProcessResult;
using testing::ReadJson;
using testing::RunMigrator;
using testing::RunProcess;
using testing::ScratchDatabase;
using testing::TempPath;
using testing::WithConnection;

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// zones.tsv: file -> zone name.
std::vector<std::pair<std::string, std::string>> Index(const std::filesystem::path& dir) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(Slurp(dir / "zones.tsv"));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::size_t tab = line.find('\t');
    std::size_t tab2 = line.find('\t', tab + 1);
    out.emplace_back(line.substr(0, tab), line.substr(tab + 1, tab2 - tab - 1));
  }
  return out;
}

class Migrated {
 public:
  Migrated(std::vector<std::string> fixtures, std::vector<std::string> migrator_args) {
    db_.LoadLegacySchema();
    db_.LoadTargetSchema("v3.11");
    for (const std::string& f : fixtures) db_.LoadFixture(f);
    migrator_args.push_back("--execute");
    ProcessResult m = RunMigrator(db_, migrator_args);
    EXPECT_TRUE(m.exit_code == 0 || m.exit_code == 1) << Describe(m);
  }
  ProcessResult Verify(const std::vector<std::string>& args) {
    return RunProcess(CPDNS_VERIFIER_BIN, WithConnection(db_, args), ConnectionEnv());
  }
  ScratchDatabase& db() { return db_; }

 private:
  ScratchDatabase db_;
};

void ExpectEveryFilePassesNamedCheckzone(const std::filesystem::path& dir, std::size_t at_least) {
  auto files = Index(dir);
  EXPECT_GE(files.size(), at_least);
  for (const auto& [file, zone] : files) {
    // -i local: no lookups of names outside the zone (tests have no network).
    ProcessResult r = RunProcess("/usr/bin/named-checkzone", {"-i", "local", zone, (dir / file).string()});
    EXPECT_EQ(r.exit_code, 0) << file << "\n" << r.out << r.err << Slurp(dir / file);
    EXPECT_NE(r.out.find("OK"), std::string::npos) << r.out;
  }
}

TEST(ExportZones, EveryZoneFileOfTheBasicRegionPassesNamedCheckzone) {
  Migrated m({"basic", "cloud"}, {});
  TempPath dir("zones-basic");
  ProcessResult r = m.Verify({"--export-zones", dir.path(), "--no-cloud"});
  ASSERT_EQ(r.exit_code & 8, 0) << Describe(r);
  EXPECT_NE(r.out.find("Zone files: " + dir.path()), std::string::npos) << r.out;
  ExpectEveryFilePassesNamedCheckzone(dir.path(), 10);
  const std::string example = Slurp(std::filesystem::path(dir.path()) / "example.com.public.zone");
  EXPECT_NE(example.find("$ORIGIN example.com.\n"), std::string::npos) << example;
  EXPECT_NE(example.find("\nmail 3600 IN A 203.0.113.25\n"), std::string::npos) << example;
  EXPECT_NE(example.find("\nsmtp 3600 IN CNAME mail.example.com.\n"), std::string::npos) << example;
  EXPECT_NE(example.find("; owner: public"), std::string::npos);
  // A private project's zone is a file of its own.
  bool private_file = false;
  for (const auto& [file, zone] : Index(dir.path())) private_file |= file.find(".project-") != std::string::npos;
  EXPECT_TRUE(private_file);
  std::filesystem::remove_all(dir.path());
}

class LiveRegion : public ::testing::Test {
 protected:
  LiveRegion() : region_({"live"}, {"--zone", "live.test"}), dir_("zones-live") {}
  void SetUp() override {
    ProcessResult r = region_.Verify({"--export-zones", dir_.path(), "--no-cloud"});
    ASSERT_EQ(r.exit_code & 8, 0) << Describe(r);
    ExpectEveryFilePassesNamedCheckzone(dir_.path(), 2);
    DnsServer::Zones zones;
    for (const auto& [file, zone] : Index(dir_.path())) zones.emplace_back(zone, file);
    // The parent of the reverse zone, as a real tree has it: its parents' probes then get
    // NXDOMAIN rather than REFUSED.
    std::ofstream(std::filesystem::path(dir_.path()) / "in-addr.arpa.zone")
        << "$ORIGIN in-addr.arpa.\n$TTL 300\n@ 30 IN SOA ns.dns. hostmaster.dns. 1 7200 1800 86400 30\n"
           "@ 30 IN NS ns.dns.\n";
    zones.emplace_back("in-addr.arpa", "in-addr.arpa.zone");
    server_.emplace(dir_.path(), zones);
  }
  ~LiveRegion() override {
    server_.reset();
    std::filesystem::remove_all(dir_.path());
  }
  json Live(const std::string& as, ProcessResult* out = nullptr) {
    TempPath report("live.json");
    ProcessResult r = region_.Verify({"--no-cloud", "--live", server_->endpoint(), "--live-as", as,
                                      "--live-qps", "0", "--live-timeout", "1000",
                                      "--report-json", report.path()});
    EXPECT_EQ(r.exit_code & 8, 0) << Describe(r);
    if (out != nullptr) *out = r;
    return ReadJson(report.path())["live"];
  }

  Migrated region_;
  TempPath dir_;
  std::optional<DnsServer> server_;
};

TEST_F(LiveRegion, EveryProbeAgreesWithNsdServingTheExportedZones) {
  ProcessResult r;
  json live = Live("legacy", &r);
  EXPECT_GT(live["sent"].get<int>(), 100);
  EXPECT_EQ(live["agreed"], live["sent"]) << live.dump(1);
  EXPECT_EQ(live["disagreed"], 0);
  EXPECT_EQ(live["refused"], 0);
  EXPECT_EQ(live["no_reply"], 0);
  EXPECT_GE(live["over_tcp"].get<int>(), 1) << "big.live.test's 40 addresses need TCP";
  EXPECT_EQ(r.exit_code & 64, 0) << Describe(r);
  EXPECT_NE(r.out.find("Live check of " + server_->endpoint()), std::string::npos) << r.out;
}

TEST_F(LiveRegion, ARecordChangedInTheServedZoneIsReportedByNameAndType) {
  const std::filesystem::path file = std::filesystem::path(dir_.path()) / "live.test.public.zone";
  std::string zone = Slurp(file);
  const std::string was = "\nmail 3600 IN A 192.0.2.25\n";
  ASSERT_NE(zone.find(was), std::string::npos) << zone;
  zone.replace(zone.find(was), was.size(), "\nmail 3600 IN A 192.0.2.99\n");
  std::ofstream(file) << zone;
  server_->Restart();

  ProcessResult r;
  json live = Live("legacy", &r);
  EXPECT_EQ(live["disagreed"], 1) << live.dump(1);
  ASSERT_EQ(live["disagreements"].size(), 1u);
  const json& d = live["disagreements"][0];
  EXPECT_EQ(d["name"], "mail.live.test");
  EXPECT_EQ(d["type"], "A");
  EXPECT_EQ(d["model"], "mail.live.test 3600 A 192.0.2.25");
  EXPECT_EQ(d["live"], "mail.live.test 3600 A 192.0.2.99");
  EXPECT_NE(r.exit_code & 64, 0) << Describe(r);
  EXPECT_NE(r.out.find("mail.live.test A"), std::string::npos) << r.out;
}

TEST_F(LiveRegion, AgainstTheTargetModelNsdIsNotRegionDns) {
  // 3.11 answers a child name with its parent's records; a standard server does not.
  json live = Live("target");
  EXPECT_GT(live["disagreed"].get<int>(), 0);
  bool child = false;
  for (const json& d : live["disagreements"]) {
    child |= d["name"] == "cpdns-probe.www.live.test" && d["type"] == "A" &&
             d["model"] == "cpdns-probe.www.live.test 300 A 192.0.2.10" &&
             d["live"] == "no local answer";
  }
  EXPECT_TRUE(child) << live.dump(1);
}

// n A probes of `name` that expect `ip`.
LiveSummary Ask(const LiveOptions& o, const std::string& name, const std::string& ip, int n) {
  LiveChecker live(o, "legacy (v3.10.4)");
  for (int i = 0; i < n; ++i) {
    live.Submit({name, QueryType::kA, ProbeKind::kLegacyName, "live.test",
                 {Answer::FromRecords({{QueryType::kA, name, ip, 3600}})}});
  }
  return live.Finish();
}

TEST_F(LiveRegion, QueriesKeepToTheRateAndRefusalsAreCountedApart) {
  LiveOptions o;
  o.server = LiveEndpoint::Parse(server_->endpoint());
  o.qps = 40;
  o.concurrency = 4;
  const auto start = std::chrono::steady_clock::now();
  LiveSummary s = Ask(o, "mail.live.test", "192.0.2.25", 21);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(s.sent, 21);
  EXPECT_EQ(s.agreed, 21);
  EXPECT_TRUE(s.Confirmed());
  // 21 queries at 40 per second: the last leaves 20 intervals of 25 ms after the first.
  EXPECT_GE(seconds, 0.5) << "the rate limit let the queries through faster";
  // A zone the server does not hold: REFUSED, counted and listed apart from disagreements.
  LiveSummary refused = Ask(o, "www.not-served.example", "192.0.2.1", 2);
  EXPECT_EQ(refused.refused, 2);
  EXPECT_EQ(refused.disagreed, 0);
  EXPECT_FALSE(refused.Confirmed());
  ASSERT_FALSE(refused.other_failures.empty());
  EXPECT_EQ(refused.other_failures[0].name, "www.not-served.example");
}

TEST(LiveCheck, AServerThatNeverRepliesIsCountedWithoutReply) {
  // A bound UDP port that nobody reads: queries are neither answered nor refused.
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  LiveOptions o;
  o.server = LiveEndpoint::Parse("127.0.0.1:" + std::to_string(ntohs(addr.sin_port)));
  o.qps = 0;
  o.concurrency = 3;
  o.timeout = std::chrono::milliseconds(200);
  o.attempts = 1;
  LiveSummary s = Ask(o, "mail.live.test", "192.0.2.25", 3);
  ::close(fd);
  EXPECT_EQ(s.sent, 3);
  EXPECT_EQ(s.no_reply, 3);
  EXPECT_EQ(s.agreed, 0);
  EXPECT_FALSE(s.Confirmed());
  std::ostringstream text;
  s.WriteText(text, 2);
  EXPECT_NE(text.str().find("3 without reply"), std::string::npos) << text.str();
}

}  // namespace
}  // namespace cpdns
