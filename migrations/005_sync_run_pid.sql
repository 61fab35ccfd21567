-- The process that owns a running sync run, so the next update can tell a
-- run whose process was killed (marked cancelled, docs/behaviour.md §14.7)
-- from one still going.
ALTER TABLE sync_runs ADD COLUMN pid INTEGER;
