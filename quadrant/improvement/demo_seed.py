"""Demo data of improvement (a seed step the demo generator discovers): about 40 projects
across every stage and many units, with PDSA histories (over 60 cycles), project measures
whose weekly data shift after the changes that worked, learning summaries of the closed ones,
`partner` on the team of two projects on `manager`'s ward, and ideas waiting for triage (one
from `staff`). At the large scale, light projects fill the portfolio up to 2,000.

Runs after planning (order 300) so projects can name goals and driver-diagram change ideas.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from quadrant.control.public import Measure, Observation
from quadrant.demo import SeedContext, register_seed_step
from quadrant.improvement.choices import (
    STAGE_ORDER,
    ActDecision,
    IdeaStatus,
    Method,
    PdsaPhase,
    Stage,
)
from quadrant.improvement.models import (
    ChangeIdea,
    Idea,
    LearningSummary,
    PdsaCycle,
    Project,
    ProjectMeasure,
    ProjectStage,
)
from quadrant.organisation.choices import GrantRole, Role
from quadrant.organisation.models import Membership, ObjectGrant

# (title, aim, how much, measure name, unit label, change ideas)
TOPICS = [
    (
        "Fewer inpatient falls",
        "Reduce falls with harm on the ward",
        "by 30%",
        "Falls per 1,000 bed days",
        "per 1,000 bed days",
        [
            "Intentional rounding at night",
            "Falls risk assessment within 6 hours",
            "Bed rails check",
        ],
    ),
    (
        "Faster discharge before noon",
        "Discharge more patients before midday",
        "to 40% of discharges",
        "Discharges before noon (%)",
        "%",
        ["Criteria-led discharge", "Board round at 9am", "TTO medicines ordered the day before"],
    ),
    (
        "Pressure ulcer prevention",
        "Prevent hospital-acquired pressure ulcers",
        "by half",
        "Pressure ulcers per 1,000 bed days",
        "per 1,000 bed days",
        ["SSKIN bundle on admission", "Two-hourly repositioning chart", "Heel off-loading boots"],
    ),
    (
        "Sepsis six within the hour",
        "Give the sepsis six within an hour of recognition",
        "to 90%",
        "Sepsis six within one hour (%)",
        "%",
        ["Sepsis grab bags", "Screening prompt in NEWS2", "Nurse-initiated antibiotics"],
    ),
    (
        "Missed medication doses",
        "Reduce omitted critical medicines",
        "by 50%",
        "Omitted critical doses per 100 patients",
        "per 100 patients",
        ["Red tabards on drug rounds", "Pharmacy stock check at 6pm", "Critical medicines list"],
    ),
    (
        "Hand hygiene every time",
        "Raise hand hygiene compliance",
        "to 98%",
        "Hand hygiene compliance (%)",
        "%",
        ["Gel at every bed space", "Peer observation weekly", "Bare below the elbows prompts"],
    ),
    (
        "Time to first assessment",
        "Shorten the wait for first clinical assessment",
        "to under 15 minutes",
        "Minutes to first assessment (median)",
        "minutes",
        ["Rapid assessment nurse", "Streaming at the front door", "Paper-free triage"],
    ),
    (
        "Catheter-associated infections",
        "Reduce catheter-associated urinary infections",
        "by 40%",
        "CAUTI per 1,000 catheter days",
        "per 1,000 catheter days",
        ["Daily catheter review", "Nurse-led removal protocol", "Catheter passport"],
    ),
]
# Where each topic is plausible, by unit name: the first words of the names of the units it
# suits ("Ward " is every adult inpatient ward); topics of patient flow are also run as Lean
# rapid improvement events.
ADULT_WARDS = ("Ward 5", "Ward 7", "Ward 9", "Ward 1", "Ward 2", "Acute Medical Unit")
SETTINGS = {
    "Fewer inpatient falls": (*ADULT_WARDS, "Hyper-acute stroke unit"),
    "Faster discharge before noon": (*ADULT_WARDS, "Ward 32", "Coronary care unit"),
    "Pressure ulcer prevention": (*ADULT_WARDS, "Intensive care unit", "High dependency unit"),
    "Sepsis six within the hour": (
        *ADULT_WARDS, "Emergency department", "Surgical assessment unit",
        "Urgent treatment centre", "Paediatric assessment unit", "Critical care outreach",
    ),
    "Missed medication doses": (*ADULT_WARDS, "Ward pharmacy team", "Hyper-acute stroke unit"),
    "Hand hygiene every time": (
        *ADULT_WARDS, "Intensive care unit", "Neonatal intensive care unit", "Main theatres",
        "Endoscopy unit", "Phlebotomy team", "Emergency department", "Day surgery unit",
    ),
    "Time to first assessment": (
        "Emergency department", "Urgent treatment centre", "Maternity triage",
        "Paediatric assessment unit", "Acute Medical Unit", "Surgical assessment unit",
        "Early pregnancy unit", "Clinical decision unit",
    ),
    "Catheter-associated infections": (
        *ADULT_WARDS, "Intensive care unit", "High dependency unit", "Urology investigations",
    ),
}  # fmt: skip
LEAN_TOPICS = {"Faster discharge before noon", "Time to first assessment"}
# stage: how many projects (the demo's ~40), and how many PDSA cycles each
PLAN = [
    (Stage.IDEA, 3, 0),
    (Stage.SCOPING, 5, 0),
    (Stage.TESTING, 10, 2),
    (Stage.IMPLEMENTING, 6, 3),
    (Stage.SPREADING, 4, 3),
    (Stage.SUSTAINING, 4, 3),
    (Stage.CLOSED, 6, 3),
    (Stage.ABANDONED, 2, 1),
]
WEEKS = 78
# Projects on `manager`'s ward: an idea, one scoping, two testing (partner and staff on
# their teams), one implementing and one closed.
ON_MANAGER_WARD = {1, 4, 9, 10, 19, 35}
PENDING_IDEAS = [
    "Put a clock in every bay so patients know the time",
    "Protected mealtimes sign on the ward door",
    "A checklist for transfers out of hours",
    "Quiet hour after lunch so patients can rest",
    "Laminated cards with the ward's phone numbers for relatives",
]


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _wards(context: SeedContext) -> list[Any]:
    leaves = [u for u in context.units.values() if u.kind in ("ward", "team")]
    return sorted(leaves, key=lambda u: u.code)


def _people_at(units: list[Any], role: str) -> dict[int, Any]:
    rows = Membership.objects.filter(org_unit__in=units, role=role).select_related("person")
    return {row.org_unit_id: row.person for row in rows.order_by("pk")}


def _measure(code: str, topic: tuple[Any, ...], unit: Any, owner: Any) -> Measure:
    from quadrant.language.models import QualityDomain

    name, label = f"{topic[3]}, {unit.name}", topic[4]
    if Measure.objects.filter(org_unit=unit, name=name).exists():  # the unit's monthly one
        name = f"{topic[3]} – weekly project data, {unit.name}"
    increase = label == "%"
    return Measure.objects.create(
        code=code,
        name=name[:200],
        org_unit=unit,
        owner=owner,
        frequency="week",
        chart_type="xmr",
        direction="increase" if increase else "decrease",
        unit_label=label,
        domain=QualityDomain.in_use().filter(code="safe").first(),
        data_source="Improvement project data collection",
        definition=f"Collected weekly by the improvement team on {unit.name}.",
    )


def _series(rng: random.Random, measure: Measure, end: dt.date, shift_at: dt.date | None) -> None:
    """Weekly values ending at END; after SHIFT_AT (an adopted change) they shift the good way."""
    increase = measure.direction == "increase"
    base = rng.uniform(55, 70) if increase else rng.uniform(6, 12)
    spread = base * 0.08
    step = base * (0.25 if increase else -0.4)
    first = _monday(end) - dt.timedelta(weeks=WEEKS - 1)
    rows = []
    for week in range(WEEKS):
        period = first + dt.timedelta(weeks=week)
        value = base + rng.gauss(0, spread)
        if shift_at is not None and period >= shift_at:
            value += step
        rows.append(
            Observation(
                measure=measure,
                period=period,
                value=round(max(0.0, min(value, 100.0) if increase else value), 1),
            )
        )
    Observation.objects.bulk_create(rows)


def _cycles(
    rng: random.Random,
    project: Project,
    ideas: list[ChangeIdea],
    count: int,
    start: dt.date,
    stage: str,
) -> tuple[list[PdsaCycle], dt.date | None]:
    """COUNT cycles from START: adapt, adapt …, then adopt (or abandon for an abandoned
    project); a project still testing leaves its last cycle open. Returns the cycles and the
    date the change was adopted (None when nothing was)."""
    cycles: list[PdsaCycle] = []
    day, adopted = start, None
    for number in range(1, count + 1):
        idea = ideas[min(number - 1, len(ideas) - 1) // 2]
        end = day + dt.timedelta(days=rng.choice([7, 14, 14, 21]))
        last = number == count
        decision = ActDecision.ADAPT
        if last:
            decision = ActDecision.ABANDON if stage == Stage.ABANDONED else ActDecision.ADOPT
        open_cycle = last and stage == Stage.TESTING
        cycle = PdsaCycle(
            project=project,
            change_idea=idea,
            number=number,
            previous=cycles[-1] if cycles and cycles[-1].decision == ActDecision.ADAPT else None,
            objective=f"Test “{idea.title}” on {'one shift' if number == 1 else 'all shifts'}",
            questions="Is it workable for the team? Does the measure move?",
            prediction="The measure improves within two weeks without extra work for the team",
            plan_who="The nurse in charge",
            plan_what=idea.title,
            plan_where=project.org_unit.name,
            start_date=day,
            end_date=None if open_cycle else end,
            data_to_collect="Weekly count from the ward's tally sheet",
            phase=rng.choice([PdsaPhase.DO, PdsaPhase.STUDY]) if open_cycle else PdsaPhase.DONE,
            what_happened=""
            if open_cycle
            else "Ran as planned on most shifts; two shifts missed it.",
            results=""
            if open_cycle
            else "The measure moved the way we predicted, less than hoped.",
            decision="" if open_cycle else decision,
            next_steps=""
            if open_cycle or decision != ActDecision.ADAPT
            else "Widen the test to nights and weekends",
            created_at=_aware(day),
            updated_at=_aware(end),
        )
        cycle.save()
        cycles.append(cycle)
        if cycle.decision == ActDecision.ADOPT:
            adopted = end
        if cycle.decision:
            ChangeIdea.objects.filter(pk=idea.pk).update(decision=cycle.decision)
        day = end + dt.timedelta(days=rng.randint(3, 20))
    return cycles, adopted


def _stage_history(project: Project, stage: str, started: dt.date, reference: dt.date) -> dt.date:
    walked = (
        STAGE_ORDER[: STAGE_ORDER.index(Stage(stage)) + 1]
        if stage != Stage.ABANDONED
        else [*STAGE_ORDER[:3], stage]
    )
    span = (reference - started).days
    rows = []
    for index, step in enumerate(walked):
        day = started + dt.timedelta(days=span * index // max(len(walked), 1))
        rows.append(ProjectStage(project=project, stage=step, changed_on=day))
    ProjectStage.objects.bulk_create(rows)
    return rows[-1].changed_on


def _grant(person: Any, project: Project, role: str, content_type: Any) -> None:
    ObjectGrant.objects.get_or_create(
        person=person, content_type=content_type, object_id=project.pk, role=role, archived_at=None
    )


@register_seed_step("improvement", order=300)
def seed_improvement(context: SeedContext) -> None:
    rng = context.rng_for("improvement")
    reference = context.reference_date
    people = context.people
    wards = _wards(context)
    manager_ward = context.manager_ward
    places = _places(rng, wards, manager_ward)
    managers = _people_at(wards, Role.MANAGER)
    coaches = list(Membership.objects.filter(role=Role.COACH).select_related("person", "org_unit"))
    project_type = ContentType.objects.get_for_model(Project)
    node_ids = _change_idea_nodes()
    number, total_cycles, made = 0, 0, []
    for stage, count, cycle_count in PLAN:
        for _ in range(count):
            number += 1
            topic, unit = places(number in ON_MANAGER_WARD)
            lead = managers.get(unit.pk) or people["manager"]
            coach = _coach_for(unit, coaches) or people.get("coach")
            if unit == manager_ward:
                lead, coach = people["manager"], people["coach"]
            started = reference - dt.timedelta(days=rng.randint(120, 600))
            project = Project.objects.create(
                title=f"{topic[0]} – {unit.name}"[:200],
                aim_what=f"{topic[1]} on {unit.name}",
                aim_how_much=topic[2],
                aim_by_when=reference + dt.timedelta(days=rng.randint(60, 400)),
                measures_summary=f"Outcome: {topic[3]}. Process: how often the change was done. "
                "Balancing: staff time per shift.",
                changes_summary="; ".join(topic[5]),
                method=_method(topic[0], number),
                stage=stage,
                org_unit=unit,
                lead=lead,
                coach=coach,
                sponsor=people.get("quality"),
                created_at=_aware(started),
            )
            project.stage_changed_on = _stage_history(project, stage, started, reference)
            ideas = [
                ChangeIdea.objects.create(
                    project=project, title=t, driver_node_id=node_ids.pop() if node_ids else None
                )
                for t in topic[5]
            ]
            _grant(lead, project, GrantRole.LEAD, project_type)
            cycles, adopted = _cycles(
                rng, project, ideas, cycle_count, started + dt.timedelta(days=30), stage
            )
            total_cycles += len(cycles)
            last = max([c.end_date or c.start_date for c in cycles], default=started)
            if cycle_count:
                measure = _measure(f"QI-{number:03d}", topic, unit, lead)
                _series(rng, measure, reference, _monday(adopted) if adopted else None)
                ProjectMeasure.objects.create(project=project, measure=measure, role="outcome")
                last = max(last, reference) if stage != Stage.ABANDONED and number % 5 else last
            project.last_activity_at = _aware(min(last, reference))
            if stage in (Stage.CLOSED, Stage.ABANDONED):
                project.closing_note = (
                    "Stopped: the team moved to the new unit." if stage == Stage.ABANDONED else ""
                )
            project.save()
            if stage == Stage.CLOSED:
                LearningSummary.objects.create(
                    project=project,
                    problem=f"{topic[1]}: the baseline was stable but too high.",
                    changes_tested="; ".join(topic[5]),
                    results=f"After “{ideas[-1].title}” the "
                    "chart shows a sustained shift (special cause of improvement).",
                    advice="Start small on one shift, collect data weekly, and involve the night "
                    "team early.",
                    published_at=_aware(reference - dt.timedelta(days=rng.randint(5, 90))),
                )
            made.append(project)
    _team_on_manager_ward(made, manager_ward, people, project_type)
    _link_goals(made)
    _ideas(rng, context, wards, made)
    if context.scale == "large":
        bulk_portfolio(wards, 2_000 - len(made), rng, reference)
    context.log(f"improvement: {len(made)} projects, {total_cycles} PDSA cycles")


def _places(rng: random.Random, wards: list[Any], manager_ward: Any) -> Any:
    """A picker of (topic, unit) for each project in turn: topics in rotation, each on a unit
    where it is plausible (SETTINGS) and never twice on the same unit; on `manager`'s ward when
    asked, with a topic that ward has not had yet."""
    eligible = {
        title: rng.sample(found := [u for u in wards if u.name.startswith(starts)], len(found))
        for title, starts in SETTINGS.items()
    }
    used: set[tuple[str, int]] = set()
    turn = iter(range(10**6))

    def pick(on_manager_ward: bool) -> tuple[tuple[Any, ...], Any]:
        for offset in turn:
            topic = TOPICS[offset % len(TOPICS)]
            units = eligible[topic[0]]
            if on_manager_ward:
                units = [manager_ward] if manager_ward in units else []
            free = [u for u in units if (topic[0], u.pk) not in used]
            if not on_manager_ward:  # elsewhere first: that ward has its own six
                free = [u for u in free if u != manager_ward] or free
            if free:
                used.add((topic[0], free[0].pk))
                return topic, free[0]
        raise RuntimeError("no plausible unit left for a demo project")  # pragma: no cover

    return pick


def _method(title: str, number: int) -> str:
    """Half the projects on patient flow run as Lean rapid improvement events."""
    if title in LEAN_TOPICS and number % 2:
        return str(Method.LEAN_RIE)
    return str(Method.MODEL_FOR_IMPROVEMENT)


def _coach_for(unit: Any, coaches: list[Any]) -> Any | None:
    covering = [m for m in coaches if unit.path.startswith(m.org_unit.path)]
    return max(covering, key=lambda m: m.org_unit.depth).person if covering else None


def _change_idea_nodes() -> list[int]:
    from quadrant.planning.public import DriverNode

    return list(
        DriverNode.objects.filter(kind="change_idea")
        .order_by("-pk")
        .values_list("pk", flat=True)[:6]
    )


def _team_on_manager_ward(
    projects: list[Project], ward: Any, people: dict[str, Any], project_type: Any
) -> None:
    """`partner` and `staff` on two live projects of `manager`'s ward (coach named too)."""
    live = [p for p in projects if p.org_unit_id == ward.pk and p.is_live and p.cycles.exists()]
    for project in live[:2]:
        for name in ("partner", "staff"):
            if name in people:
                _grant(people[name], project, GrantRole.TEAM_MEMBER, project_type)


