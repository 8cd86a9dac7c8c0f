#include "tests/integration/dns_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "core/live_query.h"

namespace cpdns::testing {

namespace {

// A loopback port free for both UDP and TCP at the moment of asking.
uint16_t FreePort() {
  for (int attempt = 0; attempt < 50; ++attempt) {
    int udp = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(udp, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(udp, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      ::close(udp);
      continue;
    }
    int tcp = ::socket(AF_INET, SOCK_STREAM, 0);
    bool ok = ::bind(tcp, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(tcp);
    ::close(udp);
    if (ok) return ntohs(a.sin_port);
  }
  throw std::runtime_error("no free loopback port for the DNS server");
}

}  // namespace

DnsServer::DnsServer(std::filesystem::path dir, Zones zones)
    : dir_(std::move(dir)), zones_(std::move(zones)) {
  Start();
}

DnsServer::~DnsServer() { Stop(); }

void DnsServer::Restart() {
  Stop();
  Start();
}

void DnsServer::Start() {
  port_ = FreePort();
  const std::filesystem::path conf = dir_ / "nsd.conf";
  {
    std::ofstream out(conf);
    out << "server:\n  ip-address: 127.0.0.1\n  port: " << port_
        << "\n  username: \"\"\n  chroot: \"\"\n  database: \"\"\n  server-count: 1\n"
        << "  zonesdir: \"" << dir_.string() << "\"\n  pidfile: \"" << (dir_ / "nsd.pid").string()
        << "\"\n  xfrdfile: \"" << (dir_ / "xfrd.state").string() << "\"\n  zonelistfile: \""
        << (dir_ / "zone.list").string() << "\"\n  logfile: \"" << (dir_ / "nsd.log").string()
        << "\"\n  hide-version: yes\n  verbosity: 1\nremote-control:\n  control-enable: no\n";
    for (const auto& [name, file] : zones_) {
      out << "zone:\n  name: \"" << name << "\"\n  zonefile: \"" << file.string() << "\"\n";
    }
  }
  child_.emplace(ChildProcess::Start("/usr/sbin/nsd", {"-d", "-c", conf.string()}));
  // Ready when it answers the first zone's SOA.
  DnsClient client(LiveEndpoint{"127.0.0.1", port_}, std::chrono::milliseconds(100), 1);
  const std::string probe = zones_.empty() ? std::string(".") : zones_.front().first;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    LiveReply r = client.Query(probe, QueryType::kSOA);
    if (r.status == LiveStatus::kReplied && r.rcode == "NOERROR") return;
    if (!child_->Running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (child_->Running()) child_->Signal(SIGKILL);
  ProcessResult r = child_->Wait();
  std::ifstream log(dir_ / "nsd.log");
  std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  child_.reset();
  throw std::runtime_error("NSD did not start on port " + std::to_string(port_) + ": " + r.err +
                           text);
}

void DnsServer::Stop() {
  if (!child_) return;
  if (child_->Running()) child_->Signal(SIGTERM);
  child_->Wait();
  child_.reset();
}

}  // namespace cpdns::testing
