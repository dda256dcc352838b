"""Array aliases, the names of point types, rules and icons, and the result classes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]
CodeArray = npt.NDArray[np.int8]
ObjArray = npt.NDArray[np.object_]

Chart = Literal["xmr", "run", "p", "u", "c", "g", "t", "xbar", "s", "pp", "up"]
Improvement = Literal["increase", "decrease", "neutral"]
RuleProfileName = Literal["mdc", "nhsr", "anhoej"]

CHARTS: tuple[str, ...] = ("xmr", "run", "p", "u", "c", "g", "t", "xbar", "s", "pp", "up")
#: charts whose values are numerators over ``denominators``
RATIO_CHARTS: frozenset[str] = frozenset({"p", "u", "pp", "up"})
#: charts whose values are subgroups of measurements
SUBGROUP_CHARTS: frozenset[str] = frozenset({"xbar", "s"})

# Point types and rules are held as small integer codes and named through these tuples
# so that a million-point result costs one byte per point until it is read.
POINT_TYPES: tuple[str, ...] = (
    "",
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral",
)
MISSING, COMMON, IMPROVEMENT, CONCERN, NEUTRAL = 0, 1, 2, 3, 4

RULES: tuple[str, ...] = ("", "outside_limits", "shift", "trend", "two_of_three", "runs")
NO_RULE, OUTSIDE, SHIFT, TREND, TWO_OF_THREE, RUNS = 0, 1, 2, 3, 4, 5

VARIATION_ICONS: tuple[str, ...] = (
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
)
ASSURANCE_ICONS: tuple[str, ...] = ("consistent_pass", "consistent_fail", "inconsistent")

#: one phase's runs analysis, as qicharts2 reports it
RunsSummary = dict[str, int | bool | None]

_POINT_TYPE_NAMES: ObjArray = np.array(POINT_TYPES, dtype=object)
_RULE_NAMES: ObjArray = np.array(RULES, dtype=object)


def point_type_names(codes: CodeArray) -> ObjArray:
    """Name each point-type code (an object array of ``str``)."""
    return _POINT_TYPE_NAMES[codes]


def rule_names(codes: CodeArray) -> ObjArray:
    """Name each rule code (an object array of ``str``)."""
    return _RULE_NAMES[codes]


@dataclass(frozen=True, eq=False)
class PointArrays:
    """The per-point arrays of an analysis, and their point types and rules by name.

    ``value`` is the plotted statistic (the proportion for ``"p"``, the subgroup mean
    for ``"xbar"``...). ``lower_2sigma``/``upper_2sigma`` are the two-sigma lines the
    two-of-three rule uses. ``point_type`` and ``rule`` are object arrays of ``str``.
    """

    value: FloatArray
    centre: FloatArray
    lower: FloatArray
    upper: FloatArray
    lower_2sigma: FloatArray
    upper_2sigma: FloatArray
    point_type_code: CodeArray
    rule_code: CodeArray
    moving_range: FloatArray
    moving_range_upper: FloatArray
    target: FloatArray
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False, kw_only=True)

    @property
    def point_type(self) -> ObjArray:
        """Per point: ``"common_cause"``, ``"special_cause_improvement"``, ...

        ``""`` for a missing value."""
        if "point_type" not in self._cache:
            self._cache["point_type"] = point_type_names(self.point_type_code)
        return self._cache["point_type"]  # type: ignore[no-any-return]

    @property
    def rule(self) -> ObjArray:
        """Per point: the rule that set its type (``""`` for common cause or missing)."""
        if "rule" not in self._cache:
            self._cache["rule"] = rule_names(self.rule_code)
        return self._cache["rule"]  # type: ignore[no-any-return]


@dataclass(frozen=True, eq=False)
class SpcResult(PointArrays):
    """One series analysed: per-point arrays, one runs summary per phase, and the icons."""

    chart: str
    rules: str
    improvement: str
    runs: list[RunsSummary]
    variation_icon: str | None
    assurance_icon: str | None

    def __len__(self) -> int:
        return int(self.value.shape[0])


@dataclass(frozen=True, eq=False)
class SpcManyResult(PointArrays):
    """Many series analysed at once: flat per-point arrays aligned with the input.

    ``groups`` lists the group labels in input order; ``offsets[i]:offsets[i + 1]`` is
    group ``i``'s slice of the flat arrays. Icons and runs map group label to value;
    ``result(label)`` gives one group as an :class:`SpcResult`.
    """

    groups: list[Any]
    offsets: IntArray
    charts: dict[Any, str]
    rules: dict[Any, str]
    improvements: dict[Any, str]
    runs: dict[Any, list[RunsSummary]]
    variation_icon: dict[Any, str | None]
    assurance_icon: dict[Any, str | None]

    def result(self, group: Any) -> SpcResult:
        """One group's slice of the analysis as an :class:`SpcResult`."""
        index = self._index().get(group)
        if index is None:
            raise KeyError(group)
        lo, hi = int(self.offsets[index]), int(self.offsets[index + 1])
        return SpcResult(
            chart=self.charts[group],
            rules=self.rules[group],
            improvement=self.improvements[group],
            value=self.value[lo:hi],
            centre=self.centre[lo:hi],
            lower=self.lower[lo:hi],
            upper=self.upper[lo:hi],
            lower_2sigma=self.lower_2sigma[lo:hi],
            upper_2sigma=self.upper_2sigma[lo:hi],
            point_type_code=self.point_type_code[lo:hi],
            rule_code=self.rule_code[lo:hi],
            moving_range=self.moving_range[lo:hi],
            moving_range_upper=self.moving_range_upper[lo:hi],
            target=self.target[lo:hi],
            runs=self.runs[group],
            variation_icon=self.variation_icon[group],
            assurance_icon=self.assurance_icon[group],
        )

    def _index(self) -> dict[Any, int]:
        if "index" not in self._cache:
            self._cache["index"] = {g: i for i, g in enumerate(self.groups)}
        return self._cache["index"]  # type: ignore[no-any-return]
