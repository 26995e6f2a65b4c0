"""`reltrack report trust | nps | frequency | portfolio | risk`: how relationships are doing, with the reasons behind the numbers."""

from __future__ import annotations

from typing import Annotated

import typer

from reltrack.cli import common
from reltrack.cli.help import Command, Group
from reltrack.cli.common import FormatOption

report_app = typer.Typer(cls=Group, help="Reports: trust, NPS, contact frequency, the portfolio and its risks.", no_args_is_help=True)

AsOfOption = Annotated[str | None, typer.Option("--as-of", metavar="WHEN", help="Judge as of this date instead of now.")]
CONFIDENCE_STYLE = {"low": "dim", "medium": None, "high": "bold"}


def _trend_cell(value: float) -> str:
    return f"{value:+.1f}"


@report_app.command("trust", cls=Command)
def trust(
    as_of: AsOfOption = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", metavar="KIND", help="Only this kind.", autocompletion=common.complete_kind)] = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t", metavar="TAG", help="Only contacts with this tag.")] = None,
    sort: Annotated[str, typer.Option("--sort", metavar="ORDER", help="trust (highest first, low confidence last), name, or trend (rising first).")] = "trust",
    explain_name: Annotated[
        str | None,
        typer.Option("--explain", metavar="NAME", help="Show the calculation for one contact, term by term.", autocompletion=common.complete_name),
    ] = None,
    fmt: FormatOption = None,
) -> None:
    """Trust per contact (0-100): reliability, consistency, depth, reciprocity, satisfaction."""
    from reltrack.core.rules.scoring import COMPONENTS
    from reltrack.core.reports.trust import TRUST_COLUMNS, trust_report
    from reltrack.output import Column

    invocation = common.current()
    moment = common.as_of(as_of)
    if explain_name is not None:
        _explain(explain_name, moment, fmt)
        return
    with common.reading() as session:
        rows = trust_report(session, invocation.config(), moment, kind, tag, sort)
    whole = lambda value: f"{value:.0f}"  # noqa: E731  (tables show whole points; data keeps one decimal)
    headers = {"confidence": "conf", "reliability": "rel", "consistency": "cons", "depth": "depth", "reciprocity": "recip", "satisfaction": "satis"}
    columns = [
        Column("contact", min_width=14),
        Column("kind", in_table=False),
        Column("trust", justify="right", cell=whole, style=lambda _: "bold", plain=True),
        Column("confidence", "conf", style=CONFIDENCE_STYLE.get),
        Column("trend", justify="right", cell=_trend_cell, plain=True),
        *[Column(name, headers[name], justify="right", cell=whole, plain=True) for name in COMPONENTS],
        *[Column(key, in_table=False, plain=key != "last_contact") for key in TRUST_COLUMNS[10:]],
    ]
    common.render(fmt, rows, columns, empty="No contacts to score yet.")


