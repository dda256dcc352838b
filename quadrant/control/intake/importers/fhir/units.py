"""A measure's unit as UCUM (http://unitsofmeasure.org), and a MeasureReport's score converted
to the measure's own scale.

A percentage is stored as 22.5 and a proportion as 0.225: the measure says which. Measures
charted from a numerator and a denominator are on the scale of their multiplier (100: "%",
1: "1", 1,000: "/1000"); others on the scale of their unit label ("%", "days", ...).
"""

from __future__ import annotations

import decimal
import math
from dataclasses import dataclass
from typing import Any

from quadrant.control.choices import RATIO_CHARTS

UCUM = "http://unitsofmeasure.org"
PERCENT_LABELS = {"%", "percent", "percentage", "per cent"}
# Unit labels people write, as UCUM codes (anything else is a plain number, UCUM "1").
LABEL_CODES = {
    "day": "d", "days": "d", "hour": "h", "hours": "h", "minute": "min", "minutes": "min",
    "mins": "min", "week": "wk", "weeks": "wk", "month": "mo", "months": "mo", "year": "a",
    "years": "a", "kg": "kg", "g": "g", "mg": "mg", "ml": "mL", "mmol/l": "mmol/L",
}  # fmt: skip
# Dimensionless scales: how many of the unit make a whole (a score in one converts to another).
FRACTIONS = {"1": 1.0, "%": 100.0, "[ppth]": 1000.0, "[ppm]": 1e6}


@dataclass(frozen=True)
class MeasureUnit:
    """A measure's unit: its UCUM code, the words shown, and (for a dimensionless scale) how
    many of it make a whole."""

    code: str
    label: str
    per_whole: float | None


def fraction_scale(code: str) -> float | None:
    """How many of the UCUM unit CODE make a whole ("%": 100, "/1000": 1000), or None."""
    if code in FRACTIONS:
        return FRACTIONS[code]
    if code.startswith("/10*") and code[4:].isdigit():
        return 10.0 ** int(code[4:])
    if code.startswith("/") and code[1:].isdigit() and int(code[1:]) > 0:
        return float(code[1:])
    return None


def unit_of(measure: Any) -> MeasureUnit:
    """The unit MEASURE's values are stored in."""
    label = (measure.unit_label or "").strip()
    ratio = measure.chart_type in RATIO_CHARTS or bool(
        measure.numerator_definition or measure.denominator_definition
    )
    if ratio or measure.multiplier != 1:
        multiplier = float(measure.multiplier)
        if multiplier == 100:
            return MeasureUnit("%", label or "%", 100.0)
        if multiplier == 1:
            return MeasureUnit("1", label or "proportion", 1.0)
        if multiplier.is_integer() and multiplier > 0:
            return MeasureUnit(f"/{int(multiplier)}", label or f"per {multiplier:,g}", multiplier)
        return MeasureUnit("1", label, None)
    if label.lower() in PERCENT_LABELS:
        return MeasureUnit("%", label, 100.0)
    return MeasureUnit(LABEL_CODES.get(label.lower(), "1"), label, None)


def quantity(value: float, unit: MeasureUnit) -> dict[str, Any]:
    """VALUE in UNIT as a FHIR Quantity with its UCUM code."""
    shown = {"unit": unit.label} if unit.label else {}
    return {"value": value, **shown, "system": UCUM, "code": unit.code}


def _tidy(number: float) -> float:
    """Without the float noise of a conversion (0.965 × 100 is 96.49999999999999)."""
    return float(f"{number:.12g}")


def readings(score: dict[str, Any], unit: MeasureUnit, *, counted: bool) -> list[float] | str:
    """The values the Quantity SCORE may stand for in UNIT, or why it cannot be read.

    A score without a unit for a percentage measure is, as FHIR scores proportions, a
    proportion from 0 to 1; when it is COUNTED (counts beside it pick the reading that agrees),
    reading it as a percentage is offered too."""
    value = float(score["value"])
    system, code = score.get("system"), score.get("code")
    if system not in (None, UCUM):
        return f"the unit’s system is {str(system)[:80]}; give the unit as a UCUM code ({UCUM})"
    if code is None and (score.get("unit") or "").strip() in (unit.label, unit.code):
        code = unit.code  # the measure's own unit, in words
    if code is None:
        if unit.code != "%":
            return [value]
        as_proportion = [_tidy(value * 100)] if 0 <= value <= 1 else []
        if counted:
            return [*as_proportion, value]
        return as_proportion or (
            f"a score without a unit is a proportion from 0 to 1, and {value:g} is not one: "
            f"give its unit (code “%”, system {UCUM})"
        )
    if code == unit.code:
        return [value]
    scale = fraction_scale(str(code))
    if scale is None or unit.per_whole is None:
        return (
            f"the score is in “{str(code)[:40]}” but the measure is in “{unit.code}”"
            f"{f' ({unit.label})' if unit.label and unit.label != unit.code else ''}: "
            "give the score in the measure’s unit"
        )
    return [_tidy(value / scale * unit.per_whole)]


def sent_precision(value: Any) -> float:
    """Half a unit in the last decimal place of VALUE as sent (0.97 → 0.005)."""
    try:  # a decimal may come as a number or (fhir.resources accepts it) as text
        exponent = (
            decimal.Decimal(value if isinstance(value, str) else repr(value)).as_tuple().exponent
        )
    except decimal.InvalidOperation:
        return 0.0
    return 0.5 * 10.0 ** int(exponent) if isinstance(exponent, int) else 0.0


def agrees(reading: float, expected: float, allowance: float) -> bool:
    """Does READING agree with EXPECTED, within 0.1 % of it or ALLOWANCE (the rounding)?"""
    return math.isclose(reading, expected, rel_tol=1e-3, abs_tol=max(allowance, 1e-9))
