"""The duty of candour's clock: working days skip weekends and each nation's bank holidays,
across Christmas and New Year, Easter, Scotland's 2 January and St Patrick's Day."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quadrant.assurance.incidents.candour import clock
from quadrant.assurance.incidents.candour.clock import (
    ENGLAND,
    IRELAND,
    NORTHERN_IRELAND,
    SCOTLAND,
    WALES,
    add_working_days,
    deadline,
    is_working_day,
    working_days_between,
)

UK = (ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND)
ALL = (*UK, IRELAND)
nations = st.sampled_from(ALL)
days = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2040, 12, 31))
years = st.integers(min_value=2015, max_value=2040)


def easter(year: int) -> dt.date:
    """Easter Sunday (the anonymous Gregorian computus), independent of the holidays package."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    n = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * n) // 451
    month, day = divmod(h + n - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _last_monday(year: int, month: int) -> dt.date:
    day = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=day.weekday())


def _first_monday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 1)
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def england_reference(year: int) -> set[dt.date]:
    """England's bank holidays by the rules of the Banking and Financial Dealings Act, for
    years without a one-off (2024 onwards): a reference the package must agree with."""
    new_year = dt.date(year, 1, 1)
    if new_year.weekday() >= 5:
        new_year += dt.timedelta(days=7 - new_year.weekday())
    christmas, boxing = dt.date(year, 12, 25), dt.date(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday: Monday and Tuesday
        christmas, boxing = christmas + dt.timedelta(days=2), boxing + dt.timedelta(days=2)
    elif christmas.weekday() == 6:  # Sunday: Boxing Day Monday, Christmas Tuesday
        christmas, boxing = christmas + dt.timedelta(days=2), boxing
    elif christmas.weekday() == 4:  # Friday: Boxing Day on Monday
        boxing = boxing + dt.timedelta(days=2)
    sunday = easter(year)
    return {
        new_year, sunday - dt.timedelta(days=2), sunday + dt.timedelta(days=1),
        _first_monday(year, 5), _last_monday(year, 5), _last_monday(year, 8), christmas, boxing,
    }  # fmt: skip


# ---------------------------------------------------------------- known dates


@pytest.mark.parametrize(
    ("nation", "start", "expected"),
    [
        # Friday 18 December 2026: Christmas (Fri), Boxing Day (Mon 28) and New Year (Fri 1)
        # are skipped; Scotland adds 2 January (a Saturday, so Monday 4); Ireland's St
        # Stephen's Day falls on the Saturday and moves nothing.
        (ENGLAND, dt.date(2026, 12, 18), dt.date(2027, 1, 6)),
        (WALES, dt.date(2026, 12, 18), dt.date(2027, 1, 6)),
        (NORTHERN_IRELAND, dt.date(2026, 12, 18), dt.date(2027, 1, 6)),
        (SCOTLAND, dt.date(2026, 12, 18), dt.date(2027, 1, 7)),
        (IRELAND, dt.date(2026, 12, 18), dt.date(2027, 1, 5)),
        # Monday 15 March 2027: St Patrick's Day (Wed 17) in Northern Ireland and Ireland,
        # Good Friday (26) in the UK only, Easter Monday (29) everywhere but Scotland.
        (ENGLAND, dt.date(2027, 3, 15), dt.date(2027, 3, 31)),
        (WALES, dt.date(2027, 3, 15), dt.date(2027, 3, 31)),
        (SCOTLAND, dt.date(2027, 3, 15), dt.date(2027, 3, 30)),
        (NORTHERN_IRELAND, dt.date(2027, 3, 15), dt.date(2027, 4, 1)),
        (IRELAND, dt.date(2027, 3, 15), dt.date(2027, 3, 31)),
        # An ordinary fortnight: two weekends, no holiday.
        (ENGLAND, dt.date(2026, 10, 5), dt.date(2026, 10, 19)),
        # A clock started on a Saturday counts the Monday as day 1.
        (ENGLAND, dt.date(2026, 10, 3), dt.date(2026, 10, 16)),
    ],
)
def test_known_deadlines(nation, start, expected):
    assert deadline(start, nation) == expected
    assert working_days_between(start, expected, nation) == clock.DEADLINE_DAYS


def test_known_working_days():
    assert not is_working_day(dt.date(2027, 1, 2), SCOTLAND)  # Saturday anyway
    assert not is_working_day(dt.date(2026, 1, 2), SCOTLAND)  # Friday, 2 January
    assert is_working_day(dt.date(2026, 1, 2), ENGLAND)
    assert not is_working_day(dt.date(2026, 3, 17), NORTHERN_IRELAND)
    assert not is_working_day(dt.date(2026, 3, 17), IRELAND)
    assert is_working_day(dt.date(2026, 3, 17), ENGLAND)
    assert not is_working_day(dt.date(2026, 4, 3), WALES)  # Good Friday
    assert is_working_day(dt.date(2026, 4, 3), IRELAND)  # not a public holiday there
    assert is_working_day(dt.date(2026, 4, 6), SCOTLAND)  # Easter Monday is not Scotland's
    assert not is_working_day(dt.date(2026, 12, 28), ENGLAND)  # Boxing Day substitute
    assert not is_working_day(dt.date(2026, 8, 3), SCOTLAND)  # first Monday of August
    assert is_working_day(dt.date(2026, 8, 3), ENGLAND)
    assert not is_working_day(dt.date(2026, 8, 31), ENGLAND)


def test_counting_between():
    assert working_days_between(dt.date(2026, 12, 24), dt.date(2026, 12, 29), ENGLAND) == 1
    assert working_days_between(dt.date(2026, 12, 29), dt.date(2026, 12, 24), ENGLAND) == -1
    assert working_days_between(dt.date(2026, 10, 5), dt.date(2026, 10, 5), ENGLAND) == 0
    assert add_working_days(dt.date(2026, 12, 29), -1, ENGLAND) == dt.date(2026, 12, 24)
    assert add_working_days(dt.date(2026, 12, 25), 0, ENGLAND) == dt.date(2026, 12, 25)


def test_an_unknown_nation_is_refused_by_name():
    with pytest.raises(clock.UnknownNation, match="Nation must be one of ENG, WLS"):
        deadline(dt.date(2026, 1, 5), "FR")
    with pytest.raises(ValueError, match="0 or more"):
        deadline(dt.date(2026, 1, 5), ENGLAND, days=-1)
    assert clock.nation_name(NORTHERN_IRELAND) == "Northern Ireland"


def test_the_clock_imports_no_django():
    code = (
        "import sys; import quadrant.assurance.incidents.candour.clock as c, datetime as d;"
        "c.deadline(d.date(2026, 1, 5), 'ENG');"
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# ---------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None)
@given(start=days, n=st.integers(min_value=0, max_value=40), nation=nations)
def test_adding_then_counting_gives_back_n(start, n, nation):
    end = add_working_days(start, n, nation)
    assert working_days_between(start, end, nation) == n
    assert working_days_between(end, start, nation) == -n
    if n:
        assert end > start and is_working_day(end, nation)
        assert add_working_days(end, -n, nation) <= start  # back to the working day at or before
        # The day before the result is not past the deadline yet: nothing was skipped twice.
        assert working_days_between(start, end - dt.timedelta(days=1), nation) == n - 1


@settings(max_examples=300, deadline=None)
@given(start=days, nation=nations)
def test_ten_working_days_take_two_to_three_and_a_bit_weeks(start, nation):
    end = deadline(start, nation)
    # Two weekends (only one and a half ahead of a clock started on a Sunday); at most
    # Christmas, Boxing Day, New Year, 2 January and their substitutes on top.
    assert (12 if start.weekday() >= 5 else 14) <= (end - start).days <= 22
    assert add_working_days(start, clock.DEADLINE_DAYS + 1, nation) > end


@settings(max_examples=100, deadline=None)
@given(year=years, nation=nations)
def test_christmas_and_new_year_are_never_working_days(year, nation):
    for day in (dt.date(year, 12, 25), dt.date(year, 1, 1)):
        assert not is_working_day(day, nation)
    if nation in UK:
        assert not is_working_day(dt.date(year, 12, 26), nation)


@settings(max_examples=100, deadline=None)
@given(year=years, nation=nations)
def test_scotlands_second_of_january(year, nation):
    second = dt.date(year, 1, 2)
    if nation == SCOTLAND:
        assert not is_working_day(second, nation)
    elif second.weekday() < 5 and second.weekday() != 0:  # a Monday may be New Year's substitute
        assert is_working_day(second, nation)


@settings(max_examples=100, deadline=None)
@given(year=years, nation=nations)
def test_st_patricks_day(year, nation):
    day = dt.date(year, 3, 17)
    sunday = easter(year)
    if nation in (NORTHERN_IRELAND, IRELAND):
        assert not is_working_day(day, nation)
    elif day.weekday() < 5 and day not in (sunday - dt.timedelta(2), sunday + dt.timedelta(1)):
        assert is_working_day(day, nation)


@settings(max_examples=100, deadline=None)
@given(year=years, nation=nations)
def test_easter(year, nation):
    sunday = easter(year)
    good_friday, easter_monday = sunday - dt.timedelta(days=2), sunday + dt.timedelta(days=1)
    assert is_working_day(good_friday, nation) == (nation == IRELAND)
    assert is_working_day(easter_monday, nation) == (nation == SCOTLAND)


@settings(max_examples=60, deadline=None)
@given(year=st.integers(min_value=2024, max_value=2040))
def test_england_matches_the_statutory_rules(year):
    # The package also lists the day a substituted holiday falls on (a weekend): compare the
    # weekdays lost, which is what the clock counts.
    lost = {day for day in clock.bank_holidays(ENGLAND, year) if day.weekday() < 5}
    assert lost == england_reference(year)


@settings(max_examples=200, deadline=None)
@given(start=st.dates(min_value=dt.date(2024, 12, 1), max_value=dt.date(2040, 12, 31)))
def test_england_counts_like_the_reference(start):
    end = deadline(start, ENGLAND)
    reference = england_reference(start.year) | england_reference(end.year)
    day, counted = start, 0
    while day < end:
        day += dt.timedelta(days=1)
        counted += day.weekday() < 5 and day not in reference
    assert counted == clock.DEADLINE_DAYS
