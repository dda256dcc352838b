"""Fuzzing the web import: random files (CSV in odd encodings, Excel-ish and FHIR-ish bytes,
empty files, huge cells), random headers and random column choices never give a 500, and a
file is either imported whole or leaves no observation behind."""

from __future__ import annotations

import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from quadrant.control.choices import ImportStatus
from quadrant.control.intake.importers.mappings import remember_mapping
from quadrant.control.intake.importers.validation import FIELDS
from quadrant.control.intake.models import DataImport
from quadrant.control.measures.models import Observation

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CELLS = st.one_of(
    st.sampled_from(["HH-A", "FALLS-A", "2024-01-01", "2024-01-08", "97", "", "-1", "1e308"]),
    st.text(max_size=30),
)
HUGE = ["x" * 100_000, "9" * 200_000]  # under and over the csv module's field limit
NAMES = st.one_of(
    st.sampled_from(["measure", "period", "value", "numerator", "Code", "Month", "Rate", ""]),
    st.text(max_size=20),
)


OTHER_KINDS = ["good", "good", "huge", "xlsx-ish", "json-ish", "bytes", "empty"]


def _csv(header: list[str], rows: list[list[str]], encoding: str) -> bytes:
    lines = [",".join(json.dumps(cell) for cell in line) for line in [header, *rows]]
    return "\n".join(lines).encode(encoding, errors="replace")


def _xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for line in [header, *rows]:
        sheet.append([_excel_safe(cell) for cell in line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _excel_safe(cell: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", cell)[:32_000]


@st.composite
def files(draw: st.DrawFn) -> tuple[str, bytes]:
    header = draw(st.lists(NAMES, min_size=1, max_size=6))
    rows = draw(st.lists(st.lists(CELLS, min_size=1, max_size=7), min_size=1, max_size=4))
    kind = draw(st.sampled_from([*["csv"] * 4, "csv-odd", "xlsx", "xlsx", *OTHER_KINDS]))
    if kind == "good":  # a file that can be imported, if the right columns are chosen
        header = ["measure", "period", "value"]
        week = draw(st.sampled_from(["2024-01-01", "2024-01-08", "2024-01-09"]))
        content = _csv(header, [["HH-A", week, draw(st.sampled_from(["97", "x"]))]], "utf-8")
    elif kind == "empty":
        content = b""
    elif kind == "huge":
        content = _csv(
            ["measure", "period", "value"],
            [["HH-A", "2024-01-01", draw(st.sampled_from(HUGE))]],
            "utf-8",
        )
    elif kind == "csv":
        content = _csv(header, rows, "utf-8")
    elif kind == "csv-odd":
        encoding = draw(st.sampled_from(["latin-1", "utf-16", "cp1252", "utf-8-sig"]))
        content = _csv(header, rows, encoding)
    elif kind == "xlsx":
        content = _xlsx(header, rows)
    elif kind == "xlsx-ish":
        content = b"PK\x03\x04" + draw(st.binary(max_size=300))
    elif kind == "json-ish":
        content = draw(st.sampled_from([b"{", b"[" * 5000, b'{"resourceType": "Bundle"}']))
        content += draw(st.binary(max_size=50))
    else:
        content = draw(st.binary(max_size=500))
    names = {"xlsx": ["ward.xlsx"], "json-ish": ["ward.json", "ward.txt"]}.get(kind)
    name = draw(st.sampled_from(names or ["ward.csv", "ward.txt", "ward", "ward.xlsx"]))
    return name, content


@st.composite
def choices(draw: st.DrawFn, header: list[str]) -> dict[str, str]:
    offered = st.sampled_from(["", *header]) | st.text(max_size=10)
    chosen = {name: draw(offered) for name in FIELDS if draw(st.booleans())}
    chosen[draw(st.sampled_from(["check", "import"]))] = "1"
    return chosen


@FUZZ
@given(file=files(), source=st.sampled_from(["", "Ward returns"]), data=st.data())
def test_no_upload_or_mapping_gives_a_server_error(client_for, people, org, measures,
                                                   file, source, data):  # fmt: skip
    remember_mapping(
        "Ward returns", {"measure": "Code", "period": "Month", "value": "Rate"},
        org_unit=org.ward_a, actor=people["manager"],
    )  # fmt: skip
    client = client_for("manager")
    name, content = file
    stored, uploads = Observation.objects.count(), DataImport.objects.count()
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = client.post("/control/measures/imports/new/", {"file": upload, "source": source})
    assert response.status_code in (200, 302), response.status_code
    event(f"upload {response.status_code}")
    if response.status_code == 200:  # refused: the page names the problem, nothing recorded
        assert "There is a problem" in response.content.decode()
        assert DataImport.objects.count() == uploads
        return
    record = DataImport.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[1]))
    assert client.get(response.url).status_code == 200
    for _ in range(2):
        posted = data.draw(choices(record.counts["header"]))
        answer = client.post(response.url, posted)
        assert answer.status_code in (200, 302, 400), answer.status_code
        record.refresh_from_db()
        event(f"mapping {answer.status_code} {record.status}")
        if record.status != ImportStatus.IMPORTED:
            assert Observation.objects.count() == stored  # nothing half-written
