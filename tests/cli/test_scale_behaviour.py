"""What the bulk paths must keep meaning: imports read in batches, streamed output, the frequency limit,
older dumps. (How fast they are is bench/'s business, not a test's.)"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest

from reltrack.core.interchange import imports


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of two rows, and touchpoints written three at a time, so a short file crosses several of them."""
    monkeypatch.setattr(imports, "BATCH", 2)
    monkeypatch.setattr(imports, "TOUCH_BATCH", 2)
    monkeypatch.setattr(imports, "WRITE_BATCH", 3)


def test_duplicates_are_found_across_batches_and_within_one(cli, tmp_path, small_batches):
    cli.ok("add", "Ana Lima")
    cli.ok("add", "Пётр Иванов")
    path = tmp_path / "touches.csv"
    rows = [  # in batches of two: [1, 2], [3, 4], [5]
        "Ana Lima,2026-01-05T10:00:00+00:00,call",
        "Пётр Иванов,2026-01-06T10:00:00+00:00,email",
        "Ana Lima,2026-01-07T10:00:00+01:00,meeting",
        "Ana Lima,2026-01-07T09:00:00+00:00,meeting",  # the same instant as the row before, in its batch
        "Ana Lima,2026-01-05T10:00:00+00:00,call",  # the first row again, in a later batch
    ]
    path.write_text("name,at,via\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert "3 added, 2 already there" in cli.ok("import", str(path)).stderr
    assert "5 already there" in cli.ok("import", str(path)).stderr
    assert len(cli.json("touches")) == 3


def test_a_bad_row_in_a_later_batch_leaves_nothing_behind(cli, tmp_path, small_batches):
    cli.ok("add", "Ana Lima")
    path = tmp_path / "touches.csv"
    good = [f"Ana Lima,2026-01-0{day}T10:00:00+00:00,call" for day in range(1, 6)]
    path.write_text("name,at,via\n" + "\n".join([*good, "Nobody,2026-01-09,call"]) + "\n", encoding="utf-8")
    assert f"{path}:7: no contact named 'Nobody'" in cli.fails(1, "import", str(path)).stderr
    assert cli.json("touches") == []
    assert cli.json("list")[0]["last_contact"] is None  # the summaries were rolled back with the rows


def test_a_contact_named_twice_in_a_file_is_added_then_updated(cli, tmp_path, small_batches):
    path = tmp_path / "contacts.csv"
    path.write_text("name,org,tags\nAna Lima,,vip\nBruno,,\nana lima,Lima Design,lisbon\n", encoding="utf-8")
    assert "2 added, 1 updated" in cli.ok("import", str(path)).stderr
    [ana] = [row for row in cli.json("list") if row["name"] == "Ana Lima"]
    assert ana["org"] == "Lima Design" and ana["tags"] == ["lisbon", "vip"]
    assert "3 already there" in cli.ok("import", str(path)).stderr


def test_the_frequency_report_refuses_an_absurd_number_of_periods(cli):
    cli.ok("add", "Ana Lima")
    result = cli.fails(2, "report", "frequency", "--since", "1900-01-01", "--period", "week")
    assert "at most 600" in result.stderr and "weeks" in result.stderr
    assert len(cli.csv("report", "frequency", "--since", "1990-01-01", "--until", "2026-12-31", "--period", "quarter")) == 148


def test_numbers_left_empty_stay_empty_in_every_format(cli):
    cli.ok("add", "Ana Lima")
    cli.ok("log", "Ana", "--via", "call", "--at", "2026-01-05 10:00")
    for command in (["touches"], ["export", "touches"]):
        header, line = cli.ok(*command, "-f", "tsv").stdout.splitlines()
        cells = dict(zip(header.split("\t"), line.split("\t"), strict=True))
        assert (cells["rating"], cells["minutes"], cells["note"]) == ("", "", "")  # empty, never "None"
        [row] = list(csv.DictReader(io.StringIO(cli.ok(*command, "-f", "csv").stdout)))
        assert (row["rating"], row["minutes"]) == ("", "")
    [touch] = cli.json("touches")
    assert touch["rating"] is None and touch["minutes"] is None


def test_json_is_written_a_row_at_a_time_but_reads_as_one_array(cli):
    for name in ("Ana Lima", "Bjørk Guðmundsdóttir", "王小明"):
        cli.ok("add", name)
    text = cli.ok("list", "-f", "json").stdout
    assert json.loads(text) == json.loads(json.dumps(json.loads(text), indent=2))
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    assert cli.ok("list", "--kind", "bank", "-f", "json").stdout == "[]\n"


def test_a_version_1_dump_still_restores_with_local_days(cli, tmp_path):
    dump = {
        "format": "reltrack-dump", "version": 1, "schema": "0002", "exported_at": "2026-03-01T12:00:00+00:00",
        "tags": [],
        "contacts": [{"id": 1, "name": "Ana Lima", "kind": "client", "created_at": "2026-01-01T09:00:00+00:00", "tags": []}],
        "touchpoints": [{"id": 7, "at": "2026-02-03T09:00:00+00:00", "contacts": [1], "via": "meeting", "direction": "out"}],
        "promises": [{"id": 3, "contact": 1, "what": "quote", "owner": "mine", "due": "2026-02-10", "status": "kept",
                      "created_at": "2026-02-01T09:00:00+00:00", "resolved_at": "2026-02-09T17:00:00+00:00"}],
        "feedback": [],
    }  # fmt: skip
    path = tmp_path / "old.json"
    path.write_text(json.dumps(dump), encoding="utf-8")
    cli.ok("import", str(path))
    [touch] = cli.json("touches")
    assert touch["id"] == 7 and touch["at"].startswith("2026-02-03")
    [promise] = cli.json("promises", "--all")
    local_day = datetime.fromisoformat("2026-02-09T17:00:00+00:00").astimezone().date().isoformat()
    assert (promise["id"], promise["outcome"], promise["resolved_on"]) == (3, "kept", local_day)
