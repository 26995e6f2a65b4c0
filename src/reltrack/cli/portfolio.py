"""Commands about the relationships as a whole: network (referrals and colleagues) and review."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from reltrack.cli import common
from reltrack.cli.common import FormatOption, NameArgument


def network(name: NameArgument, fmt: FormatOption = None) -> None:
    """Who introduced a contact, whom they introduced (and the value won with them), and their colleagues."""
    from reltrack.core.contacts import find_contact
    from reltrack.core.reports.network import NETWORK_COLUMNS, network as network_rows
    from reltrack.output import Column, as_day

    invocation = common.current()
    with common.reading() as session:
        contact = find_contact(session, name)
        rows = network_rows(session, invocation.config(), invocation.now, contact.id)  # type: ignore[arg-type]
    cells = {"last_contact": as_day, "trust": lambda value: f"{value:.0f}"}
    columns = [
        Column(key, "won" if key == "won_value" else "", justify="right" if key in ("trust", "won_value", "won_deals") else "left",
               cell=cells.get(key), plain=key in ("trust", "won_value", "won_deals"), in_table=key != "kind")
        for key in NETWORK_COLUMNS
    ]  # fmt: skip
    hint = f'No introductions or colleagues recorded for {contact.name}. Record who introduced someone with: reltrack edit NAME --introduced-by "{contact.name}"'
    common.render(fmt, rows, columns, title=f"Network of {contact.name}", empty=hint)


class ReviewFormat(str, Enum):
    table = "table"
    md = "md"
    json = "json"


def review(
    since: Annotated[str | None, typer.Option("--since", metavar="WHEN", help="Cover from this date (default: the last review marked done, else 30 days ago).")] = None,
    mark: Annotated[bool, typer.Option("--mark", metavar="", help="Record that the review was done: the next one starts from now.")] = False,
    fmt: Annotated[
        ReviewFormat | None,
        typer.Option("--format", "-f", metavar="FORMAT", help="table, md (a Markdown digest) or json (default: table on a terminal, md when piped)."),
    ] = None,
) -> None:
    """What changed since the last review: quiet relationships, trust lost, promises broken, value at risk, renewals."""
    from reltrack.core.interchange.digest import markdown
    from reltrack.core.reports.review import mark_review, review as review_of, review_record

    invocation = common.current()
    start = common.when(since, "--since")
    with common.reading() as session:
        digest = review_of(session, invocation.config(), invocation.now, start)
    if mark:
        with common.writing() as session:
            mark_review(session, invocation.now, digest.since)
    chosen = fmt.value if fmt else ("table" if sys.stdout.isatty() else "md")
    if chosen == "json":
        import json

        sys.stdout.write(json.dumps(review_record(digest), ensure_ascii=False, indent=2) + "\n")
    elif chosen == "md":
        sys.stdout.write(markdown(digest, marked=mark))
    else:
        from rich.markdown import Markdown

        from reltrack.output import console

        console().print(Markdown(markdown(digest, marked=mark)))
    if mark:
        common.say(f"Review marked done; the next one covers what changes from {invocation.now.astimezone():%Y-%m-%d %H:%M}.")
