#include "installs/rollup_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/log.h"
#include "base/progress.h"
#include "packages/package_store.h"

namespace wpp::installs {
namespace {

using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int64_t kDaySeconds = 24 * 3600;
constexpr int64_t kMaxChunk = 200'000;
// Events summed in memory at a time (a resumed batch reads them again).
constexpr int64_t kBatchEvents = 1'000'000;

// The steps, as checkpoints and logs name them.
const std::string kFold = "installs:fold";
const std::string kCounters = "installs:counters";
const std::string kPrune = "installs:prune";

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) {
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string FormatDay(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd{day};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

// Sizes chunks so that each transaction takes about `target`.
class ChunkSizer {
 public:
  ChunkSizer(int64_t initial, milliseconds target)
      : size_(std::max<int64_t>(1, initial)), target_(target) {}
  int64_t size() const { return size_; }
  void Observe(Steady::duration took) {
    if (took < target_ / 2) {
      size_ = std::min(kMaxChunk, size_ * 2);
    } else if (took > target_) {
      size_ = std::max<int64_t>(1, size_ / 2);
    }
  }

 private:
  int64_t size_;
  milliseconds target_;
};

// What one chunk of events adds.
struct Month {
  int64_t installs = 0;
  std::string newest{};  // created_at of its newest event.
};

struct ChunkCounts {
  std::map<std::pair<int64_t, std::string>, Month> monthly;
  std::map<std::pair<std::string, int64_t>, int64_t> daily;
  int64_t events = 0;
  int64_t malformed = 0;
};

// WAL frames that call for a checkpoint after a transaction: any. Waiting
// for more (SQLite's automatic checkpoint waits for 1,000) left the
// /downloads writer's commits to cross that size and checkpoint inside
// their transactions (300 ms waits in bench/aggregate_bench.sh).
constexpr int kCheckpointFrames = 1;

// sqlite3_wal_hook: remembers the WAL's size after each commit.
int CountWalFrames(void* frames, sqlite3* /*db*/, const char* /*name*/, int pages) {
  *static_cast<int*>(frames) = pages;
  return SQLITE_OK;
}

// One sum of a batch, in the order the batch adds them.
struct Sum {
  std::string key{};
  int64_t package = 0;
  std::string period{};  // Day or month.
  int64_t installs = 0;
  std::string newest{};  // Monthly sums: the newest event's time.
};

// A package id as 20 digits, so that keys order like numbers.
std::string Padded(int64_t id) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%020lld", static_cast<long long>(id));
  return buf;
}

struct CounterChange {
  int64_t id = 0;
  int64_t total = 0;
  int64_t last_30d = 0;
  std::optional<std::string> last_installed{};
};

}  // namespace

std::optional<std::string> UtcDay(std::string_view s) {
  // YYYY-MM-DD[T ]HH:MM:SS[.fff](Z|±HH:MM|nothing)
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
      s[13] != ':' || s[16] != ':' || !Digits(s.substr(0, 4)) || !Digits(s.substr(5, 2)) ||
      !Digits(s.substr(8, 2)) || !Digits(s.substr(11, 2)) || !Digits(s.substr(14, 2)) ||
      !Digits(s.substr(17, 2))) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{
      std::chrono::year{ToInt(s.substr(0, 4))},
      std::chrono::month{static_cast<unsigned>(ToInt(s.substr(5, 2)))},
      std::chrono::day{static_cast<unsigned>(ToInt(s.substr(8, 2)))}};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  std::string_view zone = s.substr(19);
  if (!zone.empty() && zone[0] == '.') {
    size_t n = 1;
    while (n < zone.size() && zone[n] >= '0' && zone[n] <= '9') {
      ++n;
    }
    zone.remove_prefix(n);
  }
  int64_t offset = 0;  // Seconds east of UTC.
  if (zone.empty() || zone == "Z" || zone == "z") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' &&
             Digits(zone.substr(1, 2)) && Digits(zone.substr(4, 2))) {
    offset = (ToInt(zone.substr(1, 2)) * 3600 + ToInt(zone.substr(4, 2)) * 60) *
             (zone[0] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  if (offset == 0) {
    return std::string(s.substr(0, 10));
  }
  const int64_t seconds =
      static_cast<int64_t>(std::chrono::sys_days{ymd}.time_since_epoch().count()) * kDaySeconds +
      ToInt(s.substr(11, 2)) * 3600 + ToInt(s.substr(14, 2)) * 60 + ToInt(s.substr(17, 2)) - offset;
  const int64_t days =
      seconds >= 0 ? seconds / kDaySeconds : (seconds - kDaySeconds + 1) / kDaySeconds;
  return FormatDay(std::chrono::sys_days{std::chrono::days{days}});
}

// The state of one Run: statements, timings, the result so far.
struct RollupStore::Run_ {
  Run_(db::Database& d, base::Clock& c, const RollupOptions& o) : db(d), clock(c), options(o) {}

  void Checkpoint(std::string_view name) const {
    if (options.checkpoint) {
      options.checkpoint(name);
    }
  }
  // Each step sizes its own chunks. A counter row rewrites a whole package row and a pruned event
  // three index entries, so those steps start smaller than the fold.
  ChunkSizer& Sizer(const std::string& step) {
    const int64_t initial = step == kFold       ? options.initial_chunk
                            : step == kCounters ? options.initial_chunk / 4
                                                : options.initial_chunk / 2;
    return sizers.try_emplace(step, initial, options.target_transaction).first->second;
  }

  // Logs (at debug) how long a step took in all.
  void StepDone(std::string_view step) {
    const auto now = Steady::now();
    base::log::Debug(
        "aggregate-installs step",
        {{"step", step},
         {"ms", static_cast<int64_t>(
                    std::chrono::duration_cast<milliseconds>(now - step_started).count())}});
    step_started = now;
  }

  void Longest(const std::string& what, Steady::duration took) {
    const auto ms = std::chrono::duration_cast<milliseconds>(took);
    if (ms >= result.longest_transaction) {
      result.longest_transaction = ms;
      result.longest_step = what;
    }
  }
  bool Stopping() const { return options.stop != nullptr && options.stop->load(); }

  // One short write transaction, timed from the moment it holds the write
  // lock to its commit (docs/behaviour.md §12.5).
  base::Status Write(const std::string& what, const std::function<base::Status()>& body) {
    Steady::time_point started{};
    const base::Status done = db.InTransaction(what, [&]() -> base::Status {
      started = Steady::now();
      WPP_RETURN_IF_ERROR(body());
      Checkpoint(what + ":commit");
      return base::Status::Ok();
    });
    WPP_RETURN_IF_ERROR(done);
    const auto took = Steady::now() - started;
    Sizer(what).Observe(took);
    ++result.transactions;
    Longest(what, took);
    Checkpoint(what + ":done");
    // Copy the pages written so far into the database file now, outside
    // the write lock, rather than leave them to the commit of whichever
    // connection next crosses the WAL's size limit (the /downloads writer).
    if (wal_frames >= kCheckpointFrames) {
      wal_frames = 0;
      (void)db.Guard("checkpointing", [&] { db.sql().exec("PRAGMA wal_checkpoint(PASSIVE)"); });
    }
    // Leave the lock free as long as it was held: a writer waiting in
    // SQLite's busy handler polls every few milliseconds and would
    // otherwise keep finding the next chunk's transaction
    // (docs/behaviour.md §12.5).
    if (options.pace) {
      clock.SleepFor(std::chrono::ceil<milliseconds>(took), options.stop);
    }
    return base::Status::Ok();
  }

  db::Database& db;
  base::Clock& clock;
  int wal_frames = 0;  // Frames in the WAL after this connection's last commit.
  Steady::time_point step_started = Steady::now();
  const RollupOptions& options;
  std::map<std::string, ChunkSizer, std::less<>> sizers;
  RollupResult result{};
};

RollupStore::RollupStore(db::Database& db, base::Clock& clock) : db_(db), clock_(clock) {}

base::Result<int64_t> RollupStore::Watermark() {
  int64_t watermark = 0;
  WPP_RETURN_IF_ERROR(db_.Guard("reading the install watermark", [&] {
    SQLite::Statement q(db_.sql(), "SELECT watermark FROM install_rollup_state WHERE id = 1");
    if (q.executeStep()) {
      watermark = q.getColumn(0).getInt64();
    }
  }));
  return watermark;
}

base::Result<RollupResult> RollupStore::Run(const RollupOptions& options) {
  const auto started = Steady::now();
  Run_ run(db_, clock_, options);
  // Checkpoints happen between transactions (Write); none inside one.
  int autocheckpoint = 1000;
  (void)db_.Guard("reading wal_autocheckpoint", [&] {
    autocheckpoint = db_.sql().execAndGet("PRAGMA wal_autocheckpoint").getInt();
    db_.sql().exec("PRAGMA wal_autocheckpoint = 0");
    sqlite3_wal_hook(db_.sql().getHandle(), &CountWalFrames, &run.wal_frames);
  });
  struct Restore {
    db::Database& db;
    int pages;
    ~Restore() {
      (void)db.Guard("restoring wal_autocheckpoint", [&] {
        db.sql().exec("PRAGMA wal_autocheckpoint = " + std::to_string(pages));
      });
    }
  } restore{db_, autocheckpoint};
  RollupResult& r = run.result;
  const auto now = clock_.Now();
  const int64_t now_s = base::UnixSeconds(now);
  // The 30-day window starts at `cutoff_30d`; its first (partial) UTC day
  // is counted from raw events, the later days from daily_installs
  // (docs/behaviour.md §12.3).
  const std::string cutoff_30d =
      base::FormatRfc3339(base::FromUnixSeconds(now_s - 30 * kDaySeconds));
  const std::string boundary_day = cutoff_30d.substr(0, 10);
  const std::string after_boundary = base::FormatRfc3339(
      base::FromUnixSeconds((now_s - 30 * kDaySeconds) / kDaySeconds * kDaySeconds + kDaySeconds));
  const std::string prune_before = base::FormatRfc3339(
      base::FromUnixSeconds(now_s - int64_t{options.retention_days} * kDaySeconds));

  // 1. Where the last run stopped, and the newest event now.
  int64_t newest_id = 0;
  WPP_ASSIGN_OR_RETURN(r.watermark_before, Watermark());
  WPP_RETURN_IF_ERROR(db_.Guard("reading the newest install event", [&] {
    newest_id = db_.sql().execAndGet("SELECT COALESCE(MAX(id), 0) FROM install_events").getInt64();
  }));
  r.watermark = r.watermark_before;

  // 2. Fold new events a batch at a time: the batch is read and summed in
  // memory, then its sums are added in key order, a chunk of keys per
  // transaction, each also storing the last key applied; the last one moves
  // the watermark (docs/behaviour.md §12.2).
  base::Progress progress("aggregate-installs",
                          options.progress ? std::max<int64_t>(0, newest_id - r.watermark) : 0);
  std::unique_ptr<SQLite::Statement> read, monthly, daily, advance, state;
  WPP_RETURN_IF_ERROR(db_.Guard("preparing the rollup", [&] {
    // Events of a package deleted since are skipped: their counters have no
    // row to go to (the /downloads writer does not check the foreign key;
    // docs/behaviour.md §12.2).
    read = std::make_unique<SQLite::Statement>(
        db_.sql(),
        "SELECT package_id, created_at FROM install_events e WHERE id > ?1 AND id <= ?2 "
        "AND EXISTS (SELECT 1 FROM packages p WHERE p.id = e.package_id)");
    monthly = std::make_unique<SQLite::Statement>(
        db_.sql(),
        "INSERT INTO monthly_installs (package_id, month, installs, last_installed_at) "
        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (package_id, month) DO UPDATE SET "
        "installs = installs + excluded.installs, last_installed_at = "
        "max(COALESCE(last_installed_at, ''), excluded.last_installed_at)");
    daily = std::make_unique<SQLite::Statement>(
        db_.sql(),
        "INSERT INTO daily_installs (day, package_id, installs) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (day, package_id) DO UPDATE SET installs = installs + excluded.installs");
    // Compare-and-set on the state this transaction started from.
    advance = std::make_unique<SQLite::Statement>(
        db_.sql(),
        "UPDATE install_rollup_state SET watermark = ?4, pending_to = ?5, pending_key = ?6, "
        "updated_at = ?7 WHERE id = 1 AND watermark = ?1 AND pending_to = ?2 AND "
        "pending_key = ?3");
    state = std::make_unique<SQLite::Statement>(
        db_.sql(),
        "SELECT watermark, pending_to, pending_key FROM install_rollup_state WHERE id = 1");
  }));
  const std::string stamp = base::FormatRfc3339(now);
  struct State {
    int64_t watermark = 0;
    int64_t pending_to = 0;  // 0: no batch under way.
    std::string pending_key{};
  };
  const auto read_state = [&](State& st) {
    return db_.Guard("reading the rollup state", [&] {
      state->reset();
      if (state->executeStep()) {
        st = State{.watermark = state->getColumn(0).getInt64(),
                   .pending_to = state->getColumn(1).getInt64(),
                   .pending_key = state->getColumn(2).getString()};
      }
      // A statement left mid-result keeps its read snapshot, and the next
      // write transaction could not start from a stale one.
      state->reset();
    });
  };
  while (true) {
    if (run.Stopping()) {
      r.interrupted = true;
      break;
    }
    State st;
    WPP_RETURN_IF_ERROR(read_state(st));
    r.watermark = st.watermark;
    const bool resuming = st.pending_to > st.watermark;
    if (!resuming && st.watermark >= newest_id) {
      break;
    }
    const int64_t from = st.watermark;
    const int64_t to = resuming ? st.pending_to : std::min(newest_id, from + kBatchEvents);
    ChunkCounts batch;
    WPP_RETURN_IF_ERROR(db_.Guard("reading install events", [&] {
      read->reset();
      read->bind(1, from);
      read->bind(2, to);
      while (read->executeStep()) {
        const int64_t package = read->getColumn(0).getInt64();
        const std::string created = read->getColumn(1).getString();
        const auto day = UtcDay(created);
        if (!day) {
          ++batch.malformed;
          continue;
        }
        ++batch.events;
        Month& month = batch.monthly[{package, day->substr(0, 7)}];
        ++month.installs;
        month.newest = std::max(month.newest, created);
        if (*day >= boundary_day) {
          ++batch.daily[{*day, package}];
        }
      }
    }));
    // Every sum of the batch under a key that orders them: daily ones
    // first ("d<day><package>"), then monthly ones ("m<package><month>").
    std::vector<Sum> sums;
    sums.reserve(batch.daily.size() + batch.monthly.size());
    for (const auto& [key, n] : batch.daily) {
      sums.push_back({.key = "d" + key.first + Padded(key.second),
                      .package = key.second,
                      .period = key.first,
                      .installs = n});
    }
    for (const auto& [key, month] : batch.monthly) {
      sums.push_back({.key = "m" + Padded(key.first) + key.second,
                      .package = key.first,
                      .period = key.second,
                      .installs = month.installs,
                      .newest = month.newest});
    }
    // A resumed batch skips the sums a killed run already added.
    size_t next = 0;
    if (resuming) {
      next = static_cast<size_t>(
          std::upper_bound(sums.begin(), sums.end(), st.pending_key,
                           [](const std::string& k, const Sum& x) { return k < x.key; }) -
          sums.begin());
    }
    State at = st;
    bool lost = false;
    do {
      const size_t end = std::min(sums.size(), next + static_cast<size_t>(run.Sizer(kFold).size()));
      const bool last = end == sums.size();
      const State after{.watermark = last ? to : at.watermark,
                        .pending_to = last ? 0 : to,
                        .pending_key = last ? std::string() : sums[end - 1].key};
      WPP_RETURN_IF_ERROR(run.Write(kFold, [&]() -> base::Status {
        return db_.Guard("folding install events", [&] {
          advance->reset();
          advance->bind(1, at.watermark);
          advance->bind(2, at.pending_to);
          advance->bind(3, at.pending_key);
          advance->bind(4, after.watermark);
          advance->bind(5, after.pending_to);
          advance->bind(6, after.pending_key);
          advance->bind(7, stamp);
          if (advance->exec() != 1) {
            lost = true;  // Another run moved on: its sums stand.
            return;
          }
          for (size_t i = next; i < end; ++i) {
            const Sum& x = sums[i];
            SQLite::Statement& q = x.key[0] == 'd' ? *daily : *monthly;
            q.reset();
            if (x.key[0] == 'd') {
              q.bind(1, x.period);
              q.bind(2, x.package);
              q.bind(3, x.installs);
            } else {
              q.bind(1, x.package);
              q.bind(2, x.period);
              q.bind(3, x.installs);
              q.bind(4, x.newest);
            }
            q.exec();
          }
        });
      }));
      if (lost) {
        base::log::Warn("install rollup moved by another run", {{"watermark", at.watermark}});
        break;
      }
      at = after;
      next = end;
    } while (next < sums.size() && !run.Stopping());
    if (lost) {
      continue;
    }
    if (at.watermark != to) {
      r.interrupted = true;
      break;
    }
    r.watermark = to;
    r.events_counted += batch.events;
    r.events_malformed += batch.malformed;
    progress.Add(to - from);
  }
  progress.Finish();
  run.StepDone("fold");
  if (r.events_malformed > 0) {
    base::log::Warn("install events with an unreadable time skipped",
                    {{"events", r.events_malformed}});
  }

  // 3 and 4. Totals from monthly_installs, 30-day counts from daily_installs
  // plus the window's first partial day, last_installed_at from the newest
  // time of the monthly rows; computed by reads, and only rows that differ are written
  // (docs/behaviour.md §12.3).
  if (!r.interrupted) {
    std::unordered_map<int64_t, Month> totals;
    std::unordered_map<int64_t, int64_t> last_30d;
    std::vector<CounterChange> changes;
    WPP_RETURN_IF_ERROR(db_.Guard("computing install counters", [&] {
      SQLite::Statement sums(db_.sql(),
                             "SELECT package_id, SUM(installs), MAX(last_installed_at) FROM "
                             "monthly_installs GROUP BY package_id");
      while (sums.executeStep()) {
        totals[sums.getColumn(0).getInt64()] = {
            sums.getColumn(1).getInt64(),
            sums.getColumn(2).isNull() ? std::string() : sums.getColumn(2).getString()};
      }
      SQLite::Statement days(db_.sql(),
                             "SELECT package_id, SUM(installs) FROM daily_installs WHERE day > ?1 "
                             "GROUP BY package_id");
      days.bind(1, boundary_day);
      while (days.executeStep()) {
        last_30d[days.getColumn(0).getInt64()] += days.getColumn(1).getInt64();
      }
      SQLite::Statement edge(
          db_.sql(),
          "SELECT package_id, COUNT(*) FROM install_events WHERE created_at >= ?1 "
          "AND created_at < ?2 AND id <= ?3 GROUP BY package_id");
      edge.bind(1, cutoff_30d);
      edge.bind(2, after_boundary);
      edge.bind(3, r.watermark);
      while (edge.executeStep()) {
        last_30d[edge.getColumn(0).getInt64()] += edge.getColumn(1).getInt64();
      }
      SQLite::Statement rows(db_.sql(),
                             "SELECT id, wp_packages_installs_total, wp_packages_installs_30d, "
                             "last_installed_at FROM packages");
      while (rows.executeStep()) {
        const int64_t id = rows.getColumn(0).getInt64();
        const auto t = totals.find(id);
        const auto d = last_30d.find(id);
        std::optional<std::string> old_last;
        if (!rows.getColumn(3).isNull()) {
          old_last = rows.getColumn(3).getString();
        }
        CounterChange c{.id = id,
                        .total = t == totals.end() ? 0 : t->second.installs,
                        .last_30d = d == last_30d.end() ? 0 : d->second,
                        .last_installed = std::nullopt};
        if (t != totals.end()) {
          c.last_installed = old_last;
          // It never moves back: the month's newest time may be missing
          // (rows from before this column) or older than a stored one.
          if (!t->second.newest.empty() && (!old_last || t->second.newest > *old_last)) {
            c.last_installed = t->second.newest;
          }
        }
        const int64_t old_total = rows.getColumn(1).getInt64();
        const int64_t old_30d = rows.getColumn(2).getInt64();
        const bool last_changed = c.last_installed != old_last;
        if (c.total == old_total && c.last_30d == old_30d && !last_changed) {
          continue;
        }
        if (c.total != old_total || last_changed) {
          ++r.packages_updated;
        }
        if (c.last_30d != old_30d) {
          ++(c.last_30d == 0 ? r.packages_reset : r.packages_30d_changed);
        }
        changes.push_back(std::move(c));
      }
    }));
    size_t next = 0;
    while (next < changes.size()) {
      const size_t end =
          std::min(changes.size(), next + static_cast<size_t>(run.Sizer(kCounters).size()));
      WPP_RETURN_IF_ERROR(run.Write(kCounters, [&]() -> base::Status {
        return db_.Guard("writing install counters", [&] {
          SQLite::Statement update(
              db_.sql(),
              "UPDATE packages SET wp_packages_installs_total = ?2, wp_packages_installs_30d = ?3, "
              "last_installed_at = ?4 WHERE id = ?1");
          for (size_t i = next; i < end; ++i) {
            update.reset();
            update.bind(1, changes[i].id);
            update.bind(2, changes[i].total);
            update.bind(3, changes[i].last_30d);
            if (changes[i].last_installed) {
              update.bind(4, *changes[i].last_installed);
            } else {
              update.bind(4);
            }
            update.exec();
          }
        });
      }));
      next = end;
    }
  }

  run.StepDone("counters");

  // 5. Prune raw events past retention: only counted ones, and never the
  // newest row, so event ids are never reused (docs/behaviour.md §12.4).
  while (!r.interrupted) {
    int deleted = 0;
    const int64_t limit = run.Sizer(kPrune).size();
    WPP_RETURN_IF_ERROR(run.Write(kPrune, [&]() -> base::Status {
      return db_.Guard("pruning install events", [&] {
        SQLite::Statement prune(
            db_.sql(),
            "DELETE FROM install_events WHERE id IN (SELECT id FROM install_events "
            "WHERE created_at < ?1 AND id <= ?2 AND id < ?3 LIMIT ?4)");
        prune.bind(1, prune_before);
        prune.bind(2, r.watermark);
        prune.bind(3, newest_id);
        prune.bind(4, limit);
        deleted = prune.exec();
      });
    }));
    r.events_pruned += deleted;
    if (deleted < limit) {
      break;
    }
    r.interrupted = run.Stopping();
  }
  // Days before the 30-day window are no longer needed, one day at a time.
  while (!r.interrupted) {
    int deleted = 0;
    WPP_RETURN_IF_ERROR(run.Write("installs:prune-days", [&]() -> base::Status {
      return db_.Guard("pruning daily installs", [&] {
        SQLite::Statement prune(db_.sql(),
                                "DELETE FROM daily_installs WHERE day = (SELECT MIN(day) FROM "
                                "daily_installs) AND day < ?1");
        prune.bind(1, boundary_day);
        deleted = prune.exec();
      });
    }));
    if (deleted == 0) {
      break;
    }
  }

  run.StepDone("prune");

  // 6. The site totals.
  if (!r.interrupted) {
    packages::PackageStore packages(db_, clock_);
    const auto stats_started = Steady::now();
    WPP_RETURN_IF_ERROR(packages.RefreshSiteStats());
    r.longest_transaction =
        std::max(r.longest_transaction,
                 std::chrono::duration_cast<milliseconds>(Steady::now() - stats_started));
    ++r.transactions;
    run.Checkpoint("installs:stats:done");
    run.StepDone("stats");
  }
  r.elapsed = std::chrono::duration_cast<milliseconds>(Steady::now() - started);
  return r;
}

}  // namespace wpp::installs
