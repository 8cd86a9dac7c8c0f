// Argument scrubbing: the password never stays readable in /proc/<pid>/cmdline.
#include "core/cli_common.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cpdns {
namespace {

// argv as the kernel hands it over: writable strings.
class Argv {
 public:
  explicit Argv(std::vector<std::string> args) : storage_(std::move(args)) {
    for (std::string& s : storage_) pointers_.push_back(s.data());
  }
  int argc() const { return static_cast<int>(pointers_.size()); }
  char** argv() { return pointers_.data(); }
  std::string Joined() const {
    std::string out;
    for (const char* p : pointers_) out += std::string(p) + " ";
    return out;
  }

 private:
  std::vector<std::string> storage_;
  std::vector<char*> pointers_;
};

TEST(ScrubPasswordFromArgv, BlanksEveryAttachedFormOfThePasswordOption) {
  const std::vector<std::vector<std::string>> forms = {
      {"dns-migrator", "--password=s3cret", "--execute"},
      {"dns-migrator", "-ps3cret", "--execute"},
      {"dns-migrator", "--passw=s3cret", "--execute"},
      {"dns-migrator", "--p=s3cret", "--execute"},
  };
  for (const auto& form : forms) {
    Argv a(form);
    ScrubPasswordFromArgv(a.argc(), a.argv());
    EXPECT_EQ(a.Joined().find("s3cret"), std::string::npos) << a.Joined();
    EXPECT_NE(a.Joined().find("--execute"), std::string::npos) << a.Joined();
  }
}

TEST(ScrubPasswordFromArgv, AnArgumentAfterABarePasswordOptionIsNoPassword) {
  // `-p DB` prompts and DB is the database, as with the mariadb client.
  Argv a({"dns-migrator", "-p", "yunioncloud", "--password", "other"});
  ScrubPasswordFromArgv(a.argc(), a.argv());
  EXPECT_EQ(a.Joined(), "dns-migrator -p yunioncloud --password other ");
}

TEST(ScrubPasswordFromArgv, LeavesOtherArgumentsAlone) {
  Argv a({"dns-migrator", "--user", "root", "--port=3306", "--database", "cloud", "--execute",
          "--", "-pnot-an-option"});
  ScrubPasswordFromArgv(a.argc(), a.argv());
  EXPECT_EQ(a.Joined(),
            "dns-migrator --user root --port=3306 --database cloud --execute -- -pnot-an-option ");
}

}  // namespace
}  // namespace cpdns
