// ComposerNormalized against known answers, then Normalize, IsStable,
// ComposerNormalized and Compare against the installed Composer itself
// (composer/semver through php). The cross-checks skip, saying why, only
// when php or composer/semver is missing; `make setup` installs both.

#include <stdio.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include <sys/wait.h>

#include "version/version.h"

namespace wpp::version {
namespace {

TEST(ComposerNormalizedTest, KnownAnswers) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"1.0", "1.0.0.0"},
      {"5.3.2", "5.3.2.0"},
      {"1.2.3.4", "1.2.3.4"},
      {"01.002", "01.002.0.0"},  // Composer keeps leading zeros.
      {"1.0-beta1", "1.0.0.0-beta1"},
      {"1.0-Beta1", "1.0.0.0-beta1"},
      {"2.0.0-beta.1", "2.0.0.0-beta1"},
      {"1.0-RC2", "1.0.0.0-RC2"},
      {"1.0-rc.2", "1.0.0.0-RC2"},
      {"1.0-a1", "1.0.0.0-alpha1"},
      {"1.0-b2", "1.0.0.0-beta2"},
      {"1.0-ALPHA", "1.0.0.0-alpha"},
      {"1.0-p", "1.0.0.0-patch"},
      {"1.0-pl1", "1.0.0.0-patch1"},
      {"1.0-patch.3", "1.0.0.0-patch3"},
      {"1.0-dev", "1.0.0.0-dev"},
      {"1.0-DEV", "1.0.0.0-dev"},
      {"1.0-stable", "1.0.0.0"},
      {"1.0-stable.1", "1.0.0.0"},
      {"1.0-STABLE", "1.0.0.0-stable"},     // Composer quirk, kept.
      {"1.0-Stable.2", "1.0.0.0-stable2"},  // Likewise.
      {"dev-trunk", "dev-trunk"},
      {"trunk", "dev-trunk"},
      {"v1.13.11-beta.0", "1.13.11.0-beta0"},
      {"99999.1", "99999.1.0.0"},
      {"20100102", "20100102"},  // Date-shaped: no padding.
      {"100000.1", "100000.1"},
      {"201001.1-beta.1", "201001.1-beta1"},
      {"1234567.1-dev", "1234567.1.9999999.9999999-dev"},  // Numeric branch.
  };
  for (const auto& [in, want] : cases) {
    EXPECT_EQ(ComposerNormalized(in), want) << in;
  }
}

TEST(ComposerNormalizedTest, RejectedByComposerOrInvalid) {
  for (const char* v :
       {"1.0-dev.1", "1234567.1", "123456.6.7", "12345678901234567890.1", "", "bad", "1.0.0.0.1"}) {
    EXPECT_EQ(ComposerNormalized(v), "") << v;
  }
}

// --- Cross-check against Composer -----------------------------------------

struct PhpRun {
  bool skipped = false;
  std::string why{};
  std::vector<std::string> lines{};
};

// Runs testdata/composer_check.php `mode` with `inputs` as stdin lines.
PhpRun RunComposerCheck(const std::string& mode, const std::vector<std::string>& inputs) {
  PhpRun run;
  if (std::system("php -v > /dev/null 2>&1") != 0) {
    return PhpRun{true, "php is not installed (make setup installs it)", {}};
  }
  char path[] = "/tmp/wpp_version_XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) {
    ADD_FAILURE() << "mkstemp failed";
    return run;
  }
  close(fd);
  {
    std::ofstream out(path);
    for (const std::string& v : inputs) {
      out << v << '\n';
    }
  }
  const std::string cmd = std::string("php ") + WPP_SOURCE_DIR +
                          "/src/version/testdata/composer_check.php " + mode + " < " + path;
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string output;
  char buf[4096];
  size_t n = 0;
  while (pipe != nullptr && (n = fread(buf, 1, sizeof(buf), pipe)) > 0) {
    output.append(buf, n);
  }
  const int status = pipe != nullptr ? pclose(pipe) : -1;
  unlink(path);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 3) {
    return PhpRun{true, "composer/semver is not installed (make setup installs it)", {}};
  }
  EXPECT_EQ(status, 0) << cmd;
  size_t start = 0;
  for (size_t nl; (nl = output.find('\n', start)) != std::string::npos; start = nl + 1) {
    run.lines.push_back(output.substr(start, nl - start));
  }
  return run;
}

