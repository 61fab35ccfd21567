-- Security advisories (docs/behaviour.md §20). One row per advisory and
-- package: a feed record naming two packages is two rows. Written only by
-- advisories::AdvisoryStore; the build reads `json` for the p2 files.
CREATE TABLE advisories (
  package_name TEXT NOT NULL,       -- "wp-plugin/<slug>" or "wp-theme/<slug>"
  advisory_id TEXT NOT NULL,        -- "WF-<feed id>" or "WPORG-CLOSED-<type>-<slug>"
  source TEXT NOT NULL,             -- 'feed' or 'closure'
  title TEXT NOT NULL,
  link TEXT,
  cve TEXT,
  affected_versions TEXT NOT NULL,  -- a Composer constraint
  reported_at TEXT NOT NULL,        -- "YYYY-MM-DD HH:MM:SS", UTC
  severity TEXT,
  json TEXT NOT NULL,               -- the advisory as published (canonical JSON object)
  updated_at INTEGER NOT NULL,      -- Unix seconds: row added or its json changed
  PRIMARY KEY (package_name, advisory_id)
) WITHOUT ROWID;

CREATE INDEX idx_advisories_updated_at ON advisories (updated_at);

-- The feed's last fetch: validators for conditional requests and counts.
CREATE TABLE advisory_feed (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  url TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT,
  fetched_at TEXT,   -- RFC 3339, the last 200 answer
  checked_at TEXT,   -- RFC 3339, the last answer (200 or 304)
  records INTEGER NOT NULL DEFAULT 0,
  bad_records INTEGER NOT NULL DEFAULT 0
);
