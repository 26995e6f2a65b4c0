"""The config file (`config.toml`) and the defaults it overrides.

Location: `$RELTRACK_CONFIG`, else `platformdirs.user_config_dir("reltrack")/config.toml`.
Every key is optional; see docs/configuration.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from reltrack.core.rules.dates import DAY_ORDERS, DayOrder, Duration, parse_duration
from reltrack.core.rules.scoring import ScoringSettings
from reltrack.vocab import KINDS, currency
from reltrack.errors import ConfigError, InvalidInput

DEFAULT_CURRENCY = "EUR"

DEFAULT_CADENCE = {
    "client": "2w",
    "prospect": "1w",
    "supplier": "1mo",
    "partner": "1mo",
    "service": "1mo",
    "colleague": "1mo",
    "employee": "1mo",
    "investor": "3mo",
    "bank": "3mo",
    "media": "3mo",
    "government": "3mo",
    "friend": "1mo",
    "family": "2w",
    "other": None,
}


@dataclass(frozen=True)
class Config:
    path: Path
    exists: bool
    cadence_by_kind: dict[str, Duration | None] = field(default_factory=dict)
    max_factor: float = 1.5  # longest acceptable gap = max_factor x cadence, unless --max is set
    scoring: ScoringSettings = field(default_factory=ScoringSettings)
    currency: str = DEFAULT_CURRENCY  # of deals recorded without --currency, and of the portfolio
    day_order: DayOrder = "day-first"  # how 5/6/2026 reads: [dates] order, see docs/dates.md
    # who enters what, recorded on touchpoints, promises and feedback (team mode, docs/team.md)
    user: str = field(default_factory=lambda: login_name())


def login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment nor in the password database
        return "unknown"


MAX_FACTOR_LIMIT = 100.0  # beyond, a gap of a hundred cadences: a typo, and past any calendar for yearly ones


def config_path() -> Path:
    override = os.environ.get("RELTRACK_CONFIG")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("reltrack")) / "config.toml"


def _duration_or_none(value: object, where: str) -> Duration | None:
    if value in (None, "", "none", False):
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{where}: expected a duration such as \"2w\", got {value!r}")
    try:
        return parse_duration(value)
    except InvalidInput as problem:
        raise ConfigError(f"{where}: {problem}") from None


def _number(table: dict, key: str, default: float, where: str) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"{where}.{key}: expected a positive number, got {value!r}")
    return float(value)


def _max_factor(table: dict, path: Path) -> float:
    """Below 1 the longest acceptable gap would be shorter than the cadence, and shrink it (docs/due.md)."""
    value = _number(table, "max_factor", 1.5, f"{path}: due")
    if not 1 <= value <= MAX_FACTOR_LIMIT:
        raise ConfigError(f"{path}: due.max_factor: expected a number from 1 to {MAX_FACTOR_LIMIT:g}, got {value:g}")
    return value


def load_config() -> Config:
    path = config_path()
    raw: dict = {}
    if path.is_file():
        import tomllib

        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as problem:
            raise ConfigError(f"cannot read config file {path}: {problem}") from None

    cadence_table = _table(raw, "cadence", path)
    unknown = sorted(set(cadence_table) - set(KINDS))
    if unknown:
        raise ConfigError(f"{path}: [cadence] has unknown kind '{unknown[0]}' (kinds: {', '.join(KINDS)})")
    cadence = {
        kind: _duration_or_none(cadence_table.get(kind, DEFAULT_CADENCE[kind]), f"{path}: cadence.{kind}")
        for kind in KINDS
    }
    due_table = _table(raw, "due", path)
    return Config(
        path=path,
        exists=path.is_file(),
        cadence_by_kind=cadence,
        max_factor=_max_factor(due_table, path),
        scoring=_scoring(raw, path),
        currency=_currency(_table(raw, "money", path), path),
        day_order=_day_order(_table(raw, "dates", path), path),
        user=_user(raw, path),
    )


def _day_order(table: dict, path: Path) -> DayOrder:
    order = table.get("order", "day-first")
    if order not in DAY_ORDERS:
        raise ConfigError(f"{path}: dates.order: expected \"day-first\" or \"month-first\", got {order!r}")
    return order


def _user(raw: dict, path: Path) -> str:
    value = raw.get("user")
    if value is None:
        return login_name()
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{path}: user: expected a name such as \"ana\", got {value!r}")
    return " ".join(value.split())


def _currency(table: dict, path: Path) -> str:
    value = table.get("currency", DEFAULT_CURRENCY)
    if not isinstance(value, str):
        raise ConfigError(f"{path}: money.currency: expected a currency code such as \"EUR\", got {value!r}")
    try:
        return currency(value)
    except InvalidInput as problem:
        raise ConfigError(f"{path}: money.currency: {problem}") from None


def _table(raw: dict, name: str, path: Path) -> dict:
    table = raw.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{name}] must be a table")
    return table


def _scoring(raw: dict, path: Path) -> ScoringSettings:
    trust, quiet = _table(raw, "trust", path), _table(raw, "quiet", path)
    weights = trust.get("weights", {})
    if not isinstance(weights, dict) or any(isinstance(v, bool) or not isinstance(v, int | float) for v in weights.values()):
        raise ConfigError(f"{path}: [trust.weights] must map component names to numbers")
    defaults = ScoringSettings()
    try:
        return ScoringSettings(
            weights=weights or defaults.weights,
            half_life_days=_number(trust, "half_life_days", defaults.half_life_days, f"{path}: trust"),
            quiet_factor=_number(quiet, "factor", defaults.quiet_factor, f"{path}: quiet"),
            quiet_min_gap_days=int(_number(quiet, "min_gap_days", defaults.quiet_min_gap_days, f"{path}: quiet")),
        )
    except ValueError as problem:
        raise ConfigError(f"{path}: {problem}") from None
