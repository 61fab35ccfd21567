#!/usr/bin/env bash
# make demo: migrate a fresh database under storage/ and show what is there.
# Grows into the full demo (fake WordPress.org -> pipeline -> serve) as the
# ingestion and repository issues land.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=build/wppackages
mkdir -p storage
rm -f storage/wppackages.db storage/wppackages.db-wal storage/wppackages.db-shm
"$BIN" --db storage/wppackages.db migrate
echo
echo "Database ready: storage/wppackages.db ($(sqlite3 storage/wppackages.db "SELECT count(*) FROM sqlite_master WHERE type='table'") tables)."
