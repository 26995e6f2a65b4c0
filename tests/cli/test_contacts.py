"""add, edit, show, list, archive, unarchive, delete, tags."""

from __future__ import annotations


def test_add_then_list_in_every_format(cli):
    cli.ok("add", "Ana Lima", "--kind", "client", "--org", "Lima Design", "--email", "ana@lima.pt",
           "--phone", "+351 912 345 678", "--tag", "vip", "--tag", "lisbon", "--every", "2w")  # fmt: skip
    [row] = cli.json("list")
    assert row["name"] == "Ana Lima"
    assert row["kind"] == "client"
    assert row["org"] == "Lima Design"
    assert row["tags"] == ["lisbon", "vip"]
    assert row["cadence"] == "2w"
    assert row["last_contact"] is None
    assert row["archived"] is False
    [csv_row] = cli.csv("list")
    assert csv_row["tags"] == "lisbon;vip"
    assert csv_row["phone"] == "+351 912 345 678"
    tsv = cli.ok("list", "--format", "tsv").stdout.splitlines()
    assert tsv[0].split("\t") == ["name", "kind", "org", "email", "phone", "tags", "cadence", "last_contact", "due_on", "archived"]
    assert tsv[1].split("\t")[0] == "Ana Lima"
    table = cli.ok("list", "--format", "table").stdout
    assert "Ana Lima" in table and "client" in table


def test_names_are_unique_ignoring_case(cli):
    cli.ok("add", "Ana Lima")
    result = cli.fails(1, "add", "ANA  lima")
    assert "already exists" in result.stderr
    assert len(cli.json("list")) == 1


def test_edit_changes_fields_tags_and_name(cli):
    cli.ok("add", "Ana Lima", "--tag", "vip", "--email", "ana@lima.pt")
    cli.ok("edit", "ana", "--name", "Ana Lima Santos", "--kind", "partner", "--untag", "vip", "--tag", "design",
           "--email", "", "--every", "monthly")  # fmt: skip
    [row] = cli.json("list")
    assert row["name"] == "Ana Lima Santos"
    assert row["kind"] == "partner"
    assert row["tags"] == ["design"]
    assert row["email"] is None
    assert row["cadence"] == "1mo"
    cli.ok("edit", "Ana Lima Santos", "--every", "none")
    assert cli.json("list")[0]["cadence"] == "1mo"  # back to the partner default


def test_edit_refuses_rename_onto_another_contact(cli):
    cli.ok("add", "Ana Lima")
    cli.ok("add", "Bruno Costa")
    cli.fails(1, "edit", "Bruno", "--name", "ana lima")
    assert sorted(r["name"] for r in cli.json("list")) == ["Ana Lima", "Bruno Costa"]


def test_max_shorter_than_every_is_refused(cli):
    cli.fails(2, "add", "Ana", "--every", "2w", "--max", "1w")
    assert cli.json("list") == []


def test_show_gives_details_and_recent_touches(cli):
    cli.ok("add", "Ana Lima", "--kind", "client", "--note", "Met at Web Summit")
    cli.ok("log", "Ana", "--via", "meeting", "--note", "kick-off", "--at", "2d ago")
    detail = cli.json("show", "ana")
    assert detail["name"] == "Ana Lima"
    assert detail["cadence"] == "2w (from kind)"
    assert detail["notes"] == "Met at Web Summit"
    assert detail["recent_touches"][0]["via"] == "meeting"
    assert "kick-off" in cli.ok("show", "Ana", "--format", "table").stdout


def test_list_filters_and_sorts(cli):
    cli.ok("add", "Ana Lima", "--kind", "client", "--tag", "vip")
    cli.ok("add", "Bruno Costa", "--kind", "supplier")
    cli.ok("add", "Chen Wei", "--kind", "client")
    cli.ok("log", "Chen", "--at", "20d ago")
    cli.ok("log", "Ana", "--at", "2d ago")
    assert [r["name"] for r in cli.json("list", "--kind", "client")] == ["Ana Lima", "Chen Wei"]
    assert [r["name"] for r in cli.json("list", "--tag", "VIP")] == ["Ana Lima"]
    assert [r["name"] for r in cli.json("list", "--sort", "last")] == ["Bruno Costa", "Chen Wei", "Ana Lima"]
    by_due = [r["name"] for r in cli.json("list", "--sort", "due")]
    assert by_due[0] == "Chen Wei"
    cli.fails(2, "list", "--sort", "age")
    cli.fails(2, "list", "--kind", "alien")


def test_archive_hides_from_due_and_list(cli):
    cli.ok("add", "Ana Lima", "--kind", "client")
    cli.ok("log", "Ana", "--at", "60d ago")
    assert [r["contact"] for r in cli.json("due")] == ["Ana Lima"]
    cli.ok("archive", "Ana")
    assert cli.json("due") == []
    assert cli.json("list") == []
    assert [r["name"] for r in cli.json("list", "--archived")] == ["Ana Lima"]
    cli.ok("unarchive", "Ana")
    assert [r["contact"] for r in cli.json("due")] == ["Ana Lima"]


def test_delete_needs_yes_off_a_terminal(cli):
    cli.ok("add", "Ana Lima")
    cli.ok("add", "Bruno Costa")
    cli.ok("log", "Ana", "Bruno", "--via", "meeting")
    cli.ok("log", "Ana", "--via", "call")
    result = cli.fails(1, "delete", "Ana")
    assert "--yes" in result.stderr
    assert len(cli.json("list")) == 2
    cli.ok("delete", "Ana", "--yes")
    assert [r["name"] for r in cli.json("list")] == ["Bruno Costa"]
    touches = cli.json("touches")
    assert [(t["via"], t["contacts"]) for t in touches] == [("meeting", ["Bruno Costa"])]


def test_tags_and_tag_cadence(cli):
    cli.ok("add", "Ana Lima", "--kind", "other", "--tag", "vip")
    cli.ok("add", "Bruno Costa", "--tag", "vip", "--tag", "lisbon")
    assert cli.json("tags") == [
        {"tag": "lisbon", "contacts": 1, "every": None},
        {"tag": "vip", "contacts": 2, "every": None},
    ]
    cli.ok("tag-cadence", "vip", "weekly")
    assert cli.json("show", "Ana")["cadence"] == "1w (from tag:vip)"
    cli.fails(1, "tag-cadence", "nosuchtag", "1w")
    cli.fails(2, "tag-cadence", "vip", "often")


def test_a_name_that_differs_only_by_accents_or_script_is_refused_unless_insisted(cli):
    cli.ok("add", "Jukka Jääskeläinen")
    cli.ok("add", "Пётр Иванов")
    for lookalike, existing in (("JUKKA JAASKELAINEN", "Jukka Jääskeläinen"), ("Jukka Jaaskelainen", "Jukka Jääskeläinen"), ("Petr Ivanov", "Пётр Иванов")):
        refused = cli.fails(1, "add", lookalike)
        assert existing in refused.stderr and "--yes" in refused.stderr
    assert [r["name"] for r in cli.json("list")] == ["Jukka Jääskeläinen", "Пётр Иванов"]
    cli.ok("add", "JUKKA JAASKELAINEN", "--yes")  # two people of that name, on purpose
    assert len(cli.json("list")) == 3
    cli.ok("add", "Jukka Virtanen")  # merely sharing a first name is fine
