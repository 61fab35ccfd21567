-- install_events is written at the rate of POST /downloads; every index on it
-- is paid per event. Nothing reads it by (package_id, created_at) any more:
-- aggregation reads by id and by created_at (docs/behaviour.md §10.1).
DROP INDEX IF EXISTS idx_install_events_package_created;