# The words of the goal each topic serves (planning's demo goals); topics without one serve no
# goal of the cascade.
GOAL_WORDS = {
    "Fewer inpatient falls": "falls",
    "Faster discharge before noon": "discharge before noon",
    "Pressure ulcer prevention": "pressure ulcers",
    "Sepsis six within the hour": "sepsis",
    "Hand hygiene every time": "hand hygiene",
}


def _link_goals(projects: list[Project]) -> None:
    """Each project serves the nearest goal above its unit on its own topic."""
    from quadrant.language.models import QualityDomain
    from quadrant.planning.public import Goal

    domains = list(QualityDomain.in_use())
    for index, project in enumerate(projects):
        words = next((w for t, w in GOAL_WORDS.items() if project.title.startswith(t)), None)
        goal = (
            Goal.objects.filter(org_unit__in=project.org_unit.ancestors(), title__icontains=words)
            .order_by("-org_unit__depth", "pk")
            .first()
            if words
            else None
        )
        if goal is not None:
            project.goals.add(goal)
        if domains:
            project.domains.add(domains[index % len(domains)])


def _ideas(
    rng: random.Random, context: SeedContext, wards: list[Any], projects: list[Project]
) -> None:
    people, ward = context.people, context.manager_ward
    staff_at = Membership.objects.filter(role=Role.STAFF, org_unit__in=wards).select_related(
        "person", "org_unit"
    )
    submitters = list(staff_at.order_by("pk")[:40])
    made = []
    if "staff" in people:
        made.append(
            Idea(
                title="A red jug lid for patients who need help to drink",
                org_unit=ward,
                problem="Dehydration is missed when jugs are full but untouched",
                submitter=people["staff"],
            )
        )
    for title in PENDING_IDEAS:
        member = rng.choice(submitters) if submitters else None
        if member is not None:
            made.append(Idea(title=title, org_unit=member.org_unit, submitter=member.person))
    for member in submitters[:2]:
        made.append(
            Idea(
                title="Move the drug trolley to the nurses' station",
                org_unit=member.org_unit,
                submitter=member.person,
                status=IdeaStatus.DECLINED,
                decline_reason="The fire officer needs the corridor clear; we will look at a "
                "wall cupboard instead.",
                triaged_by=people.get("coach"),
                triaged_at=_aware(context.reference_date),
            )
        )
    source = next((p for p in projects if p.stage == Stage.SCOPING), None)
    if source is not None and submitters:
        made.append(
            Idea(
                title=source.title,
                org_unit=source.org_unit,
                submitter=submitters[-1].person,
                status=IdeaStatus.PROJECT,
                project=source,
                triaged_by=people.get("coach"),
                triaged_at=_aware(context.reference_date),
            )
        )
    Idea.objects.bulk_create(made)


