// Integration-test support: a real DNS server from Debian (NSD) started by the test on
// loopback, on a free port, serving the zone files it is given; stopped by the destructor.
//
//   DnsServer nsd(dir, {{"example.com", dir / "example.com.public.zone"}});
//   dns-verifier --live 127.0.0.1:<nsd.port()>
//   nsd.Restart();                      // after changing a zone file
//
// Thread-safety: one test thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/integration/process.h"

namespace cpdns::testing {

class DnsServer {
 public:
  using Zones = std::vector<std::pair<std::string, std::filesystem::path>>;  // name, file
  // Writes nsd.conf into `dir` (which must exist) and starts NSD; fails the test (throws)
  // when it does not answer within seconds.
  DnsServer(std::filesystem::path dir, Zones zones);
  ~DnsServer();
  DnsServer(const DnsServer&) = delete;
  DnsServer& operator=(const DnsServer&) = delete;

  uint16_t port() const { return port_; }
  std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }
  // Stops and starts again, so the zone files are read anew.
  void Restart();

 private:
  void Start();
  void Stop();

  std::filesystem::path dir_;
  Zones zones_;
  uint16_t port_ = 0;
  std::optional<ChildProcess> child_;
};

}  // namespace cpdns::testing
