#include "advisories/run.h"

#include "advisories/feed.h"
#include "base/log.h"

namespace wpp::advisories {
namespace {

int64_t UnixSeconds(base::Clock::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// Fetches and stores the feed; fills `report`. Returns the fetch's error.
base::Status UpdateFeed(AdvisoryStore& store, io::HttpClient& http, base::Clock& clock,
                        const RunOptions& options, RunReport* report) {
  WPP_ASSIGN_OR_RETURN(std::optional<FeedState> previous, store.LoadFeedState());
  FeedState state = previous.value_or(FeedState{});
  const bool same_feed = previous && previous->url == options.feed_url && !options.force;
  io::HttpRequest request;
  request.url = options.feed_url;
  request.timeout = options.timeout;
  request.headers.emplace_back("Accept", "application/json");
  if (!options.feed_key.empty()) {
    request.headers.emplace_back("Authorization", "Bearer " + options.feed_key);
  }
  if (same_feed && !state.etag.empty()) {
    request.headers.emplace_back("If-None-Match", state.etag);
  }
  if (same_feed && !state.last_modified.empty()) {
    request.headers.emplace_back("If-Modified-Since", state.last_modified);
  }
  report->feed = "failed";
  auto response = http.Send(request);
  if (!response.ok()) {
    return std::move(response).error().Annotate("fetching the advisory feed");
  }
  const std::string now = base::FormatRfc3339(clock.Now());
  if (response->status == 304 && same_feed) {
    report->feed = "not-modified";
    state.checked_at = now;
    return store.SaveFeedState(state);
  }
  if (response->status != 200) {
    return base::Error(base::ErrorCode::kUnavailable,
                       "the advisory feed answered HTTP " + std::to_string(response->status));
  }
  auto parsed = ParseFeed(response->body);
  if (!parsed.ok()) {
    return base::Error(base::ErrorCode::kUnavailable, parsed.error().message());
  }
  report->records = parsed->records;
  report->bad_records = parsed->bad_records;
  report->ignored_records = parsed->ignored_records;
  WPP_ASSIGN_OR_RETURN(report->from_feed,
                       store.Replace(Source::kFeed, parsed->advisories, UnixSeconds(clock.Now())));
  report->feed = "fetched";
  state = FeedState{.url = options.feed_url,
                    .etag = response->Header("etag"),
                    .last_modified = response->Header("last-modified"),
                    .fetched_at = now,
                    .checked_at = now,
                    .records = parsed->records,
                    .bad_records = parsed->bad_records};
  return store.SaveFeedState(state);
}

}  // namespace

base::Result<RunReport> Run(db::Database& db, io::HttpClient& http, base::Clock& clock,
                            const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  AdvisoryStore store(db);
  RunReport report;
  base::Status fetch = base::Status::Ok();
  if (!options.feed_url.empty()) {
    fetch = UpdateFeed(store, http, clock, options, &report);
    if (!fetch.ok()) {
      report.feed = "failed";
      base::log::Error("advisory feed not updated; keeping the stored advisories",
                       {{"error", fetch.error().message()}});
    }
  }
  WPP_ASSIGN_OR_RETURN(const std::vector<Advisory> closures, store.SecurityClosures());
  WPP_ASSIGN_OR_RETURN(report.from_closures,
                       store.Replace(Source::kClosure, closures, UnixSeconds(clock.Now())));
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const ReplaceCounts& f = report.from_feed;
  const ReplaceCounts& c = report.from_closures;
  base::log::Info("advisories done", {{"feed", report.feed},
                                      {"records", report.records},
                                      {"bad_records", report.bad_records},
                                      {"ignored_records", report.ignored_records},
                                      {"added", f.added + c.added},
                                      {"changed", f.changed + c.changed},
                                      {"removed", f.removed + c.removed},
                                      {"unchanged", f.unchanged + c.unchanged},
                                      {"security_closures", closures.size()},
                                      {"packages_changed", f.packages.size() + c.packages.size()},
                                      {"duration_s", report.seconds}});
  if (!fetch.ok()) {
    return fetch.error();
  }
  return report;
}

}  // namespace wpp::advisories
