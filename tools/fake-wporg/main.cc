// fake-wporg: a stand-in for WordPress.org (info APIs, SVN listings,
// changelog REPORT, PROPFIND, zip downloads) on one port, for tests, the
// demo and benchmarks. See the README section "fake WordPress.org".
// Exit codes: 0 after SIGINT/SIGTERM, 1 startup failure, 2 usage error.

#include <limits.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <CLI/CLI.hpp>

#include "base/strings.h"
#include "corpus.h"
#include "fake_server.h"
#include "fixtures.h"
#include "http/server.h"
#include "revision_clock.h"
#include "timeline.h"

namespace {

namespace fakewporg = wpp::fakewporg;
namespace http = wpp::http;
using fakewporg::LaggingSide;

struct Flags {
  std::string addr = "127.0.0.1:0";
  std::string fixtures;
  bool no_fixtures = false;
  size_t synthetic = 0;
  uint64_t seed = 1;
  double commits_per_minute = 0;
  double replica_lag_seconds = 0;
  std::string lagging = "report";
  double api_lag_seconds = 0;
  std::string start_time;
  double time_scale = 1;
  bool with_faults = false;
  bool hostile = false;
  int threads = 4;
  std::string port_file;
};

// testdata/ next to the build directory (build/fake-wporg → ./testdata),
// else the source tree this binary was built from.
std::string DefaultFixtures() {
  char exe[PATH_MAX] = {};
  const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    const auto candidate =
        std::filesystem::path(std::string(exe, static_cast<size_t>(n))).parent_path() / ".." /
        "testdata";
    std::error_code ec;
    if (std::filesystem::is_directory(candidate / "wporg", ec)) {
      return candidate.lexically_normal().string();
    }
  }
  return WPP_FAKE_WPORG_FIXTURES;
}

// Unix seconds or "YYYY-MM-DDTHH:MM:SSZ"; empty means the real now.
wpp::base::Result<int64_t> StartMs(const std::string& text) {
  using wpp::base::Error;
  using wpp::base::ErrorCode;
  int64_t ms = 0;
  if (text.empty()) {
    ms = std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
             .count();
  } else if (auto seconds = wpp::base::ParseInt(text)) {
    ms = *seconds * 1000;
  } else {
    std::string day = text;
    std::replace(day.begin(), day.end(), 'T', ' ');
    if (!day.empty() && day.back() == 'Z') {
      day.pop_back();
    }
    ms = wpp::fakewporg::ParseFixtureDate(day);
  }
  if (ms < wpp::fakewporg::kHistoryEndMs) {
    return Error(ErrorCode::kInvalidArgument,
                 "--start-time must be a date after 2025-06-01 (the end of the history)");
  }
  return ms;
}

std::string PublicBase(const std::string& host, int port) {
  std::string h = host.empty() || host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host;
  if (h.find(':') != std::string::npos) {
    h = "[" + h + "]";
  }
  return "http://" + h + ":" + std::to_string(port);
}

LaggingSide ParseLagging(const std::string& s) {
  if (s == "listing") {
    return LaggingSide::kListing;
  }
  return s == "alternate" ? LaggingSide::kAlternate : LaggingSide::kReport;
}

