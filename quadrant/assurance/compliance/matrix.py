"""The compliance matrix a person reads: a framework's standards (grouped as the framework
groups them) × a unit and the units just below it, each cell the pooled figure of the latest
runs and the icons of its monthly trend.

Scope: figures are shown only for units where the reader may see every record (a role there
or above), so a unit's figure is never a part of its subtree passed off as the whole; a unit
they may not see is simply absent. A fixed number of queries whatever the size of the tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

import numpy as np
from django.template.loader import render_to_string
from django.urls import reverse

from quadrant.assurance.compliance.evidence import evidence_of
from quadrant.assurance.compliance.rule import (
    Evidence,
    Figure,
    default_threshold,
    monthly_percent,
    trend_icons,
)
from quadrant.assurance.standards.models import Framework, Standard, StandardGroup
from quadrant.control.public import assurance_text, variation_text
from quadrant.core.permissions import Capability, units_where
from quadrant.organisation.models import OrgUnit


@dataclass(frozen=True)
class Cell:
    unit: OrgUnit
    standard: Standard
    figure: Figure
    variation_icon: str | None
    assurance_icon: str | None
    threshold: float

    @property
    def percent(self) -> Decimal | None:
        return self.figure.percent

    @property
    def has_evidence(self) -> bool:
        return self.figure.percent is not None

    @property
    def variation_text(self) -> str:
        return variation_text(self.variation_icon)

    @property
    def assurance_text(self) -> str:
        return assurance_text(self.assurance_icon)

    def get_absolute_url(self) -> str:
        return reverse("assurance:compliance_cell", args=[self.standard.pk, self.unit.code])

    @cached_property
    def html(self) -> str:
        """The cell as pages show it, drawn once (the matrix shows each cell twice: in the
        table and in the phone's list)."""
        return render_to_string("assurance/compliance/includes/cell.html", {"cell": self})


@dataclass(frozen=True)
class Row:
    standard: Standard
    cells: list[Cell]


@dataclass(frozen=True)
class Group:
    group: StandardGroup
    rows: list[Row]


@dataclass(frozen=True)
class Matrix:
    framework: Framework
    unit: OrgUnit | None  # the unit chosen (None: the reader's top units side by side)
    parent: OrgUnit | None  # the unit above, when the reader may see its figures
    columns: list[OrgUnit]
    groups: list[Group]

    @property
    def reading(self) -> str:
        """The answer first: how many standards have evidence on the first unit, how many of
        those fall below their threshold, and how many show a special cause of concern."""
        if not self.columns:
            return "No units to show."
        cells = [row.cells[0] for group in self.groups for row in group.rows]
        evidenced = [cell for cell in cells if cell.percent is not None]
        if not evidenced:
            return f"No standard of {self.framework.title} has audit evidence on {self.columns[0]}."
        below = sum(1 for cell in evidenced if float(cell.percent or 0) < cell.threshold)
        concern = sum(1 for cell in evidenced if (cell.variation_icon or "").startswith("concern"))
        return (
            f"{self.columns[0]}: {len(evidenced)} of {len(cells)} standards have audit evidence; "
            f"{below} below the pass threshold in the latest audits; "
            f"{concern} with a special cause of concern in their trend."
        )

    def by_unit(self) -> list[tuple[OrgUnit, list[tuple[StandardGroup, list[Cell]]]]]:
        """The same cells as a list per unit (the phone's layout)."""
        return [
            (unit, [(group.group, [row.cells[i] for row in group.rows]) for group in self.groups])
            for i, unit in enumerate(self.columns)
        ]


def readable_units(user: Any) -> Any:
    """The units whose figures USER may read: where they may see every record (subtrees)."""
    return units_where(user, Capability.VIEW).filter(archived_at__isnull=True)


def top_units(user: Any) -> list[OrgUnit]:
    """The highest units whose figures USER may read (one query): the trust for the board,
    a ward for its manager, two units side by side for someone with roles in both."""
    readable = readable_units(user)
    return list(readable.exclude(parent__in=readable).order_by("path"))


def default_unit(user: Any) -> OrgUnit | None:
    """The unit the matrix opens on: the reader's one top unit (None when they have several)."""
    tops = top_units(user)
    return tops[0] if len(tops) == 1 else None


def columns_for(user: Any, unit: OrgUnit | None) -> tuple[list[OrgUnit], OrgUnit | None]:
    """The matrix's columns (UNIT, then the units just below it; or the reader's top units)
    and the unit above UNIT when the reader may read its figures (one query)."""
    if unit is None:
        return top_units(user), None
    readable = readable_units(user)
    near = readable.filter(pk__in=[unit.pk, unit.parent_id or 0]) | readable.filter(parent=unit)
    found = sorted(near.distinct(), key=lambda u: (u.pk != unit.pk, u.name, u.code))
    parent = next((u for u in found if u.pk == unit.parent_id), None)
    return [u for u in found if u.pk != unit.parent_id], parent


def standards_of(framework: Framework) -> list[Standard]:
    return list(
        Standard.objects.filter(framework=framework, archived_at__isnull=True)
        .select_related("group")
        .order_by("group__order", "order", "code")
    )


def build_matrix(framework: Framework, unit: OrgUnit | None, user: Any) -> Matrix:
    """The matrix of FRAMEWORK at UNIT (already checked readable) for USER."""
    columns, parent = columns_for(user, unit)
    standards = standards_of(framework)
    evidence = evidence_of(framework)
    cells = column_cells(evidence, columns, standards)
    groups: list[Group] = []
    for s, standard in enumerate(standards):
        row = Row(standard, [cells[c][s] for c in range(len(columns))])
        if not groups or groups[-1].group.pk != standard.group_id:
            groups.append(Group(standard.group, []))
        groups[-1].rows.append(row)
    return Matrix(framework, unit, parent, columns, groups)


def column_cells(
    evidence: Evidence, columns: list[OrgUnit], standards: list[Standard]
) -> list[list[Cell]]:
    """For each column, a cell a standard: the latest runs' figure and the trend's icons
    (every series of the matrix analysed in one batch)."""
    figures, series = [], []
    for unit in columns:
        index = evidence.unit_index.get(unit.pk)
        figures.append(_figures(evidence, index, standards))
        series.extend(_series(evidence, index, standards))
    icons = trend_icons(series)
    out: list[list[Cell]] = []
    for c, unit in enumerate(columns):
        row = []
        for s, standard in enumerate(standards):
            variation, assurance = icons[c * len(standards) + s]
            threshold = series[c * len(standards) + s][2]
            row.append(Cell(unit, standard, figures[c][s], variation, assurance, threshold))
        out.append(row)
    return out


def _column_of(evidence: Evidence, standard: Standard) -> int | None:
    return evidence.standard_index.get(standard.pk)


def _figures(evidence: Evidence, index: int | None, standards: list[Standard]) -> list[Figure]:
    none = Figure(0.0, 0.0, 0)
    if index is None:
        return [none] * len(standards)
    achieved, possible, answers = evidence.latest(index)
    out = []
    for standard in standards:
        s = _column_of(evidence, standard)
        out.append(none if s is None else Figure(float(achieved[s]), float(possible[s]),
                                                 int(answers[s])))  # fmt: skip
    return out


def _series(
    evidence: Evidence, index: int | None, standards: list[Standard]
) -> list[tuple[Any, Any, float]]:
    empty = (np.empty(0), np.empty(0), default_threshold())
    if index is None:
        return [empty] * len(standards)
    achieved, possible = evidence.monthly(index)
    percent = monthly_percent(achieved, possible)
    out = []
    for standard in standards:
        s = _column_of(evidence, standard)
        out.append(empty if s is None else (percent[s], possible[s], float(evidence.thresholds[s])))
    return out


def standard_by_unit(standard: Standard, user: Any) -> list[Cell]:
    """STANDARD's cells for the reader's top unit and the units just below it (the
    standard's page sums up its compliance so)."""
    columns, _ = columns_for(user, default_unit(user))
    cells = column_cells(evidence_of(standard.framework), columns, [standard])
    return [column[0] for column in cells]
