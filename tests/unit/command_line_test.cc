// The command line with the mariadb client's conventions: abbreviations (never for
// options that write or delete), -p, the positional database, stray arguments, and
// the precedence of the command line over --config and option files.
#include "core/command_line.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/cli_common.h"
#include "core/errors.h"

namespace po = boost::program_options;

namespace cpdns {
namespace {

namespace fs = std::filesystem;

class CommandLine : public ::testing::Test {
 protected:
  void SetUp() override {
    AddConnectionOptions(conn_);
    // clang-format off
    run_.add_options()
        ("execute", "")
        ("rollback", po::value<std::string>(), "")
        ("overwrite-changed", "")
        ("intermediate-zones", po::value<std::string>()->default_value("report"), "")
        ("intermediate-project", po::value<std::vector<std::string>>(), "")
        ("intermediate-conflicts", po::value<std::string>()->default_value("legacy-wins"), "")
        ("resume", "")
        ("zone-inference", po::value<std::string>()->default_value("psl"), "")
        ("batch-size", po::value<std::size_t>()->default_value(1000), "");
    // clang-format on
    AddCommonOptions(run_);
    all_.add(conn_).add(run_);
    std::string pattern = (fs::temp_directory_path() / "cpdns-cmdline-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  po::variables_map Parse(std::vector<std::string> args) {
    args.insert(args.begin(), "--no-defaults");
    return ParseArguments({&all_, &conn_, "dns-migrator"}, args);
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }

  po::options_description conn_, run_, all_;
  fs::path dir_;
};

TEST_F(CommandLine, TheOneArgumentIsTheDatabaseAndAnyOtherIsAUsageError) {
  EXPECT_EQ(Parse({"yunioncloud"})["database"].as<std::string>(), "yunioncloud");
  EXPECT_EQ(Parse({"-D", "db"})["database"].as<std::string>(), "db");
  EXPECT_THROW(Parse({"-D", "db", "garbage"}), UsageError);
  EXPECT_THROW(Parse({"yunioncloud", "garbage"}), UsageError);
  EXPECT_THROW(Parse({"-D", "a", "b"}), UsageError);  // the database twice
}

TEST_F(CommandLine, BarePasswordOptionsPromptAndTheNextArgumentStaysAnArgument) {
  po::variables_map vm = Parse({"-u", "op", "-p", "cpdns_demo"});
  EXPECT_EQ(vm["password"].as<std::string>(), kPasswordPrompt);
  EXPECT_EQ(vm["database"].as<std::string>(), "cpdns_demo");
  EXPECT_EQ(Parse({"--password", "db"})["password"].as<std::string>(), kPasswordPrompt);
  EXPECT_EQ(Parse({"--pass", "db"})["password"].as<std::string>(), kPasswordPrompt);
  EXPECT_EQ(Parse({"-psecret", "db"})["password"].as<std::string>(), "secret");
  EXPECT_EQ(Parse({"--passw=secret", "db"})["password"].as<std::string>(), "secret");
  EXPECT_EQ(Parse({"--password=", "db"})["password"].as<std::string>(), "");
  EXPECT_EQ(Parse({"-p-x", "db"})["password"].as<std::string>(), "-x");
}

TEST_F(CommandLine, OptionsThatWriteOrDeleteAreNeverAbbreviated) {
  for (std::string_view name : NeverAbbreviated()) {
    const std::string full(name);
    for (std::size_t n = 2; n < full.size(); ++n) {
      EXPECT_THROW(ResolveOptionName(all_, full.substr(0, n), "--" + full.substr(0, n)), UsageError)
          << full.substr(0, n);
    }
    EXPECT_EQ(ResolveOptionName(all_, full, "--" + full), full);
  }
  EXPECT_THROW(Parse({"--exec", "db"}), UsageError);
  EXPECT_THROW(Parse({"--roll=x", "db"}), UsageError);
  EXPECT_THROW(Parse({"--resu", "db"}), UsageError);  // it implies --execute
  EXPECT_EQ(Parse({"--batch=5", "db"})["batch-size"].as<std::size_t>(), 5u);
  const std::string config = Write("run.conf", "exec\n");
  EXPECT_THROW(Parse({"--config", config, "db"}), UsageError);
}

TEST_F(CommandLine, ConfigFilesTakeGroupsAndNameTheFileAndLineOfAnError) {
  const std::string config = Write("run.conf",
                                   "batch-size = 7\n"
                                   "[dns-verifier]\n"
                                   "batch-size = 8\n"
                                   "[client]\n"
                                   "user = from-config\n"
                                   "not-a-connection-option = ignored\n"
                                   "[dns-migrator]\n"
                                   "execute\n"
                                   "zone-inference = parent\n");
  po::variables_map vm = Parse({"--config", config, "db"});
  EXPECT_EQ(vm["batch-size"].as<std::size_t>(), 7u);
  EXPECT_EQ(vm["user"].as<std::string>(), "from-config");
  EXPECT_EQ(vm.count("execute"), 1u);
  EXPECT_EQ(vm["zone-inference"].as<std::string>(), "parent");
  // The command line wins over --config.
  EXPECT_EQ(Parse({"--config", config, "--batch-size", "9", "db"})["batch-size"].as<std::size_t>(),
            9u);
  const std::string bad = Write("bad.conf", "batch-size = 7\n[dns-migrator]\nbatch-size = many\n");
  try {
    Parse({"--config", bad, "db"});
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(bad + ":3: "), std::string::npos) << e.what();
  }
  const std::string unknown = Write("unknown.conf", "[dns-migrator]\nfrobnicate = 1\n");
  EXPECT_THROW(Parse({"--config", unknown, "db"}), UsageError);
}

TEST_F(CommandLine, DefaultOptionFilesNeverSayExecute) {
  const std::string file = Write("my.cnf", "[dns-migrator]\nexecute\n");
  EXPECT_THROW(ParseArguments({&all_, &conn_, "dns-migrator"}, {"--defaults-file", file, "db"}),
               UsageError);
  const std::string later = Write("later.cnf", "[client]\nuser=a\nuser=b\n[dns-migrator]\nuser=c\n");
  po::variables_map vm =
      ParseArguments({&all_, &conn_, "dns-migrator"}, {"--defaults-file", later, "db"});
  EXPECT_EQ(vm["user"].as<std::string>(), "c") << "the later line wins";
}

}  // namespace
}  // namespace cpdns
