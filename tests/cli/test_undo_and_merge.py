"""Undo an import exactly; find duplicates; merge two records of one person."""

from __future__ import annotations

import json

from tests.cli.test_transfer import populated  # noqa: F401  (a fixture)


def dump(cli) -> dict:
    return json.loads(cli.ok("export", "all").stdout)


def write_import_files(tmp_path):
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "name,org,email,tags,notes\n"
        "Ana Lima,Lima Design Lda,ana@lima.pt,vip;новые,changed by the import\n"  # an update, and a new tag
        "Søren Kierkegaard,Københavns Kommune,soren@kk.dk,новые,\n"  # a new contact
        "Мария Иванова,,maria@veter.ru,,\n",
        encoding="utf-8",
    )
    touches = tmp_path / "touches.csv"
    touches.write_text("name,at,via\nSøren Kierkegaard,2026-06-01T10:00:00+00:00,call\nAna Lima;Мария Иванова,2026-06-02T10:00:00+00:00,meeting\n", encoding="utf-8")
    promises = tmp_path / "promises.csv"
    promises.write_text(
        "name,what,due,status,resolved\n"
        "Ana Lima,send the quote,2026-03-09,broken,2026-03-12T09:00:00+00:00\n"  # settled otherwise than stored: an update
        "Мария Иванова,call back,2026-12-20,open,\n",
        encoding="utf-8",
    )
    feedback = tmp_path / "feedback.csv"
    feedback.write_text("name,at,score\nSøren Kierkegaard,2026-06-03T10:00:00+00:00,10\n", encoding="utf-8")
    return contacts, touches, promises, feedback


def batch_of(result) -> str:
    return result.stderr.rsplit("undo-import ", 1)[1].strip()


def test_undo_import_restores_the_database_exactly(cli, populated, tmp_path):  # noqa: F811
    before = dump(cli)
    files = write_import_files(tmp_path)
    batches = [batch_of(cli.ok("import", str(path))) for path in files]
    after = dump(cli)
    assert after != before and len(after["contacts"]) == len(before["contacts"]) + 2
    listed = cli.json("imports")
    assert [row["file"].rsplit("/", 1)[-1] for row in listed] == ["contacts.csv", "touches.csv", "promises.csv", "feedback.csv"]
    assert [(row["added"], row["updated"]) for row in listed] == [(2, 1), (2, 0), (1, 1), (1, 0)]
    assert cli.fails(1, "undo-import", batches[0]).stderr.startswith("error: cannot undo import 1: a touchpoint of")
    assert dump(cli) == after  # refused: nothing changed
    for batch in reversed(batches):
        cli.ok("undo-import", batch)
    assert dump(cli) == before
    assert "undone already" in cli.fails(1, "undo-import", batches[0]).stderr
    assert cli.fails(1, "undo-import", "99").stderr == "error: no import 99 (see `reltrack imports`)\n"



def test_undo_records_written_as_the_import_goes_are_undone_the_same(cli, populated, tmp_path, monkeypatch):  # noqa: F811
    """Undo records are written out a few at a time (here two): the batch, its counts and undo are
    as when they were all written at the end, and an import that fails leaves no batch behind."""
    from reltrack.core.interchange import imports
    from reltrack.core.interchange.batches import Batch

    monkeypatch.setattr(Batch, "ITEMS_HELD", 2)
    monkeypatch.setattr(imports, "TOUCH_BATCH", 5)  # touchpoints written, and their undo records, before the bad row
    monkeypatch.setattr(imports, "WRITE_BATCH", 5)
    before = dump(cli)
    files = write_import_files(tmp_path)
    batches = [batch_of(cli.ok("import", str(path))) for path in files]
    listed = cli.json("imports")
    assert [(row["type"], row["added"], row["updated"]) for row in listed] == [("contacts", 2, 1), ("touches", 2, 0), ("promises", 1, 1), ("feedback", 1, 0)]
    for batch in reversed(batches):
        cli.ok("undo-import", batch)
    assert dump(cli) == before
    many = tmp_path / "many.csv"
    many.write_text("name,at\n" + "".join(f"Ana Lima,2026-05-{day:02}T10:00:00+00:00\n" for day in range(1, 20)) + "Nobody,2026-05-21\n", encoding="utf-8")
    cli.fails(1, "import", str(many))
    assert dump(cli) == before and len(cli.json("imports")) == len(batches)

def test_undo_is_refused_when_the_contacts_were_edited_since(cli, populated, tmp_path, clock):  # noqa: F811
    contacts, *_ = write_import_files(tmp_path)
    batch = batch_of(cli.ok("import", str(contacts)))
    clock(hours=1)
    cli.ok("edit", "Ana Lima", "--phone", "+351 900 000 000")
    after = dump(cli)
    result = cli.fails(1, "undo-import", batch)
    assert "Ana Lima was edited after it" in result.stderr
    assert dump(cli) == after


