"""Benchmark the installed reltrack: every command as a whole process, against floors timed alongside.

    python bench/run.py --scale S              # build (or reuse) the S database, time, check the targets
    python bench/run.py --scale L --markdown   # times S, M and L; the table for docs/performance.md
    python bench/run.py --scale S --smoke      # CI: every command once; fails only when a command fails

Databases are built through `reltrack import` from the files bench/generate.py writes, and cached
in bench/.cache/ until the generator's inputs change (scale, seed, GENERATOR_VERSION) or --rebuild.
Timing runs against a copy, so the cached database stays as it was built. Results also go to
bench/.cache/results-SCALE.json. What each target means: docs/performance.md.

Standard library only (it runs in reltrack's own environment, on Python 3.11).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import generate  # bench/generate.py, beside this file

BENCH = Path(__file__).resolve().parent
CACHE = BENCH / ".cache"
PYTHON = sys.executable
RELTRACK = str(Path(sys.executable).parent / "reltrack")  # the installed console script

# An L run also times S and M: some L targets compare with them.
TIMED_SCALES = {"XS": ("XS",), "S": ("S",), "M": ("M",), "L": ("S", "M", "L")}
SLOW_SECONDS = 10.0  # a command whose first run takes longer is run at most SLOW_RUNS times
SLOW_RUNS = 3
COMMAND_TIMEOUT = 3600.0
BUILD_TIMEOUT = 48 * 3600.0  # today's import is slow: building L takes hours


class BenchError(Exception):
    """The benchmark cannot go on (a build step failed); the message says why."""


# -- running one process ------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mb: float  # the child's own peak resident set (ru_maxrss), in MiB
    code: int
    stderr: str


# Timed commands are started by this small helper process, not by the benchmark itself: on Linux a
# child's ru_maxrss starts from its parent's resident size when it is spawned (the high-water mark
# survives exec), so children of the benchmark, which holds the generated contacts, would report
# its memory as theirs. The helper stays at the size of a bare Python (about 10 MB), so only a
# child smaller than that is overstated. It times each child from spawn to exit, and wait4 gives
# that one child's rusage (resource.RUSAGE_CHILDREN would be the maximum over all children).
SPAWNER = r"""
import json, os, sys, threading, time
for line in sys.stdin:
    job = json.loads(line)
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, job["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
        (os.POSIX_SPAWN_OPEN, 2, job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
    ]
    started = time.perf_counter()
    try:
        pid = os.posix_spawn(job["argv"][0], job["argv"], job["env"], file_actions=actions)
    except OSError as problem:
        print(json.dumps({"seconds": 0, "maxrss_kib": 0, "code": 127, "error": str(problem)}), flush=True)
        continue
    killer = threading.Timer(job["timeout"], os.kill, (pid, 9))
    killer.start()
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    killer.cancel()
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps({"seconds": seconds, "maxrss_kib": usage.ru_maxrss, "code": code}), flush=True)
"""


class Spawner:
    """The helper process above, started once, before the benchmark grows."""

    def __init__(self) -> None:
        env = {key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG", "LC_ALL", "TZ")}
        self.process = subprocess.Popen([PYTHON, "-c", SPAWNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        self.folder = Path(tempfile.mkdtemp(prefix="reltrack-bench-"))

    def run(self, argv: list[str], env: dict[str, str], stdout: Path | None, timeout: float = COMMAND_TIMEOUT) -> Run:
        """Run `argv` to its end; stdout to a file (not a pipe: the child never waits for us) or /dev/null."""
        errors = self.folder / "stderr.txt"
        job = {"argv": argv, "env": env, "stdout": str(stdout or os.devnull), "stderr": str(errors), "timeout": timeout}
        assert self.process.stdin and self.process.stdout
        try:
            self.process.stdin.write(json.dumps(job) + "\n")
            self.process.stdin.flush()
            answer = json.loads(self.process.stdout.readline())
        except (OSError, ValueError) as problem:
            raise BenchError(f"the helper that starts commands stopped ({problem}); was {argv[0]} missing?") from None
        stderr = answer.get("error") or errors.read_text(encoding="utf-8", errors="replace").strip()
        if answer["code"] < 0:
            timed_out = answer["seconds"] >= timeout
            stderr = f"{stderr}\nkilled by signal {-answer['code']}{f' (timeout {timeout:.0f} s)' if timed_out else ''}".strip()
        return Run(answer["seconds"], answer["maxrss_kib"] / 1024, answer["code"], stderr)

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


_spawner: Spawner | None = None


def run_process(argv: list[str], env: dict[str, str], stdout: Path | None, timeout: float = COMMAND_TIMEOUT) -> Run:
    global _spawner
    if _spawner is None:
        _spawner = Spawner()
    return _spawner.run(argv, env, stdout, timeout)


def reltrack_env(db: Path, **extra: str) -> dict[str, str]:
    """The environment of every reltrack run: this database, no config file (defaults), no colour."""
    # and with bytecode caching on, as an installed program has it (PYTHONDONTWRITEBYTECODE would
    # make every run compile reltrack's modules anew, while the floors' libraries come compiled)
    dropped = ("RELTRACK_DB", "RELTRACK_CONFIG", "_RELTRACK_COMPLETE", "PYTHONDONTWRITEBYTECODE")
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(RELTRACK_DB=str(db), RELTRACK_CONFIG=str(CACHE / "no-config.toml"), NO_COLOR="1", **extra)
    return env


# -- databases --------------------------------------------------------------------------------


def sql(db: Path, query: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(query, params).fetchall()


def table_counts(db: Path) -> dict[str, int]:
    tables = ("contact", "touchpoint", "touchpoint_contact", "promise", "feedback", "tag")
    return {table: sql(db, f"SELECT COUNT(*) FROM {table}")[0][0] for table in tables}  # noqa: S608 (fixed names)


def schema_version(db: Path) -> str:
    try:
        return sql(db, "SELECT version_num FROM alembic_version")[0][0]
    except (sqlite3.Error, IndexError):
        return "?"


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API (a file copy could miss the write-ahead log)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_database(target)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()


def cache_key(scale: str, seed: int) -> str:
    inputs = {"scale": scale, "size": asdict(generate.SCALES[scale]), "seed": seed, "version": generate.GENERATOR_VERSION}
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:12]


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build(scale: str, seed: int, rebuild: bool) -> dict:
    """The cached database for `scale`, built through `reltrack import` unless already there.

    build.json is written last: a build that was interrupted has none and starts over."""
    folder = CACHE / f"{scale}-{cache_key(scale, seed)}"
    record_path = folder / "build.json"
    if record_path.exists() and not rebuild:
        return {**json.loads(record_path.read_text(encoding="utf-8")), "folder": str(folder)}  # wherever the repo is now
    for old in CACHE.glob(f"{scale}-*"):  # other seeds or generator versions: no longer wanted
        if old.is_dir():
            shutil.rmtree(old)
    say(f"building {scale} in {folder} ...")
    manifest = generate.generate(scale, folder / "data", seed)
    db = folder / "reltrack.db"
    remove_database(db)
    env = reltrack_env(db)
    steps = []
    for what in ("contacts", "touches", "promises", "feedback"):
        file = folder / "data" / manifest["files"][what]
        rows = manifest["rows"][what]
        say(f"  reltrack import {file.name} ({rows:,} rows) ...")
        run = run_process([RELTRACK, "import", str(file)], env, folder / "import.out", BUILD_TIMEOUT)
        if run.code:
            raise BenchError(f"building {scale}: reltrack import {file.name} failed (exit {run.code}):\n{run.stderr}")
        steps.append({"step": f"import {file.name}", "rows": rows, "seconds": round(run.seconds, 3), "peak_mb": round(run.peak_mb, 1)})
        say(f"    {run.seconds:.1f} s, {rows / run.seconds:,.0f} rows/s, {run.peak_mb:.0f} MB")
    started = time.perf_counter()
    for tag, every in manifest["tag_cadences"].items():
        run = run_process([RELTRACK, "tag-cadence", tag, every], env, folder / "import.out")
        if run.code:
            raise BenchError(f"building {scale}: reltrack tag-cadence {tag} {every} failed (exit {run.code}):\n{run.stderr}")
    steps.append({"step": "tag-cadence", "rows": len(manifest["tag_cadences"]), "seconds": round(time.perf_counter() - started, 3)})
    record = {
        "scale": scale,
        "seed": seed,
        "generator_version": generate.GENERATOR_VERSION,
        "generated_now": manifest["now"],
        "generate_seconds": manifest["seconds"],
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "reltrack": reltrack_version(),
        "steps": steps,
        "rows": sum(step["rows"] for step in steps if step["step"].startswith("import")),
        "seconds": round(sum(step["seconds"] for step in steps), 3),
        "counts": table_counts(db),
        "folder": str(folder),
        "fresh_file": manifest["files"]["fresh"],  # in folder/data
        "fresh_rows": manifest["rows"]["touches-fresh"],
    }
    record_path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return record


def reltrack_version() -> str:
    done = subprocess.run([RELTRACK, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or f"(reltrack --version failed: {done.stderr.strip()})"


# -- what gets timed --------------------------------------------------------------------------


@dataclass
class Spec:
    """One thing to time: a reltrack command or a floor."""

    key: str  # "due", "floor-typer", ...
    label: str  # as shown in the table
    scale: str | None  # None: the same at every scale (the import floors)
    argv: Callable[[], list[str]]  # called for each run (`add` needs a new name each time)
    env: dict[str, str]
    stdout: Path | None  # None: /dev/null
    check: Callable[[Path | None], str | None] | None = None  # looks at the output: a problem, or None
    prepare: Callable[[], None] | None = None  # before each run, not timed
    rows: int | None = None  # for imports: rows per run, to report rows/s
    floor: str | None = None  # key of the floor shown beside it


@dataclass
class Measure:
    key: str
    label: str
    scale: str | None
    floor: str | None
    rows: int | None
    times: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    failure: str | None = None  # the command exited non-zero (with its stderr), or its output was wrong
    failure_is_exit: bool = False  # True: non-zero exit (fails even --smoke)

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def peak(self) -> float | None:
        return max(self.peaks) if self.peaks else None

    @property
    def rate(self) -> float | None:
        return self.rows / self.median if self.rows and self.median else None


FLOOR_PROGRAMS = {  # key: (label, short name in the floor column, code)
    "floor-sqlite": ("python -c 'import sqlite3'", "import sqlite3", "import sqlite3"),
    "floor-typer": ("python -c 'import typer'", "import typer", "import typer"),
    "floor-stack": ("python -c 'import typer, rich.console, sqlmodel'", "import stack", "import typer, rich.console, sqlmodel"),
}

# The raw SQL under each report, against the base tables every schema version has. Times are
# naive UTC text ('YYYY-MM-DD HH:MM:SS'), so comparing with such a string is comparing times.
FLOOR_QUERIES = {  # key: (label, short name, query, takes the one-year cutoff)
    "sql-latest": ("sqlite3: latest touchpoint per contact", "sql latest", """
        SELECT c.id, c.name, MAX(t.at) FROM contact c
        LEFT JOIN touchpoint_contact tc ON tc.contact_id = c.id
        LEFT JOIN touchpoint t ON t.id = tc.touchpoint_id AND t.channel <> 'note'
        GROUP BY c.id""", False),
    "sql-counts": ("sqlite3: channel x direction per contact, last year", "sql counts", """
        SELECT tc.contact_id, t.channel, t.direction, COUNT(*) FROM touchpoint t
        JOIN touchpoint_contact tc ON tc.touchpoint_id = t.id
        WHERE t.at >= ? GROUP BY tc.contact_id, t.channel, t.direction""", True),
    "sql-months": ("sqlite3: touchpoints per month and channel", "sql months", """
        SELECT substr(t.at, 1, 7), t.channel, COUNT(*) FROM touchpoint t
        WHERE t.at >= ? GROUP BY 1, 2""", True),
    "sql-scan": ("sqlite3: every touchpoint with its contacts' names", "sql scan", """
        SELECT t.*, c.name FROM touchpoint t
        JOIN touchpoint_contact tc ON tc.touchpoint_id = t.id + 0
        JOIN contact c ON c.id = tc.contact_id
        ORDER BY t.at, t.id""", False),  # + 0: the plan export uses, no sort (store/touches.py)
}
# a subprocess like the commands it is compared with: start Python, open the file, fetch every row
# (one by one, as a streaming command would: fetchall() of 2M rows alone takes over 1 GB)
SQL_SCRIPT = "import sqlite3, sys; rows = sqlite3.connect(sys.argv[1]).execute(sys.argv[2], sys.argv[3:]); print(sum(1 for _ in rows))"

# the least work any import of the fresh file does, in plain sqlite3 (bench/raw_import.py)
RAW_FLOORS = {  # key: (label, short name)
    "raw-add": ("sqlite3: insert the new rows and commit", "raw add"),
    "raw-lookup": ("sqlite3: look the rows up, all stored", "raw lookup"),
}

# which floor each command is shown against (the S targets use the first two)
COMMAND_FLOORS = {
    "version": "floor-typer", "complete": "floor-typer", "due": "floor-stack", "list": "floor-stack",
    "show": "floor-stack", "log": "floor-stack", "add": "floor-stack", "quiet": "sql-latest",
    "trust": "sql-counts", "frequency": "sql-months", "export": "sql-scan",
}  # fmt: skip


@dataclass
class Workspace:
    """One scale, ready to time: a working copy of its database and the contact the commands name."""

    scale: str
    record: dict
    db: Path
    name: str  # NAME for show and log
    prefix: str  # what completion is asked to complete
    protocol: str  # how completion is asked (COMPLETION_PROTOCOLS)
    counts: dict[str, int]


def open_cached(record: dict) -> str | None:
    """Open the cached database once with this reltrack (untimed: a newer reltrack upgrades its
    schema here, not in a timed run), then compare its tables and columns with those of a new
    database made by this reltrack. Returns how they differ, or None when they match.

    They differ when the cache was built by a reltrack whose migration of the same number was
    different (a migration edited during development), or when a migration and a new database
    disagree; either way the cached database is not what this reltrack would build."""
    folder = Path(record["folder"])
    cached = folder / "reltrack.db"
    run = run_process([RELTRACK, "info"], reltrack_env(cached), None)
    if run.code:
        return f"reltrack info failed on it (exit {run.code}): {run.stderr}"
    for backup in folder.glob("reltrack.db.before-*.bak"):  # reltrack's copy before an upgrade: the cache can be rebuilt
        backup.unlink()
    have, want = schema_shape(cached), fresh_schema_shape()
    if have == want:
        return None
    missing, extra = sorted(want - have), sorted(have - want)
    return "; ".join(filter(None, [
        f"missing {', '.join('.'.join(item) for item in missing[:5])}" if missing else "",
        f"not expected {', '.join('.'.join(item) for item in extra[:5])}" if extra else "",
    ]))  # fmt: skip


def schema_shape(db: Path) -> set[tuple[str, str]]:
    """(table, column) and (index, name) pairs: what a schema is made of, whatever the column order."""
    shape = set()
    for kind, name, table in sql(db, "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"):
        if kind == "table":
            shape.update((name, column[1]) for column in sql(db, f"PRAGMA table_info('{name}')"))
        elif kind in ("index", "view", "trigger"):
            shape.add((kind, f"{table}/{name}"))
    return shape


_fresh_shape: set[tuple[str, str]] = set()


def fresh_schema_shape() -> set[tuple[str, str]]:
    if not _fresh_shape:
        probe = CACHE / "schema-probe.db"
        remove_database(probe)
        # only a writing command creates a database; one contact leaves the schema's shape as it is
        run = run_process([RELTRACK, "add", "Schema Probe"], reltrack_env(probe), None)
        if run.code:
            raise BenchError(f"reltrack add on a new database failed (exit {run.code}):\n{run.stderr}")
        _fresh_shape.update(schema_shape(probe))
        remove_database(probe)
    return _fresh_shape


def cached_database(scale: str, seed: int, rebuild: bool) -> dict:
    """The build record of a cached database that this reltrack can use as it is."""
    record = build(scale, seed, rebuild)
    problem = open_cached(record)
    if problem:
        say(f"{scale}: the cached database is not what this reltrack builds ({problem}); building it again")
        record = build(scale, seed, rebuild=True)
        problem = open_cached(record)
        if problem:
            raise BenchError(f"{scale}: a database just built by this reltrack does not have its schema: {problem}")
    return record


def prepare_scale(record: dict) -> Workspace:
    folder = Path(record["folder"])
    work = folder / "work" / "reltrack.db"
    copy_database(folder / "reltrack.db", work)
    name = pick_name(work)
    prefix = name.split()[0][:3].lower()
    protocol = completion_protocol(work, name, prefix)
    return Workspace(record["scale"], record, work, name, prefix, protocol, table_counts(work))


def pick_name(db: Path) -> str:
    """The same kind of contact at every scale: of the first 50 contacts (the generator makes the
    same first contacts at every scale), the one with the median number of touchpoints."""
    rows = sql(db, """
        SELECT c.name, COUNT(tc.touchpoint_id) FROM contact c
        LEFT JOIN touchpoint_contact tc ON tc.contact_id = c.id
        WHERE c.id IN (SELECT id FROM contact ORDER BY id LIMIT 50)
        GROUP BY c.id ORDER BY 2, c.id""")  # fmt: skip
    if not rows:
        raise BenchError(f"{db}: no contacts")
    return rows[len(rows) // 2][0]


def _nonempty(lines: int = 1) -> Callable[[Path | None], str | None]:
    def check(out: Path | None) -> str | None:
        text = out.read_text(encoding="utf-8", errors="replace") if out else ""
        found = len(text.splitlines())
        return None if found >= lines else f"expected at least {lines} line(s) of output, got {found}"

    return check


def _printed(number: int) -> Callable[[Path | None], str | None]:
    def check(out: Path | None) -> str | None:
        text = out.read_text(encoding="utf-8", errors="replace").strip() if out else ""
        return None if text == str(number) else f"expected {number}, got {text[:80]!r}"

    return check


def _json_output(out: Path | None) -> str | None:
    try:
        json.loads(out.read_text(encoding="utf-8") if out else "")
    except ValueError as problem:
        return f"output is not JSON ({problem})"
    return None


# How a shell asks for completions, newest last. The runner uses the first one that the installed
# reltrack answers with the contact asked for (tried once per scale, untimed).
COMPLETION_PROTOCOLS = {
    # Typer's (click's): the words typed and the cursor's word; one value per line
    "typer": lambda prefix: {"_RELTRACK_COMPLETE": "complete_bash", "COMP_WORDS": f"reltrack log {shlex.quote(prefix)}", "COMP_CWORD": "2"},
    # reltrack's own for bash (cli/completion.py): the line typed; `plain<TAB>VALUE<TAB>HELP`, VALUE quoted for bash
    "reltrack": lambda prefix: {"_RELTRACK_COMPLETE": "bash", "_RELTRACK_COMPLETE_LINE": f"reltrack log {prefix}", "_RELTRACK_COMPLETE_CURRENT": prefix},
}  # fmt: skip


def offered_names(text: str, protocol: str) -> list[str]:
    """The values a completion answer offers."""
    lines = [line for line in text.splitlines() if line.strip()]
    if protocol == "typer":
        return lines
    return [bash_unquote(line.split("\t")[1]) for line in lines if line.startswith("plain\t")]  # not `file`, `dir`


def bash_unquote(word: str) -> str:
    """What bash makes of one quoted word: 'single', "double", $'ANSI-C' quotes and backslashes."""
    out, i = [], 0
    while i < len(word):
        if word.startswith("$'", i):
            end = i + 2
            while end < len(word) and word[end] != "'":
                end += 2 if word[end] == "\\" else 1
            escaped = word[i + 2 : end].encode("latin-1", "backslashreplace")  # \uXXXX for the rest
            out.append(escaped.decode("unicode_escape"))
            i = end + 1
        elif word[i] == "'":
            end = word.find("'", i + 1) % (len(word) + 1)
            out.append(word[i + 1 : end])
            i = end + 1
        elif word[i] == '"':
            i += 1
            while i < len(word) and word[i] != '"':
                if word[i] == "\\" and i + 1 < len(word) and word[i + 1] in '$`"\\':
                    i += 1
                out.append(word[i])
                i += 1
            i += 1
        else:
            if word[i] == "\\" and i + 1 < len(word):
                i += 1
            out.append(word[i])
            i += 1
    return "".join(out)


def completion_protocol(db: Path, name: str, prefix: str) -> str:
    for protocol, variables in COMPLETION_PROTOCOLS.items():
        out = db.parent / "completion.txt"
        run = run_process([RELTRACK], reltrack_env(db, **variables(prefix)), out)
        if run.code == 0 and name in offered_names(out.read_text(encoding="utf-8", errors="replace"), protocol):
            return protocol
    return "typer"  # nothing answers: time the protocol the targets were written for, and fail its check


def _completes(name: str, prefix: str, protocol: str) -> Callable[[Path | None], str | None]:
    def check(out: Path | None) -> str | None:
        offered = offered_names(out.read_text(encoding="utf-8", errors="replace") if out else "", protocol)
        if name in offered:
            return None
        shown = ", ".join(offered[:3]) or "nothing"
        tried = " and ".join(COMPLETION_PROTOCOLS)
        return f"completing '{prefix}' offered {shown} ({len(offered)} names), not '{name}' (protocols tried: {tried})"

    return check


def command_specs(ws: Workspace) -> list[Spec]:
    """The reltrack commands, in the order they run within a round: reads first, then writes."""
    out = ws.db.parent / "stdout.txt"
    env = reltrack_env(ws.db)
    completion = reltrack_env(ws.db, **COMPLETION_PROTOCOLS[ws.protocol](ws.prefix))
    added = iter(range(1, 1_000_000))

    def fixed(*args: str) -> Callable[[], list[str]]:
        return lambda: [RELTRACK, *args]

    def spec(key: str, label: str, argv: Callable[[], list[str]], **options: object) -> Spec:
        options.setdefault("env", env)
        options.setdefault("stdout", out)
        return Spec(key, label, ws.scale, argv, floor=COMMAND_FLOORS.get(key), **options)  # type: ignore[arg-type]

    specs = [
        spec("version", "reltrack --version", fixed("--version"), check=_nonempty()),
        spec("complete", f"complete 'reltrack log {ws.prefix}' ({ws.protocol})", fixed(), env=completion, check=_completes(ws.name, ws.prefix, ws.protocol)),
        spec("due", "reltrack due -f csv", fixed("due", "-f", "csv"), check=_nonempty()),
        spec("list", "reltrack list -f csv", fixed("list", "-f", "csv"), check=_nonempty(2)),
        spec("quiet", "reltrack quiet -f csv", fixed("quiet", "-f", "csv"), check=_nonempty()),
        spec("show", "reltrack show NAME -f json", fixed("show", ws.name, "-f", "json"), check=_json_output),
        spec("trust", "reltrack report trust -f csv", fixed("report", "trust", "-f", "csv"), check=_nonempty(2)),
        spec("frequency", "reltrack report frequency -f csv", fixed("report", "frequency", "-f", "csv"), check=_nonempty(2)),
        spec("export", "reltrack export touches -f csv", fixed("export", "touches", "-f", "csv"), stdout=None),
        spec("log", "reltrack log NAME --via call", fixed("log", ws.name, "--via", "call")),
        spec("add", "reltrack add NEWNAME", lambda: [RELTRACK, "add", f"Zoë Benchmark {ws.scale}-{next(added):04d}"]),
    ]
    return specs + import_specs(ws, out)


def import_specs(ws: Workspace, out: Path) -> list[Spec]:
    """The import of a file of new touchpoints, each run on a fresh copy of the cached database,
    then the same file again on a database that already holds it (every row is skipped)."""
    fresh, rows = Path(ws.record["folder"]) / "data" / ws.record["fresh_file"], ws.record["fresh_rows"]
    cached = Path(ws.record["folder"]) / "reltrack.db"
    first_db, again_db, raw_db = (ws.db.parent / f"{name}.db" for name in ("import", "reimport", "raw-import"))
    before: dict[str, int] = {}
    ready = []

    def fresh_copy() -> None:
        copy_database(cached, first_db)
        before["first"] = table_counts(first_db)["touchpoint"]

    def imported_copy() -> None:
        if not ready:  # once: a database that already has the fresh file
            copy_database(cached, again_db)
            run = run_process([RELTRACK, "import", str(fresh)], reltrack_env(again_db), out)
            if run.code:
                raise BenchError(f"importing {fresh.name} before the repeat import failed (exit {run.code}):\n{run.stderr}")
            ready.append(True)
        before["again"] = table_counts(again_db)["touchpoint"]

    def raw(mode: str, db: Path) -> Callable[[], list[str]]:
        return lambda: [PYTHON, str(BENCH / "raw_import.py"), str(db), str(fresh), mode]

    def added(which: str, db: Path, expected: int) -> Callable[[Path | None], str | None]:
        def check(_: Path | None) -> str | None:
            got = table_counts(db)["touchpoint"] - before[which]
            return None if got == expected else f"added {got:,} touchpoints, expected {expected:,}"

        return check

    return [
        Spec("import", f"reltrack import {fresh.name} ({rows:,} new)", ws.scale, lambda: [RELTRACK, "import", str(fresh)],
             reltrack_env(first_db), out, added("first", first_db, rows), fresh_copy, rows, "raw-add"),
        Spec("reimport", f"reltrack import {fresh.name} again", ws.scale, lambda: [RELTRACK, "import", str(fresh)],
             reltrack_env(again_db), out, added("again", again_db, 0), imported_copy, rows, "raw-lookup"),
        Spec("raw-add", f"floor: {RAW_FLOORS['raw-add'][0]}", ws.scale, raw("add", raw_db), floor_env(), out,
             _printed(rows), lambda: copy_database(cached, raw_db), rows),
        Spec("raw-lookup", f"floor: {RAW_FLOORS['raw-lookup'][0]}", ws.scale, raw("lookup", again_db), floor_env(), out,
             _printed(rows), imported_copy, rows),
    ]  # fmt: skip


def floor_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if not key.startswith("_RELTRACK")}


def floor_specs(ws: Workspace, with_programs: bool) -> list[Spec]:
    out = ws.db.parent / "floor.txt"
    env = floor_env()
    specs = []
    if with_programs:
        for key, (label, _, code) in FLOOR_PROGRAMS.items():
            specs.append(Spec(key, f"floor: {label}", None, lambda code=code: [PYTHON, "-c", code], env, out))
    year_ago = (datetime.now(UTC) - timedelta(days=365)).strftime("%Y-%m-%d %H:%M:%S")
    for key, (label, _, query, dated) in FLOOR_QUERIES.items():
        params = [year_ago] if dated else []
        argv = [PYTHON, "-c", SQL_SCRIPT, str(ws.db), " ".join(query.split()), *params]
        specs.append(Spec(key, f"floor: {label}", ws.scale, lambda argv=argv: argv, env, out, _nonempty()))
    return specs


# -- timing -----------------------------------------------------------------------------------


def run_spec(spec: Spec) -> tuple[Run, str | None]:
    if spec.prepare:
        spec.prepare()
    run = run_process(spec.argv(), spec.env, spec.stdout)
    problem = spec.check(spec.stdout) if spec.check and run.code == 0 else None
    return run, problem


def time_specs(specs: list[Spec], runs: int, warm_up: bool, title: str) -> list[Measure]:
    """Round robin: every spec once per round, so that a slow spell of the machine touches all of
    them alike and the ratios stay fair. Slow commands stop after SLOW_RUNS rounds."""
    measures = [Measure(s.key, s.label, s.scale, s.floor, s.rows) for s in specs]
    if warm_up:  # byte-compiles changed sources, fills the page cache; not counted
        say(f"{title}: warm-up")
        for spec in specs:
            try:
                run_spec(spec)
            except BenchError:
                pass  # reported by the timed run that follows
    planned = [runs] * len(specs)
    for round_number in range(runs):
        started = time.perf_counter()
        for index, (spec, measure) in enumerate(zip(specs, measures, strict=True)):
            if round_number >= planned[index] or measure.failure_is_exit:
                continue
            try:
                run, problem = run_spec(spec)
            except BenchError as trouble:  # its preparation failed (the import before a repeat import)
                measure.failure, measure.failure_is_exit = str(trouble), True
                say(f"  FAILED {spec.label} ({spec.scale or 'all'}): {trouble}")
                continue
            if run.code:
                measure.failure = f"exit {run.code}: {run.stderr or '(nothing on stderr)'}"
                measure.failure_is_exit = True
                say(f"  FAILED {spec.label} ({spec.scale or 'all'}): {measure.failure}")
                continue
            if problem and not measure.failure:
                measure.failure = problem
                say(f"  wrong output from {spec.label} ({spec.scale or 'all'}): {problem}")
            measure.times.append(run.seconds)
            measure.peaks.append(run.peak_mb)
            if round_number == 0 and run.seconds > SLOW_SECONDS:
                planned[index] = min(runs, SLOW_RUNS)
            if run.seconds > 2:
                say(f"  {spec.label}: {run.seconds:.1f} s")
        say(f"{title}: round {round_number + 1}/{runs} in {time.perf_counter() - started:.1f} s")
    return measures


# -- targets ----------------------------------------------------------------------------------


@dataclass
class Check:
    scale: str
    key: str  # the command it judges
    target: str  # the rule, as shown
    measured: str  # what was measured against it
    ok: bool


class Results:
    """Every measure of a run, looked up by scale and key."""

    def __init__(self, measures: list[Measure], spaces: dict[str, Workspace]) -> None:
        self.measures = measures
        self.spaces = spaces
        self.by_key = {(m.scale, m.key): m for m in measures}

    def get(self, scale: str | None, key: str) -> Measure | None:
        return self.by_key.get((scale, key)) or self.by_key.get((None, key))

    def median(self, scale: str | None, key: str) -> float | None:
        found = self.get(scale, key)
        return found.median if found and not found.failure_is_exit else None


def _fmt(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.3f}"


def s_targets(results: Results, scale: str) -> list[Check]:
    checks = []
    rules = [(key, "floor-stack", 1.15) for key in ("log", "add", "due", "show", "list")]
    rules += [("version", "floor-typer", 1.3), ("complete", "floor-typer", 1.5)]
    for key, floor, limit in rules:
        mine, base = results.median(scale, key), results.median(None, floor)
        if mine is None or base is None:
            continue
        ratio = mine / base
        checks.append(Check(scale, key, f"<= {limit} x {FLOOR_PROGRAMS[floor][1]}", f"{ratio:.2f} x", ratio <= limit))
    return checks


def l_targets(results: Results, scale: str = "L") -> list[Check]:
    checks = []
    for key, limit in (("due", 3), ("list", 2.5), ("quiet", 3), ("frequency", 3), ("trust", 10), ("export", 20)):
        mine = results.median(scale, key)
        if mine is not None:
            checks.append(Check(scale, key, f"<= {limit} s", f"{mine:.2f} s", mine <= limit))
    for key in ("show", "log"):
        mine, small = results.median(scale, key), results.median("S", key)
        if mine is not None and small is not None:
            checks.append(Check(scale, key, "<= 1.2 x the same at S", f"{mine / small:.2f} x", mine / small <= 1.2))
    for key, limit in (("import", 50_000), ("reimport", 100_000)):
        found = results.get(scale, key)
        if found and found.rate is not None and not found.failure_is_exit:
            floor = results.get(scale, found.floor) if found.floor else None
            beside = f" (plain sqlite3: {floor.rate:,.0f} rows/s)" if floor and floor.rate and not floor.failure_is_exit else ""
            checks.append(Check(scale, key, f">= {limit:,} rows/s", f"{found.rate:,.0f} rows/s{beside}", found.rate >= limit))
    for found in results.measures:
        if found.scale == scale and found.peak is not None and not found.key.startswith(("floor", "sql", "raw")):
            checks.append(Check(scale, found.key, "<= 300 MB", f"{found.peak:.0f} MB", found.peak <= 300))
    export_l, export_m = results.get(scale, "export"), results.get("M", "export")
    if export_l and export_m and export_l.peak and export_m.peak:
        ratio = export_l.peak / export_m.peak
        checks.append(Check(scale, "export", "memory <= 1.2 x at M", f"{ratio:.2f} x", ratio <= 1.2))
    checks += growth_targets(results, "M", scale)
    return checks


def growth_targets(results: Results, small: str, large: str) -> list[Check]:
    """From M to L a command may slow down at most 1.2 x as much as the touchpoints grow."""
    if small not in results.spaces or large not in results.spaces:
        return []
    growth = results.spaces[large].counts["touchpoint"] / max(1, results.spaces[small].counts["touchpoint"])
    checks = []
    for key in COMMAND_FLOORS:
        before, after = results.median(small, key), results.median(large, key)
        if before and after:
            ratio = after / before
            limit = 1.2 * growth
            checks.append(Check(large, key, f"growth {small}->{large} <= {limit:.1f} x", f"{ratio:.2f} x", ratio <= limit))
    return checks


def all_targets(results: Results) -> list[Check]:
    checks = []
    for scale in results.spaces:
        if scale in ("XS", "S"):  # XS, for quick checks, is judged like S
            checks += s_targets(results, scale)
        elif scale == "L":
            checks += l_targets(results, scale)
    return checks


# -- reporting --------------------------------------------------------------------------------


def machine() -> dict:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or "?"
    return {"nproc": os.cpu_count(), "cpu": model, "python": platform.python_version(), "system": platform.platform()}


def table_rows(results: Results, checks: list[Check], smoke: bool) -> list[list[str]]:
    rows = []
    for found in results.measures:
        floor = results.get(found.scale, found.floor) if found.floor else None
        ratio = found.median / floor.median if floor and floor.median and found.median else None
        mine = [c for c in checks if c.scale == found.scale and c.key == found.key]
        target = "; ".join(f"{c.target}: {c.measured}" for c in mine)
        if found.rate is not None:
            target = f"{found.rate:,.0f} rows/s" + (f"; {target}" if target else "")
        if found.failure_is_exit or (found.failure and not smoke):
            result = "FAIL"
        elif smoke:
            result = "ok"
        elif mine:
            result = "PASS" if all(c.ok for c in mine) else "FAIL"
        else:
            result = "-"
        rows.append([
            found.scale or "-", found.label, _fmt(found.median), "-" if found.peak is None else f"{found.peak:.0f}",
            FLOOR_NAMES.get(found.floor, "-"), "-" if ratio is None else f"{ratio:.2f}",
            target or "-", result,
        ])  # fmt: skip
    return rows


HEADER = ["scale", "command", "median s", "peak MB", "floor", "x floor", "target: measured", "result"]
FLOOR_NAMES = {key: value[1] for key, value in (FLOOR_PROGRAMS | FLOOR_QUERIES | RAW_FLOORS).items()}


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(len(HEADER))]
    line = lambda row: "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()  # noqa: E731
    return "\n".join([line(HEADER), line(["-" * w for w in widths]), *map(line, rows)])


def markdown_table(rows: list[list[str]]) -> str:
    escape = lambda cell: cell.replace("|", "\\|")  # noqa: E731
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join(" --- " for _ in HEADER) + "|"]
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def describe_builds(spaces: dict[str, Workspace]) -> list[str]:
    lines = []
    for ws in spaces.values():
        record, counts = ws.record, ws.counts
        rate = record["rows"] / record["seconds"] if record["seconds"] else 0
        lines.append(
            f"{ws.scale}: {counts['contact']:,} contacts, {counts['touchpoint']:,} touchpoints ({counts['touchpoint_contact']:,} links), "
            f"{counts['promise']:,} promises, {counts['feedback']:,} feedback; built {record['built_at']} by {record['reltrack']} "
            f"in {record['seconds']:.0f} s ({record['rows']:,} rows, {rate:,.0f} rows/s), schema {schema_version(ws.db)}; "
            f"NAME = {ws.name}"
        )
    return lines


def report(results: Results, checks: list[Check], args: argparse.Namespace, info: dict) -> bool:
    rows = table_rows(results, checks, args.smoke)
    failures = [m for m in results.measures if m.failure_is_exit or (m.failure and not args.smoke)]
    missed = [] if args.smoke else [c for c in checks if not c.ok]
    header = [
        f"reltrack benchmark, scale {args.scale}{' (smoke: one run each, timing not judged)' if args.smoke else ''}",
        f"{info['reltrack']}; Python {info['machine']['python']}; {info['machine']['nproc']} CPUs: {info['machine']['cpu']}",
        *describe_builds(results.spaces),
    ]
    if args.markdown:
        print("\n".join(f"- {line}" for line in header) + "\n")
        print(markdown_table(rows))
    else:
        print("\n".join(header) + "\n")
        print(text_table(rows))
    if args.smoke:  # wrong output does not fail a smoke run, but it is worth knowing
        for found in results.measures:
            if found.failure and not found.failure_is_exit:
                print(f"\nwarning: {found.label} ({found.scale}): {found.failure}")
    for found in failures:
        print(f"\nFAIL {found.label} ({found.scale or 'all scales'}): {found.failure}")
    if missed:
        print()
    for check in missed:
        print(f"missed: {check.scale} {check.key}: {check.target}, measured {check.measured}")
    ok = not failures and not missed
    print("\nall targets met" if ok and not args.smoke else "\nsmoke run: every command worked" if ok else "\nFAILED")
    return ok


def write_json(results: Results, checks: list[Check], args: argparse.Namespace, info: dict, ok: bool) -> Path:
    path = CACHE / f"results-{args.scale}{'-smoke' if args.smoke else ''}.json"
    data = {
        **info,
        "scale": args.scale,
        "smoke": args.smoke,
        "runs": args.runs,
        "ok": ok,
        "builds": {
            ws.scale: {**ws.record, "counts_now": ws.counts, "name": ws.name, "prefix": ws.prefix, "completion": ws.protocol}
            for ws in results.spaces.values()
        },
        "measures": [
            {**asdict(m), "median": m.median, "peak_mb": m.peak, "rows_per_second": m.rate} for m in results.measures
        ],
        "checks": [asdict(c) for c in checks],
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


# -- main -------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the installed reltrack (see docs/performance.md).")
    parser.add_argument("--scale", choices=list(TIMED_SCALES), default="S", help="S, M or L (L also times S and M); XS for quick checks")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5; slow ones at most 3)")
    parser.add_argument("--rebuild", action="store_true", help="build the databases again even when cached")
    parser.add_argument("--smoke", action="store_true", help="one run each; fail only when a command fails")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.smoke:
        args.runs = 1
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not Path(RELTRACK).exists():
        parser.error(f"no reltrack next to {PYTHON}: install reltrack into this environment first")
    CACHE.mkdir(exist_ok=True)
    run_process([PYTHON, "-c", "pass"], dict(os.environ), None)  # starts the helper while we are small
    info = {"reltrack": reltrack_version(), "machine": machine(), "started": datetime.now(UTC).isoformat(timespec="seconds")}
    try:
        records = {scale: cached_database(scale, args.seed, args.rebuild) for scale in TIMED_SCALES[args.scale]}
        spaces: dict[str, Workspace] = {}
        measures: list[Measure] = []
        for position, (scale, record) in enumerate(records.items()):
            ws = spaces[scale] = prepare_scale(record)
            specs = floor_specs(ws, with_programs=position == 0) + command_specs(ws)
            # a warm-up round at a small first scale is cheap; at M or L one of several runs absorbs it
            warm_up = position == 0 and scale in ("XS", "S") and not args.smoke
            measures += time_specs(specs, args.runs, warm_up, title=f"timing {scale}")
    except BenchError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    finally:
        if _spawner is not None:
            _spawner.close()
    results = Results(measures, spaces)
    checks = all_targets(results)
    ok = report(results, checks, args, info)
    say(f"results: {write_json(results, checks, args, info, ok)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
