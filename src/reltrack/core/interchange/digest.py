"""The review as a Markdown digest: a page to keep, or to mail to yourself."""

from __future__ import annotations

from reltrack.core.reports.review import SECTIONS, Review


def _escape(text: str) -> str:
    """Text that Markdown would otherwise read as emphasis, links or markup."""
    for mark in ("\\", "*", "_", "`", "[", "]", "<"):
        text = text.replace(mark, "\\" + mark)
    return text


def markdown(digest: Review, marked: bool = False) -> str:
    since, until = digest.since.astimezone(), digest.until.astimezone()
    covered = f"{since:%Y-%m-%d %H:%M} to {until:%Y-%m-%d %H:%M}"
    if digest.first:
        covered += " (the first review: the last 30 days)"
    elif digest.last_review is not None and digest.last_review == digest.since:
        covered += " (since the last review)"
    lines = [f"# reltrack review, {until:%Y-%m-%d}", "", f"What changed from {covered}.", ""]
    for key, heading in SECTIONS:
        items = digest.sections.get(key) or []
        if not items:
            continue
        lines += [f"## {heading} ({len(items)})", ""]
        for item in items:
            who = f"**{_escape(item.contact)}**: " if item.contact else ""
            lines.append(f"- {who}{_escape(item.detail)}")
        lines.append("")
    if digest.quiet_sections:
        lines += [f"Nothing to report on: {', '.join(heading.lower() for heading in digest.quiet_sections)}.", ""]
    if marked:
        lines.append(f"Marked done on {until:%Y-%m-%d %H:%M}: the next review starts from here.")
    else:
        lines.append("Mark this review done with `reltrack review --mark`; the next one starts from then.")
    return "\n".join(lines) + "\n"
