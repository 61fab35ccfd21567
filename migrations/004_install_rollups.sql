-- Install rollups of aggregate-installs (docs/behaviour.md §12), written only
-- by installs::RollupStore.

-- The one row of rollup state: `watermark` is the highest install_events.id
-- already folded into monthly_installs and daily_installs. It moves in the
-- same transaction as the last counts it covers, so no event is counted
-- twice.
-- A database carried over from the original keeps its watermark (which that
-- system kept in site_meta).
-- While a batch of events is being added, `pending_to` is the batch's last
-- id and `pending_key` the last of its sums already added (0 and '' between
-- batches), so a killed run's successor skips what was added.
CREATE TABLE install_rollup_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  watermark INTEGER NOT NULL DEFAULT 0,
  pending_to INTEGER NOT NULL DEFAULT 0,
  pending_key TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);
INSERT INTO install_rollup_state (id, watermark, updated_at)
VALUES (1,
        COALESCE((SELECT CAST(value AS INTEGER) FROM site_meta
                  WHERE key = 'aggregate_watermark' AND value GLOB '[0-9]*'), 0),
        strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

-- monthly_installs again, clustered on its key (every hourly run upserts
-- one row per package and month it saw) and with the newest counted event
-- of each month, so that a package's last_installed_at comes from its
-- monthly rows (written in the same transaction as their counts) rather
-- than from the events table.
CREATE TABLE monthly_installs_v2 (
  package_id INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
  month TEXT NOT NULL,
  installs INTEGER NOT NULL DEFAULT 0,
  last_installed_at TEXT,
  PRIMARY KEY (package_id, month)
) WITHOUT ROWID;
INSERT INTO monthly_installs_v2 (package_id, month, installs)
SELECT package_id, month, installs FROM monthly_installs;
DROP TABLE monthly_installs;
ALTER TABLE monthly_installs_v2 RENAME TO monthly_installs;

-- Installs per UTC day and package for the recent days only (older days are
-- pruned; the monthly table keeps history). The 30-day counter sums these
-- instead of scanning install_events. Keyed day first: the counter reads a
-- range of days, pruning deletes one.
CREATE TABLE daily_installs (
  day TEXT NOT NULL,                 -- YYYY-MM-DD (UTC)
  package_id INTEGER NOT NULL,
  installs INTEGER NOT NULL,
  PRIMARY KEY (day, package_id)
) WITHOUT ROWID;

-- Days already counted before this table existed (an imported database).
INSERT INTO daily_installs (day, package_id, installs)
SELECT substr(created_at, 1, 10), package_id, COUNT(*)
FROM install_events
WHERE id <= (SELECT watermark FROM install_rollup_state WHERE id = 1)
  AND created_at >= strftime('%Y-%m-%d', 'now', '-32 days')
GROUP BY 1, 2;

-- package_stats is recomputed from these columns of the active packages
-- (after every aggregation, discover and update); covering them lets the
-- refresh read a small index instead of every package row while it holds
-- the write lock.
CREATE INDEX idx_packages_install_counters
  ON packages (is_active, type, wp_packages_installs_total, wp_packages_installs_30d);
