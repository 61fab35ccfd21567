-- /feed.xml lists the active packages that changed last. Without an index
-- on updated_at that is a scan and sort of the whole catalogue per feed
-- (docs/behaviour.md §18.4).
CREATE INDEX idx_packages_active_updated ON packages (is_active, updated_at DESC);

-- /status lists the newest builds; one row is added every few minutes, so
-- without an index the page would sort the whole history
-- (docs/behaviour.md §18.9).
CREATE INDEX idx_builds_started_at ON builds (started_at);

-- The untagged plugins (docs/behaviour.md §18.11): active plugins whose
-- WordPress.org version is not one of their tagged versions. The condition
-- is evaluated when a row is written, so /untagged reads this small partial
-- index instead of testing every plugin's versions_json per request. The
-- test is a search for the key as our canonical versions_json writes it
-- ("<version>": ...); pages must repeat the WHERE clause verbatim.
CREATE INDEX idx_packages_untagged_installs ON packages (active_installs DESC, id)
  WHERE is_active = 1 AND type = 'plugin' AND wporg_version IS NOT NULL AND wporg_version != ''
    AND instr(versions_json, '"' || ltrim(wporg_version, 'vV') || '":') = 0;
CREATE INDEX idx_packages_untagged_committed ON packages (last_committed, id)
  WHERE is_active = 1 AND type = 'plugin' AND wporg_version IS NOT NULL AND wporg_version != ''
    AND instr(versions_json, '"' || ltrim(wporg_version, 'vV') || '":') = 0;
CREATE INDEX idx_packages_untagged_author ON packages (author COLLATE NOCASE)
  WHERE is_active = 1 AND type = 'plugin' AND wporg_version IS NOT NULL AND wporg_version != ''
    AND instr(versions_json, '"' || ltrim(wporg_version, 'vV') || '":') = 0;

-- /closures?sort=closures: the largest events first without sorting the
-- table per request (docs/behaviour.md §18.10).
CREATE INDEX idx_closure_events_size ON closure_events (plugin_count DESC, detected_at DESC, id DESC);