def bulk_portfolio(
    units: list[Any], count: int, rng: random.Random, reference: dt.date
) -> list[Project]:
    """COUNT light projects (no cycles or measures) spread over UNITS, each with its stage
    history: fills a large trust's portfolio for the benchmark."""
    stages = [stage for stage, n, _ in PLAN for _ in range(n)]
    rows = []
    for index in range(count):
        stage = stages[index % len(stages)]
        started = reference - dt.timedelta(days=rng.randint(30, 700))
        rows.append(
            Project(
                title=f"{TOPICS[index % len(TOPICS)][0]} #{index + 1}",
                aim_what=TOPICS[index % len(TOPICS)][1],
                org_unit=units[index % len(units)],
                stage=stage,
                stage_changed_on=started,
                method=_method(TOPICS[index % len(TOPICS)][0], index),
                last_activity_at=_aware(reference - dt.timedelta(days=rng.randint(0, 120))),
            )
        )
    projects = Project.objects.bulk_create(rows, batch_size=1000)
    history = []
    for project in projects:
        walked = (
            STAGE_ORDER[: STAGE_ORDER.index(project.stage) + 1]
            if project.stage != Stage.ABANDONED
            else [Stage.SCOPING, Stage.ABANDONED]
        )
        for step_index, step in enumerate(walked):
            history.append(
                ProjectStage(
                    project=project,
                    stage=step,
                    changed_on=project.stage_changed_on + dt.timedelta(days=20 * step_index),
                )
            )
    ProjectStage.objects.bulk_create(history, batch_size=5000)
    return projects
