"""Commands for contacts: add, edit, show, list, archive, unarchive, delete, tags, tag-cadence."""

from __future__ import annotations

from typing import Annotated

import typer

from reltrack.cli import common
from reltrack.cli.common import FormatOption, NameArgument

KindOption = Annotated[
    str | None,
    typer.Option("--kind", "-k", metavar="KIND", help="client, prospect, supplier, partner, colleague, employee, investor, bank, media, government, service, friend, family or other.", autocompletion=common.complete_kind),
]
OrgOption = Annotated[str | None, typer.Option("--org", metavar="ORG", help="Organisation or company.")]
EmailOption = Annotated[str | None, typer.Option("--email", metavar="EMAIL", help="Email address.")]
PhoneOption = Annotated[str | None, typer.Option("--phone", metavar="PHONE", help="Phone number.")]
TagOption = Annotated[list[str] | None, typer.Option("--tag", "-t", metavar="TAG", help="Tag (repeat for several).")]
EveryOption = Annotated[str | None, typer.Option("--every", metavar="DURATION", help="Ideal contact cadence: 2w, 1mo, monthly...")]
MaxOption = Annotated[str | None, typer.Option("--max", metavar="DURATION", help="Longest acceptable gap (default: 1.5 x cadence).")]
NoteOption = Annotated[str | None, typer.Option("--note", "-n", metavar="TEXT", help="Free-text notes about the contact.")]
IntroducedByOption = Annotated[
    str | None,
    typer.Option("--introduced-by", metavar="NAME", help="Who introduced them to you (a referral); '' clears it.", autocompletion=common.complete_name),
]


def _introducer(session, changes, introduced_by: str | None) -> None:  # type: ignore[no-untyped-def]
    """--introduced-by NAME, resolved to the contact's id; an empty value clears it."""
    if introduced_by is None:
        return
    if not introduced_by.strip():
        changes.clear_introduced_by = True
        return
    from reltrack.core.contacts import find_contact

    changes.introduced_by = find_contact(session, introduced_by).id


def _fields(kind, org, email, phone, tag, every, max_gap, note, untag=None):  # type: ignore[no-untyped-def]
    from reltrack.core.contacts import ContactFields

    return ContactFields(
        org=org,
        kind=kind,
        email=email,
        phone=phone,
        notes=note,
        every=None if common.is_clear(every) else common.duration(every, "--every"),
        max_gap=None if common.is_clear(max_gap) else common.duration(max_gap, "--max"),
        clear_every=common.is_clear(every),
        clear_max=common.is_clear(max_gap),
        tags=tag or [],
        untags=untag or [],
    )


def add(
    name: Annotated[str, typer.Argument(metavar="NEW_NAME", help="Full name, as you would say it. Unique, ignoring case.")],
    org: OrgOption = None,
    kind: KindOption = "other",
    email: EmailOption = None,
    phone: PhoneOption = None,
    tag: TagOption = None,
    every: EveryOption = None,
    max_gap: MaxOption = None,
    note: NoteOption = None,
    introduced_by: IntroducedByOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", metavar="", help="Add it even when its name differs from a contact's only by accents.")] = False,
) -> None:
    """Add a contact."""
    from reltrack.core.contacts import add_contact

    changes = _fields(kind, org, email, phone, tag, every, max_gap, note)
    with common.writing() as session:
        _introducer(session, changes, introduced_by)
        contact = add_contact(session, common.current().now, name, changes, insist=yes)
    common.say(f"Added {contact.name} ({contact.kind}). Log a touchpoint with: reltrack log \"{contact.name}\"")


def edit(
    name: NameArgument,
    new_name: Annotated[str | None, typer.Option("--name", metavar="NAME", help="Rename the contact.")] = None,
    org: OrgOption = None,
    kind: KindOption = None,
    email: EmailOption = None,
    phone: PhoneOption = None,
    tag: TagOption = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", metavar="TAG", help="Remove a tag (repeat for several).")] = None,
    every: EveryOption = None,
    max_gap: MaxOption = None,
    note: NoteOption = None,
    introduced_by: IntroducedByOption = None,
) -> None:
    """Change a contact. An empty value (--email '') clears a field; --every none clears the cadence."""
    from reltrack.core.contacts import edit_contact, find_contact

    changes = _fields(kind, org, email, phone, tag, every, max_gap, note, untag)
    with common.writing() as session:
        _introducer(session, changes, introduced_by)
        contact = edit_contact(session, find_contact(session, name).id, changes, new_name, common.current().now)  # type: ignore[arg-type]
    common.say(f"Updated {contact.name}.")


