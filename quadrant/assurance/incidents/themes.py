"""Themes across safety events: how many of the events a person may see fall in each national
category, unit (the units below rolled up), physical harm and type, and the words that recur
in what reporters wrote, this quarter against the quarter before.

Every count is one grouped query over the two quarters (the database does the counting, from
the date and unit indexes); keywords read only the chosen quarter's descriptions, at most
KEYWORD_CAP of them, newest first. Nothing here reads or shows patient details, and no
figure names a single event.

Other parts add sections to the themes page with `register_theme_section` (for instance the
SEIPS work-system factors of the learning responses' findings): CONTEXT(user, period) returns
None when the section has nothing for that user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string

from quadrant.assurance.incidents.choices import (
    CATEGORY_CHOICES,
    EVENT_TYPE_CHOICES,
    PHYSICAL_HARM_CHOICES,
)
from quadrant.assurance.incidents.keywords import count_keywords, names_to_leave_out
from quadrant.assurance.incidents.models import PatientDetails, SafetyEvent
from quadrant.organisation.models import OrgUnit

KEYWORD_CAP = 2000
TOP_KEYWORDS = 15
MONTH_NAMES = (
    "", "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
NOT_RECORDED = "Not recorded"


# ------------------------------------------------------------------------------- quarters


@dataclass(frozen=True)
class Quarter:
    """A quarter of the NHS financial year (April to June is Q1)."""

    start: dt.date

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1))

    @property
    def end(self) -> dt.date:
        """The first day after the quarter."""
        month = self.start.month + 3
        return dt.date(self.start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)

    @property
    def previous(self) -> Quarter:
        return Quarter.of(self.start - dt.timedelta(days=1))

    @property
    def number(self) -> int:
        return (self.start.month - 4) % 12 // 3 + 1

    @property
    def financial_year(self) -> str:
        first = self.start.year if self.start.month >= 4 else self.start.year - 1
        return f"{first}/{(first + 1) % 100:02d}"

    @property
    def short(self) -> str:
        """ "Q3 2026/27" """
        return f"Q{self.number} {self.financial_year}"

    @property
    def label(self) -> str:
        """ "October to December 2026 (Q3 2026/27)" """
        last = (self.end - dt.timedelta(days=1)).month
        months = f"{MONTH_NAMES[self.start.month]} to {MONTH_NAMES[last]}"
        return f"{months} {self.start.year} ({self.short})"

    @property
    def value(self) -> str:
        return self.start.isoformat()

    def days_done(self, today: dt.date) -> int | None:
        """How many days of the quarter have passed by TODAY, when it is not over yet."""
        if today >= self.end:
            return None
        return (today - self.start).days + 1

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def recent_quarters(today: dt.date, count: int = 8) -> list[Quarter]:
    """The quarter of TODAY and the COUNT - 1 before it, newest first."""
    quarters = [Quarter.of(today)]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous)
    return quarters


# ------------------------------------------------------------------------------- counts


@dataclass
class ThemeRow:
    """One category (or unit, harm, type): its count in each quarter and the change."""

    key: str
    label: str
    current: int
    previous: int
    url: str = ""

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def change_text(self) -> str:
        """ "up 4 (+25%)", "down 2 (−10%)", "no change", "new this quarter" """
        if self.change == 0:
            return "no change"
        if self.previous == 0:
            return f"up {self.change:,} (none the quarter before)"
        percent = round(100 * abs(self.change) / self.previous)
        if self.change > 0:
            return f"up {self.change:,} (+{percent}%)"
        return f"down {-self.change:,} (−{percent}%)"

    @property
    def direction(self) -> str:
        return "up" if self.change > 0 else "down" if self.change < 0 else "same"


@dataclass
class Themes:
    """The figures of the themes page for one person, unit, quarter and event type."""

    quarter: Quarter
    today: dt.date
    total: ThemeRow
    categories: list[ThemeRow]
    units: list[ThemeRow]
    harms: list[ThemeRow]
    types: list[ThemeRow]
    keywords: list[ThemeRow]
    phrases: list[ThemeRow]
    keywords_capped: bool = False
    sections: list[dict[str, Any]] = field(default_factory=list)

    @property
    def days_done(self) -> int | None:
        return self.quarter.days_done(self.today)

    @property
    def keyword_cap(self) -> str:
        return f"{KEYWORD_CAP:,}"


def scoped_events(unit_ids: list[int] | None) -> QuerySet[SafetyEvent]:
    """Live events of the units UNIT_IDS (None: every unit)."""
    events = SafetyEvent.objects.filter(archived_at__isnull=True)
    if unit_ids is not None:
        events = events.filter(org_unit_id__in=unit_ids)
    return events


def narrowed(
    events: QuerySet[SafetyEvent], unit: OrgUnit | None, event_type: str
) -> QuerySet[SafetyEvent]:
    """EVENTS of UNIT and the units below it, of EVENT_TYPE (either may be empty: all)."""
    if unit is not None:
        below = OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True)
        events = events.filter(org_unit_id__in=list(below))
    if event_type:
        events = events.filter(event_type=event_type)
    return events


COLUMNS = ("category", "org_unit_id", "physical_harm", "event_type")


def _grouped(
    events: QuerySet[SafetyEvent], quarter: Quarter, columns: tuple[str, ...] = COLUMNS
) -> list[dict[str, Any]]:
    """The counts of the two quarters by every combination of COLUMNS that occurs, in one
    grouped query: one pass over the quarters' rows, however many ways they are counted."""
    previous = quarter.previous
    return list(
        events.filter(occurred_on__gte=previous.start, occurred_on__lt=quarter.end)
        .order_by()
        .values(*columns)
        .annotate(
            current=Count("pk", filter=Q(occurred_on__gte=quarter.start)),
            previous=Count("pk", filter=Q(occurred_on__lt=quarter.start)),
        )
    )


