"""Demo data of the control component (a seed step the demo generator discovers).

Measures on every ward, team and service (falls, pressure ulcers, fill rates, discharges before
noon, sepsis screening, hand hygiene, FFT, length of stay, occupancy, ...) with three years of
weekly or monthly data ending at the reference date, shifts, trends and outliers that make every
Making Data Count icon appear, targets, and ward managers as owners; plus the real NHS England
A&E series (April 2016 to March 2019) on the emergency department. `manager`'s falls measure
ends in a recent upward shift: a special cause of concern.

At `--scale large`: 3,000 weekly measures over about six and a half years (about 1,000,000
observations), inserted with executemany like every large import.

Runs before the steps that link to measures (order 50: signals and actions are 150, planning
200, improvement 300). The signals-and-actions step is in quadrant/control/demo/signals.py and
is registered from here, the module the demo generator discovers.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType

from quadrant.control.demo import series as ds
from quadrant.control.demo import signals as _signals_step  # noqa: F401  (registers its step)
from quadrant.control.intake.importers.upsert import insert_observations
from quadrant.control.measures.models import Annotation, Measure, MeasureTarget
from quadrant.core import history
from quadrant.demo import SeedContext, register_seed_step
from quadrant.language.defaults import install_defaults
from quadrant.language.models import QualityDomain
from quadrant.organisation.choices import GrantRole, Role, UnitKind
from quadrant.organisation.models import Membership, ObjectGrant

AE_FILE = Path(__file__).resolve().parent.parent / "demo" / "data" / "ae_attendances.csv"
AE_TRUSTS = ("RF4", "R1H", "RQM")  # real trusts whose type-1 departments the demo borrows
LARGE_MEASURES, LARGE_WEEKS = 3_000, 333
MONTHS, WEEKS = 36, 156
PUBLISHED = ("FALLS", "HH", "FFT")  # manager's ward measures published to patient partners


def _owners(units: list[Any]) -> dict[int, int]:
    """The (first) manager of each unit, by unit id."""
    rows = Membership.objects.filter(
        org_unit__in=[u.pk for u in units], role=Role.MANAGER, archived_at__isnull=True
    ).order_by("-pk")
    return dict(rows.values_list("org_unit_id", "person_id"))


def _plan(context: SeedContext) -> list[tuple[Any, ds.Template]]:
    """(unit, template) of every measure to make."""
    units = sorted(context.units.values(), key=lambda u: u.path)
    leaves = [u for u in units if u.kind in (UnitKind.WARD, UnitKind.TEAM)]
    services = [u for u in units if u.kind == UnitKind.SERVICE]
    plan = []
    if context.scale != "large":
        for unit in leaves:
            found = ds.WARD_TEMPLATES if unit.kind == UnitKind.WARD else ds.TEAM_TEMPLATES
            plan += [(unit, template) for template in found]
        plan += [(unit, template) for unit in services for template in ds.SERVICE_TEMPLATES]
        return plan
    # Large: every leaf takes templates in turn until there are LARGE_MEASURES measures.
    manager_ward = context.manager_ward
    plan += [(manager_ward, template) for template in ds.WARD_TEMPLATES]
    turn = 0
    while len(plan) < LARGE_MEASURES:
        for unit in leaves:
            if unit.pk == manager_ward.pk:
                continue
            found = ds.WARD_TEMPLATES if unit.kind == UnitKind.WARD else ds.TEAM_TEMPLATES
            plan.append((unit, found[turn % len(found)]))
            if len(plan) == LARGE_MEASURES:
                break
        turn += 1
    return plan


def _domains() -> dict[str, int]:
    """The ids of the demo's domain set (the one in use: the IOM six aims) by code."""
    install_defaults()  # the shipped domain sets, should a test have flushed them
    return dict(QualityDomain.in_use().values_list("code", "pk"))


def _measure(
    unit: Any, template: ds.Template, owner_id: int | None, frequency: str, domain_id: int | None
) -> Measure:
    return Measure(
        code=f"{unit.code}-{template.key}",
        name=f"{template.name}, {unit.name}"[:200],
        definition=f"{template.name} on {unit.name}.",
        numerator_definition=template.numerator,
        denominator_definition=template.denominator,
        unit_label=template.unit_label,
        multiplier=template.multiplier,
        direction=template.direction,
        frequency=frequency,
        rule_profile="mdc",
        owner_id=owner_id,
        org_unit=unit,
        domain_id=domain_id,
        data_source=template.source,
        valid_min=template.low,
        valid_max=template.high,
    )


