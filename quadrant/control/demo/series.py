"""The demo's measure templates and the series they produce (plain Python and numpy, no Django).

Each demo measure is a template (falls, hand hygiene, ...) on one unit with a scenario for the
end of its series (stable, a shift, a trend, an outlier, an older step change) and a target
placed so that the assurance is a pass, a fail or inconsistent. Together they make every Making
Data Count icon appear somewhere in the trust; `icons_of` checks that with the SPC engine.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass

import numpy as np

SCENARIOS = (
    ("stable", 40), ("shift_up", 10), ("shift_down", 10), ("trend_up", 6), ("trend_down", 6),
    ("outlier_up", 5), ("outlier_down", 5), ("step_up", 9), ("step_down", 9),
)  # fmt: skip
ASSURANCE_MODES = (("pass", 35), ("inconsistent", 35), ("fail", 30))


@dataclass(frozen=True)
class Template:
    """One kind of measure: how it is defined and how its demo values behave."""

    key: str
    name: str
    unit_label: str
    direction: str
    frequency: str
    mean: float  # the process mean of an "inconsistent" unit (near the target)
    sd: float
    target: float | None
    domain: str  # the code of a domain of the demo's set (the IOM six aims)
    source: str
    numerator: str = ""
    denominator: str = ""
    size: float = 0.0  # typical denominator of one month (0: values only)
    multiplier: float = 1.0
    low: float | None = 0.0
    high: float | None = None
    decimals: int = 1


FALLS = Template(
    "FALLS", "Falls per 1,000 bed days", "per 1,000 bed days", "decrease", "month", 6.5, 1.6,
    6.0, "safe", "Datix incident reporting", "Inpatient falls reported", "Occupied bed days",
    size=840, multiplier=1000, decimals=2,
)  # fmt: skip
WARD_TEMPLATES = (
    FALLS,
    Template(
        "PU", "Hospital-acquired pressure ulcers (category 2 and above) per 1,000 bed days",
        "per 1,000 bed days", "decrease", "month", 1.4, 0.35, 1.2, "safe",
        "Datix incident reporting and tissue viability review", "Pressure ulcers category 2+",
        "Occupied bed days", size=840, multiplier=1000, decimals=2,
    ),
    Template(
        "FILL", "Registered nurse fill rate (day shifts)", "%", "increase", "month", 94.0, 2.0,
        95.0, "safe", "E-rostering (SafeCare)", high=150,
    ),
    Template(
        "DBN", "Discharges before noon", "%", "increase", "week", 30.0, 3.0, 33.0, "timely",
        "Patient administration system", "Discharges before 12:00", "All discharges",
        size=120, multiplier=100, high=100,
    ),
    Template(
        "SEPSIS", "Sepsis screening within one hour", "%", "increase", "month", 90.0, 2.2, 90.0,
        "safe", "Electronic observations (NEWS2) audit", "Patients screened within one hour",
        "Patients meeting the screening criteria", size=400, multiplier=100, high=100,
    ),
    Template(
        "HH", "Hand hygiene compliance", "%", "increase", "month", 95.0, 0.8, 95.0, "safe",
        "Infection prevention monthly audit", "Compliant observations", "Observations",
        size=2000, multiplier=100, high=100,
    ),
    Template(
        "FFT", "Friends and Family Test: positive responses", "%", "increase", "month", 94.0,
        1.2, 95.0, "person-centred", "Friends and Family Test returns", "Positive responses",
        "All responses", size=1500, multiplier=100, high=100,
    ),
    Template(
        "LOS", "Average length of stay", "days", "decrease", "week", 6.5, 0.45, None,
        "efficient", "Patient administration system",
    ),
    Template(
        "OCC", "Bed occupancy at midnight", "%", "neutral", "week", 91.0, 1.8, None,
        "efficient", "Patient administration system", high=120,
    ),
)  # fmt: skip
TEAM_TEMPLATES = (
    WARD_TEMPLATES[5],
    WARD_TEMPLATES[6],
    Template(
        "MAND", "Mandatory training compliance", "%", "increase", "month", 88.0, 1.5, 90.0,
        "effective", "Electronic staff record", "Staff up to date", "Staff in post",
        size=400, multiplier=100, high=100,
    ),
)  # fmt: skip
SERVICE_TEMPLATES = (
    Template(
        "READM", "Emergency readmissions within 30 days", "%", "decrease", "month", 9.0, 0.5,
        8.5, "effective", "Patient administration system", "Readmitted within 30 days",
        "Discharges", size=6000, multiplier=100, high=100,
    ),
    Template(
        "SPELLS", "Patients admitted", "spells", "neutral", "month", 620.0, 30.0, None,
        "efficient", "Patient administration system", decimals=0,
    ),
)  # fmt: skip


def pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    """One name from (name, weight) pairs."""
    names, weights = zip(*weighted, strict=True)
    name: str = rng.choices(names, weights)[0]
    return name


@functools.lru_cache(maxsize=64)
def periods(frequency: str, count: int, reference: dt.date) -> tuple[dt.date, ...]:
    """COUNT period starts of FREQUENCY, the last one the last whole period by REFERENCE."""
    if frequency == "week":
        last = reference - dt.timedelta(days=reference.weekday())  # this week's Monday
        if reference.weekday() != 6:  # the week is not over: end with the one before
            last -= dt.timedelta(weeks=1)
        return tuple(last - dt.timedelta(weeks=count - 1 - i) for i in range(count))
    year, month = reference.year, reference.month
    if (reference + dt.timedelta(days=1)).month == month:  # the month is not over
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    starts = []
    for _ in range(count):
        starts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return tuple(starts[::-1])


def _effects(scenario: str, n: int, sd: float, rng: random.Random) -> tuple[np.ndarray, float]:
    """What SCENARIO adds to the last points, and how much quieter the noise is there."""
    effect = np.zeros(n)
    sign = 1.0 if scenario.endswith("_up") else -1.0
    if scenario.startswith("shift"):
        effect[n - rng.randint(8, 11) :] = 3.0 * sd * sign
    elif scenario.startswith("step"):  # an older change that held: a long run to the end
        effect[n - max(12, n // 3) :] = 2.5 * sd * sign
    elif scenario.startswith("trend"):
        effect[n - 7 :] = np.arange(1, 8) * 0.9 * sd * sign
    elif scenario.startswith("outlier"):
        effect[-1] = 4.5 * sd * sign
    return effect, 0.35 if scenario.startswith("trend") else 1.0


def centre_for(template: Template, mode: str) -> float:
    """The process mean that gives the assurance MODE against the template's target."""
    if template.target is None or mode == "inconsistent":
        return template.mean if template.target is None else template.target
    good = 1.0 if template.direction == "increase" else -1.0
    offset = 4.5 * template.sd * (good if mode == "pass" else -good)
    return template.target + offset


