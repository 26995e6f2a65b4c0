"""The floor under `reltrack import` of a touchpoints CSV: the least work any import into this
schema does, in plain sqlite3, timed by run.py as a whole process like the command.

    python bench/raw_import.py DB FILE add     # insert every row's touchpoint and link, commit
    python bench/raw_import.py DB FILE lookup  # find which rows are stored already (a repeat import)

It trusts the file (names written exactly as stored, one contact a row, valid times and values)
and skips what reltrack does besides: checking each row, undo records, the per-contact summaries.
The rows go in as reltrack writes them: in time order, with time-ordered uids, links in the order
of the per-contact index. Prints how many rows were added or found."""

import csv
import os
import sqlite3
import sys
import time
from datetime import UTC, datetime

LOOKUP_CHUNK = 225  # four bound parameters a key, below SQLite's limit of 999


def read(db: sqlite3.Connection, path: str) -> tuple[dict[str, int], list[tuple]]:
    """The file's columns, and (epoch second, contact id, the time as written, the cells) a row."""
    ids = dict(db.execute("SELECT name, id FROM contact"))
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        column = {name: index for index, name in enumerate(next(reader))}
        name, at = column["name"], column["at"]
        for record in reader:
            moment = datetime.fromisoformat(record[at])
            rows.append((int(moment.timestamp()), ids[record[name]], moment, record))
    return column, rows


def add(db: sqlite3.Connection, column: dict[str, int], rows: list[tuple]) -> int:
    via, direction, note, rating, minutes = (column[name] for name in ("via", "direction", "note", "rating", "minutes"))
    rows.sort(key=lambda row: row[0])
    first = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM touchpoint").fetchone()[0]
    stamp, now = f"{time.time_ns() // 1_000_000:012x}", datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    random = os.urandom(6 * len(rows)).hex()
    touches, links = [], []
    for index, (second, contact, moment, cells) in enumerate(rows):
        ident = first + index  # uids like reltrack's: the millisecond, then in the order inserted
        uid = f"{stamp[:8]}-{stamp[8:]}-7{index >> 16:03x}-{index & 0xFFFF:04x}-{random[12 * index : 12 * index + 12]}"
        day, at = moment.date(), moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
        stars, spent = (int(cells[place]) if cells[place] else None for place in (rating, minutes))
        touches.append((ident, uid, at, day.isoformat(), cells[via], cells[direction], cells[note] or None, stars, spent, now))
        links.append((ident, contact, second, day.toordinal(), cells[via], cells[direction], stars))
    links.sort(key=lambda link: (link[1], link[2]))
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO touchpoint (id, uid, at, day, channel, direction, note, rating, minutes, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        touches,
    )
    db.executemany(
        "INSERT INTO touchpoint_contact (touchpoint_id, contact_id, at, day, channel, direction, rating) VALUES (?,?,?,?,?,?,?)",
        links,
    )
    db.commit()
    return len(touches)


def lookup(db: sqlite3.Connection, column: dict[str, int], rows: list[tuple]) -> int:
    via = column["via"]
    keys = sorted((contact, second, cells[via], index) for index, (second, contact, _, cells) in enumerate(rows))
    found = 0
    for start in range(0, len(keys), LOOKUP_CHUNK):
        chunk = keys[start : start + LOOKUP_CHUNK]
        query = (
            f"SELECT column4 FROM (VALUES {','.join(['(?,?,?,?)'] * len(chunk))}) AS k WHERE EXISTS ("
            "SELECT 1 FROM touchpoint_contact AS l WHERE l.contact_id = k.column1 AND l.at = k.column2 AND l.channel = k.column3)"
        )
        found += sum(1 for _ in db.execute(query, [value for key in chunk for value in key]))
    return found


if __name__ == "__main__":
    database, file, mode = sys.argv[1:]
    connection = sqlite3.connect(database, isolation_level=None)
    print({"add": add, "lookup": lookup}[mode](connection, *read(connection, file)))
