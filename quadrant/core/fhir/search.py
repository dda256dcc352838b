"""FHIR search parameters: `_count` (resources a page), `_page` (which page, from 1) and
`_lastUpdated` (ge, le, gt, lt or eq a FHIR dateTime, on each resource's last change; repeat
it to give a range). A bad value is a SearchProblem naming the parameter."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

MAX_COUNT = 1000
PREFIXES = ("ge", "le", "gt", "lt", "eq")
_DATE_TIME = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?P<fraction>\.\d{1,6})?)?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2})?)?)?)?\Z"
)


class SearchProblem(Exception):
    """A search parameter's value cannot be used: PARAMETER and what is wrong, in words."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(message)


@dataclass(frozen=True)
class Paging:
    count: int | None  # None: no _count given (every resource, or the endpoint's default)
    page: int


def whole_number(params: Any, name: str, lowest: int, highest: int | None) -> int | None:
    """The query parameter NAME as a whole number from LOWEST (to HIGHEST), or None."""
    text = params.get(name)
    if text is None:
        return None
    top = f" to {highest:,}" if highest is not None else " or more"
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise SearchProblem(name, f"{name} must be a whole number from {lowest}{top}")
    number = int(text)
    if number < lowest or (highest is not None and number > highest):
        raise SearchProblem(name, f"{name} must be a whole number from {lowest}{top}")
    return number


def paging(params: Any, *, default: int | None = None, what: str = "reports") -> Paging:
    """`_count` (DEFAULT when absent: None, every one) and `_page`; WHAT a page holds."""
    count = whole_number(params, "_count", 1, MAX_COUNT)
    page = whole_number(params, "_page", 1, None) or 1
    if count is None and default is None and page > 1:
        raise SearchProblem("_page", f"_page needs _count (how many {what} a page holds)")
    return Paging(count if count is not None else default, page)


def _span(match: re.Match[str]) -> tuple[dt.datetime, dt.datetime]:
    """The instants a FHIR dateTime covers, as [first, after)."""
    part = {name: int(value) for name, value in match.groupdict().items() if value and name
            not in ("zone", "fraction")}  # fmt: skip
    year, month, day = part["year"], part.get("month", 1), part.get("day", 1)
    zone: dt.tzinfo = timezone.get_default_timezone()
    if offset := match["zone"]:
        sign = -1 if offset[0] == "-" else 1
        hours, minutes = (0, 0) if offset == "Z" else map(int, offset[1:].split(":"))
        zone = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    fraction = match["fraction"] or ""
    micro = int((fraction[1:] or "0").ljust(6, "0"))
    first = dt.datetime(
        year, month, day, part.get("hour", 0), part.get("minute", 0), part.get("second", 0),
        micro, tzinfo=zone,
    )  # fmt: skip
    if "month" not in part:
        after = first.replace(year=year + 1)
    elif "day" not in part:
        after = first + dt.timedelta(days=calendar.monthrange(year, month)[1])
    elif "hour" not in part:
        after = first + dt.timedelta(days=1)
    elif "second" not in part:
        after = first + dt.timedelta(minutes=1)
    else:  # to the next second, or the next unit of the last decimal given
        step = 10 ** (6 - len(fraction[1:])) if fraction else 1_000_000
        after = first + dt.timedelta(microseconds=step)
    return first, after


def last_updated(params: Any, field: str = "updated_at") -> Q:
    """The condition of every `_lastUpdated` value (all must hold) on FIELD."""
    condition = Q()
    for raw in params.getlist("_lastUpdated"):
        text = raw.strip().replace(" ", "+")  # an unescaped + in a query string reads as a space
        prefix = text[:2] if text[:2].isalpha() else "eq"
        value = text[2:] if text[:2].isalpha() else text
        shown = f"“{raw[:40]}”"
        match = _DATE_TIME.match(value)
        if match and prefix not in PREFIXES:
            raise SearchProblem(
                "_lastUpdated",
                f"_lastUpdated {shown} has the prefix “{prefix}”: use ge, le, gt, lt or eq",
            )
        try:
            first, after = _span(match) if match else (None, None)
        except ValueError:
            first = after = None
        if first is None or after is None:
            raise SearchProblem(
                "_lastUpdated",
                f"_lastUpdated {shown} is not a date: give a FHIR dateTime after the prefix, "
                "like ge2024-04-01 or lt2024-04-01T09:30:00Z",
            )
        condition &= {
            "ge": Q(**{f"{field}__gte": first}),
            "gt": Q(**{f"{field}__gte": after}),
            "le": Q(**{f"{field}__lt": after}),
            "lt": Q(**{f"{field}__lt": first}),
            "eq": Q(**{f"{field}__gte": first, f"{field}__lt": after}),
        }[prefix]
    return condition


def dry_run(params: Any) -> bool:
    text = str(params.get("dry_run", "")).strip().lower()
    if text not in ("", "true", "false"):
        raise SearchProblem("dry_run", "dry_run must be true or false")
    return text == "true"
