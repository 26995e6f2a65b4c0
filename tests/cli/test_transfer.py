"""import, export and backup: round trips, atomicity, idempotency, dry runs, safety."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
import stat
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import NOW

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def populated(cli):
    cli.ok("add", "Ana Lima", "--kind", "client", "--org", "Lima Design", "--email", "ana@lima.pt",
           "--phone", "+351 912 345 678", "--tag", "vip", "--tag", "lisbon", "--every", "2w", "--note", "prefers mornings")  # fmt: skip
    cli.ok("add", "Bjørk Guðmundsdóttir", "--kind", "partner", "--max", "2mo")
    cli.ok("add", "王小明", "--kind", "supplier", "--email", "xm@example.cn")
    cli.ok("log", "Ana", "Bjørk", "--via", "meeting", "--at", "2026-03-02 10:30", "--note", "kick-off, \"phase 2\"", "--rating", "5", "--minutes", "90")  # fmt: skip
    cli.ok("log", "王", "--via", "email", "--at", "2026-04-10 08:00", "--in")
    cli.ok("promise", "Ana", "send the quote", "--due", "2026-03-09")
    cli.ok("kept", "1", "--at", "2026-03-11 12:00")
    cli.ok("promise", "王", "ship samples", "--due", "2026-04-20", "--theirs")
    cli.ok("feedback", "Ana", "9", "--at", "2026-05-01 09:00", "--note", "great work")
    cli.ok("edit", "王", "--introduced-by", "Ana")
    cli.ok("deal", "Ana", "Website", "--value", "0.1", "--cost", "0.05", "--stage", "won", "--at", "2026-03-20")
    cli.ok("deal", "Ana", "Logo", "--value", "0.2", "--stage", "won", "--at", "2026-04-02")
    cli.ok("deal", "王", "Packaging", "--value", "150000", "--currency", "JPY", "--stage", "proposal", "--at", "2026-04-12")
    cli.ok("agreement", "Ana", "Retainer", "--starts", "2026-03-01", "--ends", "2027-02-28", "--renew-notice", "2mo", "--payment-terms", "30")
    cli.ok("review", "--mark", "-f", "json")


def digest(cli) -> str:
    """Everything stored, as exports show it."""
    return hashlib.sha256(cli.ok("export", "all").stdout.split('"tags"', 1)[1].encode()).hexdigest()


def export_to(cli, tmp_path: Path, what: str, fmt: str) -> Path:
    path = tmp_path / f"{what}.{fmt}"
    cli.ok("export", what, "--format", fmt, "--output", str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    return path


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_then_import_into_an_empty_database_reproduces_the_data(cli, populated, tmp_path, fmt):
    files = [export_to(cli, tmp_path, what, fmt) for what in ("contacts", "touches", "promises", "feedback")]
    before = {what: cli.ok("export", what, "-f", "json").stdout for what in ("contacts", "touches", "promises", "feedback")}
    fresh = str(tmp_path / "fresh.db")
    for path in files:
        cli.ok("--db", fresh, "import", str(path))
    for what, text in before.items():
        assert cli.ok("--db", fresh, "export", what, "-f", "json").stdout == text, what


def test_full_dump_round_trip_restores_every_table_exactly(cli, populated, tmp_path):
    cli.ok("archive", "Bjørk")
    cli.ok("followup", "王", "2026-12-24")
    cli.ok("tag-cadence", "vip", "1w")
    dump = export_to(cli, tmp_path, "all", "json")
    original = json.loads(dump.read_text())
    assert original["format"] == "reltrack-dump" and original["version"] == 4
    fresh = str(tmp_path / "fresh.db")
    cli.ok("--db", fresh, "import", str(dump))
    restored = json.loads(cli.ok("--db", fresh, "export", "all").stdout)
    tables = ("tags", "contacts", "touchpoints", "promises", "feedback", "deals", "agreements", "reviews")
    for table in tables:
        assert restored[table] == original[table], table
    assert all(original[table] for table in tables)
    assert [contact["introduced_by"] for contact in original["contacts"]] == [None, None, 1]


def test_importing_twice_adds_nothing(cli, populated, tmp_path):
    files = [export_to(cli, tmp_path, what, "csv") for what in ("contacts", "touches", "promises", "feedback")]
    files.append(export_to(cli, tmp_path, "all", "json"))
    files.append(export_to(cli, tmp_path, "contacts", "vcf"))
    before = digest(cli)
    for path in files:
        result = cli.ok("import", str(path))
        assert "added" not in result.stderr and "updated" not in result.stderr, (path.name, result.stderr)
    assert digest(cli) == before


def test_reimporting_an_export_of_just_logged_touches_adds_nothing(cli, tmp_path):
    # logged at "now" and "2h ago": times the user never typed, which exports write to the second
    cli.ok("add", "Ana Lima")
    cli.ok("log", "Ana")
    cli.ok("log", "Ana", "--via", "email", "--at", "2h ago")
    cli.ok("feedback", "Ana", "8")
    for what in ("touches", "feedback"):
        path = export_to(cli, tmp_path, what, "csv")
        assert "added" not in cli.ok("import", str(path)).stderr
    assert len(cli.json("touches")) == 2 and len(cli.json("export", "feedback", "-f", "json")) == 1


def test_csv_contacts_import_with_any_header_case_and_update(cli, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,ORG,Kind,Email,Phone,Tags,Every,Max,Notes\r\n"
                    "Ana Lima,Lima Design,client,ana@lima.pt,+351 1,vip;lisbon,2w,,\r\n"
                    "\"Costa, Bruno\",,supplier,,,,,,\"two\nlines\"\r\n", encoding="utf-8")  # fmt: skip
    assert "2 added" in cli.ok("import", str(path)).stderr
    rows = {r["name"]: r for r in cli.json("list")}
    assert rows["Ana Lima"]["tags"] == ["lisbon", "vip"] and rows["Ana Lima"]["cadence"] == "2w"
    assert cli.json("show", "Costa")["notes"] == "two\nlines"
    path.write_text("name,email,org\nANA LIMA,ana@lima.pt,Lima Studio\n", encoding="utf-8")
    assert "1 updated" in cli.ok("import", str(path)).stderr
    assert cli.json("show", "Ana")["org"] == "Lima Studio"


def test_touches_csv_with_several_names(cli, tmp_path):
    cli.ok("add", "Ana Lima")
    cli.ok("add", "Bruno Costa")
    path = tmp_path / "touches.csv"
    path.write_text("name,at,via,direction,note,rating,minutes\n"
                    "Ana Lima;Bruno Costa,2026-02-01T10:00:00+00:00,f2f,in,lunch,4,60\n", encoding="utf-8")  # fmt: skip
    cli.ok("import", str(path))
    [touch] = cli.json("touches")
    assert touch["contacts"] == ["Ana Lima", "Bruno Costa"]
    assert (touch["via"], touch["direction"], touch["rating"], touch["minutes"]) == ("meeting", "in", 4, 60)


def test_touches_csv_names_match_as_typed_names_do_in_every_batch(cli, tmp_path, monkeypatch):
    """Names are looked up a batch at a time by their keys; one written in another case, or without
    its accents, is still that contact, and an unknown one fails with its line, after the first batch."""
    from reltrack.core.interchange import imports

    monkeypatch.setattr(imports, "TOUCH_BATCH", 700)
    cli.ok("add", "Bjørk Guðmundsdóttir")
    cli.ok("add", "Ana Lima")
    lines = ["name,at,via"]
    lines += [f"{'ANA  LIMA' if day % 2 else 'bjork gudmundsdottir'},2026-01-{day % 28 + 1:02}T{day % 24:02}:00:00+00:00,call" for day in range(2500)]
    path = tmp_path / "touches.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cli.ok("import", str(path))
    counts = Counter(name for touch in cli.json("touches") for name in touch["contacts"])
    # (at, channel) repeat every 28 x 24 rows for each name: the rest are skipped as already there
    assert counts == {"Ana Lima": len({(d % 28, d % 24) for d in range(1, 2500, 2)}), "Bjørk Guðmundsdóttir": len({(d % 28, d % 24) for d in range(0, 2500, 2)})}
    path.write_text("\n".join([*lines, "Ana Lina,2026-02-01T10:00:00+00:00,call"]) + "\n", encoding="utf-8")
    failed = cli.fails(1, "import", str(path))
    assert f"touches.csv:{len(lines) + 1}: no contact named 'Ana Lina'" in failed.stderr


def test_promises_csv_matches_stored_and_earlier_rows_in_every_batch(cli, tmp_path, monkeypatch):
    """A promise row is the stored promise of the same contact, text, deadline and owner (the name
    written without accents too), or one an earlier row of the file added, even batches earlier."""
    from reltrack.core.interchange import imports

    monkeypatch.setattr(imports, "BATCH", 3)
    cli.ok("add", "Bjørk Guðmundsdóttir")
    cli.ok("add", "Ana Lima")
    cli.ok("promise", "Bjørk", "send deck", "--due", "2026-04-01")
    path = tmp_path / "promises.csv"
    path.write_text(
        "name,what,due,status,resolved\n"
        "bjork gudmundsdottir,send deck,2026-04-01,kept,2026-03-30T10:00:00+00:00\n"  # the stored one, settled now
        "Ana Lima,call back,2026-04-10,open,\n"
        "Ana Lima,call back,2026-04-10,open,\n"  # the row before: already there
        "Ana Lima,call back,2026-04-10,open,\n"  # the next batch: still the same one
        + "".join(f"Ana Lima,item {n},2026-04-2{n},open,\n" for n in range(4))
        + "ana lima,call back,2026-04-10,broken,2026-04-12T10:00:00+00:00\n",  # batches later: settled
        encoding="utf-8",
    )
    assert "promise: 5 added, 2 updated, 2 already there" in cli.ok("import", str(path)).stderr
    promises = {(row["contact"], row["what"]): row["status"] for row in cli.json("promises", "--all")}
    assert promises == {("Bjørk Guðmundsdóttir", "send deck"): "kept", ("Ana Lima", "call back"): "broken"} | {
        ("Ana Lima", f"item {n}"): "open" for n in range(4)
    }
    # again: the file's rows say "open" then "broken" for the same promise, so it is set twice, and ends as it was
    assert "promise: 2 updated, 7 already there" in cli.ok("import", str(path)).stderr
    assert {(row["contact"], row["what"]): row["status"] for row in cli.json("promises", "--all")} == promises

DUMP_CONTACT = '{"format": "reltrack-dump", "version": 3, "contacts": [{"id": 1, "name": "Bruno", "created_at": "2026-01-01T10:00:00+00:00"'
DEAL = (
    '{"id": 1, "contact": 1, "title": "Site", "stage": "won", "value": "0.10", "currency": "EUR", '
    '"opened_at": "2026-01-02T10:00:00+00:00", "closed_at": "2026-01-02T10:00:00+00:00"}'
)

BAD_FILES = [
    ("contacts.csv", "name,kind\nAna,client\nBruno,alien\n", 2, ":3: unknown kind 'alien'"),
    ("contacts.csv", "name,colour\nAna,red\n", 2, ":1: unknown column 'colour'"),
    ("contacts.csv", "name,every\nAna,2w\nBruno,sometimes\n", 2, ":3: 'sometimes' is not a duration"),
    ("touches.csv", "name,at\nAna Lima,2026-01-01\nNobody,2026-01-02\n", 1, ":3: no contact named 'Nobody'"),
    ("touches.csv", "name,at\nAna Lima,2026-01-01\nAna Lima,2999-01-01\n", 1, ":3: a touchpoint cannot be in the future"),
    ("touches.csv", "name,at,rating\nAna Lima,2026-01-01,9\n", 2, ":2: rating 9 is out of range"),
    ("promises.csv", "name,what,due,status\nAna Lima,quote,2026-01-01,done\n", 2, ":2: unknown promise status 'done'"),
    ("feedback.csv", "name,at,score\nAna Lima,2026-01-01,11\n", 2, ":2: score 11 is out of range"),
    ("touches.csv", "name,via\nAna Lima,call\n", 2, ":1: the 'at' column is missing"),
    ("people.json", '[{"name": "Bruno"}, {"name": ""}]', 2, ":2: a contact needs a name"),
    ("dump.json", '{"format": "reltrack-dump", "version": 99}', 2, "dump version 99"),
    ("dump.json", DUMP_CONTACT + '}], "deals": [' + DEAL.replace('"0.10"', "0.1") + "]}", 2, "deals[0]: 'value' must be decimal text"),
    ("dump.json", DUMP_CONTACT + '}], "deals": [' + DEAL.replace('"0.10"', '"0.105"') + "]}", 2, "more decimals than EUR has"),
    ("dump.json", DUMP_CONTACT + '}], "deals": [' + DEAL.replace('"EUR"', '"EURO"') + "]}", 2, "unknown currency 'EURO'"),
    ("dump.json", DUMP_CONTACT + '}], "deals": [' + DEAL.replace('"won"', '"lead"') + "]}", 2, "a lead deal has no 'closed_at'"),
    ("dump.json", DUMP_CONTACT + '}], "deals": [' + DEAL.replace('"contact": 1', '"contact": 5') + "]}", 2, "contact 5 is not in 'contacts'"),
    ("dump.json", DUMP_CONTACT + ', "introduced_by": 9}]}', 2, "introduced_by 9 is not in 'contacts'"),
    ("dump.json", DUMP_CONTACT + '}], "agreements": [{"contact": 1, "title": "X", "starts_on": "2026-02-01", "ends_on": "2026-01-01", "created_at": "2026-01-01T10:00:00+00:00"}]}', 2, "before it starts"),
    ("broken.json", "[{", 2, "not valid JSON"),
    ("notes.txt", "hello", 2, "cannot tell what this file holds"),
]


@pytest.mark.parametrize("name, content, status, message", BAD_FILES, ids=[b[3] for b in BAD_FILES])
def test_a_bad_row_stops_the_import_and_nothing_is_written(cli, tmp_path, name, content, status, message):
    cli.ok("add", "Ana Lima")
    before = digest(cli)
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = cli.fails(status, "import", str(path))
    assert message in result.stderr
    assert result.stderr.startswith(f"error: {path}")
    assert digest(cli) == before


def test_a_bad_vcard_stops_the_import(cli, tmp_path, empty_db):
    before = digest(cli)
    path = tmp_path / "nameless.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nTEL:+351 1\r\nEND:VCARD\r\n")
    result = cli.fails(2, "import", str(path))
    assert "nameless.vcf:5: the card has no name" in result.stderr
    assert digest(cli) == before


@pytest.mark.sqlite_only
def test_dry_run_writes_nothing_and_says_what_would_happen(cli, populated, tmp_path, db_path):
    path = tmp_path / "contacts.csv"
    path.write_text("name,org\nAna Lima,New Org\nNew Person,\n", encoding="utf-8")
    before_bytes = db_path.read_bytes()
    before = digest(cli)
    result = cli.ok("import", str(path), "--dry-run")
    assert "would update\tcontact\tAna Lima" in result.stdout
    assert "would add\tcontact\tNew Person" in result.stdout
    assert "1 to add" in result.stderr and "nothing written" in result.stderr
    assert digest(cli) == before
    assert db_path.read_bytes() == before_bytes


@pytest.mark.sqlite_only
def test_dry_run_does_not_create_a_missing_database(cli, tmp_path, db_path):
    path = tmp_path / "contacts.csv"
    path.write_text("name,kind\nAna Lima,client\nИван Петров,supplier\n", encoding="utf-8")
    assert "2 to add" in cli.ok("import", str(path), "--dry-run").stderr
    assert not db_path.exists()


def test_files_hold_iso_dates_and_name_each_column_once(cli, tmp_path):
    cli.ok("add", "Ana Lima")
    touches = tmp_path / "touches.csv"
    touches.write_text("name,at,via\nAna Lima,2026-11-02,call\nAna Lima,yesterday,call\n", encoding="utf-8")
    assert f"{touches}:3: " in cli.fails(2, "import", str(touches)).stderr  # the same file must mean the same any day
    twice = tmp_path / "contacts.csv"
    twice.write_text("name,Name\nA,B\n", encoding="utf-8")
    assert "column 'name' appears twice" in cli.fails(2, "import", str(twice)).stderr


@pytest.mark.parametrize(
    "sample, expected",
    [  # read by hand from each file: (name, first email, org, tags without Google's myContacts)
        ("google.vcf", [
            ("Ana Lima", "ana@estudiolima.com.br", "Estúdio Lima", ["Clients"]),
            ("Priya Raman", "priya.raman@outlook.com", None, []),
            ("Tom Becker", "tom.becker@hafenwerk.de", "Hafenwerk GmbH", ["Clients", "Referrers"]),
        ]),
        ("apple.vcf", [
            ("Amélie Lefèvre", "amelie@atelier-lefevre.fr", "Atelier Lefèvre", []),
            ("Nordlicht Studio", "hallo@nordlicht.studio", "Nordlicht Studio", []),  # a company card
        ]),
        ("apple_2_1.vcf", [("Jörg Müller", "joerg@bueromueller.de", "Büro Müller", [])]),  # quoted-printable UTF-8
        ("thunderbird.vcf", [
            ("Jonas Weber", "jonas.weber@example.org", None, []),
            ("Kaisa Mäkinen", "kaisa.makinen@revontuli.fi", "Revontuli Oy", []),
        ]),
        ("khard.vcf", [
            ("María García", "maria.garcia@pixelfabrik.es", "Pixelfabrik S.L.", ["Clients", "Open Source"]),
            ("Oliver Nakamura", "o.nakamura@kumo.co.jp", None, []),
        ]),
        ("nonascii.vcf", [
            ("Bjørk Guðmundsdóttir", "bjork@hljodver.is", "Hljóðver ehf.", ["Viðskiptavinir", "Ísland"]),
            ("Ingrid Ødegård", "ingrid@fjordlys.no", "Fjordlys AS", []),  # FN cut short: the full N wins
            ("Päivi Maria Järvinen", "paivi.jarvinen@kuusi.fi", None, []),  # no FN: from N, middle name too
            ("Γιώργος Παπαδόπουλος", "g.papadopoulos@akropolis.gr", "Ακρόπολις Ψηφιακή Α.Ε.", []),
            ("Йоханнес Кузнецов", "j.kuznetsov@severveter.ru", "ООО «Северный ветер»", ["Клиенты"]),
            ("李华", "li.hua@example.cn", None, []),  # Chinese order from N: family name first, no space
            ("王小明", "wang.xiaoming@xingchen.cn", "北京星辰科技有限公司", ["北京", "客户"]),
        ]),
        ("multi_email.vcf", [
            ("Lea Novak", "lea@novak.si", None, []),  # PREF=1 first
            ("Sam O'Connor", "sam@oconnor-design.ie", None, []),
        ]),
    ],
)  # fmt: skip
def test_real_world_vcards_import_idempotently(cli, sample, expected):
    cli.ok("import", str(DATA / "vcards" / sample))
    assert [(r["name"], r["email"], r["org"], sorted(r["tags"])) for r in cli.json("list")] == [
        (name, email, org, sorted(tags)) for name, email, org, tags in expected
    ]
    before = digest(cli)
    cli.ok("import", str(DATA / "vcards" / sample))
    assert digest(cli) == before


def test_a_vcards_other_emails_are_kept_in_its_notes(cli):
    cli.ok("import", str(DATA / "vcards" / "multi_email.vcf"))
    # repeated addresses (any case, any spacing) once each; the first is the contact's email
    assert cli.json("show", "Sam")["notes"].splitlines()[0] == "Other emails: sam.oconnor@gmail.com, billing@oconnor-design.ie, s.oconnor@tcd.ie"
    assert cli.json("show", "Lea")["notes"] == "Other emails: lea.novak@proton.me, studio@novak.si"


def test_vcard_export_reads_back_with_vobject(cli, populated, tmp_path):
    import vobject

    path = export_to(cli, tmp_path, "contacts", "vcf")
    cards = {card.fn.value: card for card in vobject.readComponents(path.read_text(encoding="utf-8"))}
    assert set(cards) == {"Ana Lima", "Bjørk Guðmundsdóttir", "王小明"}
    ana = cards["Ana Lima"]
    assert ana.email.value == "ana@lima.pt" and ana.tel.value == "+351 912 345 678"
    assert ana.org.value == ["Lima Design"] and sorted(ana.categories.value) == ["lisbon", "vip"]
    fresh = str(tmp_path / "fresh.db")
    cli.ok("--db", fresh, "import", str(path))
    assert {r["name"] for r in cli.json("--db", fresh, "list")} == set(cards)


def test_due_calendar_parses_back_with_stable_uids(cli, populated, tmp_path):
    from icalendar import Calendar

    cli.ok("add", "Chen Wei", "--kind", "prospect")
    cli.ok("promise", "Chen", "send portfolio", "--due", "in 3 days")
    cli.ok("promise", "Chen", "send the signed brief", "--due", "in 5 days", "--theirs")
    first = Calendar.from_ical(cli.ok("export", "due").stdout)
    events = {str(e["UID"]): e for e in first.walk("VEVENT")}
    promise_uids = {p["what"]: f"{p['uid']}@reltrack" for p in cli.json("export", "promises")}
    assert promise_uids["send portfolio"] in events
    chase = events[promise_uids["send the signed brief"]]  # their deadline: the day after it, time to chase
    assert chase.decoded("DTSTART") == NOW.astimezone().date() + timedelta(days=6) and "send the signed brief" in str(chase["SUMMARY"])
    contact_uids = {f"{c['uid']}@reltrack" for c in cli.json("export", "contacts")}
    assert contact_uids & set(events)
    for event in events.values():
        assert not hasattr(event.decoded("DTSTART"), "hour")  # all-day
    second = Calendar.from_ical(cli.ok("export", "due").stdout)
    assert {str(e["UID"]) for e in second.walk("VEVENT")} == set(events)
    narrow = Calendar.from_ical(cli.ok("export", "due", "--within", "1d").stdout)
    assert promise_uids["send portfolio"] not in {str(e["UID"]) for e in narrow.walk("VEVENT")}


def test_due_calendar_cancels_what_was_settled_lately_and_differs_between_databases(cli, tmp_path, clock):
    from icalendar import Calendar

    def feed(*db: str, within: str = "30d") -> dict:
        text = cli.ok(*db, "export", "due", "--within", within).stdout
        return {str(e["UID"]): e for e in Calendar.from_ical(text).walk("VEVENT")}

    cli.ok("add", "Chen Wei", "--kind", "client", "--every", "1w")
    cli.ok("promise", "Chen", "send portfolio", "--due", "in 3 days")
    [promise] = cli.json("export", "promises")
    [chen] = cli.json("export", "contacts")
    assert str(feed()[f"{promise['uid']}@reltrack"].get("STATUS", "")) == ""
    cli.ok("kept", "1")
    cancelled = feed()[f"{promise['uid']}@reltrack"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    cli.ok("log", "Chen")
    assert str(feed(within="1d")[f"{chen['uid']}@reltrack"]["STATUS"]) == "CANCELLED"  # met: not due within the span
    assert str(feed()[f"{chen['uid']}@reltrack"].get("STATUS", "")) == ""  # due again within 30 days: a live event
    clock(days=15)
    assert f"{promise['uid']}@reltrack" not in feed()  # after the span, gone from the feed
    other = str(tmp_path / "other.db")
    cli.ok("--db", other, "add", "Chen Wei", "--kind", "client", "--every", "1w")
    assert set(feed("--db", other)).isdisjoint(feed())  # two databases never share an event


def test_export_rejects_unknown_targets_and_formats(cli):
    cli.fails(2, "export", "everything")
    cli.fails(2, "export", "touches", "--format", "vcf")
    cli.fails(2, "export", "all", "--format", "csv")


def test_csv_injection_payloads_are_neutralised_in_exports(cli):
    payloads = ["=1+2", "+SUM(A1)", "-A1", "@cmd", '=HYPERLINK("http://x","y")']
    for index, payload in enumerate(payloads):
        cli.ok("add", f"Person {index}", "--note", payload, "--phone", "+44 (20) 7946-0000")
    cli.ok("add", "Minus", "--phone", "-12", "--note", "-2+3")  # only digits, spaces and +-(). : kept as it is
    rows = list(csv.DictReader(io.StringIO(cli.ok("export", "contacts").stdout, newline="")))
    notes = {row["name"]: row["notes"] for row in rows}
    assert [notes[f"Person {index}"] for index in range(len(payloads))] == ["'" + p for p in payloads]
    assert notes["Minus"] == "-2+3"
    assert {row["phone"] for row in rows} == {"+44 (20) 7946-0000", "-12"}


@pytest.mark.sqlite_only
def test_backup_is_private_and_readable_by_sqlite3_and_reltrack(cli, populated, tmp_path, db_path):
    result = cli.ok("backup")
    copy = Path(result.stdout.strip())
    assert copy.parent == db_path.parent and copy.name.startswith("reltrack-")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM contact").fetchone() == (3,)
    assert len(cli.json("--db", str(copy), "list")) == 3
    named = tmp_path / "named.db"
    cli.ok("backup", str(named))
    assert named.exists()
    cli.fails(1, "backup", str(named))  # never overwrites
    folder = tmp_path / "backups"
    folder.mkdir()
    assert Path(cli.ok("backup", str(folder)).stdout.strip()).parent == folder
    fresh = tmp_path / "fresh" / "sub"
    assert Path(cli.ok("backup", f"{fresh}/").stdout.strip()).parent == fresh  # a trailing / asks for a folder
    assert "does not exist" in cli.fails(1, "backup", str(tmp_path / "missing" / "x.db")).stderr


def test_older_dumps_are_still_read(cli, populated, tmp_path):
    """Versions 1 to 3 have no uids nor merged identities; 1 and 2 no deals, agreements, reviews or
    introductions; version 1 no stored days."""
    current = json.loads(cli.ok("export", "all").stdout)
    new_in_4 = {"uid", "title", "department", "birthday", "url", "address", "card_extra", "updated_at"}

    def without_uids(rows: list[dict]) -> list[dict]:
        return [{k: v for k, v in row.items() if k not in new_in_4} for row in rows]

    for table in ("contacts", "touchpoints", "promises", "feedback"):
        current[table] = without_uids(current[table])
    for version in (3, 2, 1):
        old = {key: value for key, value in current.items() if key not in ("deals", "agreements", "reviews", "merged")}
        old["version"] = version
        old["contacts"] = [{k: v for k, v in contact.items() if k != "introduced_by" or version == 3} for contact in old["contacts"]]
        if version == 1:
            old["touchpoints"] = [{k: v for k, v in touch.items() if k != "day"} for touch in old["touchpoints"]]
            old["promises"] = [{k: v for k, v in promise.items() if k != "resolved_on"} for promise in old["promises"]]
        path = tmp_path / f"v{version}.json"
        path.write_text(json.dumps(old), encoding="utf-8")
        fresh = str(tmp_path / f"v{version}.db")
        cli.ok("--db", fresh, "import", str(path))
        restored = json.loads(cli.ok("--db", fresh, "export", "all").stdout)
        assert restored["version"] == 4 and restored["deals"] == [] and restored["agreements"] == []
        for table in ("touchpoints", "promises", "feedback"):
            assert all(len(row["uid"]) == 36 for row in restored[table])  # each row given its identity
            assert without_uids(restored[table]) == current[table], (version, table)
        assert restored["tags"] == current["tags"]
        assert [c["introduced_by"] for c in restored["contacts"]] == [c["introduced_by"] if version == 3 else None for c in current["contacts"]]


def test_a_dump_restores_into_a_database_with_data_without_doubling(cli, populated, tmp_path):
    dump = export_to(cli, tmp_path, "all", "json")
    other = str(tmp_path / "other.db")
    cli.ok("--db", other, "add", "Carla Souza")
    cli.ok("--db", other, "deal", "Carla", "Own deal", "--value", "5")
    cli.ok("--db", other, "import", str(dump))
    again = cli.ok("--db", other, "import", str(dump))
    assert "deal: 3 already there" in again.stderr and "agreement: 1 already there" in again.stderr
    deals = cli.json("--db", other, "deals")
    assert sorted(d["title"] for d in deals) == ["Logo", "Own deal", "Packaging", "Website"]
    [wang] = [row for row in cli.json("--db", other, "network", "ana") if row["relation"] == "introduced by them"]
    assert wang["contact"] == "王小明"
