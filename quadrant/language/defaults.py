"""What a new Quadrant ships with: two domain sets, guiding questions and a starter glossary."""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify

IOM_SET = (
    "IOM six aims",
    "The Institute of Medicine's six aims for health care (Crossing the Quality Chasm, 2001).",
    [
        ("Safe", "Avoiding harm to patients from the care that is meant to help them."),
        (
            "Effective",
            "Care based on evidence, for everyone who could benefit, and not for those "
            "who would not.",
        ),
        (
            "Person-centred",
            "Care that respects and responds to each person's preferences, needs and values.",
        ),
        ("Timely", "Reducing waits and harmful delays for those who receive and give care."),
        ("Efficient", "Avoiding waste of equipment, supplies, ideas and energy."),
        ("Equitable", "Care that does not vary in quality because of personal characteristics."),
    ],
)

CQC_SET = (
    "CQC key questions",
    "The Care Quality Commission's five key questions about every service.",
    [
        ("Safe", "People are protected from abuse and avoidable harm."),
        (
            "Effective",
            "Care, treatment and support achieve good outcomes and are based on the "
            "best available evidence.",
        ),
        (
            "Caring",
            "Staff involve people and treat them with compassion, kindness, dignity and respect.",
        ),
        ("Responsive", "Services are organised so that they meet people's needs."),
        (
            "Well-led",
            "Leadership, management and governance assure high-quality, person-centred "
            "care, support learning and innovation, and promote an open, fair culture.",
        ),
    ],
)

GUIDING_QUESTIONS = [
    ("planning", "What do we need to do well?"),
    ("control", "How do we know we are doing it well?"),
    ("assurance", "How do we know it made a difference?"),
    ("improvement", "How do we do it better?"),
]

GLOSSARY = [
    (
        "SPC",
        "Statistical process control: a way of charting data over time that separates the "
        "everyday ups and downs (common cause variation) from changes worth acting on (special "
        "cause variation).",
    ),
    (
        "PDSA",
        "Plan, Do, Study, Act: a small, quick test of a change, planned with a "
        "prediction and studied against it before the next test.",
    ),
    (
        "RAG",
        "Red, amber, green: a rating of progress chosen by a person. Quadrant uses it only "
        "where no measure shows progress.",
    ),
    (
        "driver diagram",
        "A picture of an aim, the things that drive it (primary and secondary "
        "drivers) and the changes we could test to move them (change ideas).",
    ),
    (
        "quality priority",
        "A goal the organisation has chosen to improve, with an owner, a unit "
        "and measures that show progress.",
    ),
    (
        "Quality Account",
        "The annual report every NHS trust publishes on the quality of its "
        "services, including its quality priorities for the coming year.",
    ),
    (
        "outcome measure",
        "A measure of the result that matters to patients, such as falls with harm.",
    ),
    (
        "process measure",
        "A measure of whether the steps that lead to the outcome are being "
        "done, such as risk assessments completed on time.",
    ),
    ("balancing measure", "A measure that checks a change has not made something else worse."),
    (
        "special cause variation",
        "A change in the data that everyday variation does not explain: a signal to look into.",
    ),
    (
        "common cause variation",
        "The everyday ups and downs of a stable process: no single point needs explaining.",
    ),
    ("change idea", "A specific change that could be tested, for example with PDSA cycles."),
]


def install_defaults(apps: Any = None) -> None:
    """Add what is shipped and missing (idempotent): the IOM six aims (in use when no set is),
    the CQC key questions, the guiding questions and the glossary. APPS: a migration's registry.
    """
    if apps is None:
        from django.apps import apps as registry

        apps = registry
    domain_sets = apps.get_model("language", "QualityDomainSet")
    domains = apps.get_model("language", "QualityDomain")
    questions = apps.get_model("language", "GuidingQuestion")
    terms = apps.get_model("language", "GlossaryTerm")
    none_active = not domain_sets.objects.filter(is_active=True).exists()
    for (name, description, rows), active in ((IOM_SET, none_active), (CQC_SET, False)):
        domain_set, _ = domain_sets.objects.get_or_create(
            name=name, defaults={"description": description, "builtin": True, "is_active": active}
        )
        for order, (domain, text) in enumerate(rows):
            domains.objects.get_or_create(
                domain_set=domain_set,
                code=slugify(domain),
                defaults={"name": domain, "description": text, "order": order},
            )
    if not questions.objects.exists():
        for order, (component, text) in enumerate(GUIDING_QUESTIONS):
            questions.objects.create(component=component, text=text, order=order)
    for term, definition in GLOSSARY:
        if not terms.objects.filter(term__iexact=term).exists():
            terms.objects.create(term=term, definition=definition)
