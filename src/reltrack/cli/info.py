"""The `info` command: where things are and how much is there."""

from __future__ import annotations

from reltrack.cli import common
from reltrack.cli.common import FormatOption


def info(fmt: FormatOption = None) -> None:
    """Database location, schema version, counts, and the config file."""
    from reltrack import __version__
    from reltrack.output import render_record
    from reltrack.store.db import display_url
    from reltrack.store.contacts import table_counts

    invocation = common.current()
    database = invocation.database()
    config = invocation.config()
    with database.session() as session:
        counts = table_counts(session)
    render_record(
        [
            ("version", __version__),
            ("database", display_url(database.url)),
            ("schema", database.schema_version()),
            *counts.items(),
            ("config", f"{config.path}" + ("" if config.exists else " (not present: defaults in use)")),
        ],
        fmt.value if fmt else None,
        title="reltrack",
    )