std::vector<std::string> ClassicalBases() {
  return {"0", "1", "1.0", "1.0.0", "1.2.3", "1.2.3.4", "01.002", "10.6.2", "99999.1", "2.0"};
}

// Every suffix form of the grammar; `with_upper_stable` adds `-STABLE`
// spellings, which Composer orders oddly (see Compare in version.h).
std::vector<std::string> Suffixes(bool with_upper_stable) {
  std::vector<std::string> out = {"", "-dev", "-DEV", "-dev.1", "-stable", "-stable.1"};
  if (with_upper_stable) {
    out.insert(out.end(), {"-STABLE", "-Stable.2"});
  }
  for (const char* kw : {"alpha", "a", "beta", "b", "rc", "RC", "p", "pl", "patch", "Beta", "PL"}) {
    for (const char* num : {"", "0", "1", ".2", "10"}) {
      out.push_back(std::string("-") + kw + num);
    }
  }
  return out;
}

std::vector<std::string> CrossCheckInputs() {
  std::vector<std::string> bases = ClassicalBases();
  bases.insert(bases.end(), {"100000", "100000.1", "123456.12.1", "123456.6.7", "1234567",
                             "1234567.1", "20100102", "2010.01.02", "201001.1", "2010010212",
                             "12345678901234567890.1", "1234.56.78.9"});
  std::vector<std::string> out = {"v1.0", "V2.0-RC1", " 1.0 ", "trunk", "dev-trunk", "vtrunk"};
  for (const std::string& base : bases) {
    for (const std::string& suffix : Suffixes(true)) {
      out.push_back(base + suffix);
    }
  }
  return out;
}

TEST(ComposerCrossCheckTest, NormalizedFormAndStabilityMatchComposer) {
  std::vector<std::string> raw;
  std::vector<std::string> normalized;
  for (const std::string& v : CrossCheckInputs()) {
    if (IsValid(v)) {
      raw.push_back(v);
      normalized.push_back(Normalize(v));
    }
  }
  const PhpRun php = RunComposerCheck("normalize", normalized);
  if (php.skipped) {
    GTEST_SKIP() << php.why;
  }
  ASSERT_GT(raw.size(), 1000u);  // The check is not vacuous.
  ASSERT_EQ(php.lines.size(), raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    const std::string& line = php.lines[i];
    const size_t tab = line.find('\t');
    const std::string want = tab == std::string::npos ? "" : line.substr(0, tab);
    EXPECT_EQ(ComposerNormalized(raw[i]), want) << "'" << raw[i] << "'";
    if (tab != std::string::npos) {
      const bool composer_stable = line.substr(tab + 1) == "stable";
      EXPECT_EQ(IsStable(raw[i]), composer_stable) << "'" << raw[i] << "'";
    }
  }
}

// Composer orders releases with version_compare on the normalised forms.
// Left out, by design: dev-trunk (Composer never orders branches against
// releases), `-STABLE` spellings (see version.h), versions Composer rejects.
TEST(ComposerCrossCheckTest, CompareMatchesComposerOrder) {
  std::vector<std::string> versions = {"20100102", "20100102-beta1", "123456.12.1",
                                       "123456.12.1-p1"};
  for (const std::string& base : ClassicalBases()) {
    for (const std::string& suffix : Suffixes(false)) {
      if (!ComposerNormalized(base + suffix).empty()) {
        versions.push_back(base + suffix);
      }
    }
  }
  const PhpRun php = RunComposerCheck("compare", versions);
  if (php.skipped) {
    GTEST_SKIP() << php.why;
  }
  ASSERT_GT(versions.size(), 500u);
  ASSERT_EQ(php.lines.size(), versions.size());
  int mismatches = 0;
  for (size_t i = 0; i < versions.size(); ++i) {
    ASSERT_EQ(php.lines[i].size(), versions.size());
    for (size_t j = 0; j < versions.size(); ++j) {
      const int want = php.lines[i][j] == '<' ? -1 : (php.lines[i][j] == '>' ? 1 : 0);
      if (Compare(versions[i], versions[j]) != want && ++mismatches <= 20) {
        ADD_FAILURE() << versions[i] << " vs " << versions[j] << ": Composer says " << want;
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

}  // namespace
}  // namespace wpp::version