def show(name: NameArgument, fmt: FormatOption = None) -> None:
    """Everything about one contact: details, cadence, trust, open promises, feedback, a year of contact, recent touchpoints."""
    from reltrack.core.contacts import find_contact
    from reltrack.core.promises import PROMISE_COLUMNS
    from reltrack.core.reports.profile import contact_profile
    from reltrack.cli.touches import table_columns as touch_columns
    from reltrack.output import Column, as_day, choose_format, render_record

    invocation = common.current()
    with common.reading() as session:
        profile = contact_profile(session, invocation.config(), invocation.now, find_contact(session, name).id)  # type: ignore[arg-type]
    chosen = choose_format(fmt.value if fmt else None)
    if chosen == "json":
        components = {n: round(c.score, 1) for n, c in profile.trust.score.components.items()}
        render_record(
            [
                *profile.fields,
                ("trust_components", components),
                ("contacts_per_month", dict(profile.months)),
                ("open_promises", profile.open_promises),
                ("feedback", profile.feedback),
                ("recent_touches", profile.recent),
            ],
            "json",
        )
        return
    render_record(profile.fields, chosen, title=str(profile.fields[0][1]))
    if chosen != "table":
        return
    components = [{"component": n, "score": round(c.score, 1), "why": c.formula} for n, c in profile.trust.score.components.items()]
    common.render(common.Fmt.table, components, ("component", "score", "why"), title="Trust")
    common.render(common.Fmt.table, profile.open_promises, PROMISE_COLUMNS[:5], title="Open promises")
    if profile.feedback:
        common.render(common.Fmt.table, profile.feedback, ("id", "score", Column("at", cell=as_day), Column("note", max_width=60)), title="Feedback")
    common.render(common.Fmt.table, profile.recent, touch_columns(), title="Recent touchpoints")


def list_(
    kind: Annotated[str | None, typer.Option("--kind", "-k", metavar="KIND", help="Only this kind.", autocompletion=common.complete_kind)] = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t", metavar="TAG", help="Only contacts with this tag.")] = None,
    archived: Annotated[bool, typer.Option("--archived", metavar="", help="List archived contacts instead.")] = False,
    sort: Annotated[str, typer.Option("--sort", metavar="ORDER", help="name, last (longest without contact first) or due (soonest first).")] = "name",
    fmt: FormatOption = None,
) -> None:
    """List contacts."""
    from reltrack.core.reports.listing import list_contacts
    from reltrack.output import Column, as_day

    invocation = common.current()
    columns = [
        # on a narrow terminal: name, due_on, cadence, last_contact stay longest
        "name", Column("kind", priority=4, plain=True), Column("org", priority=6),
        Column("email", in_table=False), Column("phone", in_table=False),
        Column("tags", priority=5), Column("cadence", priority=2, plain=True), Column("last_contact", cell=as_day, priority=3),
        Column("due_on", priority=1, plain=True), Column("archived", in_table=False),
    ]  # fmt: skip
    with common.reading() as session:
        rows = list_contacts(session, invocation.config(), invocation.now, kind, tag, archived, sort)
        common.render(fmt, rows, columns, empty="No contacts match." if (kind or tag or archived) else _EMPTY_HINT)


_EMPTY_HINT = 'No contacts yet. Add one with: reltrack add "Ana Lima" --kind client --every 2w'


def archive(name: NameArgument) -> None:
    """Archive a contact: kept with its history, but never listed as due."""
    from reltrack.core.contacts import find_contact, set_archived

    with common.writing() as session:
        contact = set_archived(session, find_contact(session, name).id, common.current().now)  # type: ignore[arg-type]
    common.say(f"Archived {contact.name}. Bring them back with: reltrack unarchive \"{contact.name}\"")


def unarchive(name: NameArgument) -> None:
    """Bring an archived contact back."""
    from reltrack.core.contacts import find_contact, set_archived

    with common.writing() as session:
        contact = set_archived(session, find_contact(session, name).id, None)  # type: ignore[arg-type]
    common.say(f"{contact.name} is active again.")


def delete(
    name: NameArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", metavar="", help="Do not ask (needed when not on a terminal).")] = False,
) -> None:
    """Delete a contact and its history for good (touchpoints shared with others stay). Consider archive."""
    from reltrack.core.contacts import delete_contact, find_contact

    with common.reading() as session:
        contact = find_contact(session, name)
    # ask before taking the write lock: a prompt must not block other reltrack runs
    common.confirm_or_refuse(yes, f"Delete {contact.name} and their history?", f"refusing to delete {contact.name}")
    with common.writing() as session:
        deleted, removed = delete_contact(session, find_contact(session, contact.name).id)  # type: ignore[arg-type]
    from reltrack.output import counted

    common.say(f"Deleted {deleted.name} and {counted(removed, 'touchpoint')} that {'was' if removed == 1 else 'were'} theirs alone.")


def tags(fmt: FormatOption = None) -> None:
    """List tags with how many contacts carry each and their cadence."""
    from reltrack.core.contacts import TAG_COLUMNS, list_tags

    with common.reading() as session:
        rows = list_tags(session)
    common.render(fmt, rows, TAG_COLUMNS, empty="No tags yet. Tag a contact with: reltrack edit NAME --tag vip")


def tag_cadence(
    tag: Annotated[str, typer.Argument(metavar="TAG", help="An existing tag.")],
    every: Annotated[str, typer.Argument(metavar="DURATION", help="Cadence for contacts with this tag (2w, monthly...), or 'none'.")],
) -> None:
    """Set the cadence for contacts with a tag and no cadence of their own."""
    from reltrack.core.contacts import set_tag_cadence

    span = None if common.is_clear(every) else common.duration(every, "EVERY")
    with common.writing() as session:
        changed = set_tag_cadence(session, tag, span)
    common.say(f"Tag {changed.name}: cadence {changed.every or 'none'}.")
