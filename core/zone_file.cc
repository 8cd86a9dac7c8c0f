#include "core/zone_file.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "core/dns_answer.h"
#include "core/v310_resolver.h"

namespace cpdns {

namespace {

// The record types region-dns answers from records (others are never served).
const std::set<std::string> kServedTypes = {"A", "AAAA", "CNAME", "SRV", "PTR"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Text for a comment: no line breaks or control bytes.
std::string CommentText(std::string_view s) {
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03u", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

std::string Absolute(std::string_view name) {
  std::string out = PresentationName(name);
  if (out.empty() || out.back() != '.') out += '.';
  return out;
}

struct Rdata {
  std::optional<std::string> text;  // presentation format
  std::string why_not;              // when it cannot be written
};

Rdata RdataOf(const RecordRow& r, const std::string& type) {
  if (type == "A" || type == "AAAA") {
    auto ip = ParseGoIp(r.dns_value);
    if (!ip || (type == "A") != ip->IsV4()) {
      return {std::nullopt, "not an " + std::string(type == "A" ? "IPv4" : "IPv6") + " address"};
    }
    return {FormatGoIp(*ip), ""};
  }
  if (type == "CNAME" || type == "PTR") {
    if (r.dns_value.empty()) return {std::nullopt, "no target"};
    return {Absolute(r.dns_value), ""};
  }
  // SRV: "priority weight port host", as region-dns reads it.
  auto srv = ParseRecordSrvValue(r.dns_value, 0);
  auto in_range = [](int64_t v) { return v >= 0 && v <= 65535; };
  if (!srv || !in_range(srv->priority) || !in_range(srv->weight) || !in_range(srv->port) ||
      srv->host.empty()) {
    return {std::nullopt, "not \"priority weight port host\""};
  }
  return {std::to_string(srv->priority) + " " + std::to_string(srv->weight) + " " +
              std::to_string(srv->port) + " " + Absolute(srv->host),
          ""};
}

struct Line {
  std::string owner_key;  // lower case, for grouping
  std::string owner;      // presentation
  std::string type;
  std::string rdata;      // presentation, or the raw value for a comment
  int64_t ttl = 0;
  std::string comment;    // "" for a record
};

std::string FormatLine(const Line& l) {
  std::string body = l.owner + " " + std::to_string(l.ttl) + " IN " + l.type + " " + l.rdata;
  return l.comment.empty() ? body : "; " + l.comment + ": " + CommentText(body);
}

// Records as lines: each written, or commented with the reason region-dns does not serve it.
std::vector<Line> Lines(const std::vector<RecordRow>& records, ZoneFileCounts& counts) {
  std::vector<Line> lines;
  for (const RecordRow& r : records) {
    if (r.deleted) {
      ++counts.deleted;
      continue;
    }
    Line l{Lower(r.name), r.name.empty() || r.name == "@" ? "@" : PresentationName(r.name),
           Upper(r.dns_type),
           r.dns_value, r.ttl, ""};
    if (!kServedTypes.count(l.type)) {
      l.comment = "not served by region-dns (it answers no " + CommentText(l.type) + " records)";
    } else if (r.name == "@" || r.name.empty()) {
      l.comment = "never served: Cloudpods resolves no record named '@'";
    } else if (r.ttl < 0 || r.ttl > 2147483647) {
      l.comment = "TTL out of range for a zone file";
    } else if (!r.enabled.value_or(false)) {
      l.comment = "disabled: region-dns 3.11 does not serve it";
    } else if (Rdata d = RdataOf(r, l.type); !d.text) {
      l.comment = "value " + d.why_not + ", which a zone file cannot hold";
    } else {
      l.rdata = *d.text;
    }
    lines.push_back(std::move(l));
  }
  std::sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
    return std::tie(a.owner_key, a.type, a.rdata, a.ttl, a.comment) <
           std::tie(b.owner_key, b.type, b.rdata, b.ttl, b.comment);
  });
  // A CNAME must be the only data at its name: with other data beside it, or a second
  // CNAME, it becomes a comment.
  std::map<std::string, std::pair<int, int>> per_owner;  // CNAMEs, other records
  for (const Line& l : lines) {
    if (!l.comment.empty()) continue;
    auto& [cnames, others] = per_owner[l.owner_key];
    ++(l.type == "CNAME" ? cnames : others);
  }
  std::set<std::string> cname_kept;
  for (Line& l : lines) {
    if (!l.comment.empty() || l.type != "CNAME") continue;
    if (per_owner[l.owner_key].second > 0) {
      l.comment = "CNAME beside other data at this name, which a zone file cannot hold "
                  "(region-dns 3.11 answers it to CNAME queries only)";
    } else if (!cname_kept.insert(l.owner_key).second) {
      l.comment = "a second CNAME at this name, which a zone file cannot hold";
    }
  }
  return lines;
}

int64_t CommonTtl(const std::vector<Line>& lines) {
  std::map<int64_t, int> seen;
  for (const Line& l : lines) {
    if (l.comment.empty()) ++seen[l.ttl];
  }
  int64_t best = 300;
  int most = 0;
  for (const auto& [ttl, n] : seen) {
    if (n > most) std::tie(best, most) = std::make_pair(ttl, n);
  }
  return best;
}

std::string SafeFilePart(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
    out += ok ? c : '_';
  }
  if (out.empty() || out.front() == '.') out.insert(out.begin(), '_');
  return out;
}

}  // namespace

