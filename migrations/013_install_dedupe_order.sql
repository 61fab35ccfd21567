-- The dedupe key of install_events was UNIQUE (dedupe_hash, dedupe_bucket):
-- every event inserted at a random place in an index as large as the table,
-- which made that index the writer's bottleneck. Ordered by bucket first,
-- the events of one dedupe window insert next to each other, into the few
-- pages of the current bucket (docs/behaviour.md §10.1). SQLite cannot drop
-- a table's UNIQUE constraint, so the table is rebuilt with the same rows.
CREATE TABLE install_events_new (
  id INTEGER PRIMARY KEY,
  package_id INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
  version TEXT NOT NULL,
  ip_hash TEXT NOT NULL,
  user_agent_hash TEXT NOT NULL,
  dedupe_bucket INTEGER NOT NULL,
  dedupe_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
INSERT INTO install_events_new
  SELECT id, package_id, version, ip_hash, user_agent_hash, dedupe_bucket, dedupe_hash, created_at
  FROM install_events;
DROP TABLE install_events;
ALTER TABLE install_events_new RENAME TO install_events;
CREATE UNIQUE INDEX idx_install_events_dedupe ON install_events (dedupe_bucket, dedupe_hash);
CREATE INDEX idx_install_events_created ON install_events (created_at DESC);
