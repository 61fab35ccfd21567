-- Runs of the in-process scheduler (serve --with-scheduler), one row per
-- run, written only by scheduler::RunStore (docs/behaviour.md §16.2). The
-- newest started_at of a job is its last run; rows older than 30 days are
-- pruned.
CREATE TABLE scheduler_runs (
  id INTEGER PRIMARY KEY,
  job TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'timed_out',
                                         'stopped', 'skipped', 'abandoned')),
  exit_code INTEGER,
  pid INTEGER,
  error_message TEXT
);
CREATE INDEX idx_scheduler_runs_job_started ON scheduler_runs (job, started_at);
