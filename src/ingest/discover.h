// `discover` (docs/behaviour.md §4): create shell rows for every package on
// WordPress.org (the SVN listings) or for the curated seeds, and mark the
// packages the SVN changelog says changed since the last run.

#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"
#include "ingest/env.h"
#include "packages/package_store.h"
#include "wporg/client.h"

namespace wpp::ingest {

struct DiscoverOptions {
  std::string source = "config";  // "config" or "svn".
  std::string type = "all";       // "all", "plugin" or "theme" (anything else: nothing).
  int limit = 0;                  // 0: no limit.
  int concurrency = 0;            // <= 0: config.discovery.concurrency.
  // svn only: skip the listings (no new packages) and scan the changelog up
  // to the youngest revision the REPORT mirror names (docs/behaviour.md §16.6).
  bool changelog_only = false;
};

struct DiscoverStats {
  int64_t discovered = 0;         // Listing entries or seeds accepted.
  int64_t added = 0;              // Packages the database did not have before.
  int64_t baseline_revision = 0;  // SVN HEAD recorded by a first run (0: none).
  int64_t failed = 0;             // Rows the database refused, or seeds that failed.
  int64_t skipped = 0;            // Seeds wp.org reports closed or missing.
  int64_t marked = 0;             // Packages the changelog marked changed.
  int64_t tag_times = 0;          // Version times learnt from the changelog.
  double seconds = 0;
  bool interrupted = false;
};

// Runs discover and logs one summary line. Errors: kInvalidArgument for an
// unknown source; a listing or seeds-file failure; "SVN discovery completed
// with N failures" / "discovery completed with N failures" when rows or
// seeds failed (closed or missing seeds are skipped with a warning, never
// failures: docs/decisions.md §10); kUnavailable "interrupted" after a stop signal.
base::Result<DiscoverStats> RunDiscover(const Env& env, const DiscoverOptions& options);

struct ChangelogScan {
  int64_t from_revision = 0;  // Watermark before the scan.
  int64_t to_revision = 0;    // Watermark after.
  int64_t marked = 0;
  int64_t tag_times = 0;
};

// The changelog scan of one repository (docs/behaviour.md §4.4) given the listing's HEAD:
// the first run only records HEAD; later runs walk the changelog in chunks
// of 10,000 revisions and advance the watermark (site_meta
// svn_revision_<type>) only to the highest revision the REPORT returned,
// so a lagging replica never makes the mirror skip revisions. On a fetch
// error the progress made is saved and the error returned.
base::Result<ChangelogScan> ScanChangelog(const Env& env, wporg::Client& client,
                                          packages::PackageStore& store, wporg::PackageType type,
                                          int64_t head);

}  // namespace wpp::ingest
