-- Duplicate installs are now found by the writer in memory, among the keys
-- of the current dedupe window (docs/behaviour.md §10.3). The unique index
-- on (dedupe_bucket, dedupe_key) put every event at a random place in an
-- index as large as the window: each row dirtied a page of its own, which
-- was written to the WAL and checkpointed again, three quarters of the
-- writer's cost. The keys stay in the table; the writer reads the current
-- window's through the created_at index when it starts.
DROP INDEX IF EXISTS idx_install_events_dedupe;
