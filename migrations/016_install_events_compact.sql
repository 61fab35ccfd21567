-- install_events is written once per counted install, at the full rate of
-- POST /downloads; every byte of a row and of its index entries is paid by
-- the one writer (docs/behaviour.md §10.1). The row is made compact:
--   * the dedupe key becomes a 16-byte BLOB (the first half of the SHA-256
--     the writer computes) instead of 64 hex characters, which shrinks the
--     UNIQUE index the writer searches for every event to a quarter;
--   * ip_hash and user_agent_hash are dropped: nothing reads them, the
--     dedupe key already covers address and user agent (docs/decisions.md §15).
-- SQLite cannot drop a UNIQUE constraint or a column used by an index, so the
-- table is rebuilt with the same ids; on a big table this copies every row
-- once (about a second per million events) while holding the write lock.
-- SQLite 3.40 has no unhex(): the kept rows carry the first 32 hex
-- characters of their old key as their key. Those keys never equal a new
-- 16-byte one, so an install already counted in the dedupe window that spans
-- the upgrade may be counted once more.
CREATE TABLE install_events_new (
  id INTEGER PRIMARY KEY,
  package_id INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
  version TEXT NOT NULL,
  dedupe_bucket INTEGER NOT NULL,
  dedupe_key BLOB NOT NULL,
  created_at TEXT NOT NULL
);
INSERT INTO install_events_new (id, package_id, version, dedupe_bucket, dedupe_key, created_at)
  SELECT id, package_id, version, dedupe_bucket, CAST(substr(dedupe_hash, 1, 32) AS BLOB),
         created_at
  FROM install_events;
DROP TABLE install_events;
ALTER TABLE install_events_new RENAME TO install_events;
CREATE UNIQUE INDEX idx_install_events_dedupe ON install_events (dedupe_bucket, dedupe_key);
CREATE INDEX idx_install_events_created ON install_events (created_at DESC);
