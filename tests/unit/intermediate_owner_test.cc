// --intermediate-project and the owner of a migrated intermediate zone: the option's syntax,
// the operator's choice, and Cloudpods' first-project-of-domain convention, refusing to guess.
#include "core/intermediate_owner.h"

#include <gtest/gtest.h>

#include <string>

#include "core/errors.h"

namespace cpdns {
namespace {

constexpr const char* kSystem = "5d65667d112e47249ae66dbd7bc07030";
constexpr const char* kWebProd = "c2b7a6d81f3e4a9bb0e5d4c3f2a19087";
constexpr const char* kPartner = "3f1e9a7c5b2d4e6f8a0b1c2d3e4f5a6b";

ProjectDirectory Directory() {
  ProjectDirectory d;
  d.first_of_domain["default"] = {{kSystem}, "2022-01-01 00:00:10"};
  d.domain_of_project[kSystem] = "default";
  d.domain_of_project[kWebProd] = "default";
  return d;
}

TEST(IntermediateProjectOption, TakesOneProjectForEveryDomainAndOnePerDomain) {
  IntermediateProjectOption o;
  EXPECT_TRUE(o.empty());
  o.Add(kSystem);
  o.Add(std::string(kPartner) + "=" + kWebProd);
  EXPECT_FALSE(o.empty());
  EXPECT_EQ(o.For("default"), kSystem);
  EXPECT_EQ(o.For(kPartner), kWebProd);  // its own entry wins
  EXPECT_EQ(o.ProjectIds(), (std::vector<std::string>{kSystem, kWebProd}));
  EXPECT_EQ(o.Values(),
            (std::vector<std::string>{kSystem, std::string(kPartner) + "=" + kWebProd}));
  o.Add(kSystem);  // repeating the same value is harmless
}

TEST(IntermediateProjectOption, RefusesMalformedAndContradictoryValues) {
  for (const char* bad : {"", "=p", "d=", "a b", "d=p\t", "caf\xc3\xa9"}) {
    IntermediateProjectOption o;
    EXPECT_THROW(o.Add(bad), ConfigError) << bad;
  }
  IntermediateProjectOption o;
  EXPECT_THROW(o.Add(std::string(129, 'a')), ConfigError);
  o.Add("p1");
  EXPECT_THROW(o.Add("p2"), ConfigError);
  o.Add("d=p1");
  EXPECT_THROW(o.Add("d=p2"), ConfigError);
}

TEST(IntermediateOwner, WithoutTheOptionTheDomainsFirstProjectOwnsTheZone) {
  ProjectDirectory d = Directory();
  OwnerDecision o = DecideIntermediateOwner("default", {}, &d);
  ASSERT_TRUE(o.ok()) << o.detail;
  EXPECT_EQ(o.tenant_id, kSystem);
  EXPECT_EQ(o.source, OwnerSource::kFirstProjectOfDomain);
  EXPECT_NE(o.detail.find("first project of domain default"), std::string::npos) << o.detail;
  EXPECT_EQ(ToString(o.source), "first_project_of_domain");
}

TEST(IntermediateOwner, TheOptionWinsOverTheConvention) {
  ProjectDirectory d = Directory();
  IntermediateProjectOption opt;
  opt.Add(kWebProd);
  OwnerDecision o = DecideIntermediateOwner("default", opt, &d);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o.tenant_id, kWebProd);
  EXPECT_EQ(o.source, OwnerSource::kOption);
}

TEST(IntermediateOwner, AProjectTheCacheDoesNotKnowIsTakenOnTheOperatorsWord) {
  ProjectDirectory d = Directory();
  IntermediateProjectOption opt;
  opt.Add("project-made-after-the-cache");
  OwnerDecision o = DecideIntermediateOwner("default", opt, &d);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o.tenant_id, "project-made-after-the-cache");
  // Without tenant_cache_tbl at all, too.
  EXPECT_TRUE(DecideIntermediateOwner("default", opt, nullptr).ok());
}

TEST(IntermediateOwner, AProjectOfAnotherDomainIsRefused) {
  ProjectDirectory d = Directory();
  IntermediateProjectOption opt;
  opt.Add(kSystem);  // a project of domain "default"
  OwnerDecision o = DecideIntermediateOwner(kPartner, opt, &d);
  EXPECT_FALSE(o.ok());
  EXPECT_EQ(o.code, "owner_project_other_domain");
  EXPECT_NE(o.detail.find(std::string(kPartner) + "=PROJECT_ID"), std::string::npos) << o.detail;
  EXPECT_TRUE(o.tenant_id.empty());
}

TEST(IntermediateOwner, RefusesToGuessWithoutASingleFirstProject) {
  ProjectDirectory d = Directory();
  // No project of the domain in the cache.
  OwnerDecision none = DecideIntermediateOwner(kPartner, {}, &d);
  EXPECT_EQ(none.code, "owner_undecided");
  EXPECT_NE(none.detail.find("--intermediate-project " + std::string(kPartner) + "=PROJECT_ID"),
            std::string::npos)
      << none.detail;
  // Two projects created in the same second: the server would pick either.
  d.first_of_domain[kPartner] = {{"p-a", "p-b"}, "2023-01-01 00:00:00"};
  OwnerDecision tie = DecideIntermediateOwner(kPartner, {}, &d);
  EXPECT_EQ(tie.code, "owner_undecided");
  EXPECT_NE(tie.detail.find("p-a, p-b"), std::string::npos) << tie.detail;
  // No tenant_cache_tbl.
  OwnerDecision absent = DecideIntermediateOwner("default", {}, nullptr);
  EXPECT_EQ(absent.code, "owner_undecided");
  EXPECT_NE(absent.detail.find("does not exist"), std::string::npos) << absent.detail;
}

}  // namespace
}  // namespace cpdns
