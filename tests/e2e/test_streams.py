"""`-` is standard input for import and standard output for export, for the installed command."""

from __future__ import annotations

import json


def test_an_export_piped_into_an_import(reltrack, tmp_path):
    assert reltrack("add", "Bjørk Guðmundsdóttir", "--email", "bjork@hljodver.is", "--tag", "media, press").returncode == 0
    exported = reltrack("export", "contacts", "-f", "json", "-o", "-")
    assert exported.returncode == 0 and not (tmp_path / "-").exists()
    other = str(tmp_path / "other.db")
    refused = reltrack("--db", other, "import", "-", input=exported.stdout)
    assert refused.returncode == 2 and "--type" in refused.stderr
    done = reltrack("--db", other, "import", "-", "--type", "json", input=exported.stdout)
    assert done.returncode == 0 and "standard input: contact: 1 added" in done.stderr
    assert json.loads(reltrack("--db", other, "export", "contacts", "-f", "json").stdout) == json.loads(exported.stdout)
