-- The wppackages schema (see docs/architecture.md, "Database").
-- Written fresh for this project; it produces the final schema of the
-- original's 30 migrations with these deliberate differences:
--   * legacy columns that nothing writes are gone (packages.slug_url,
--     builds.provider_groups);
--   * users.password_hash holds an argon2id PHC string;
--   * sessions.id is the SHA-256 of the cookie token, never the token itself,
--     and sessions carry a CSRF token hash;
--   * package_versions keeps each version's first-published time, which never
--     changes once set.

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  is_admin INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_users_is_admin ON users (is_admin);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,               -- sha256 hex of the session token
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_hash TEXT NOT NULL DEFAULT '',
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_sessions_user_id ON sessions (user_id);
CREATE INDEX idx_sessions_expires_at ON sessions (expires_at);

CREATE TABLE packages (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('plugin', 'theme')),
  name TEXT NOT NULL,
  display_name TEXT,
  description TEXT,
  author TEXT,
  homepage TEXT,
  versions_json TEXT NOT NULL DEFAULT '{}',
  downloads INTEGER NOT NULL DEFAULT 0,
  active_installs INTEGER NOT NULL DEFAULT 0,
  current_version TEXT,
  rating REAL,
  num_ratings INTEGER NOT NULL DEFAULT 0,
  is_active INTEGER NOT NULL DEFAULT 1,
  last_committed TEXT,
  last_synced_at TEXT,
  last_sync_run_id INTEGER,
  wp_packages_installs_total INTEGER NOT NULL DEFAULT 0,
  wp_packages_installs_30d INTEGER NOT NULL DEFAULT 0,
  last_installed_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  og_image_generated_at TEXT,
  og_image_installs INTEGER NOT NULL DEFAULT 0,
  og_image_wp_installs INTEGER NOT NULL DEFAULT 0,
  wporg_version TEXT,
  trunk_revision INTEGER,
  content_hash TEXT,
  deployed_hash TEXT,
  content_changed_at TEXT,
  permanently_closed INTEGER NOT NULL DEFAULT 0,
  UNIQUE (type, name)
);
CREATE INDEX idx_packages_active_type_downloads ON packages (is_active, type, downloads DESC);
CREATE INDEX idx_packages_search_name ON packages (name);
CREATE INDEX idx_packages_sync_run ON packages (last_sync_run_id);
CREATE INDEX idx_packages_active_installs ON packages (is_active, active_installs DESC);
CREATE INDEX idx_packages_active_composer_installs
  ON packages (is_active, wp_packages_installs_total DESC);
CREATE INDEX idx_packages_active_last_committed ON packages (is_active, last_committed DESC);

-- First-published time of each version (docs/decisions.md §2): from the SVN tag's
-- creation when known, else when this mirror first saw the version.
CREATE TABLE package_versions (
  package_id INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
  version TEXT NOT NULL,             -- normalised version
  published_at TEXT NOT NULL,        -- RFC 3339, never changed once set
  source TEXT NOT NULL CHECK (source IN ('svn', 'mirror')),
  PRIMARY KEY (package_id, version)
) WITHOUT ROWID;

CREATE TABLE install_events (
  id INTEGER PRIMARY KEY,
  package_id INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
  version TEXT NOT NULL,
  ip_hash TEXT NOT NULL,             -- HMAC-SHA-256 of the client IP, keyed
  user_agent_hash TEXT NOT NULL,
  dedupe_bucket INTEGER NOT NULL,
  dedupe_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (dedupe_hash, dedupe_bucket)
);
CREATE INDEX idx_install_events_package_created ON install_events (package_id, created_at DESC);
CREATE INDEX idx_install_events_created ON install_events (created_at DESC);

