"""The template for a file of data: CSV and Excel, the headings the import knows and an
example row for one of the person's measures; downloaded and imported again as it is."""

from __future__ import annotations

import csv
import io

import pytest

from quadrant.control.intake.models import DataImport
from quadrant.control.intake.tests.uploading import UPLOAD, upload
from quadrant.control.measures.models import Observation


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_template_downloads_and_imports_as_it_is(client_for, measures, kind):
    client = client_for("manager")
    assert f"/control/measures/imports/template.{kind}" in client.get(UPLOAD).content.decode()
    response = client.get(f"/control/measures/imports/template.{kind}")
    assert response.status_code == 200
    assert f'filename="quadrant-data-template.{kind}"' in response["Content-Disposition"]
    content = response.content
    if kind == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        assert rows[0] == ["measure", "period", "value", "numerator", "denominator"]
        assert rows[1][0] == "FALLS-A" and rows[1][3:] == ["3", "100"]  # a u chart: counts
    url = upload(client, content, f"template.{kind}")
    record = DataImport.objects.get()
    assert set(record.columns) == {"measure", "period", "value", "numerator", "denominator"}
    done = client.post(url, {**record.columns, "import": "1"})
    assert done.status_code == 302, done.content.decode()[:3000]
    falls = Observation.objects.get()
    assert (falls.measure.code, falls.numerator, falls.denominator) == ("FALLS-A", 3, 100)
    assert falls.period.day == 1  # the first day of a month, as the measure needs


def test_the_template_is_for_people_who_may_enter_data(client_for, measures):
    assert client_for("outsider").get("/control/measures/imports/template.csv").status_code == 403
    assert client_for("manager").get("/control/measures/imports/template.pdf").status_code == 404
