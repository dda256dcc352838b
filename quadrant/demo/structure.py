"""The shape of the demo trust: a hand-written tree for the demo, a generated one for `large`.

Both produce plain `UnitPlan` rows (no database), numbered from a first id so that the
materialised path of every unit is known before anything is written.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from quadrant.organisation.choices import UnitKind
from quadrant.organisation.models import path_segment

TRUST_CODE = "NBT"
TRUST_NAME = "Northbridge Teaching Hospitals NHS Foundation Trust"

W, T = UnitKind.WARD, UnitKind.TEAM

# (code, name, family, [(service code, service name, [(code, name, kind), ...]), ...])
DEMO_TREE = [
    ("MED", "Medicine", "medicine", [
        ("ACMED", "Acute medicine", [
            ("AMU", "Acute Medical Unit", W), ("AEC", "Ambulatory emergency care", T),
            ("W05", "Ward 5 – Short stay medicine", W)]),
        ("ED", "Emergency department", [
            ("EDMAJ", "Emergency department – Majors", T), ("UTC", "Urgent treatment centre", T),
            ("CDU", "Clinical decision unit", W)]),
        ("RESP", "Respiratory medicine", [
            ("W07", "Ward 7 – Respiratory", W), ("RSU", "Respiratory support unit", W),
            ("RESPNT", "Respiratory nurse specialist team", T)]),
        ("CARD", "Cardiology", [
            ("W09", "Ward 9 – Cardiology", W), ("CCU", "Coronary care unit", W),
            ("CATHLAB", "Cardiac catheter laboratory", T)]),
        ("ELD", "Care of the elderly", [
            ("W11", "Ward 11 – Care of the elderly", W), ("W12", "Ward 12 – Frailty", W)]),
        ("STROKE", "Stroke", [
            ("HASU", "Hyper-acute stroke unit", W), ("W15", "Ward 15 – Stroke rehabilitation", W)]),
        ("GASTRO", "Gastroenterology", [
            ("W10", "Ward 10 – Gastroenterology", W), ("ENDO", "Endoscopy unit", T)]),
    ]),
    ("SURG", "Surgery", "surgery", [
        ("GENSURG", "General surgery", [
            ("W20", "Ward 20 – General surgery", W), ("SAU", "Surgical assessment unit", W),
            ("W21", "Ward 21 – Colorectal surgery", W)]),
        ("TO", "Trauma and orthopaedics", [
            ("W22", "Ward 22 – Trauma", W), ("W23", "Ward 23 – Elective orthopaedics", W),
            ("FRACT", "Fracture clinic", T)]),
        ("THEATRES", "Theatres and anaesthetics", [
            ("MAINTH", "Main theatres", T), ("DSU", "Day surgery unit", W),
            ("RECOV", "Theatre recovery", T), ("POA", "Pre-operative assessment clinic", T)]),
        ("CRIT", "Critical care", [
            ("ICU", "Intensive care unit", W), ("HDU", "High dependency unit", W),
            ("OUTREACH", "Critical care outreach team", T)]),
        ("URO", "Urology", [
            ("W24", "Ward 24 – Urology", W), ("UIU", "Urology investigations unit", T)]),
        ("HEADNECK", "Head and neck", [
            ("W25", "Ward 25 – ENT and maxillofacial", W), ("EYE", "Eye clinic", T)]),
    ]),
    ("WAC", "Women's and children's", "women", [
        ("MAT", "Maternity", [
            ("DELSUITE", "Maternity delivery suite", W), ("BIRTHC", "Birth centre", W),
            ("W30", "Ward 30 – Antenatal and postnatal", W),
            ("MATTRIAGE", "Maternity triage", T), ("COMMMW", "Community midwifery team", T)]),
        ("NEO", "Neonatal care", [
            ("NICU", "Neonatal intensive care unit", W), ("TCU", "Transitional care unit", W)]),
        ("PAED", "Paediatrics", [
            ("W32", "Ward 32 – Children's ward", W), ("PAU", "Paediatric assessment unit", W),
            ("CCN", "Children's community nursing team", T)]),
        ("GYNAE", "Gynaecology", [
            ("W31", "Ward 31 – Gynaecology", W), ("EPU", "Early pregnancy unit", T),
            ("COLP", "Colposcopy clinic", T)]),
    ]),
    ("CSS", "Clinical support services", "support", [
        ("RAD", "Radiology", [
            ("CTMRI", "CT and MRI", T), ("XRAY", "Plain film X-ray", T),
            ("US", "Ultrasound", T)]),
        ("PATH", "Pathology", [
            ("BLOODSCI", "Blood sciences laboratory", T), ("MICRO", "Microbiology laboratory", T),
            ("PHLEB", "Phlebotomy team", T)]),
        ("PHARM", "Pharmacy", [
            ("DISP", "Inpatient dispensary", T), ("ASEPTIC", "Aseptic services unit", T),
            ("WARDPHARM", "Ward pharmacy team", T)]),
        ("THER", "Therapies", [
            ("PHYSIO", "Physiotherapy team", T), ("OT", "Occupational therapy team", T),
            ("DIET", "Dietetics team", T), ("SLT", "Speech and language therapy team", T)]),
    ]),
]  # fmt: skip

DEMO_ANCHORS = {"manager": "W07", "manager2": "W20"}

LARGE_DIVISIONS = [
    ("Medicine", "medicine"),
    ("Surgery", "surgery"),
    ("Women's and children's", "women"),
    ("Clinical support services", "support"),
    ("Community and integrated care", "community"),
]


@dataclass
class UnitPlan:
    code: str
    name: str
    kind: str
    family: str
    parent: UnitPlan | None = None
    id: int = 0
    path: str = ""
    depth: int = 0


@dataclass
class TreePlan:
    units: list[UnitPlan]
    anchors: dict[str, str]  # username → code of the unit where that named account works
    by_code: dict[str, UnitPlan] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_code = {unit.code: unit for unit in self.units}

    def of_kind(self, *kinds: str) -> list[UnitPlan]:
        return [unit for unit in self.units if unit.kind in kinds]


def number(units: list[UnitPlan], first_id: int) -> None:
    """Give each unit (parents listed before children) its id, path and depth."""
    for offset, unit in enumerate(units):
        unit.id = first_id + offset
        parent_path = unit.parent.path if unit.parent else ""
        unit.path = parent_path + path_segment(unit.id)
        unit.depth = unit.parent.depth + 1 if unit.parent else 0


def demo_tree(first_id: int = 1) -> TreePlan:
    """The demo trust: 4 divisions, 21 services, 63 wards and teams (4 levels)."""
    trust = UnitPlan(TRUST_CODE, TRUST_NAME, UnitKind.ORGANISATION, "trust")
    levels: list[list[UnitPlan]] = [[trust], [], [], []]
    for div_code, div_name, family, services in DEMO_TREE:
        division = UnitPlan(div_code, div_name, UnitKind.DIVISION, family, trust)
        levels[1].append(division)
        for svc_code, svc_name, leaves in services:
            service = UnitPlan(svc_code, svc_name, UnitKind.SERVICE, family, division)
            levels[2].append(service)
            for code, name, kind in leaves:
                levels[3].append(UnitPlan(code, name, kind, family, service))
    units = [unit for level in levels for unit in level]
    number(units, first_id)
    return TreePlan(units, dict(DEMO_ANCHORS))


def large_tree(
    rng: random.Random,
    *,
    first_id: int = 1,
    divisions: int = 5,
    directorates: int = 5,
    services: int = 8,
    total_units: int = 1500,
) -> TreePlan:
    """A generated trust in 5 levels: trust → divisions → directorates → services → wards/teams.

    DIRECTORATES and SERVICES are counts per parent; wards and teams fill up to TOTAL_UNITS,
    shared evenly between services. The first two divisions are Medicine and Surgery.
    """
    if not 2 <= divisions <= len(LARGE_DIVISIONS):
        raise ValueError(f"divisions must be between 2 and {len(LARGE_DIVISIONS)}")
    from quadrant.demo.names import SPECIALTIES

    trust = UnitPlan(TRUST_CODE, TRUST_NAME, UnitKind.ORGANISATION, "trust")
    levels: list[list[UnitPlan]] = [[trust], [], [], [], []]
    for d, (div_name, family) in enumerate(LARGE_DIVISIONS[:divisions], start=1):
        division = UnitPlan(f"D{d}", div_name, UnitKind.DIVISION, family, trust)
        levels[1].append(division)
        specialties = list(SPECIALTIES[family])
        for r in range(1, directorates + 1):
            first, second = rng.sample(specialties, 2)
            name = f"{first} and {second.lower()} directorate"
            directorate = UnitPlan(f"D{d}-R{r}", name, UnitKind.DIRECTORATE, family, division)
            levels[2].append(directorate)
            for s in range(1, services + 1):
                specialty = rng.choice(specialties)
                code = f"D{d}-R{r}-S{s}"
                levels[3].append(
                    UnitPlan(code, f"{specialty} service", UnitKind.SERVICE, family, directorate)
                )
    leaves_total = total_units - sum(len(level) for level in levels[:4])
    if leaves_total < len(levels[3]):
        raise ValueError("total_units leaves fewer than one ward or team per service")
    for index in range(leaves_total):
        service = levels[3][index % len(levels[3])]
        specialty = service.name.removesuffix(" service")
        ward_number = index + 1
        is_ward = service.family in {"medicine", "surgery", "women"} and rng.random() < 0.8
        if is_ward:
            name, kind = f"Ward {ward_number} – {specialty}", UnitKind.WARD
        else:
            name, kind = f"{specialty} team {ward_number}", UnitKind.TEAM
        levels[4].append(UnitPlan(f"U{ward_number:04d}", name, kind, service.family, service))
    units = [unit for level in levels for unit in level]
    number(units, first_id)
    anchors = {
        "manager": _first_ward_under(levels[4], "D1"),
        "manager2": _first_ward_under(levels[4], "D2"),
    }
    return TreePlan(units, anchors)


def _first_ward_under(leaves: list[UnitPlan], division_code: str) -> str:
    def division_of(unit: UnitPlan) -> str:
        while unit.parent is not None and unit.kind != UnitKind.DIVISION:
            unit = unit.parent
        return unit.code

    in_division = [leaf for leaf in leaves if division_of(leaf) == division_code]
    wards = [leaf for leaf in in_division if leaf.kind == UnitKind.WARD]
    return (wards or in_division)[0].code