def values_for(
    template: Template, n: int, rng: random.Random, scenario: str, mode: str
) -> list[tuple[float, float | None, float | None]]:
    """N (value, numerator, denominator) points of TEMPLATE with SCENARIO at the end."""
    noise = np.random.default_rng(rng.getrandbits(64))
    effect, quiet = _effects(scenario, n, template.sd, rng)
    scale = np.ones(n)
    if quiet != 1.0:
        scale[n - 7 :] = quiet
    raw = centre_for(template, mode) + effect + noise.normal(0.0, template.sd, n) * scale
    low = -np.inf if template.low is None else template.low
    high = np.inf if template.high is None else template.high
    raw = np.clip(raw, low, high)
    if not template.size:
        return [(round(float(v), template.decimals), None, None) for v in raw]
    size = template.size / (4.35 if template.frequency == "week" else 1.0)
    dens = np.maximum(1, np.round(size * noise.uniform(0.9, 1.1, n)))
    nums = np.round(raw * dens / template.multiplier)
    values = np.round(nums / dens * template.multiplier, template.decimals)
    return [(float(v), float(a), float(b)) for v, a, b in zip(values, nums, dens, strict=True)]


def icons_of(
    values: list[float], direction: str, target: float | None
) -> tuple[str | None, str | None]:
    """The variation and assurance icons the SPC engine gives VALUES (Making Data Count)."""
    from quadrant import spc

    result = spc.analyse(values, chart="xmr", improvement=direction, target=target, rules="mdc")
    return result.variation_icon, result.assurance_icon
