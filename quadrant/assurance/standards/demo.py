"""Demo data of the standards concept: the CQC framework from its data file; an illustrative
national-style set of 180 external standards (invented for the demo, not any real body's
text) consolidated into 50 internal standards in 7 domains, with the CQC statements mapped
too; a few external standards left unmapped and internal ones with no external basis; and
evidence — titled references and some of the demo's measures. Written in bulk: well under a
second."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType

from quadrant.assurance.standards.cqc import load_cqc
from quadrant.assurance.standards.definitions import FrameworkDefinition, GroupRow, StandardRow
from quadrant.assurance.standards.models import Standard, StandardEvidence, StandardMapping
from quadrant.assurance.standards.services import load_framework
from quadrant.control.public import Measure
from quadrant.core.actors import DEMO_SEEDER

NATIONAL_CODE = "demo-national"
INTERNAL_CODE = "trust-standards"

# The trust's own standards: 7 domains, (code, title, CQC statements it meets).
DOMAINS: list[tuple[str, str, list[tuple[str, str, list[str]]]]] = [
    (
        "SAFE",
        "Safe, harm-free care",
        [
            ("SAFE-01", "Reporting and learning from incidents", ["S1"]),
            ("SAFE-02", "Falls prevention", ["S4"]),
            ("SAFE-03", "Pressure ulcer prevention", ["S4"]),
            ("SAFE-04", "Recognising the deteriorating patient", ["S2"]),
            ("SAFE-05", "Safeguarding adults and children", ["S3"]),
            ("SAFE-06", "Safe handover and transfer", ["S2"]),
            ("SAFE-07", "Safe equipment and premises", ["S5"]),
            ("SAFE-08", "Duty of candour", []),
        ],
    ),
    (
        "IPC",
        "Infection prevention and control",
        [
            ("IPC-01", "Hand hygiene", ["S7"]),
            ("IPC-02", "Clean environment and equipment", ["S7"]),
            ("IPC-03", "Isolation and outbreak management", []),
            ("IPC-04", "Antimicrobial stewardship", []),
            ("IPC-05", "Invasive devices", []),
            ("IPC-06", "Staff vaccination and PPE", []),
            ("IPC-07", "Decontamination of reusable devices", []),
        ],
    ),
    (
        "MED",
        "Medicines",
        [
            ("MED-01", "Safe prescribing", ["S8"]),
            ("MED-02", "Medicines storage", []),
            ("MED-03", "Controlled drugs", []),
            ("MED-04", "Medicines reconciliation", []),
            ("MED-05", "Omitted and delayed doses", []),
            ("MED-06", "Patients informed about their medicines", []),
            ("MED-07", "Intravenous therapy", []),
        ],
    ),
    (
        "EXP",
        "Patient experience, dignity and involvement",
        [
            ("EXP-01", "Dignity and privacy", ["C1"]),
            ("EXP-02", "Person-centred care planning", ["C2", "R1"]),
            ("EXP-03", "Consent and mental capacity", ["E6"]),
            ("EXP-04", "Accessible information", ["R3"]),
            ("EXP-05", "Complaints and feedback", ["R4"]),
            ("EXP-06", "End of life care", ["R7"]),
            ("EXP-07", "Equity of access and outcomes", ["R5", "R6"]),
        ],
    ),
    (
        "EFF",
        "Effective care and outcomes",
        [
            ("EFF-01", "Assessment on admission", ["E1"]),
            ("EFF-02", "Evidence-based pathways", ["E2"]),
            ("EFF-03", "Clinical audit and outcomes", ["E5"]),
            ("EFF-04", "Nutrition and hydration", ["E4", "C3"]),
            ("EFF-05", "Multidisciplinary working", ["E3", "R2"]),
            ("EFF-06", "Timely discharge", ["C4"]),
            ("EFF-07", "Health promotion", []),
        ],
    ),
    (
        "WF",
        "Workforce",
        [
            ("WF-01", "Safe staffing levels", ["S6"]),
            ("WF-02", "Mandatory training", []),
            ("WF-03", "Appraisal and supervision", []),
            ("WF-04", "Staff wellbeing", ["C5"]),
            ("WF-05", "Equality, diversity and inclusion", ["W4"]),
            ("WF-06", "Speaking up", ["W3"]),
            ("WF-07", "Recruitment checks", []),
        ],
    ),
    (
        "LEAD",
        "Leadership and governance",
        [
            ("LEAD-01", "Vision and strategy", ["W1"]),
            ("LEAD-02", "Board and ward leadership", ["W2"]),
            ("LEAD-03", "Quality governance and risk", ["W5"]),
            ("LEAD-04", "Partnership working", ["W6"]),
            ("LEAD-05", "Quality improvement", ["W7"]),
            ("LEAD-06", "Sustainability", ["W8"]),
            ("LEAD-07", "Information governance", []),
        ],
    ),
]
# Internal standards no external standard is mapped to yet (the coverage view shows them).
WITHOUT_BASIS = {"SAFE-08", "IPC-07", "LEAD-07"}
# The four aspects each internal standard's external counterparts cover.
ASPECTS = [
    (
        "policy",
        "There is a current, approved policy for {topic}, reviewed at least every three years.",
    ),
    (
        "training",
        "Staff involved in {topic} are trained for their role and their training is recorded.",
    ),
    (
        "monitoring",
        "Compliance with {topic} is audited regularly and reported to the responsible committee.",
    ),
    (
        "improvement",
        "Learning from audits, incidents and feedback about {topic} leads to recorded changes.",
    ),
]
NATIONAL_AREAS = 12
LEFT_UNMAPPED = 9  # the last external standards, waiting for someone to map them


def _national() -> FrameworkDefinition:
    topics = [
        (code, title)
        for _, _, standards in DOMAINS
        for code, title, _ in standards
        if code not in WITHOUT_BASIS
    ]
    rows: list[StandardRow] = []
    for _, title in topics:
        for aspect, text in ASPECTS:
            if len(rows) == 180:
                break
            area = len(rows) * NATIONAL_AREAS // 180 + 1
            rows.append(
                StandardRow(
                    code=f"NS{area}.{len(rows) % 15 + 1}",
                    title=f"{title}: {aspect}",
                    group_code=f"area-{area}",
                    text=text.format(topic=title.lower()),
                    order=len(rows) + 1,
                )
            )
    groups = tuple(
        GroupRow(f"area-{n}", f"Standard area {n}", n) for n in range(1, NATIONAL_AREAS + 1)
    )
    return FrameworkDefinition(
        code=NATIONAL_CODE,
        title="Illustrative national clinical standards (demo data)",
        kind="external",
        publisher="Invented for the Quadrant demo: not the text of any real body",
        version="2025",
        description="An illustrative national-style set of 180 standards, written for the demo "
        "to show how many external standards are consolidated into the trust's own.",
        groups=groups,
        standards=tuple(rows),
    )


def _internal() -> FrameworkDefinition:
    return FrameworkDefinition(
        code=INTERNAL_CODE,
        title="Trust quality standards",
        kind="internal",
        publisher="The trust",
        version="3",
        description="The trust's own 50 standards in 7 domains, through which it meets the "
        "external frameworks.",
        groups=tuple(GroupRow(code, title, n) for n, (code, title, _) in enumerate(DOMAINS, 1)),
        standards=tuple(
            StandardRow(code=code, title=title, group_code=domain, order=n)
            for domain, _, standards in DOMAINS
            for n, (code, title, _) in enumerate(standards, 1)
        ),
    )


def seed_standards(context: Any) -> None:
    cqc = load_cqc(actor=DEMO_SEEDER).framework
    national = load_framework(_national(), actor=DEMO_SEEDER, source="demo").framework
    internal = load_framework(_internal(), actor=DEMO_SEEDER, source="demo").framework
    ids = dict(Standard.objects.filter(framework=internal).values_list("code", "pk"))
    cqc_ids = dict(Standard.objects.filter(framework=cqc).values_list("code", "pk"))
    cqc_to: dict[str, str] = {}  # each statement through its first internal standard
    for _, _, standards in DOMAINS:
        for code, _, statements in standards:
            for statement in statements:
                cqc_to.setdefault(statement, code)
    mappings = [
        StandardMapping(external_id=cqc_ids[statement], internal_id=ids[code])
        for statement, code in cqc_to.items()
    ]
    national_rows = list(
        Standard.objects.filter(framework=national).order_by("order").values_list("pk", "title")
    )
    by_title = {title: code for _, _, s in DOMAINS for code, title, _ in s}
    for pk, title in national_rows[: len(national_rows) - LEFT_UNMAPPED]:
        mappings.append(
            StandardMapping(external_id=pk, internal_id=ids[by_title[title.split(":")[0]]])
        )
    StandardMapping.objects.bulk_create(mappings)
    StandardEvidence.objects.bulk_create(_evidence(ids, context))
    context.log(
        f"standards: CQC, {len(national_rows)} national and {len(ids)} internal standards, "
        f"{len(mappings)} mappings"
    )


def _evidence(ids: dict[str, int], context: Any) -> list[StandardEvidence]:
    reference = context.reference_date
    titled = [
        StandardEvidence(
            standard_id=pk,
            title=f"{code} annual review to the Quality Committee",
            url="https://intranet.example.nhs.uk/quality/standards",
            evidence_date=reference.replace(day=1),
            note="Illustrative demo evidence.",
        )
        for code, pk in sorted(ids.items())[::2]
    ]
    kind = ContentType.objects.get_for_model(Measure)
    measures = list(Measure.objects.filter(archived_at__isnull=True).order_by("pk")[:12])
    targets = ["IPC-01", "SAFE-02", "SAFE-03", "MED-05", "EFF-04", "WF-01"]
    linked = [
        StandardEvidence(standard_id=ids[targets[n % len(targets)]], linked_type=kind,
                         linked_id=measure.pk, evidence_date=reference)
        for n, measure in enumerate(measures)
    ]  # fmt: skip
    return titled + linked
