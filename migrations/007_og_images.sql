-- Social preview images (docs/behaviour.md §15): one row per image written,
-- with what decides whether it must be drawn again. Written only by
-- og::OgStore. packages.og_image_* (from the original schema) stay unused, so
-- `packages` keeps its one writer.

CREATE TABLE og_images (
  key TEXT PRIMARY KEY,                 -- social/default.png, social/<type>/<slug>.png
  package_id INTEGER UNIQUE REFERENCES packages (id) ON DELETE CASCADE,  -- NULL: default image
  fingerprint TEXT NOT NULL DEFAULT '', -- default image: what it was drawn from
  active_installs INTEGER NOT NULL DEFAULT 0,    -- WordPress.org count drawn
  composer_installs INTEGER NOT NULL DEFAULT 0,  -- composer count last compared
  generated_at TEXT NOT NULL
);