void AddFlags(CLI::App& app, Flags& f) {
  app.add_option("--addr", f.addr, "HOST:PORT to listen on (port 0: any free port)");
  app.add_option("--fixtures", f.fixtures, "testdata/ folder to serve (default: bundled)");
  app.add_flag("--no-fixtures", f.no_fixtures, "Serve no fixtures, only the synthetic corpus");
  app.add_option("--synthetic", f.synthetic, "Synthetic packages to add (~82% plugins)");
  app.add_option("--seed", f.seed, "Seed of the synthetic corpus and of new releases");
  app.add_option("--commits-per-minute", f.commits_per_minute,
                 "New releases per (fake) minute, over both repositories");
  app.add_option("--replica-lag", f.replica_lag_seconds,
                 "Seconds the lagging SVN mirror is behind");
  app.add_option("--lagging", f.lagging, "Which mirror lags")
      ->check(CLI::IsMember({"report", "listing", "alternate"}));
  app.add_option("--api-lag", f.api_lag_seconds, "Seconds before the API shows a new release");
  app.add_option("--start-time", f.start_time,
                 "Fake time at startup: Unix seconds or YYYY-MM-DDTHH:MM:SSZ (default: now)");
  app.add_option("--time-scale", f.time_scale, "Fake seconds per real second (0 freezes time)")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--with-faults", f.with_faults, "List the fault-hook slugs in the plugin listing");
  app.add_flag("--hostile", f.hostile, "Add the hostile packages (script tags, bad URLs, ...)");
  app.add_option("--threads", f.threads, "Server threads")->check(CLI::Range(1, 64));
  app.add_option("--port-file", f.port_file, "Write the bound port to this file when ready");
}

int Run(const Flags& f) {
  auto start_ms = StartMs(f.start_time);
  auto addr = http::ParseAddr(f.addr);
  if (!start_ms || !addr) {
    std::fprintf(stderr, "fake-wporg: %s\n",
                 (!start_ms ? start_ms.error() : addr.error()).message().c_str());
    return 2;
  }
  fakewporg::CorpusOptions corpus_options{
      .fixtures_dir = f.no_fixtures ? "" : (f.fixtures.empty() ? DefaultFixtures() : f.fixtures),
      .synthetic = f.synthetic,
      .seed = f.seed,
      .with_faults = f.with_faults,
      .hostile = f.hostile};
  auto corpus = fakewporg::Corpus::Load(corpus_options);
  if (!corpus) {
    std::fprintf(stderr, "fake-wporg: %s\n", corpus.error().message().c_str());
    return 1;
  }
  fakewporg::Timeline timeline(
      **corpus, {.start_ms = *start_ms,
                 .time_scale = f.time_scale,
                 .commits_per_minute = f.commits_per_minute,
                 .replica_lag_ms = static_cast<int64_t>(f.replica_lag_seconds * 1000),
                 .api_lag_ms = static_cast<int64_t>(f.api_lag_seconds * 1000),
                 .lagging = ParseLagging(f.lagging)});
  fakewporg::FakeWporg fake(**corpus, timeline);
  if (addr->second != 0) {
    fake.SetBaseUrl(PublicBase(addr->first, addr->second));
  }
  auto server =
      http::Server::Start({.addr = f.addr, .threads = f.threads, .max_body_bytes = 1 << 20},
                          [&fake](const http::Request& r) {
                            http::Request copy = r;
                            return fake.Handle(copy);
                          });
  if (!server) {
    std::fprintf(stderr, "fake-wporg: %s\n", server.error().message().c_str());
    return 1;
  }
  fake.SetBaseUrl(PublicBase(addr->first, (*server)->port()));
  if (!f.port_file.empty()) {
    std::ofstream(f.port_file) << (*server)->port() << "\n";
  }
  std::printf("fake-wporg: %zu plugins, %zu themes at %s\n",
              (*corpus)->repo(fakewporg::RepoType::kPlugin).size(),
              (*corpus)->repo(fakewporg::RepoType::kTheme).size(), fake.base_url().c_str());
  std::fflush(stdout);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int signal_number = 0;
  sigwait(&set, &signal_number);
  (*server)->Stop();
  return 0;
}

int Main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  // Block the stop signals before any thread starts; Run waits for them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  CLI::App app{"fake-wporg: a fake WordPress.org (info APIs, SVN, downloads) for tests",
               "fake-wporg"};
  Flags flags;
  AddFlags(app, flags);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return Run(flags);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {  // Library failures (allocation) end here.
    std::fprintf(stderr, "fake-wporg: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "fake-wporg: unexpected exception\n");
  }
  return 1;
}
