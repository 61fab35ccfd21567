-- Change log for incremental builds (docs/behaviour.md §7.8). Every write
-- that can change a package's p2 files appends the package's Composer name;
-- a build records the last seq it saw and the next one reads only the names
-- logged after it. AUTOINCREMENT: a seq is never reused, even after pruning.
CREATE TABLE package_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL  -- "wp-plugin/<slug>" or "wp-theme/<slug>"
);

-- Rows up to `through` were pruned: a build based on an older position
-- cannot know what changed and walks every package.
CREATE TABLE package_changes_pruned (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  through INTEGER NOT NULL
);
INSERT INTO package_changes_pruned (id, through) VALUES (1, 0);

CREATE TRIGGER package_changes_packages_insert AFTER INSERT ON packages BEGIN
  INSERT INTO package_changes (name) VALUES
    ((CASE NEW.type WHEN 'theme' THEN 'wp-theme/' ELSE 'wp-plugin/' END) || NEW.name);
END;

CREATE TRIGGER package_changes_packages_delete AFTER DELETE ON packages BEGIN
  INSERT INTO package_changes (name) VALUES
    ((CASE OLD.type WHEN 'theme' THEN 'wp-theme/' ELSE 'wp-plugin/' END) || OLD.name);
END;

-- Only the columns a package's files (or whether it is published) depend
-- on; last_sync_run_id only matters while it goes from or to NULL.
CREATE TRIGGER package_changes_packages_update AFTER UPDATE ON packages
WHEN OLD.type IS NOT NEW.type OR OLD.name IS NOT NEW.name
  OR OLD.description IS NOT NEW.description OR OLD.author IS NOT NEW.author
  OR OLD.homepage IS NOT NEW.homepage OR OLD.versions_json IS NOT NEW.versions_json
  OR OLD.last_committed IS NOT NEW.last_committed
  OR OLD.trunk_revision IS NOT NEW.trunk_revision OR OLD.is_active IS NOT NEW.is_active
  OR (OLD.last_sync_run_id IS NULL) <> (NEW.last_sync_run_id IS NULL)
BEGIN
  INSERT INTO package_changes (name) VALUES
    ((CASE NEW.type WHEN 'theme' THEN 'wp-theme/' ELSE 'wp-plugin/' END) || NEW.name);
  INSERT INTO package_changes (name)
    SELECT (CASE OLD.type WHEN 'theme' THEN 'wp-theme/' ELSE 'wp-plugin/' END) || OLD.name
    WHERE OLD.type IS NOT NEW.type OR OLD.name IS NOT NEW.name;
END;

-- Publish times: logged under the package they belong to (a package being
-- deleted is logged by its own trigger).
CREATE TRIGGER package_changes_versions_insert AFTER INSERT ON package_versions BEGIN
  INSERT INTO package_changes (name)
    SELECT (CASE type WHEN 'theme' THEN 'wp-theme/' ELSE 'wp-plugin/' END) || name
    FROM packages WHERE id = NEW.package_id;
END;

CREATE TRIGGER package_changes_versions_delete AFTER DELETE ON package_versions BEGIN
  INSERT INTO package_changes (name)
    SELECT (CASE type WHEN 'theme' THEN 'wp-theme/' ELSE 'wp-plugin/' END) || name
    FROM packages WHERE id = OLD.package_id;
END;

CREATE TRIGGER package_changes_versions_update AFTER UPDATE ON package_versions BEGIN
  INSERT INTO package_changes (name)
    SELECT (CASE type WHEN 'theme' THEN 'wp-theme/' ELSE 'wp-plugin/' END) || name
    FROM packages WHERE id IN (OLD.package_id, NEW.package_id);
END;

CREATE TRIGGER package_changes_advisories_insert AFTER INSERT ON advisories BEGIN
  INSERT INTO package_changes (name) VALUES (NEW.package_name);
END;

CREATE TRIGGER package_changes_advisories_delete AFTER DELETE ON advisories BEGIN
  INSERT INTO package_changes (name) VALUES (OLD.package_name);
END;

CREATE TRIGGER package_changes_advisories_update AFTER UPDATE ON advisories
WHEN OLD.json IS NOT NEW.json OR OLD.package_name IS NOT NEW.package_name
  OR OLD.advisory_id IS NOT NEW.advisory_id
BEGIN
  INSERT INTO package_changes (name) VALUES (NEW.package_name);
  INSERT INTO package_changes (name) SELECT OLD.package_name
    WHERE OLD.package_name IS NOT NEW.package_name;
END;
