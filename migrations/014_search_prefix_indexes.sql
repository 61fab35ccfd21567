-- The package browser's word search (docs/behaviour.md §17.7): every search
-- token is a prefix ("tok"*). Without a prefix index FTS5 answers one by
-- merging the full posting lists of every term starting with it, positions
-- included, before any AND can skip a row; with one, a prefix of 1 to 12
-- characters is one posting list, read like a plain term. The table is
-- rebuilt the same as 001 made it, with prefix indexes; the triggers of 001
-- name it and keep working unchanged.
DROP TABLE packages_fts;

CREATE VIRTUAL TABLE packages_fts USING fts5(
  name, display_name, description,
  content = 'packages', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3 4 5 6 7 8 9 10 11 12'
);

INSERT INTO packages_fts (packages_fts) VALUES ('rebuild');
INSERT INTO packages_fts (packages_fts) VALUES ('optimize');

-- The name trigrams (011) were written row by row: merging their segments
-- into one lets an AND of trigrams read one posting list per trigram.
INSERT INTO packages_name_trigrams (packages_name_trigrams) VALUES ('optimize');
