"""Demo data of planning (a seed step the demo generator discovers): a three-year quality
strategy with 3 strategic aims and 8 trust priorities, cascaded to division, service and ward
goals, linked to the demo measures where the control step made them, and two driver diagrams.

Written in bulk, as the system, level by level (one history event per bulk call). At the large
scale every division, directorate and service takes each priority, for the goal-tree benchmark.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.apps import apps
from django.db.models import Q

from quadrant.core.actors import DEMO_SEEDER
from quadrant.demo import SeedContext, register_seed_step
from quadrant.language.defaults import install_defaults
from quadrant.language.models import QualityDomain
from quadrant.planning import diagrams
from quadrant.planning.models import Goal, GoalMeasure, QualityAccountPriority
from quadrant.planning.periods import period_label, year_of
from quadrant.planning.services import create_strategy

AIMS = [
    "Safe: no avoidable harm",
    "Effective and timely: the right care, first time, without waiting",
    "Person-centred: care that feels personal and fair",
]

# (title, statement, aim index, IOM domains, measure keywords)
PRIORITIES = [
    ("Reduce falls with harm", "Reduce inpatient falls with moderate or greater harm by 30% by "
     "March {end}.", 0, ["Safe"], ["fall"]),
    ("Eliminate avoidable pressure ulcers", "No category 3 or 4 hospital-acquired pressure "
     "ulcers by March {end}.", 0, ["Safe"], ["pressure", "ulcer"]),
    ("Recognise and treat sepsis promptly", "95% of eligible patients screened for sepsis and "
     "treated within the hour by March {soon}.", 0, ["Safe", "Timely"], ["sepsis"]),
    ("Safe staffing on every shift", "Registered nurse fill rates of at least 95% on every ward "
     "by March {soon}.", 0, ["Safe", "Efficient"], ["staff", "fill"]),
    ("Discharge before noon", "A third of discharges before noon on every adult inpatient ward by "
     "March {soon}.", 1, ["Timely", "Efficient"], ["discharge", "noon"]),
    ("Shorter stays for frail patients", "Reduce the average length of stay of patients over 75 "
     "by one day by March {end}.", 1, ["Effective", "Timely"], ["length of stay", "los"]),
    ("Hand hygiene every time", "Hand hygiene compliance of at least 98% in every clinical area.",
     1, ["Safe", "Effective"], ["hand"]),
    ("Listen and act on patient feedback", "Friends and Family Test positive score of 95% or more, "
     "with a published 'you said, we did' each month.", 2, ["Person-centred", "Equitable"],
     ["fft", "friends"]),
]  # fmt: skip


def _children_by_parent(units: dict[str, Any]) -> dict[int | None, list[Any]]:
    children: dict[int | None, list[Any]] = defaultdict(list)
    for unit in sorted(units.values(), key=lambda u: u.path):
        children[unit.parent_id].append(unit)
    return children


def _pick(children: list[Any], rng: random.Random, scale: str, depth: int, must: Any) -> list[Any]:
    """Which child units take a goal: all of them at the large scale down to services (and
    half of the services' first wards), else
    one or two, always including the one on the path to MUST (the manager's ward)."""
    if not children:
        return []
    if scale == "large":
        if depth <= 3:
            return children
        return [children[0]] if rng.random() < 0.5 else []
    on_path = [c for c in children if must is not None and must.path.startswith(c.path)]
    others = [c for c in children if c not in on_path]
    wanted = 2 if depth == 1 else 1
    chosen = on_path[:wanted]
    while len(chosen) < wanted and others:
        chosen.append(others.pop(rng.randrange(len(others))))
    return chosen


def _measures_by_unit(keywords_by_priority: list[list[str]]) -> dict[tuple[int, int], list[Any]]:
    """Demo measures matching each priority's keywords, by (priority index, unit id)."""
    if not apps.is_installed("quadrant.control"):
        return {}
    measure_model = apps.get_model("control", "Measure")
    found: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for index, keywords in enumerate(keywords_by_priority):
        condition = Q()
        for word in keywords:
            condition |= Q(name__icontains=word) | Q(code__icontains=word)
        for measure in measure_model.objects.filter(condition, archived_at__isnull=True).only(
            "pk", "org_unit_id", "code"
        ):
            found[(index, measure.org_unit_id)].append(measure)
    return found


@register_seed_step("planning", order=200)
def seed_planning(context: SeedContext) -> None:
    install_defaults()  # the shipped domain sets, should a test have flushed them
    rng = context.rng_for("planning")
    units = context.units
    trust = min(units.values(), key=lambda u: u.depth)
    children = _children_by_parent(units)
    manager_ward = context.people["manager"].home_unit if "manager" in context.people else None
    quality = context.people.get("quality")
    # A three-year strategy in its second year on the day of the seed, whatever that day is.
    this_year = year_of(context.reference_date)
    first_year, last_year = this_year - 1, this_year + 1
    dates = {"end": last_year + 1, "soon": this_year + 1}
    strategy = create_strategy(
        title=f"Quality Strategy {period_label(first_year, last_year)}",
        org_unit=trust,
        first_year=first_year,
        last_year=last_year,
        summary="Three aims and eight quality priorities, from the board to every ward. Progress "
        "is judged from SPC charts of the linked measures.",
        aims=AIMS,
        actor=DEMO_SEEDER,
    )
    aims = list(strategy.aims.order_by("order"))
    domains = {d.name: d for d in QualityDomain.in_use()}
    review = context.reference_date - dt.timedelta(days=3)

    def goal(unit: Any, index: int, parent: Goal | None, depth: int) -> Goal:
        title, statement, aim, _, _ = PRIORITIES[index]
        statement = statement.format(**dates)
        if depth:
            title = f"{unit.name}: {title[0].lower()}{title[1:]}"
        owner = quality if depth == 0 else None
        if manager_ward is not None and unit.pk == manager_ward.pk:
            owner = context.people["manager"]
        return Goal(
            title=title[:200],
            statement=statement,
            org_unit=unit,
            parent=parent,
            aim=aims[aim],
            owner=owner,
            first_year=first_year,
            last_year=last_year,
            status="achieved" if (index == 6 and depth == 3) else "active",
            review_cadence="quarterly" if depth < 2 else "monthly",
            next_review=review + dt.timedelta(days=rng.randrange(0, 90)),
        )

    level = [goal(trust, index, None, 0) for index in range(len(PRIORITIES))]
    Goal.objects.bulk_create(level)
    all_goals = list(level)
    index_of = {id(g): i for i, g in enumerate(level)}
    depth = 0
    while level:
        depth += 1
        next_level: list[Goal] = []
        for parent in level:
            for unit in _pick(children.get(parent.org_unit_id, []), rng, context.scale, depth,
                              manager_ward):  # fmt: skip
                child = goal(unit, index_of[id(parent)], parent, depth)
                index_of[id(child)] = index_of[id(parent)]
                next_level.append(child)
        Goal.objects.bulk_create(next_level, batch_size=2000)
        all_goals.extend(next_level)
        level = next_level
    through = Goal.domains.through
    through.objects.bulk_create(
        [
            through(goal_id=g.pk, qualitydomain_id=domains[name].pk)
            for g in all_goals
            for name in PRIORITIES[index_of[id(g)]][3]
            if name in domains
        ],
        batch_size=5000,
    )
    measures = _measures_by_unit([p[4] for p in PRIORITIES])
    links = [
        GoalMeasure(goal=g, measure=m, role="outcome" if n == 0 else "process")
        for g in all_goals
        for n, m in enumerate(measures.get((index_of[id(g)], g.org_unit_id), [])[:3])
    ]
    GoalMeasure.objects.bulk_create(links, batch_size=5000)
    # Last year's Quality Account and this year's (a board reads the current year's).
    QualityAccountPriority.objects.bulk_create(
        [
            *(QualityAccountPriority(year=this_year - 1, goal=g, order=n)
              for n, g in enumerate(all_goals[:8:2])),
            *(QualityAccountPriority(year=this_year, goal=g, order=n)
              for n, g in enumerate(all_goals[1:8:2])),
        ]
    )  # fmt: skip
    _seed_diagrams(context, trust, manager_ward, all_goals, measures, dates["end"])
    context.log(
        f"planning: 1 strategy, {len(all_goals)} goals ({len(all_goals) - 8} cascaded), "
        f"{len(links)} measure links, 2 driver diagrams"
    )


def _seed_diagrams(
    context: SeedContext,
    trust: Any,
    ward: Any,
    goals: list[Goal],
    measures: dict[tuple[int, int], list[Any]],
    target_year: int,
) -> None:
    falls_goal = next((g for g in goals if ward is not None and g.org_unit_id == ward.pk), None)
    unit = ward or trust
    falls = diagrams.create_driver_diagram(
        title=f"Fewer falls with harm on {unit.name}",
        org_unit=unit,
        aim=f"Reduce falls with moderate or greater harm by 30% by March {target_year}",
        goal=falls_goal,
        actor=DEMO_SEEDER,
    )
    _grow(falls.nodes.get(), {
        "Reliable falls risk assessment": {
            "Assessment within 6 hours of admission": ["Admission checklist prompt",
                                                       "Falls champion on every shift"],
            "Lying and standing blood pressure": ["Blood pressure kit on every bay"],
        },
        "Safe ward environment": {
            "Call bells within reach": ["Intentional rounding every hour"],
            "Bay nursing for patients at risk": ["Enhanced observation tool"],
        },
        "Medicines review": {
            "Fewer sedatives at night": ["Pharmacist review of night sedation"],
        },
    })  # fmt: skip
    for found in measures.get((0, unit.pk), [])[:1]:
        diagrams.link_node(falls.nodes.get(kind="aim"), measure=found, actor=DEMO_SEEDER)
    sepsis = diagrams.create_driver_diagram(
        title="Sepsis: screened and treated within the hour",
        org_unit=trust,
        aim="95% of eligible patients screened and treated for sepsis within one hour by March "
        "2026",
        goal=goals[2],
        actor=DEMO_SEEDER,
    )
    _grow(sepsis.nodes.get(), {
        "Early recognition": {
            "NEWS2 recorded on time": ["Electronic observations alerts"],
            "Screening tool used at triage": ["Sepsis screening in the triage template"],
        },
        "Prompt treatment": {
            "Antibiotics within the hour": ["Sepsis grab bags", "Antibiotic prescribing prompt"],
        },
    })  # fmt: skip


def _grow(parent: Any, tree: dict[str, Any] | list[str]) -> None:
    if isinstance(tree, dict):
        for text, below in tree.items():
            _grow(diagrams.add_driver_node(parent, text, actor=DEMO_SEEDER), below)
    else:
        for text in tree:
            diagrams.add_driver_node(parent, text, actor=DEMO_SEEDER)