def _explain(name: str, moment, fmt: common.Fmt | None) -> None:  # type: ignore[no-untyped-def]
    from reltrack.core.contacts import find_contact
    from reltrack.core.reports.trust import explain
    from reltrack.errors import InvalidInput
    from reltrack.output import as_json_value, choose_format, console, counted

    invocation = common.current()
    with common.reading() as session:
        contact = find_contact(session, name)
        explanation = explain(session, invocation.config(), moment, contact.id)  # type: ignore[arg-type]
    score = explanation.score
    if fmt in (common.Fmt.csv, common.Fmt.tsv):  # piped without -f, the text below is printed as it is
        raise InvalidInput(f"--explain prints text or json, not {fmt.value}: use -f json (or -f {fmt.value} without --explain for the trust table)")
    if choose_format(fmt.value if fmt else None) == "json":
        import json

        payload = {
            "contact": explanation.contact,
            "as_of": as_json_value(explanation.as_of),
            "trust": round(score.trust, 1),
            "confidence": score.confidence,
            "evidence": score.evidence,
            "trend": None if score.trend is None else round(score.trend, 1),
            "formula": score.formula,
            "components": [
                {
                    "name": part.name,
                    "score": round(part.score, 1),
                    "weight": explanation.weights[part.name],
                    "evidence": part.evidence,
                    "terms": {term.label: term.value for term in part.terms},
                    "formula": part.formula,
                }
                for part in score.components.values()
            ],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    from rich.markup import escape

    out = console()
    out.print(f"[bold]Trust in {escape(explanation.contact)}[/] as of {explanation.as_of.astimezone():%Y-%m-%d}: "
              f"[bold]{score.trust:.1f}[/] ({score.confidence} confidence, {counted(score.evidence, 'piece', 'pieces')} of evidence)")  # fmt: skip
    for part in score.components.values():
        out.print(f"\n[bold]{part.name}[/] = {part.score:.1f}  (weight {explanation.weights[part.name]:g}, evidence {part.evidence})")
        for term in part.terms:
            out.print(f"  {escape(term.label)}: {term.value:g}")
        out.print(f"  {escape(part.formula)}")
    out.print(f"\n[bold]trust[/] = weighted mean = {escape(score.formula)}")
    trend = "not enough history 90 days ago" if score.trend is None else f"{score.trend:+.1f} against 90 days earlier"
    out.print(f"[bold]trend[/]: {trend}")


@report_app.command("nps", cls=Command)
def nps(
    since: Annotated[str | None, typer.Option("--since", metavar="WHEN", help="Answers from this date on (default: 1y ago).")] = None,
    by: Annotated[str | None, typer.Option("--by", metavar="GROUP", help="Break down by: kind.")] = None,
    fmt: FormatOption = None,
) -> None:
    """Net Promoter Score: promoters (9-10) minus detractors (0-6), from each contact's latest answer."""
    from reltrack.core.reports.nps import NPS_COLUMNS, nps_report
    from reltrack.errors import InvalidInput
    from reltrack.output import Column

    if by not in (None, "kind"):
        raise InvalidInput(f"invalid value for --by: '{by}' (choose: kind)")
    invocation = common.current()
    start = common.when(since or "1y ago", "--since")
    with common.reading() as session:
        rows = nps_report(session, start, invocation.now, by_kind=by == "kind")  # type: ignore[arg-type]
    columns = [Column(key, justify="left" if key == "group" else "right", plain=key != "group") for key in NPS_COLUMNS]
    common.render(fmt, rows, columns)


@report_app.command("frequency", cls=Command)
def frequency(
    period: Annotated[str, typer.Option("--period", "-p", metavar="PERIOD", help="week, month or quarter.")] = "month",
    since: Annotated[str | None, typer.Option("--since", metavar="WHEN", help="From this date (default: the last 12 months).")] = None,
    until: Annotated[str | None, typer.Option("--until", metavar="WHEN", help="Up to this date (default: now).")] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", metavar="KIND", help="Only this kind.", autocompletion=common.complete_kind)] = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t", metavar="TAG", help="Only contacts with this tag.")] = None,
    by: Annotated[str | None, typer.Option("--by", metavar="GROUP", help="Group by channel instead of by contact.")] = None,
    fmt: FormatOption = None,
) -> None:
    """How often you were in touch, per contact and period; periods without contact are zeros."""
    from reltrack.core.rules.periods import sparkline
    from reltrack.core.reports.frequency import (
        CHANNEL_FREQUENCY_COLUMNS,
        FREQUENCY_COLUMNS,
        frequency_report,
        summarise,
    )
    from reltrack.errors import InvalidInput
    from reltrack.output import Column, choose_format, write_groups

    if by not in (None, "channel"):
        raise InvalidInput(f"invalid value for --by: '{by}' (choose: channel)")
    invocation = common.current()
    start, end = common.when(since, "--since"), common.until(until)
    with common.reading() as session:
        report = frequency_report(
            session, invocation.config(), invocation.now, period, start, end, kind, tag, by_channel=by == "channel"
        )
        keys = CHANNEL_FREQUENCY_COLUMNS if by else FREQUENCY_COLUMNS
        if not common.table_wanted(fmt):
            columns = [Column(key, plain=key not in ("contact", "channel", "period_start")) for key in keys]
            write_groups(report.groups, columns, choose_format(fmt.value if fmt else None))
            return
        summaries = summarise(report)
    label = f"{report.starts[0].isoformat()} to {report.starts[-1].isoformat()}, by {period}"
    columns = [
        Column("contact", by or "contact", min_width=14),
        Column("trend", label, cell=sparkline),
        Column("total", justify="right"),
        Column("average", f"per {period}", justify="right", cell=lambda v: f"{v:.1f}"),
        Column("change", "2nd half vs 1st", justify="right", cell=lambda v: f"{v:+d}"),
    ]
    common.render(fmt, summaries, columns, empty="No contacts to report on.")


PeriodOption = Annotated[str, typer.Option("--period", "-p", metavar="DURATION", help="The span reported on, ending at --as-of: 12mo, 6mo, 1y, 90d.")]
PORTFOLIO_STATUS_STYLE = {"lapsed": "dim", "at-risk": "bold red", "new": "cyan", "active": None}