std::string PresentationName(std::string_view name) {
  std::string out;
  bool label_start = true;
  for (std::size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    bool lone_star = c == '*' && label_start && (i + 1 == name.size() || name[i + 1] == '.');
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || lone_star) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03u", c);
      out += buf;
    }
    label_start = c == '.';
  }
  return out;
}

std::string ZoneOwnerLabel(const ZoneRow& zone) {
  return zone.is_public ? std::string("public") : "project-" + SafeFilePart(zone.tenant_id);
}

std::string ZoneFileName(const ZoneRow& zone, bool with_id) {
  std::string name = SafeFilePart(Lower(zone.name)) + "." + ZoneOwnerLabel(zone);
  if (with_id) name += "." + SafeFilePart(zone.id);
  return name + ".zone";
}

ZoneFileCounts WriteZoneFile(const ZoneRow& zone, std::vector<RecordRow> records,
                             const ZoneFileHeader& header, std::ostream& out) {
  ZoneFileCounts counts;
  std::vector<Line> lines = Lines(records, counts);
  out << "; zone " << CommentText(zone.name) << ", id " << CommentText(zone.id) << " ("
      << CommentText(zone.zone_type) << ", status " << CommentText(zone.status) << ")\n"
      << "; owner: "
      << (zone.is_public ? "public (scope " + CommentText(zone.public_scope) + ")"
                         : "project " + CommentText(zone.tenant_id))
      << ", domain " << CommentText(zone.domain_id) << "\n"
      << "; from database " << CommentText(header.database)
      << (header.migrator_run_id.empty() ? "" : ", migrator run " + CommentText(header.migrator_run_id))
      << ", by dns-verifier " << CommentText(header.tool_version) << " --export-zones\n";
  if (!zone.enabled.value_or(false)) out << "; the zone is disabled: region-dns serves none of it\n";
  if (counts.deleted > 0) out << "; " << counts.deleted << " deleted records left out\n";
  out << "; SOA and NS are placeholders a zone file needs: region-dns answers SOA itself and "
         "serves no NS\n"
      << "$ORIGIN " << Absolute(Lower(zone.name)) << "\n"
      << "$TTL " << CommonTtl(lines) << "\n"
      << "@ 30 IN SOA ns.dns. hostmaster.dns. 1 7200 1800 86400 30\n"
      << "@ 30 IN NS ns.dns.\n";
  for (const Line& l : lines) {
    out << FormatLine(l) << "\n";
    ++(l.comment.empty() ? counts.records : counts.commented);
  }
  return counts;
}

}  // namespace cpdns