CREATE TABLE sync_runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,
  meta_json TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE builds (
  id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  duration_seconds INTEGER,
  packages_total INTEGER NOT NULL DEFAULT 0,
  packages_changed INTEGER NOT NULL DEFAULT 0,
  packages_skipped INTEGER NOT NULL DEFAULT 0,
  artifact_count INTEGER NOT NULL DEFAULT 0,
  root_hash TEXT,
  sync_run_id INTEGER,
  status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
  manifest_json TEXT NOT NULL DEFAULT '{}',
  r2_synced_at TEXT,
  error_message TEXT,
  pid INTEGER,
  discover_seconds INTEGER,
  update_seconds INTEGER,
  build_seconds INTEGER,
  deploy_seconds INTEGER,
  r2_upload_seconds INTEGER
);

CREATE TABLE package_stats (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  active_plugins INTEGER NOT NULL DEFAULT 0,
  active_themes INTEGER NOT NULL DEFAULT 0,
  plugin_installs INTEGER NOT NULL DEFAULT 0,
  theme_installs INTEGER NOT NULL DEFAULT 0,
  installs_30d INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);
INSERT INTO package_stats (id, updated_at) VALUES (1, datetime('now'));

CREATE VIRTUAL TABLE packages_fts USING fts5(
  name, display_name, description,
  content = 'packages', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER packages_fts_insert AFTER INSERT ON packages BEGIN
  INSERT INTO packages_fts (rowid, name, display_name, description)
  VALUES (NEW.id, NEW.name, COALESCE(NEW.display_name, ''), COALESCE(NEW.description, ''));
END;

-- Only the indexed columns re-index: the original rewrote the FTS entry on
-- every update of any column (sync stamps, counters).
CREATE TRIGGER packages_fts_update AFTER UPDATE OF name, display_name, description ON packages
BEGIN
  INSERT INTO packages_fts (packages_fts, rowid, name, display_name, description)
  VALUES ('delete', OLD.id, OLD.name, COALESCE(OLD.display_name, ''), COALESCE(OLD.description, ''));
  INSERT INTO packages_fts (rowid, name, display_name, description)
  VALUES (NEW.id, NEW.name, COALESCE(NEW.display_name, ''), COALESCE(NEW.description, ''));
END;

CREATE TRIGGER packages_fts_delete AFTER DELETE ON packages BEGIN
  INSERT INTO packages_fts (packages_fts, rowid, name, display_name, description)
  VALUES ('delete', OLD.id, OLD.name, COALESCE(OLD.display_name, ''), COALESCE(OLD.description, ''));
END;

CREATE TABLE site_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE metadata_changes (
  id INTEGER PRIMARY KEY,
  package_name TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('update', 'delete')),
  timestamp INTEGER NOT NULL,        -- Unix milliseconds
  build_id TEXT NOT NULL
);
CREATE INDEX idx_metadata_changes_timestamp ON metadata_changes (timestamp);

CREATE TABLE monthly_installs (
  package_id INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
  month TEXT NOT NULL,
  installs INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (package_id, month)
);

CREATE TABLE status_checks (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL DEFAULT 'running',
  checked INTEGER NOT NULL DEFAULT 0,
  deactivated INTEGER NOT NULL DEFAULT 0,
  reactivated INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  duration_seconds INTEGER,
  error_message TEXT
);

-- status_check_id may be NULL: deactivations found by `update` are recorded
-- here too (docs/decisions.md §13) and belong to no status check run.
CREATE TABLE status_check_changes (
  id INTEGER PRIMARY KEY,
  status_check_id INTEGER REFERENCES status_checks (id),
  package_type TEXT NOT NULL,
  package_name TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('deactivated', 'reactivated', 'tombstoned')),
  created_at TEXT NOT NULL
);
CREATE INDEX idx_status_check_changes_check_id ON status_check_changes (status_check_id);
CREATE INDEX idx_status_check_changes_created_at ON status_check_changes (created_at);

CREATE TABLE closure_events (
  id INTEGER PRIMARY KEY,
  vendor_name TEXT NOT NULL,
  vendor_slug TEXT NOT NULL,
  detected_at TEXT NOT NULL,
  plugin_slugs TEXT NOT NULL,        -- JSON array of slugs
  plugin_count INTEGER NOT NULL
);
CREATE INDEX idx_closure_events_vendor_slug ON closure_events (vendor_slug);
CREATE INDEX idx_closure_events_detected_at ON closure_events (detected_at);