@report_app.command("portfolio", cls=Command)
def portfolio(
    as_of: AsOfOption = None,
    period: PeriodOption = "12mo",
    by: Annotated[str | None, typer.Option("--by", metavar="GROUP", help="One row per kind, tag or org instead of per contact.")] = None,
    currency: Annotated[str | None, typer.Option("--currency", metavar="CODE", help="Only this currency (ISO 4217: EUR, USD...).")] = None,
    summary: Annotated[bool, typer.Option("--summary", metavar="", help="Only the summary: retention, repeat rate, referrals, NPS, value, profit, hours.")] = False,
    fmt: FormatOption = None,
) -> None:
    """The relationship portfolio: what each relationship brought, how it stands, and a summary against the period before."""
    from reltrack.core.reports.portfolio import FIGURE_COLUMNS, GROUPINGS, PORTFOLIO_COLUMNS, portfolio_report, summary_record
    from reltrack.errors import InvalidInput
    from reltrack.output import Column, choose_format
    from reltrack.vocab import currency as currency_code

    if by is not None and by not in GROUPINGS:  # before the database is opened: a usage error writes nothing
        raise InvalidInput(f"invalid value for --by: '{by}' (choose from {', '.join(GROUPINGS)})")
    invocation = common.current()
    moment = common.as_of(as_of)
    span = common.duration(period, "--period")
    code = currency_code(currency) if currency else None
    with common.reading() as session:
        report = portfolio_report(session, invocation.config(), moment, span, by, code)  # type: ignore[arg-type]
    chosen = choose_format(fmt.value if fmt else None)
    empty = 'No relationships to report on yet: log a touchpoint, or record a won deal with: reltrack deal NAME "Website" --value 4800 --stage won'
    if report.empty and chosen == "table":
        common.say(empty)
        return
    whole = lambda value: f"{value:.0f}"  # noqa: E731
    summary_columns = [Column("figure"), Column("currency", "cur"), Column("value", "this period", justify="right"), Column("previous", justify="right")]
    if summary:
        if chosen == "json":
            import json

            print(json.dumps(summary_record(report), ensure_ascii=False, indent=2))
        else:
            common.render(fmt, report.summary, summary_columns if chosen == "table" else list(FIGURE_COLUMNS), title=_summary_title(report))
        return
    several = len({row.currency for row in report.rows}) > 1
    plain = {"tenure_days", "won_value", "cost", "profit", "won_deals", "referrals", "referred_value", "hours", "value_per_hour", "satisfaction", "nps", "trust"}
    headers = {"won_value": "won", "currency": "cur", "won_deals": "deals", "referrals": "refs", "value_per_hour": "value/h"}
    cells = {"hours": lambda hours: f"{hours:.1f}", "trust": whole}
    # the table keeps to what fits a terminal; every column is in tsv, csv and json
    shown = {"contact", "status", "won_value", "profit", "hours", "value_per_hour", "trust"} | ({"currency"} if several else set())
    columns = [
        Column(
            key, headers.get(key, ""), justify="right" if key in plain else "left", plain=key in plain, cell=cells.get(key),
            in_table=key in shown, style=PORTFOLIO_STATUS_STYLE.get if key == "status" and by is None else None,
            min_width=14 if key == "contact" else None,
        )
        for key in PORTFOLIO_COLUMNS
    ]  # fmt: skip
    if by is not None:
        columns[0] = Column("contact", by, min_width=12)
    currencies = "" if several or not report.rows else f" in {report.rows[0].currency}"
    title = f"Portfolio{currencies}, {report.first.isoformat()} to {report.last.isoformat()}"
    common.render(fmt, report.rows, columns, title=title if chosen == "table" else None, empty=empty)
    if chosen == "table":
        common.render(common.Fmt.table, report.summary, summary_columns, title=_summary_title(report))
        if report.other_currencies:
            common.say(f"Also won in {', '.join(report.other_currencies)}: see --currency {report.other_currencies[0]}.")


def _summary_title(report) -> str:  # type: ignore[no-untyped-def]
    return f"Summary (previous: {report.previous_first.isoformat()} to {report.previous_last.isoformat()})"


@report_app.command("risk", cls=Command)
def risk(as_of: AsOfOption = None, period: PeriodOption = "12mo", fmt: FormatOption = None) -> None:
    """Where the business is exposed: concentration, valuable relationships at risk, unreliable suppliers, agreements ending."""
    from reltrack.core.reports.risk import RISK_COLUMNS, risk_report
    from reltrack.output import Column

    invocation = common.current()
    moment = common.as_of(as_of)
    span = common.duration(period, "--period")
    with common.reading() as session:
        rows = risk_report(session, invocation.config(), moment, span)  # type: ignore[arg-type]
    level_style = {"high": "bold red", "medium": "yellow"}
    columns = [
        Column(key, "cur" if key == "currency" else "", style=level_style.get if key == "level" else None,
               justify="right" if key == "severity" else "left", plain=key == "severity",
               cell=(lambda v: f"{v:.0f}") if key == "severity" else None, max_width=70 if key == "reason" else None)
        for key in RISK_COLUMNS
    ]  # fmt: skip
    common.render(fmt, rows, columns, empty=f"No risks found over the last {span}: income is spread, valuable relationships are well, suppliers deliver, no agreement is ending unreplaced.")