def seed_control(context: SeedContext) -> None:
    """Measures, targets and observations of the demo trust (see the module docstring)."""
    rng = context.rng_for("control")
    plan = _plan(context)
    large = context.scale == "large"
    owners = _owners(list({unit.pk: unit for unit, _ in plan}.values()))
    manager = context.people.get("manager")
    ward = context.manager_ward if manager is not None else None
    domains = _domains()
    with history.grouped("Demo measures and observations", model=Measure, route="demo"):
        measures = []
        for unit, template in plan:
            frequency = "week" if large else template.frequency
            owner = (
                manager.pk
                if manager is not None and ward is not None and unit.pk == ward.pk
                else owners.get(unit.pk)
            )
            domain_id = domains.get(template.domain)
            measures.append((_measure(unit, template, owner, frequency, domain_id), template))
        Measure.objects.bulk_create([m for m, _ in measures], batch_size=2000)
        ids = dict(Measure.objects.values_list("code", "pk"))
        rows, targets = [], []
        for measure, template in measures:
            measure.pk = ids[measure.code]
            forced = ward is not None and measure.org_unit_id == ward.pk and template.key == "FALLS"
            scenario = "shift_up" if forced else ds.pick(rng, ds.SCENARIOS)
            mode = "inconsistent" if forced else ds.pick(rng, ds.ASSURANCE_MODES)
            count = LARGE_WEEKS if large else (WEEKS if measure.frequency == "week" else MONTHS)
            starts = ds.periods(measure.frequency, count, context.reference_date)
            points = ds.values_for(template, count, rng, scenario, mode)
            rows += [(measure.pk, p, v) for p, v in zip(starts, points, strict=True)]
            if template.target is not None:
                targets.append(
                    MeasureTarget(measure=measure, value=template.target, effective_from=starts[0])
                )
        ae_rows = _seed_ae(context, ids, domains)
        insert_observations(rows + ae_rows, None)
        MeasureTarget.objects.bulk_create(targets, batch_size=5000)
        if ward is not None:
            _seed_manager_ward(context, ward)
    context.log(f"Control: {len(ids):,} measures, {len(rows) + len(ae_rows):,} observations")


AE_TEMPLATES = (
    ("AE4H", "Four-hour breaches", "%", "decrease", 5.0, "timely",
     "Patients in the department more than four hours", "Attendances"),
    ("AEATT", "A&E attendances", "attendances", "neutral", None, "timely", "", ""),
    ("AEADM", "Emergency admissions via A&E", "admissions", "neutral", None, "effective", "", ""),
)  # fmt: skip


register_seed_step("control", seed_control, order=50)


def _ae_units(context: SeedContext) -> list[tuple[Any, str, str]]:
    """(unit, real trust, department type) pairs: the demo's emergency department (and urgent
    treatment centre); at the large scale, the first medicine services."""
    units = context.units
    if "EDMAJ" in units:
        return [(units["EDMAJ"], AE_TRUSTS[0], "1"), (units["UTC"], AE_TRUSTS[0], "other")]
    services = [
        u for u in sorted(units.values(), key=lambda u: u.path) if u.kind == UnitKind.SERVICE
    ]
    return [(unit, trust, "1") for unit, trust in zip(services, AE_TRUSTS, strict=False)]


def _seed_ae(
    context: SeedContext, ids: dict[str, int], domains: dict[str, int]
) -> list[tuple[Any, ...]]:
    """Measures of the real A&E series, with their real dates; returns their observations."""
    series: dict[tuple[str, str], list[tuple[dt.date, int, int, int]]] = defaultdict(list)
    with AE_FILE.open(newline="") as handle:
        for row in csv.DictReader(handle):
            period = dt.date.fromisoformat(row["period"])
            counts = int(row["attendances"]), int(row["breaches"]), int(row["admissions"])
            series[(row["org_code"], row["type"])].append((period, *counts))
    rows: list[tuple[Any, ...]] = []
    for unit, trust, kind in _ae_units(context):
        points = sorted(series[(trust, kind)])
        for key, name, label, direction, target, domain, num, den in AE_TEMPLATES:
            if key == "AEADM" and kind != "1":
                continue
            measure = Measure.objects.create(
                code=f"{unit.code}-{key}",
                name=f"{name}, {unit.name}"[:200],
                definition=f"{name} (NHS England A&E statistics of trust {trust}, type {kind} "
                "departments, used as the demo's data under the Open Government Licence).",
                numerator_definition=num,
                denominator_definition=den,
                unit_label=label,
                multiplier=100 if key == "AE4H" else 1,
                direction=direction,
                frequency="month",
                owner=None,
                org_unit=unit,
                domain_id=domains.get(domain),
                data_source="NHS England A&E attendances and emergency admissions",
                valid_min=0,
            )
            ids[measure.code] = measure.pk
            if target is not None:
                MeasureTarget.objects.create(
                    measure=measure, value=target, effective_from=points[0][0]
                )
            for period, attendances, breaches, admissions in points:
                point: tuple[float | None, float | None, float | None]
                if key == "AE4H":
                    value = round(breaches / attendances * 100, 2) if attendances else None
                    point = (value, float(breaches), float(attendances))
                else:
                    point = (float(attendances if key == "AEATT" else admissions), None, None)
                if point[0] is not None:
                    rows.append((measure.pk, period, point))
    return rows


def _seed_manager_ward(context: SeedContext, ward: Any) -> None:
    """Publish some of the ward's measures to partners, name `partner` on one, and annotate
    the falls chart."""
    codes = [f"{ward.code}-{key}" for key in PUBLISHED]
    Measure.objects.filter(code__in=codes).update(published_to_partners=True)
    falls = Measure.objects.get(code=codes[0])
    start = falls.observations.order_by("-period").values_list("period", flat=True)[8]
    Annotation.objects.create(
        measure=falls,
        date=start,
        kind="event",
        text="Two experienced healthcare assistants left; bay supervision reduced at night",
    )
    partner = context.people.get("partner")
    los = Measure.objects.filter(code=f"{ward.code}-LOS").first()
    if partner is not None and los is not None:
        ObjectGrant.objects.create(
            person=partner,
            content_type=ContentType.objects.get_for_model(Measure),
            object_id=los.pk,
            role=GrantRole.VIEWER,
        )
