-- /feed.xml lists the active packages that changed last. Without an index
-- on updated_at that is a scan and sort of the whole catalogue per feed
-- (docs/behaviour.md §18.4).
CREATE INDEX idx_packages_active_updated ON packages (is_active, updated_at DESC);