def _by(rows: list[dict[str, Any]], column: str) -> dict[Any, tuple[int, int]]:
    """{value of COLUMN: (count this quarter, count the quarter before)}, summed from ROWS."""
    totals: dict[Any, list[int]] = {}
    for row in rows:
        total = totals.setdefault(row[column], [0, 0])
        total[0] += row["current"]
        total[1] += row["previous"]
    return {key: (current, previous) for key, (current, previous) in totals.items()}


def _rows(counts: dict[Any, tuple[int, int]], labels: Iterable[tuple[Any, str]]) -> list[ThemeRow]:
    """Rows for every label with a count in either quarter, most this quarter first."""
    rows = [ThemeRow(str(key), str(label), *counts[key]) for key, label in labels if key in counts]
    return sorted(rows, key=lambda row: (-row.current, -row.previous, row.label))


def harm_rows(counts: dict[Any, tuple[int, int]]) -> list[ThemeRow]:
    """Harm in its own order (no harm to fatal), then events where none was recorded."""
    labels = [*PHYSICAL_HARM_CHOICES, ("", "Not applicable (risk or good care)")]
    return [ThemeRow(key, str(label), *counts[key]) for key, label in labels if key in counts]


def unit_rows(
    counts: dict[Any, tuple[int, int]], base: OrgUnit | None, unit_ids: list[int] | None
) -> list[ThemeRow]:
    """The counts rolled up to the units one level below BASE (the chosen unit, or the top of
    what the person sees); events recorded on BASE itself get a row of their own."""
    if not counts:
        return []
    event_units = {
        unit.pk: unit.path for unit in OrgUnit.objects.filter(pk__in=list(counts)).only("path")
    }
    if base is None:
        base = _common_top(unit_ids)
    if base is not None:
        shown: list[OrgUnit] = list(OrgUnit.objects.filter(parent=base).only("pk", "name", "path"))
        if unit_ids is not None:
            allowed = set(unit_ids)
            shown = [unit for unit in shown if unit.pk in allowed]
        shown.append(base)
    else:
        shown = _tops(unit_ids or [])
    # The deepest match first, so a unit's own events are not rolled into a row above it.
    shown.sort(key=lambda unit: -len(unit.path))
    totals: dict[int, list[int]] = {}
    for unit_id, (current, previous) in counts.items():
        path = event_units.get(unit_id, "")
        for unit in shown:
            if path.startswith(unit.path):
                total = totals.setdefault(unit.pk, [0, 0])
                total[0] += current
                total[1] += previous
                break
    rows = []
    for unit in shown:
        if unit.pk in totals:
            label = f"{unit.name} itself" if unit is base and len(shown) > 1 else unit.name
            current, previous = totals[unit.pk]
            rows.append(ThemeRow(str(unit.pk), label, current, previous))
    return sorted(rows, key=lambda row: (-row.current, -row.previous, row.label))


def _common_top(unit_ids: list[int] | None) -> OrgUnit | None:
    """The top of the organisation for someone who sees all of it, or their one top unit."""
    if unit_ids is None:
        return OrgUnit.objects.filter(parent__isnull=True).only("pk", "name", "path").first()
    tops = _tops(unit_ids)
    return tops[0] if len(tops) == 1 else None


def _tops(unit_ids: list[int]) -> list[OrgUnit]:
    """Of UNIT_IDS, those not inside another one of them."""
    units = sorted(
        OrgUnit.objects.filter(pk__in=unit_ids).only("pk", "name", "path"),
        key=lambda unit: unit.path,
    )
    tops: list[OrgUnit] = []
    for unit in units:
        if not any(unit.path.startswith(top.path) for top in tops):
            tops.append(unit)
    return tops


