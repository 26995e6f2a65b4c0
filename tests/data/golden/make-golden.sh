#!/usr/bin/env bash
# How the golden files here were made: the demo data for a fixed moment, stored by reltrack at
# commit d11dc3f (schema 0002, before the SQL data path), and what that reltrack printed for it.
# tests/cli/test_golden.py upgrades a copy of the database and expects the same output, byte for byte.
# Run with that commit's reltrack first on PATH:  PATH=/path/to/old/venv/bin:$PATH ./make-golden.sh
set -euo pipefail
cd "$(dirname "$0")"
export TZ=UTC RELTRACK_CONFIG=/nonexistent/config.toml
rm -f demo-0002.db ./*.out
python - <<'PY'
from datetime import datetime, timezone
from reltrack.core.demo import populate
from reltrack.store.db import Database, resolve_url

database = Database(resolve_url("demo-0002.db"))
database.ensure_schema()
with database.session(write=True) as session:
    populate(session, datetime(2026, 3, 18, 14, 30, tzinfo=timezone.utc))
database.dispose()
PY
rm -f demo-0002.db-wal demo-0002.db-shm
while IFS='|' read -r name arguments; do
  [ -n "$name" ] || continue
  cp demo-0002.db /tmp/golden-copy.db
  # shellcheck disable=SC2086
  reltrack --db /tmp/golden-copy.db $arguments > "$name.out"
done < commands.txt
rm -f /tmp/golden-copy.db*