def test_undo_is_refused_when_a_contact_it_added_was_edited_since(cli, tmp_path, clock):
    contacts, *_ = write_import_files(tmp_path)
    batch = batch_of(cli.ok("import", str(contacts)))
    clock(hours=1)
    cli.ok("edit", "Søren", "--phone", "+45 12 34 56 78")
    after = dump(cli)
    assert "an edit of Søren Kierkegaard" in cli.fails(1, "undo-import", batch).stderr
    assert dump(cli) == after


def test_an_import_that_changes_nothing_is_no_batch(cli, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text("name\nAna Lima\n", encoding="utf-8")
    cli.ok("import", str(path))
    assert "undo-import" not in cli.ok("import", str(path)).stderr
    assert len(cli.json("imports")) == 1


def test_duplicates_finds_folded_transliterated_and_shared_details_but_not_near_names(cli):
    for name, *options in [
        ("Jukka Jääskeläinen",), ("JUKKA JAASKELAINEN",), ("Bjørk Guðmundsdóttir", "--phone", "+354 611 2345"),
        ("Bjork Gudmundsdottir", "--phone", "00354 611 2345"), ("Ana Lima", "--email", "ana@lima.pt"), ("Ana Lim",),
        ("Ana Souza", "--email", "ANA@lima.pt"), ("Пётр Иванов",), ("Petr Ivanov",),
    ]:  # fmt: skip
        cli.ok("add", name, "--yes", *options)  # --yes: add insists on the lookalikes, which duplicates then finds
    pairs = {(row["keep"], row["other"]): (row["score"], row["reason"]) for row in cli.json("duplicates")}
    assert pairs == {
        ("Bjørk Guðmundsdóttir", "Bjork Gudmundsdottir"): (0.94, "same name, same phone"),
        ("Ana Lima", "Ana Souza"): (0.9, "same email"),
        ("Jukka Jääskeläinen", "JUKKA JAASKELAINEN"): (0.7, "same name"),
        ("Пётр Иванов", "Petr Ivanov"): (0.7, "same name"),
    }


def test_merge_keeps_every_touchpoint_and_promise_and_is_idempotent(cli, tmp_path):
    cli.ok("add", "Jukka Jääskeläinen", "--email", "jukka@revontuli.fi", "--tag", "client", "--org", "Revontuli Oy")
    cli.ok("add", "JUKKA JAASKELAINEN", "--yes", "--email", "jukka.j@iki.fi", "--phone", "+358 40 123 4567", "--tag", "finland", "--org", "Revontuli")
    cli.ok("log", "Jukka Jääskeläinen", "--at", "2026-10-01 10:00")
    cli.ok("log", "JUKKA JAASKELAINEN", "--at", "2026-11-01 10:00", "--via", "email")
    cli.ok("log", "Jukka Jääskeläinen", "JUKKA JAASKELAINEN", "--at", "2026-11-15 10:00", "--via", "meeting")
    cli.ok("promise", "JUKKA JAASKELAINEN", "send the deck", "--due", "2026-12-10")
    cli.ok("feedback", "JUKKA JAASKELAINEN", "9", "--at", "2026-11-16 10:00")
    other_card = tmp_path / "other.vcf"
    cli.ok("export", "contacts", "-f", "vcf", "-o", str(other_card))
    before = {what: len(cli.json("export", what)) for what in ("touches", "promises", "feedback")}
    dry = cli.ok("merge", "Jukka Jääskeläinen", "JUKKA JAASKELAINEN", "--dry-run")
    assert "would merge" in dry.stderr and len(cli.json("export", "contacts")) == 2
    result = cli.ok("merge", "Jukka Jääskeläinen", "JUKKA JAASKELAINEN")
    assert "2 touchpoints, 1 promises, 1 feedback" in result.stderr
    assert {what: len(cli.json("export", what)) for what in ("touches", "promises", "feedback")} == before
    [jukka] = cli.json("export", "contacts")
    assert (jukka["email"], jukka["phone"], jukka["tags"]) == ("jukka@revontuli.fi", "+358 40 123 4567", ["client", "finland"])
    assert "email: jukka.j@iki.fi" in jukka["notes"] and "org: Revontuli" in jukka["notes"]
    assert [t["name"] for t in cli.json("export", "touches")] == [["Jukka Jääskeläinen"]] * 3
    assert "already; nothing to do" in cli.ok("merge", "Jukka Jääskeläinen", "JUKKA JAASKELAINEN").stderr
    assert cli.json("export", "contacts") == [jukka]
    cli.ok("import", str(other_card))  # OTHER's card again: it finds KEEP, by OTHER's uid
    assert [row["name"] for row in cli.json("export", "contacts")] == ["Jukka Jääskeläinen"]