def keyword_rows(
    events: QuerySet[SafetyEvent], quarter: Quarter
) -> tuple[list[ThemeRow], list[ThemeRow], bool]:
    """The words and phrases most used this quarter (with the quarter before for the change),
    from at most KEYWORD_CAP descriptions a quarter, newest first, leaving out the names of
    the patients of the events read. The third value says whether the cap was reached."""
    texts: dict[str, list[str]] = {}
    read: list[int] = []
    capped = False
    for key, period in (("current", quarter), ("previous", quarter.previous)):
        rows = list(
            events.filter(occurred_on__gte=period.start, occurred_on__lt=period.end)
            .order_by("-occurred_on", "-id")
            .values_list("pk", "description")[: KEYWORD_CAP + 1]
        )
        capped = capped or (key == "current" and len(rows) > KEYWORD_CAP)
        texts[key] = [text for _, text in rows[:KEYWORD_CAP]]
        read.extend(pk for pk, _ in rows[:KEYWORD_CAP])
    # Read only to be left out: the names on the events read, by their ids (one query).
    names = PatientDetails.objects.filter(event_id__in=read).exclude(name="")
    leave_out = names_to_leave_out(names.values_list("name", flat=True))
    results = []
    for phrases in (False, True):
        now = count_keywords(texts["current"], leave_out=leave_out, phrases=phrases)
        before = count_keywords(texts["previous"], leave_out=leave_out, phrases=phrases)
        top = sorted(now.items(), key=lambda item: (-item[1], item[0]))[:TOP_KEYWORDS]
        results.append([ThemeRow(word, word, count, before.get(word, 0)) for word, count in top])
    return results[0], results[1], capped


def compute_themes(
    unit_ids: list[int] | None,
    *,
    quarter: Quarter,
    today: dt.date,
    unit: OrgUnit | None = None,
    event_type: str = "",
    with_keywords: bool = True,
) -> Themes:
    """The themes of the events of UNIT_IDS (None: all), narrowed to UNIT's subtree and
    EVENT_TYPE, in QUARTER against the quarter before."""
    events = narrowed(scoped_events(unit_ids), unit, event_type)
    if not with_keywords:  # the oversight page's summary: the categories alone
        by_category = _by(_grouped(events, quarter, ("category",)), "category")
        return Themes(quarter, today, _total(by_category), _rows(by_category, CATEGORY_CHOICES),
                      [], [], [], [], [])  # fmt: skip
    grouped = _grouped(events, quarter)
    by_category = _by(grouped, "category")
    keywords, phrases, capped = keyword_rows(events, quarter)
    return Themes(
        quarter=quarter,
        today=today,
        total=_total(by_category),
        categories=_rows(by_category, CATEGORY_CHOICES),
        units=unit_rows(_by(grouped, "org_unit_id"), unit, unit_ids),
        harms=harm_rows(_by(grouped, "physical_harm")),
        types=_rows(_by(grouped, "event_type"), EVENT_TYPE_CHOICES),
        keywords=keywords,
        phrases=phrases,
        keywords_capped=capped,
    )


def _total(by_category: dict[Any, tuple[int, int]]) -> ThemeRow:
    current = sum(now for now, _ in by_category.values())
    previous = sum(before for _, before in by_category.values())
    return ThemeRow("all", "All events", current, previous)


def top_categories(unit_ids: list[int] | None, today: dt.date, count: int = 5) -> Themes:
    """This quarter's categories (for the oversight page), without the keywords."""
    themes = compute_themes(unit_ids, quarter=Quarter.of(today), today=today, with_keywords=False)
    themes.categories = themes.categories[:count]
    return themes


# ------------------------------------------------------------------- sections of the page


@dataclass(frozen=True)
class ThemeSection:
    """A section of the themes page added by another part (e.g. SEIPS work-system factors)."""

    title: str
    template: str
    order: int
    context: Callable[[Any, Any], dict[str, Any] | None]


theme_sections: list[ThemeSection] = []


def register_theme_section(section: ThemeSection) -> None:
    """Add SECTION to the themes page (once, however often its module is imported)."""
    if all(existing.title != section.title for existing in theme_sections):
        theme_sections.append(section)
        theme_sections.sort(key=lambda item: item.order)


def theme_sections_for(request: Any, filters: Any) -> list[dict[str, Any]]:
    """The registered sections this request's user sees, rendered, in order. FILTERS carries
    the page's choices: unit_ids (the person's scope, None for all), unit, quarter,
    event_type."""
    shown = []
    for section in theme_sections:
        context = section.context(request.user, filters)
        if context is not None:
            html = render_to_string(section.template, context, request=request)
            shown.append({"title": section.title, "template": section.template, "html": html})
    return shown
