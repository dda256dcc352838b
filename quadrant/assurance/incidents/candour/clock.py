"""The duty of candour's clock in working days: weekends and the nation's bank holidays do not
count. Pure Python (no Django), so it can be tested and reused on its own.

The bank holidays come from the `holidays` package, read once per nation and year. A nation
is one of NATIONS: the four UK nations by their subdivision code, and Ireland (IE) for an
Irish health board.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND, IRELAND = "ENG", "WLS", "SCT", "NIR", "IE"

#: Each nation's code and its name, in the order a settings page lists them.
NATIONS: tuple[tuple[str, str], ...] = (
    (ENGLAND, "England"),
    (WALES, "Wales"),
    (SCOTLAND, "Scotland"),
    (NORTHERN_IRELAND, "Northern Ireland"),
    (IRELAND, "Ireland"),
)
DEFAULT_NATION = ENGLAND
#: The working days the NHS Standard Contract gives to notify (moderate harm and above).
DEADLINE_DAYS = 10

_CALENDARS = {
    ENGLAND: ("GB", "ENG"),
    WALES: ("GB", "WLS"),
    SCOTLAND: ("GB", "SCT"),
    NORTHERN_IRELAND: ("GB", "NIR"),
    IRELAND: ("IE", None),
}


class UnknownNation(ValueError):
    """A nation code that is not one of NATIONS."""


def _calendar(nation: str) -> tuple[str, str | None]:
    try:
        return _CALENDARS[nation]
    except KeyError:
        known = ", ".join(code for code, _ in NATIONS)
        raise UnknownNation(f"Nation must be one of {known}, not {nation!r}") from None


@functools.lru_cache(maxsize=256)
def bank_holidays(nation: str, year: int) -> frozenset[dt.date]:
    """The bank holidays of NATION in YEAR (substitute days included)."""
    import holidays  # the one dependency: read on first use, so importing this costs nothing

    country, subdivision = _calendar(nation)
    found = holidays.country_holidays(country, subdiv=subdivision, years=year)
    return frozenset(day for day in found if day.year == year)


def is_working_day(day: dt.date, nation: str) -> bool:
    """Monday to Friday and not one of NATION's bank holidays."""
    return day.weekday() < 5 and day not in bank_holidays(nation, day.year)


def add_working_days(start: dt.date, n: int, nation: str) -> dt.date:
    """The Nth working day after START (before it when N is negative); START itself for 0.

    START need not be a working day: a clock started on a Saturday counts Monday as day 1."""
    _calendar(nation)
    step = 1 if n >= 0 else -1
    day, left = start, abs(n)
    while left:
        day += dt.timedelta(days=step)
        if is_working_day(day, nation):
            left -= 1
    return day


def working_days_between(a: dt.date, b: dt.date, nation: str) -> int:
    """The working days after A up to and including B (negative when B is before A), so that
    working_days_between(a, add_working_days(a, n, nation), nation) == n."""
    _calendar(nation)
    if b < a:
        return -working_days_between(b, a, nation)
    return sum(1 for day in _days(a + dt.timedelta(days=1), b) if is_working_day(day, nation))


def _days(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def deadline(start: dt.date, nation: str, days: int = DEADLINE_DAYS) -> dt.date:
    """The last day to meet the duty for a clock started on START: DAYS working days later."""
    if days < 0:
        raise ValueError("The number of working days must be 0 or more")
    return add_working_days(start, days, nation)


def nation_name(nation: str) -> str:
    """The nation's name as people say it ("Northern Ireland")."""
    _calendar(nation)
    return dict(NATIONS)[nation]
