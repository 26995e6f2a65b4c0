"""Address books in and out: stable identities, other programs' exports, forgiving imports, vdirs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.test_transfer import DATA, populated  # noqa: F401  (a fixture)

BOOKS = DATA / "address_books"
RECORDS = ("contacts", "touches", "promises", "feedback")


def uids(cli, what: str) -> list[str]:
    return [row["uid"] for row in cli.json("export", what)]


def counts(cli) -> dict[str, int]:
    return {what: len(cli.json("export", what)) for what in RECORDS}


# --- stable identities -------------------------------------------------------------------------


def test_every_row_has_its_own_uid_in_every_export(cli, populated, tmp_path):  # noqa: F811
    everyone = [uid for what in RECORDS for uid in uids(cli, what)]
    assert len(everyone) == len(set(everyone)) == 3 + 2 + 2 + 1 and all(len(uid) == 36 for uid in everyone)
    csv_rows = list(csv.DictReader(io.StringIO(cli.ok("export", "contacts").stdout)))
    assert [row["uid"] for row in csv_rows] == uids(cli, "contacts")
    dump = json.loads(cli.ok("export", "all").stdout)
    assert sorted(c["uid"] for c in dump["contacts"]) == sorted(uids(cli, "contacts"))
    assert sorted(t["uid"] for t in dump["touchpoints"]) == sorted(uids(cli, "touches"))
    card = cli.ok("export", "contacts", "-f", "vcf").stdout
    assert all(f"UID:{uid}\n" in card for uid in uids(cli, "contacts")) and "REV:" in card


def test_a_new_contact_never_inherits_a_deleted_ones_uid(cli):
    cli.ok("add", "Ana Lima")
    [old] = uids(cli, "contacts")
    cli.ok("delete", "Ana Lima", "--yes")
    cli.ok("add", "Tom Becker")
    assert uids(cli, "contacts") != [old]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_reimporting_an_export_changes_nothing_and_keeps_uids(cli, populated, tmp_path, fmt):  # noqa: F811
    files = {what: tmp_path / f"{what}.{fmt}" for what in RECORDS}
    for what, path in files.items():
        cli.ok("export", what, "-f", fmt, "-o", str(path))
    before = {what: uids(cli, what) for what in RECORDS}
    for path in files.values():
        result = cli.ok("import", str(path))
        assert "added" not in result.stderr and "updated" not in result.stderr, result.stderr
    assert {what: uids(cli, what) for what in RECORDS} == before
    fresh = str(tmp_path / "fresh.db")
    for _ in range(2):  # into an empty database, twice: the same rows, with the same identities
        for path in files.values():
            cli.ok("--db", fresh, "import", str(path))
    assert {what: [r["uid"] for r in cli.json("--db", fresh, "export", what)] for what in RECORDS} == before


def test_reimport_matches_by_uid_even_after_a_rename_elsewhere(cli, tmp_path):
    cli.ok("add", "Пётр Чайковский", "--email", "petr@example.ru")
    path = tmp_path / "contacts.csv"
    cli.ok("export", "contacts", "-o", str(path))
    text = path.read_text(encoding="utf-8").replace("Пётр Чайковский", "Пётр Ильич Чайковский").replace("petr@example.ru", "p@example.ru")
    path.write_text(text, encoding="utf-8")
    [uid] = uids(cli, "contacts")
    assert "1 updated" in cli.ok("import", str(path)).stderr
    [contact] = cli.json("export", "contacts")
    assert (contact["name"], contact["email"], contact["uid"]) == ("Пётр Ильич Чайковский", "p@example.ru", uid)


def test_dump_and_vcard_reimports_are_idempotent(cli, populated, tmp_path):  # noqa: F811
    dump, cards = tmp_path / "all.json", tmp_path / "contacts.vcf"
    cli.ok("export", "all", "-o", str(dump))
    cli.ok("export", "contacts", "-f", "vcf", "-o", str(cards))
    before = (counts(cli), {what: uids(cli, what) for what in RECORDS})
    cli.ok("import", str(dump))
    cli.ok("import", str(cards))
    assert (counts(cli), {what: uids(cli, what) for what in RECORDS}) == before


# --- other programs' exports ------------------------------------------------------------------


def test_google_contacts_csv_is_recognised_and_mapped(cli):
    cli.ok("import", str(BOOKS / "google.csv"))
    fields = cli.json("show", "Ana Lima")
    assert fields["org"] == "Estúdio Lima" and fields["title"] == "Founder" and fields["department"] == "Design"
    assert fields["email"] == "ana@estudiolima.com.br" and fields["phone"] == "+55 11 91234-5678"
    assert fields["tags"] == ["Clients"]  # Google's own groups (myContacts, starred) are not tags
    assert fields["birthday"] == "1986-04-12" and fields["url"] == "https://estudiolima.com.br"
    assert fields["address"].startswith("Rua Augusta 1500\nSão Paulo")
    assert "Other emails: ana.lima@gmail.com" in fields["notes"] and "+55 11 3456-7890" in fields["notes"]
    assert fields["card_extra"] == ["PHOTO"]  # the picture's address, written back as PHOTO
    jukka = cli.json("show", "Jukka")
    assert "Other emails: jukka.j@iki.fi" in jukka["notes"] and "Nickname: Jukka-Pekka" in jukka["notes"]  # never dropped
    names = [c["name"] for c in cli.json("export", "contacts")]
    assert "Мария Иванова" in names and "noreply-friend@example.org" in names  # no name: named from the email


def test_outlook_csv_with_a_byte_order_mark(cli):
    cli.ok("import", str(BOOKS / "outlook.csv"))
    bjork = cli.json("show", "Bjørk")
    assert (bjork["org"], bjork["department"], bjork["title"]) == ("Hljóðver ehf.", "Hljóð", "Hljóðmaður")
    assert bjork["phone"] == "+354 611 2345" and bjork["birthday"] == "1986-04-12"  # 4/12/1986, month first
    assert bjork["tags"] == ["Clients", "Ísland"]
    assert bjork["address"] == "Laugavegur 1\nReykjavík\n101\nIceland"
    assert "Title: Dr." in bjork["notes"] and "Business Fax: +354 511 0001" in bjork["notes"]
    tom = cli.json("show", "Tom Becker")
    assert tom["birthday"] is None and tom["url"] == "https://hafenwerk.de"  # 0/0/00 is Outlook's nothing


def test_linkedin_connections_with_its_notes_preamble(cli):
    result = cli.ok("import", str(BOOKS / "Connections.csv"), "--kind", "client", "--tag", "linkedin")
    assert "3 added" in result.stderr
    rows = {row["name"]: row for row in cli.json("export", "contacts")}
    assert set(rows) == {"Amélie Lefèvre", "Wang Xiaoming", "Søren Kierkegaard-Østergaard"}
    amelie = rows["Amélie Lefèvre"]
    assert (amelie["kind"], amelie["tags"], amelie["title"]) == ("client", ["linkedin"], "Directrice artistique")
    assert amelie["url"] == "https://www.linkedin.com/in/amelie-lefevre"
    added = cli.json("show", "Amélie")["added"]
    assert added.startswith("2024-03-0")  # Connected On 05 Mar 2024: known since then (local midnight)
    assert rows["Søren Kierkegaard-Østergaard"]["title"] == "Rådgiver, digital"


@pytest.mark.parametrize("sample", ["contacts_semicolon.csv", "contacts_tab.tsv"])
def test_csv_dialect_is_sniffed(cli, sample):
    cli.ok("import", str(BOOKS / sample), "--type", "contacts") if sample.endswith(".tsv") else cli.ok("import", str(BOOKS / sample))
    rows = {row["name"]: row for row in cli.json("export", "contacts")}
    if sample == "contacts_semicolon.csv":
        assert rows["Kaisa Mäkinen"]["tags"] == ["client", "vip"] and rows["Jörg Müller"]["org"] == "Büro Müller, Köln"
    else:
        assert rows["Γιώργος Παπαδόπουλος"]["org"] == "Ακρόπολις Ψηφιακή Α.Ε."


def test_an_unrecognised_file_names_the_formats_reltrack_reads(cli, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Vorname,Nachname,Telefon\nAnna,Schmidt,+49 30 1\n", encoding="utf-8")
    result = cli.fails(2, "import", str(path))
    for name in ("Google Contacts CSV", "Outlook CSV", "LinkedIn Connections.csv", "vCard", "--type"):
        assert name in result.stderr


def test_kind_and_tag_apply_to_every_contact_of_a_vcard(cli):
    cli.ok("import", str(DATA / "vcards" / "nonascii.vcf"), "--kind", "partner", "--tag", "2026 import")
    rows = cli.json("export", "contacts")
    assert rows and all(row["kind"] == "partner" and "2026 import" in row["tags"] for row in rows)


def test_a_bad_kind_on_import_is_refused_before_anything_is_read(cli, empty_db):
    cli.fails(2, "import", str(BOOKS / "google.csv"), "--kind", "friendish")
    assert cli.json("export", "contacts") == []


# --- forgiving but honest ----------------------------------------------------------------------


def test_skip_invalid_imports_the_good_rows_and_reports_each_bad_one(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "contacts.csv"
    path.write_text(
        "name,email,every\n"
        "Ana Lima,ana@lima.pt,2w\n"
        ",nobody@example.org,\n"  # line 3: no name
        "Jukka Jääskeläinen,not-an-address,\n"  # line 4: a bad email
        "Bjørk Guðmundsdóttir,bjork@hljodver.is,\n"
        "Søren,soren@example.dk,whenever\n"  # line 6: a bad cadence
        "Wang,a,b,c\n",  # line 7: too many fields
        encoding="utf-8",
    )
    assert cli("import", str(path)).exit_code == 2  # the default: all or nothing
    assert cli.json("export", "contacts") == []
    result = cli.ok("import", str(path), "--skip-invalid")
    assert "4 records of contacts.csv rejected, listed in contacts.csv.rejected.tsv" in result.stderr
    assert [row["name"] for row in cli.json("export", "contacts")] == ["Ana Lima", "Bjørk Guðmundsdóttir"]
    report = list(csv.DictReader((tmp_path / "contacts.csv.rejected.tsv").open(encoding="utf-8"), delimiter="\t"))
    assert [row["line"] for row in report] == ["3", "4", "6", "7"]
    assert "name" in report[0]["reason"] and "not-an-address" in report[1]["reason"]
    assert "whenever" in report[2]["reason"] and "4 fields where the header has 3" in report[3]["reason"]
    assert json.loads(report[1]["record"])["email"] == "not-an-address"


def test_skip_invalid_sets_aside_a_card_with_nothing_to_name_it_by(cli, tmp_path):
    path = tmp_path / "book.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nTEL:+351 912 345 678\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nORG:Nordlicht Studio\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    report = tmp_path / "rejected.tsv"
    cli.ok("import", str(path), "--skip-invalid", "--report", str(report))
    assert [row["name"] for row in cli.json("export", "contacts")] == ["Ana", "Nordlicht Studio"]
    lines = report.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("5\tthe card has no name") and len(lines) == 2


def test_a_tag_with_a_comma_from_khard_is_kept_whole(cli, tmp_path):
    path = tmp_path / "press.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ingrid Ødegård\r\nCATEGORIES:media\\, press,Norge\r\nEND:VCARD\r\n", encoding="utf-8")
    cli.ok("import", str(path))
    assert cli.json("export", "contacts")[0]["tags"] == ["media, press", "Norge"]
    assert "CATEGORIES:media\\, press,Norge" in cli.ok("export", "contacts", "-f", "vcf").stdout


def test_address_book_fields_survive_vcard_export_and_import(cli, tmp_path):
    cli.ok("import", str(DATA / "vcards" / "apple.vcf"))
    exported = tmp_path / "out.vcf"
    cli.ok("export", "contacts", "-f", "vcf", "-o", str(exported))
    text = exported.read_text(encoding="utf-8")
    assert "TITLE:Directrice artistique" in text and "PHOTO;ENCODING=b;TYPE=JPEG:" in text
    fresh = str(tmp_path / "fresh.db")
    cli.ok("--db", fresh, "import", str(exported))
    assert cli.json("--db", fresh, "export", "contacts") == cli.json("export", "contacts")


# --- streams -----------------------------------------------------------------------------------


def test_import_from_standard_input_needs_a_type(cli):
    text = "name,org\nAna Lima,Lima Design\n"
    assert "--type" in cli.fails(2, "import", "-").stderr
    cli.ok("import", "-", "--type", "contacts", input=text)
    assert [row["org"] for row in cli.json("export", "contacts")] == ["Lima Design"]


def test_export_to_dash_writes_to_standard_output(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cli.ok("add", "Ana Lima")
    result = cli.ok("export", "contacts", "-o", "-")
    assert result.stdout.startswith("name,") and not (tmp_path / "-").exists()


def test_csv_export_keeps_follow_ups_and_snoozes(cli, tmp_path):
    cli.ok("add", "Ana Lima", "--every", "2w")
    cli.ok("add", "Bjørk Guðmundsdóttir", "--every", "1w")
    cli.ok("followup", "Ana", "2026-12-24")
    cli.ok("snooze", "Bjørk", "10d")
    path = tmp_path / "contacts.csv"
    cli.ok("export", "contacts", "-o", str(path))
    fresh = str(tmp_path / "fresh.db")
    cli.ok("--db", fresh, "import", str(path))
    rows = {row["name"]: row for row in cli.json("--db", fresh, "export", "contacts")}
    assert rows["Ana Lima"]["followup"] == "2026-12-24"
    assert rows["Bjørk Guðmundsdóttir"]["snoozed"] == {r["name"]: r for r in cli.json("export", "contacts")}["Bjørk Guðmundsdóttir"]["snoozed"]
    assert cli.json("--db", fresh, "due", "--within", "30d") == cli.json("due", "--within", "30d")
