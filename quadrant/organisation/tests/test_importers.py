"""CSV validation: every kind of bad input names its row and column; nothing is written."""

import pytest

from quadrant.core.actors import COMMAND_LINE
from quadrant.core.models import HistoryEvent
from quadrant.organisation.importers import (
    check_people,
    check_units,
    file_hash,
    import_people,
    import_units,
    run_import,
)
from quadrant.organisation.models import Membership, OrgUnit, Person

HEADER = "code,name,kind,parent_code,active\n"


def messages(checked):
    return [str(error) for error in checked.errors]


def test_parent_later_in_the_file_is_fine(org):
    data = (HEADER + "W9,Ward 9,ward,SVC9,yes\nSVC9,Service 9,service,MED,\n").encode()
    checked = check_units(data)
    assert checked.ok, messages(checked)
    counts = import_units(checked, actor=COMMAND_LINE, file_name="u.csv", sha256=file_hash(data))
    assert counts == {"rows": 2, "created": 2, "updated": 0}
    ward = OrgUnit.objects.get(code="W9")
    assert ward.parent.code == "SVC9"
    assert ward.is_within(org.medicine) and ward.depth == 3


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("W1,Ward 1,ward,NOPE,yes\n", "Row 2, column parent_code: no unit has the code “NOPE”"),
        (
            "W1,Ward 1,ward,MED,\nW1,Again,ward,MED,\n",
            "Row 3, column code: the code “W1” is already used on row 2",
        ),
        (",Ward 1,ward,MED,\n", "Row 2, column code: enter a value"),
        ("W1,Ward 1,castle,MED,\n", "Row 2, column kind: “castle” is not a kind of unit"),
        ("W1,Ward 1,ward,MED,maybe\n", "Row 2, column active: enter yes or no"),
        (
            "W1,Ward 1,ward,W2,\nW2,Ward 2,ward,W1,\n",
            "Row 2, column parent_code: these units form a loop (W1 → W2 → W1)",
        ),
        ("W1,Ward 1,ward,W1,\n", "Row 2, column parent_code: a unit cannot belong to itself"),
        ("W1,Ward 1,ward,,\n", "Row 2, column parent_code: enter the code of the unit"),
        (
            "WARDA,Ward A,ward,SURG,\n",
            "Row 2, column parent_code: “WARDA” is already under “ACUTE”",
        ),
        ("W1,Ward 1,ward,MED,,extra\n", "Row 2: this row has 6 values; the header has 5"),
    ],
)
def test_bad_rows_are_named(org, body, expected):
    checked = check_units((HEADER + body).encode())
    assert not checked.ok
    assert any(message.startswith(expected) for message in messages(checked)), messages(checked)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "The file is empty"),
        (
            b"code,name,kind,active\nW1,Ward,ward,yes\n",
            "Row 1, column parent_code: the header row has no “parent_code” column",
        ),
        (HEADER.encode(), "The file has a header row but no units"),
        (HEADER.encode() + b"W1,Caf\xe9,ward,MED,\n", "Row 2: this row is not UTF-8 text"),
        (HEADER.encode() + b'W1,"Ward 1,ward,MED,\n', "Row 2: this row is not valid CSV"),
        (b"code,name,kind,parent_code,active,colour\n", "Row 1, column colour: unexpected column"),
    ],
)
def test_bad_files_are_named(org, data, expected):
    checked = check_units(data)
    assert any(message.startswith(expected) for message in messages(checked)), messages(checked)


def test_units_outside_ones_remit_are_refused(org):
    ward_a_only = {org.ward_a.pk}
    checked = check_units(
        (HEADER + "W1,Ward 1,ward,SURG,\n").encode(), allowed_unit_ids=ward_a_only
    )
    assert messages(checked) == [
        "Row 2, column parent_code: no unit you manage has the code “SURG”, "
        "in this file or in Quadrant."
    ]


def test_bad_file_imports_nothing(org):
    before = OrgUnit.objects.count(), HistoryEvent.objects.count()
    data = (HEADER + "W1,Ward 1,ward,MED,\nW2,Ward 2,ward,NOPE,\n").encode()
    errors, counts = run_import(
        "units", data, actor=COMMAND_LINE, file_name="bad.csv", allowed_unit_ids=None
    )
    assert [str(e) for e in errors] == [
        "Row 3, column parent_code: no unit has the code “NOPE”, in this file or in Quadrant."
    ]
    assert counts == {}
    assert (OrgUnit.objects.count(), HistoryEvent.objects.count()) == before


