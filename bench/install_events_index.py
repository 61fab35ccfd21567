#!/usr/bin/env python3
"""Insert rate into install_events under three dedupe designs, same run.

    bench/install_events_index.py [HISTORY_EVENTS] [NEW_EVENTS]

Builds two SQLite databases (WAL, synchronous=NORMAL) holding HISTORY_EVENTS
(default 2,000,000) events spread over 100 dedupe windows, then inserts
NEW_EVENTS (default 300,000) more in transactions of 300, as the /downloads
writer does, and prints events/s for:
  reference:    UNIQUE (dedupe_hash, dedupe_bucket), the original index order;
  bucket_first: UNIQUE (dedupe_bucket, dedupe_hash), migrations 013 to 016;
  memory:       no dedupe index, duplicates found in memory, migration 017
                (docs/behaviour.md §10.3).
The ratios are each / reference. Python's per-row overhead is in every figure.
"""
import hashlib
import os
import sqlite3
import sys
import tempfile
import time

HISTORY = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
NEW = int(sys.argv[2]) if len(sys.argv) > 2 else 300_000
COLUMNS = "package_id, version, ip_hash, user_agent_hash, dedupe_bucket, dedupe_hash, created_at"
INSERT = f"INSERT OR IGNORE INTO install_events ({COLUMNS}) VALUES (?,?,?,?,?,?,?)"
TABLE = """CREATE TABLE install_events (id INTEGER PRIMARY KEY, package_id INTEGER NOT NULL,
  version TEXT NOT NULL, ip_hash TEXT NOT NULL, user_agent_hash TEXT NOT NULL,
  dedupe_bucket INTEGER NOT NULL, dedupe_hash TEXT NOT NULL, created_at TEXT NOT NULL)"""
INDEXES = {
    "reference": "CREATE UNIQUE INDEX dedupe ON install_events (dedupe_hash, dedupe_bucket)",
    "bucket_first": "CREATE UNIQUE INDEX dedupe ON install_events (dedupe_bucket, dedupe_hash)",
    "memory": None,
}


def events(count, first_bucket, per_bucket):
    for i in range(count):
        key = hashlib.sha256(os.urandom(16)).hexdigest()
        minute = (i // 100_000) % 60
        yield (i % 5000, "1.0.0.0", "a" * 64, "b" * 64, first_bucket + i // per_bucket, key,
               f"2026-12-03T10:{minute:02d}:00Z")


def run(name, directory):
    db = sqlite3.connect(os.path.join(directory, name + ".db"), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(TABLE)
    if INDEXES[name]:
        db.execute(INDEXES[name])
    db.execute("CREATE INDEX created ON install_events (created_at DESC)")
    db.execute("BEGIN")
    db.executemany(INSERT, events(HISTORY, 0, max(1, HISTORY // 100)))
    db.execute("COMMIT")
    fresh = list(events(NEW, 1000, NEW))  # One window: the current hour.
    start = time.perf_counter()
    for k in range(0, len(fresh), 300):
        db.execute("BEGIN")
        db.executemany(INSERT, fresh[k:k + 300])
        db.execute("COMMIT")
    rate = len(fresh) / (time.perf_counter() - start)
    db.close()
    return rate


with tempfile.TemporaryDirectory() as work:
    rates = {name: run(name, work) for name in INDEXES}
for name, rate in rates.items():
    print(f"{name}: {rate:,.0f} events/s")
for name in ("bucket_first", "memory"):
    print(f"ratio {name}/reference: {rates[name] / rates['reference']:.2f}")
