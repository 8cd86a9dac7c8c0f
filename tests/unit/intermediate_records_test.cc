// One intermediate record set checked for dns_records_tbl: what is carried byte for byte,
// what is refused, and what region-dns of each target generation never serves.
#include "core/intermediate_records.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace cpdns {
namespace {

IntermediateRecordRow Rec(std::string name, std::string type, std::string value,
                          int64_t mx_priority = 0) {
  IntermediateRecordRow r;
  r.id = "d5000000-0008-4000-8000-000000000037";
  r.zone_id = "d2000000-0008-4000-8000-000000000008";
  r.name = std::move(name);
  r.dns_type = std::move(type);
  r.dns_value = std::move(value);
  r.ttl = 300;
  r.mx_priority = mx_priority;
  r.enabled = true;
  r.status = "available";
  return r;
}

std::vector<std::string> Codes(const std::vector<Reason>& reasons) {
  std::vector<std::string> out;
  for (const Reason& r : reasons) out.push_back(r.code);
  return out;
}

bool Has(const std::vector<Reason>& reasons, const std::string& code) {
  std::vector<std::string> codes = Codes(reasons);
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

RecordCheck Check(const IntermediateRecordRow& r, TargetVersion t = TargetVersion::k311) {
  return CheckIntermediateRecord(r, "lab.example.org", t);
}

TEST(IntermediateRecords, ServedTypesPassWithTheirFullName) {
  for (const auto& [type, value] : std::vector<std::pair<std::string, std::string>>{
           {"A", "10.50.0.10"},
           {"AAAA", "2408:4005:3a0:8a00::10"},
           {"CNAME", "gitlab.lab.example.org"},
           {"SRV", "10 60 5060 sip.lab.example.org"}}) {
    RecordCheck c = Check(Rec("GitLab", type, value));
    EXPECT_TRUE(c.ok()) << type << ": " << Codes(c.rejections).size();
    EXPECT_TRUE(c.warnings.empty()) << type << " " << c.warnings.front().code;
    EXPECT_EQ(c.name, "gitlab");  // lower-cased, as both APIs do
    EXPECT_EQ(c.fqdn, "gitlab.lab.example.org");
  }
  RecordCheck wild = Check(Rec("*.dev", "A", "10.50.1.1"));
  EXPECT_TRUE(wild.ok());
  EXPECT_EQ(wild.fqdn, "*.dev.lab.example.org");
}

TEST(IntermediateRecords, TheApexIsStoredButNeverServed) {
  RecordCheck c = Check(Rec("@", "A", "10.50.0.1"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.name, "@");
  EXPECT_EQ(c.fqdn, "");
  EXPECT_EQ(Codes(c.warnings), std::vector<std::string>{"apex_not_served_by_target"});
}

TEST(IntermediateRecords, TxtMxCaaAreMigratedAndReportedAsNotServed) {
  for (const char* type : {"TXT", "MX", "CAA", "PTR", "NS", "SPF"}) {
    RecordCheck c = Check(Rec("mail", type, "mx.example.org", 10));
    ASSERT_TRUE(c.ok()) << type;
    EXPECT_EQ(Codes(c.warnings), std::vector<std::string>{"type_not_served_by_target"}) << type;
    EXPECT_FALSE(TargetServesType(type, TargetVersion::k311)) << type;
    // 3.10.x answers with one record whatever its type.
    RecordCheck old = Check(Rec("mail", type, "mx.example.org", 10), TargetVersion::k310);
    EXPECT_EQ(Codes(old.warnings), std::vector<std::string>{"any_type_answered_by_target"});
    EXPECT_TRUE(TargetServesType(type, TargetVersion::k310));
  }
  RecordCheck txt = Check(Rec("@", "TXT", "lab environment, not for production"));
  EXPECT_EQ(Codes(txt.warnings),
            (std::vector<std::string>{"apex_not_served_by_target", "type_not_served_by_target"}));
  EXPECT_NE(txt.warnings[1].detail.find("dns-version"), std::string::npos);
}

TEST(IntermediateRecords, MxPriorityOutsideTheApiRangeIsKeptWithAWarning) {
  RecordCheck c = Check(Rec("@", "MX", "mail.lab.example.org", 0));
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(Has(c.warnings, "mx_priority_not_api_valid"));
  EXPECT_FALSE(
      Has(Check(Rec("@", "MX", "mail.lab.example.org", 50)).warnings, "mx_priority_not_api_valid"));
}

// Four labels of 60 bytes: a valid relative name whose full name is over 253 bytes.
std::string LongName() {
  const std::string label(60, 'a');
  return label + "." + label + "." + label + "." + label;
}

TEST(IntermediateRecords, RefusesWhatTheTargetCouldNotUse) {
  struct Bad {
    IntermediateRecordRow row;
    const char* code;
  };
  IntermediateRecordRow ttl = Rec("www", "A", "10.0.0.1");
  ttl.ttl = -1;
  IntermediateRecordRow huge = Rec("www", "A", "10.0.0.1");
  huge.ttl = 2147483648;
  for (const Bad& b : std::vector<Bad>{
           {Rec("www", "a", "10.0.0.1"), "unknown_type"},
           {Rec("www", "HINFO", "x"), "unknown_type"},
           {Rec("", "A", "10.0.0.1"), "invalid_record_name"},
           {Rec("www.", "A", "10.0.0.1"), "invalid_record_name"},
           {Rec("-x", "A", "10.0.0.1"), "invalid_record_name"},
           {Rec(LongName(), "A", "10.0.0.1"), "invalid_record_name"},
           {ttl, "invalid_ttl"},
           {huge, "invalid_ttl"},
           {Rec("www", "A", "010.0.0.1"), "invalid_value"},
           {Rec("www", "A", " 10.0.0.1"), "invalid_value"},
           {Rec("www", "AAAA", "10.0.0.1"), "invalid_value"},
           {Rec("www", "CNAME", "not a name"), "invalid_value"},
           {Rec("www", "MX", "*.example.org", 10), "invalid_value"},
           {Rec("_sip._tcp", "SRV", "10 60 5060"), "invalid_value"},
           {Rec("_sip._tcp", "SRV", "10  60 5060 sip.example.org"), "invalid_value"},
           {Rec("_sip._tcp", "SRV", "10 60 70000 sip.example.org"), "invalid_value"},
       }) {
    RecordCheck c = Check(b.row);
    EXPECT_FALSE(c.ok()) << b.row.name << " " << b.row.dns_type << " " << b.row.dns_value;
    EXPECT_TRUE(Has(c.rejections, b.code)) << b.code;
  }
  // Values of types nobody serves are stored as they are.
  EXPECT_TRUE(Check(Rec("x", "TXT", "anything at all, even \"quotes\"")).ok());
}

TEST(IntermediateRecords, AStatusOtherThanAvailableIsReset) {
  IntermediateRecordRow r = Rec("www", "A", "10.0.0.1");
  r.status = "sync_failed";
  RecordCheck c = Check(r);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(Codes(c.warnings), std::vector<std::string>{"record_status_reset"});
}

TEST(IntermediateRecords, KnownTypesAreCloudpodsOwnSpelling) {
  EXPECT_TRUE(IsKnownDnsType("REDIRECT_URL"));
  EXPECT_TRUE(IsKnownDnsType("CAA"));
  EXPECT_FALSE(IsKnownDnsType("caa"));
  EXPECT_FALSE(IsKnownDnsType(""));
  for (const char* t : {"A", "AAAA", "CNAME", "SRV"}) {
    EXPECT_TRUE(TargetServesType(t, TargetVersion::k311)) << t;
  }
}

}  // namespace
}  // namespace cpdns
