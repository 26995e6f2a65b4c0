"""A vdir written by reltrack, read by the real khard (run as a subprocess), and back."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

KHARD = Path(sys.executable).with_name("khard")
PEOPLE = [  # name, org, email, phone, tags
    ("Bjørk Guðmundsdóttir", "Hljóðver ehf.", "bjork@hljodver.is", "+354 611 2345", ["Viðskiptavinir", "media, press"]),
    ("Пётр Ильич Чайковский", "ООО «Северный ветер»", "petr@veter.ru", "+7 912 345-67-89", ["Клиенты"]),
    ("María José García Márquez", "Pixelfabrik S.L.", "mj@pixelfabrik.es", "+34 612 345 678", ["Clients"]),
    ("王小明", "北京星辰科技有限公司", "wang@xingchen.cn", "+86 138 0013 8000", ["客户"]),
    ("Jukka Jääskeläinen", "Revontuli Oy", "jukka@revontuli.fi", "+358 40 123 4567", []),
]


@pytest.fixture
def khard(tmp_path):
    if not KHARD.exists() and shutil.which("khard") is None:
        pytest.fail("khard is not installed (pip install -e '.[test]')")
    vdir = tmp_path / "contacts"
    config = tmp_path / "khard.conf"
    config.write_text(
        f"[addressbooks]\n[[reltrack]]\npath = {vdir}\n\n[general]\neditor = /bin/false\nmerge_editor = /bin/false\n\n"
        "[contact table]\nshow_uids = yes\n\n[vcard]\npreferred_version = 3.0\nskip_unparsable = no\n",
        encoding="utf-8",
    )

    def run(*args: str, input: str | None = None) -> str:
        command = [str(KHARD) if KHARD.exists() else "khard", "-c", str(config), *args]
        done = subprocess.run(command, input=input, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert "will not be available" not in done.stderr and "unparsable" not in done.stderr.lower(), done.stderr
        return done.stdout

    run.vdir = vdir  # type: ignore[attr-defined]
    return run


def show(khard, uid: str) -> dict:
    from ruamel.yaml import YAML  # comes with khard

    return YAML(typ="safe").load(khard("show", "--format", "yaml", f"uid:{uid}"))


def test_khard_reads_every_card_reltrack_writes_and_reltrack_reads_khards(reltrack, khard):
    for name, org, email, phone, tags in PEOPLE:
        assert reltrack("add", name, "--org", org, "--email", email, "--phone", phone, *[f"--tag={t}" for t in tags]).returncode == 0
    written = reltrack("export", "contacts", "-f", "vcf", "--vdir", str(khard.vdir))
    assert written.returncode == 0 and "5 cards written" in written.stderr
    contacts = {row["name"]: row for row in json.loads(reltrack("export", "contacts", "-f", "json").stdout)}
    assert sorted(path.name for path in khard.vdir.iterdir()) == sorted(f"{row['uid']}.vcf" for row in contacts.values())

    listed = [line.split("\t") for line in khard("list", "--parsable").splitlines()]
    assert sorted((uid, name) for uid, name, *_ in listed) == sorted((row["uid"], name) for name, row in contacts.items())
    for name, org, email, phone, tags in PEOPLE:
        card = show(khard, contacts[name]["uid"])
        assert card["Formatted name"] == name
        assert card["Organisation"] == [[org]] or card["Organisation"] == org
        assert email in json.dumps(card["Email"], ensure_ascii=False)
        assert phone in json.dumps(card["Phone"], ensure_ascii=False)
        categories = card["Categories"] or []
        assert sorted([categories] if isinstance(categories, str) else categories) == sorted(tags)
    chaikovsky = show(khard, contacts["Пётр Ильич Чайковский"]["uid"])
    assert (chaikovsky["First name"], chaikovsky["Additional"], chaikovsky["Last name"]) == ("Пётр", "Ильич", "Чайковский")
    garcia = show(khard, contacts["María José García Márquez"]["uid"])
    assert (garcia["First name"], garcia["Last name"]) == ("María José", "García Márquez")

    # a contact made in khard imports back, and the vdir stays one card per contact
    template = "First name: Ingrid\nLast name: Ødegård\nOrganisation: Nordlys AS\nEmail:\n    work: ingrid@nordlys.no\n" \
               "Phone:\n    cell: +47 912 34 567\nCategories:\n    - media, press\n    - Norge\n"  # fmt: skip
    khard("new", "-a", "reltrack", "-i", "-", input=template)
    imported = reltrack("import", str(khard.vdir))
    assert imported.returncode == 0 and "1 added, 5 already there" in imported.stderr, imported.stderr
    ingrid = {row["name"]: row for row in json.loads(reltrack("export", "contacts", "-f", "json").stdout)}["Ingrid Ødegård"]
    assert (ingrid["org"], ingrid["email"], ingrid["phone"], ingrid["tags"]) == ("Nordlys AS", "ingrid@nordlys.no", "+47 912 34 567", ["media, press", "Norge"])
    again = reltrack("export", "contacts", "-f", "vcf", "--vdir", str(khard.vdir))
    assert "1 cards written, 5 unchanged" in again.stderr, again.stderr  # khard's card, now in reltrack's words, in its own file
    assert len(list(khard.vdir.glob("*.vcf"))) == 6 == len(khard("list", "--parsable").splitlines())

    # changed in reltrack: only that card is rewritten; deleted: its card goes only with --delete
    assert reltrack("edit", "Jukka", "--org", "Revontuli Oyj").returncode == 0
    assert "1 cards written, 5 unchanged" in reltrack("export", "contacts", "--vdir", str(khard.vdir)).stderr
    assert show(khard, contacts["Jukka Jääskeläinen"]["uid"])["Organisation"] in ([["Revontuli Oyj"]], "Revontuli Oyj")
    assert reltrack("delete", "Jukka", "--yes").returncode == 0
    kept = reltrack("export", "contacts", "--vdir", str(khard.vdir))
    assert "1 of contacts deleted since kept" in kept.stderr and len(list(khard.vdir.glob("*.vcf"))) == 6
    removed = reltrack("export", "contacts", "--vdir", str(khard.vdir), "--delete")
    assert "1 removed" in removed.stderr and len(khard("list", "--parsable").splitlines()) == 5
