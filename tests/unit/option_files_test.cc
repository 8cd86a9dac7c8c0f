// Option files read as the mariadb client reads them: syntax, groups, includes,
// which files and in which order.
#include "core/option_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/errors.h"

namespace cpdns {
namespace {

namespace fs = std::filesystem;

class OptionFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "cpdns-optfiles-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path Write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p;
  }
  fs::path dir_;
};

std::string Show(const std::vector<OptionSetting>& settings) {
  std::string out;
  for (const OptionSetting& s : settings) {
    out += s.group + "." + s.name + (s.value ? "=" + *s.value : "") + (s.loose ? " (loose)" : "") +
           "\n";
  }
  return out;
}

TEST_F(OptionFiles, ReadsTheWantedGroupsWithTheClientsSyntax) {
  const fs::path f = Write("my.cnf",
                           "# comment\n"
                           "[client]\n"
                           "user = op\n"
                           "password=\"p w#d\" # trailing comment\n"
                           "socket=/run/x.sock # comment\n"
                           "  ; another comment\n"
                           "[mysqldump]\n"
                           "user=other\n"
                           "[DNS-Migrator]\n"
                           "zone_inference=parent\n"
                           "loose-frobnicate=1\n"
                           "execute\n"
                           "init-command='SET a=\\'x\\'\\tb'\n");
  EXPECT_EQ(Show(ReadOptionFile(f, {"client", "dns-migrator"})),
            "client.user=op\n"
            "client.password=p w#d\n"
            "client.socket=/run/x.sock\n"
            "DNS-Migrator.zone-inference=parent\n"
            "DNS-Migrator.frobnicate=1 (loose)\n"
            "DNS-Migrator.execute\n"
            "DNS-Migrator.init-command=SET a='x'\tb\n");
}

TEST_F(OptionFiles, ErrorsNameTheFileAndLine) {
  const fs::path f = Write("bad.cnf", "[client]\nuser=op\npassword=\"open\n");
  try {
    ReadOptionFile(f, {"client"});
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), f.string() + ":3: the value has no closing \"");
  }
  const fs::path g = Write("nogroup.cnf", "user=op\n");
  EXPECT_THROW(ReadOptionFile(g, {"client"}), UsageError);
  // --config allows lines before any group: they are the program's own.
  EXPECT_EQ(Show(ReadOptionFile(g, {"client"}, true)), ".user=op\n");
  const fs::path h = Write("group.cnf", "[client\nuser=op\n");
  EXPECT_THROW(ReadOptionFile(h, {"client"}), UsageError);
}

TEST_F(OptionFiles, FollowsIncludesAndIncludeDirectoriesInNameOrder) {
  Write("conf.d/b.cnf", "[client]\nuser=b\n");
  Write("conf.d/a.cnf", "[client]\nuser=a\n");
  Write("conf.d/ignored.txt", "[client]\nuser=txt\n");
  Write("one.cnf", "[client]\nhost=h1\n");
  const fs::path f = Write("main.cnf", "[client]\nport=1\n!include " + (dir_ / "one.cnf").string() +
                                           "\n!includedir " + (dir_ / "conf.d").string() +
                                           "\nport=2\n");
  EXPECT_EQ(Show(ReadOptionFile(f, {"client"})),
            "client.port=1\nclient.host=h1\nclient.user=a\nclient.user=b\nclient.port=2\n");
  const fs::path loop = Write("loop.cnf", "!include " + (dir_ / "loop.cnf").string() + "\n");
  EXPECT_THROW(ReadOptionFile(loop, {"client"}), UsageError);
  const fs::path missing = Write("missing.cnf", "!include /nonexistent/x.cnf\n");
  EXPECT_THROW(ReadOptionFile(missing, {"client"}), UsageError);
}

TEST_F(OptionFiles, ChoosesFilesInTheClientsOrder) {
  const fs::path home = dir_ / "home";
  const fs::path server_home = dir_ / "server";
  Write("home/.my.cnf", "[client]\n");
  Write("server/my.cnf", "[client]\n");
  const fs::path extra = Write("extra.cnf", "[client]\n");
  OptionFileEnvironment env{home.string(), "", server_home.string()};
  OptionFileChoice choice;
  choice.defaults_extra_file = extra.string();
  std::vector<fs::path> files = OptionFilesToRead(choice, env);
  ASSERT_GE(files.size(), 3u);
  // The global files (if this machine has them), then $MYSQL_HOME, the extra file, ~/.
  EXPECT_EQ(files[files.size() - 3], server_home / "my.cnf");
  EXPECT_EQ(files[files.size() - 2], extra);
  EXPECT_EQ(files.back(), home / ".my.cnf");

  choice.no_defaults = true;
  EXPECT_TRUE(OptionFilesToRead(choice, env).empty());
  OptionFileChoice only;
  only.defaults_file = extra.string();
  EXPECT_EQ(OptionFilesToRead(only, env), std::vector<fs::path>{extra});
  only.defaults_file = (dir_ / "absent.cnf").string();
  EXPECT_THROW(OptionFilesToRead(only, env), UsageError);
  OptionFileChoice absent_extra;
  absent_extra.defaults_extra_file = (dir_ / "absent.cnf").string();
  EXPECT_THROW(OptionFilesToRead(absent_extra, env), UsageError);
}

}  // namespace
}  // namespace cpdns