def test_import_is_one_history_event_with_hash_and_counts(org, people):
    data = (
        HEADER + "W1,Ward 1,ward,MED,\nW2,Ward 2,team,W1,\nWARDB,Ward B renamed,ward,GENSURG,\n"
    ).encode()
    latest = HistoryEvent.objects.order_by("-id").first().id
    errors, counts = run_import(
        "units", data, actor=people["admin"], file_name="units.csv", allowed_unit_ids=None
    )
    assert errors == []
    assert counts == {"rows": 3, "created": 2, "updated": 1}
    events = list(HistoryEvent.objects.filter(id__gt=latest))
    assert len(events) == 1
    event = events[0]
    assert event.action == "bulk" and event.actor_name == "admin"
    assert event.changes["file_name"] == "units.csv"
    assert event.changes["sha256"] == file_hash(data)
    assert event.changes["import_counts"] == counts
    renamed = [row for row in event.changes["rows"] if row["changes"].get("name")]
    assert renamed[0]["changes"]["name"] == ["Ward B", "Ward B renamed"]


PEOPLE_HEADER = "username,first_name,last_name,email,job_title,home_unit_code,role,role_unit_code\n"


def test_staff_import_creates_people_without_passwords_and_roles(org):
    data = (
        PEOPLE_HEADER
        + "jbloggs,Jo,Bloggs,jo@example.nhs.uk,Nurse,WARDA,staff,\n"
        + "jbloggs,Jo,Bloggs,jo@example.nhs.uk,Nurse,WARDA,manager,WARDA2\n"
        + "pp1,Pat,Partner,pat@example.org,,WARDA,Patient partner,\n"
    ).encode()
    checked = check_people(data)
    assert checked.ok, messages(checked)
    counts = import_people(
        checked, actor=COMMAND_LINE, file_name="staff.csv", sha256=file_hash(data)
    )
    assert counts == {"rows": 3, "created": 2, "updated": 0, "roles_added": 3}
    jo = Person.objects.get(username="jbloggs")
    assert not jo.has_usable_password()
    assert set(Membership.objects.filter(person=jo).values_list("role", "org_unit__code")) == {
        ("staff", "WARDA"),
        ("manager", "WARDA2"),
    }
    assert Person.objects.get(username="pp1").kind == "non_staff"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "jb,Jo,Bloggs,not-an-email,,WARDA,,\n",
            "Row 2, column email: “not-an-email” is not an email address",
        ),
        (
            "jb,Jo,Bloggs,jo@example.nhs.uk,,NOWHERE,,\n",
            "Row 2, column home_unit_code: no unit has the code “NOWHERE”",
        ),
        (
            "jb,Jo,Bloggs,jo@example.nhs.uk,,WARDA,wizard,\n",
            "Row 2, column role: “wizard” is not a role",
        ),
        (
            "jb,Jo,Bloggs,jo@example.nhs.uk,,WARDA,,WARDB\n",
            "Row 2, column role: enter the role held",
        ),
        ("j b!,Jo,Bloggs,jo@example.nhs.uk,,WARDA,,\n", "Row 2, column username: use only letters"),
        ("jb,,Bloggs,jo@example.nhs.uk,,WARDA,,\n", "Row 2, column first_name: enter a value"),
    ],
)
def test_bad_staff_rows_are_named(org, row, expected):
    checked = check_people((PEOPLE_HEADER + row).encode())
    assert any(message.startswith(expected) for message in messages(checked)), messages(checked)


def test_a_persons_rows_must_agree(org):
    data = (
        PEOPLE_HEADER
        + "jb,Jo,Bloggs,jo@example.nhs.uk,,WARDA,staff,\n"
        + "jb,Jo,Bloggs,jo@example.nhs.uk,,WARDB,staff,\n"
    ).encode()
    assert messages(check_people(data)) == [
        "Row 3, column home_unit_code: differs from row 2 for the same username."
    ]
