-- The package browser's name match (docs/behaviour.md §17.7): package names
-- with '-' removed, in a trigram index, so "woo commerce" finds
-- "woocommerce" without scanning every row. Contentless: it only answers
-- rowids. Only inserts, deletes and renames touch it, never updates of
-- other columns.
CREATE VIRTUAL TABLE packages_name_trigrams USING fts5(
  name, content = '', tokenize = 'trigram'
);

INSERT INTO packages_name_trigrams (rowid, name)
SELECT id, REPLACE(name, '-', '') FROM packages;

CREATE TRIGGER packages_name_trigrams_insert AFTER INSERT ON packages BEGIN
  INSERT INTO packages_name_trigrams (rowid, name) VALUES (NEW.id, REPLACE(NEW.name, '-', ''));
END;

CREATE TRIGGER packages_name_trigrams_update AFTER UPDATE OF name ON packages BEGIN
  INSERT INTO packages_name_trigrams (packages_name_trigrams, rowid, name)
  VALUES ('delete', OLD.id, REPLACE(OLD.name, '-', ''));
  INSERT INTO packages_name_trigrams (rowid, name) VALUES (NEW.id, REPLACE(NEW.name, '-', ''));
END;

CREATE TRIGGER packages_name_trigrams_delete AFTER DELETE ON packages BEGIN
  INSERT INTO packages_name_trigrams (packages_name_trigrams, rowid, name)
  VALUES ('delete', OLD.id, REPLACE(OLD.name, '-', ''));
END;
