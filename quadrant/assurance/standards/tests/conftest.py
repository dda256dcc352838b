"""Standards test helpers: a small CSV file, and the frameworks built from files as the system."""

from __future__ import annotations

from typing import Any

import pytest

from quadrant.assurance.standards.definitions import FrameworkDefinition
from quadrant.assurance.standards.importers.csv_file import read_standards
from quadrant.assurance.standards.services import load_framework
from quadrant.core.actors import SystemActor

LOADER = SystemActor("standards tests")

GOOD_CSV = (
    "Code,Title,Group,Text,Effective from\n"
    "N1.1,Hand hygiene,Infection control,Staff clean their hands at the five moments.,1/4/2025\n"
    "N1.2,Isolation,Infection control,Patients with infections are isolated promptly.,\n"
    "N2.1,Medicines storage,Medicines,Medicines are stored securely.,\n"
)


def framework_from_csv(
    text: str, *, code: str = "nat-std", kind: str = "external", title: str = "National standards"
) -> Any:
    found = read_standards(text.encode())
    assert found.ok, [str(e) for e in found.errors]
    definition = FrameworkDefinition(
        code=code, title=title, kind=kind,
        groups=tuple(found.groups), standards=tuple(found.standards),
    )  # fmt: skip
    return load_framework(definition, actor=LOADER).framework


@pytest.fixture
def external(db: Any) -> Any:
    return framework_from_csv(GOOD_CSV)


@pytest.fixture
def internal(db: Any) -> Any:
    return framework_from_csv(
        "code,title,group\n"
        "IPC-1,Infection prevention,Safe care\n"
        "MED-1,Safe medicines,Safe care\n"
        "LEAD-1,Board oversight,Leadership\n",
        code="our-standards", kind="internal", title="Our standards",
    )  # fmt: skip
