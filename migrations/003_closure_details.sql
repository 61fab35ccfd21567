-- What WordPress.org said when it last answered a package with a closure
-- (docs/behaviour.md §11.3). Written by check-status (through PackageStore);
-- cleared when the package answers again. NULL: no closure answer recorded
-- (never closed, or closed by a plain 404 / before this migration).
ALTER TABLE packages ADD COLUMN closed_date TEXT;         -- "YYYY-MM-DD" as sent
ALTER TABLE packages ADD COLUMN closed_reason TEXT;       -- "author-request", … (NULL: none sent)
ALTER TABLE packages ADD COLUMN closed_reason_text TEXT;  -- "Author Request", …
ALTER TABLE packages ADD COLUMN closed_permanent INTEGER; -- 1 permanent, 0 temporary
ALTER TABLE packages ADD COLUMN closed_seen_at TEXT;      -- RFC 3339, when the answer was read

-- The retention of check-status reads the 50 most recent runs.
CREATE INDEX idx_status_checks_started_at ON status_checks (started_at);
