-- The admin area (docs/behaviour.md §19).
--   * sessions remember where they were opened from, for the sessions list;
--     their id stays the SHA-256 of the cookie token (migration 001);
--   * admin_audit records every action taken in the admin area and by the
--     admin commands: who, what, on what, with which outcome, when.
ALTER TABLE sessions ADD COLUMN client_ip TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';

CREATE TABLE admin_audit (
  id INTEGER PRIMARY KEY,
  user_id INTEGER,                       -- NULL for the command line
  actor TEXT NOT NULL,                   -- email, or "cli"
  action TEXT NOT NULL,                  -- "login", "rollback", "revoke-session", …
  target TEXT NOT NULL DEFAULT '',       -- build id, package, session, email
  outcome TEXT NOT NULL DEFAULT 'ok',    -- "ok" or the error
  client_ip TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX idx_admin_audit_created_at ON admin_audit (created_at);
