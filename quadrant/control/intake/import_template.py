"""The template for a file of data (CSV or Excel): the column headings the import recognises
and one example row, for one of the measures the person may enter data for."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from quadrant.control.choices import RATIO_CHARTS
from quadrant.control.intake.importers.validation import FIELDS, period_start
from quadrant.control.measures.models import Measure
from quadrant.core.permissions import Capability, has_role_anywhere, require, units_where
from quadrant.organisation.models import OrganisationSettings

KINDS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXAMPLE_CODE = "WARD-A-FALLS"  # when the person may enter data for no measure yet


def example_row(user: Any, today: dt.date) -> list[Any]:
    """An example row: one of USER's measures, its last whole period, a value that fits it."""
    measure = (
        Measure.objects.filter(
            org_unit__in=units_where(user, Capability.ENTER_DATA), archived_at__isnull=True
        )
        .order_by("code")
        .first()
    )
    frequency = measure.frequency if measure else "month"
    period = period_start(period_start(today, frequency) - dt.timedelta(days=1), frequency)
    if measure is None:
        return [EXAMPLE_CODE, period, None, 3, 1500]
    if measure.chart_type in RATIO_CHARTS:
        return [measure.code, period, None, 3, 100]
    low, high = measure.valid_min, measure.valid_max
    value = (low + high) / 2 if low is not None and high is not None else (low or high or 1)
    return [measure.code, period, value, None, None]


def template_csv(row: list[Any], *, day_first: bool) -> bytes:
    """The template as CSV (UTF-8 with a byte-order mark, so that Excel reads it right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDS)
    date_format = "%d/%m/%Y" if day_first else "%m/%d/%Y"
    writer.writerow(
        [cell.strftime(date_format) if isinstance(cell, dt.date) else cell for cell in row]
    )
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(row: list[Any], *, day_first: bool) -> bytes:
    """The template as an Excel workbook, the period a real date."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(list(FIELDS))
    sheet.append(row)
    sheet.cell(row=2, column=2).number_format = "dd/mm/yyyy" if day_first else "mm/dd/yyyy"
    for letter in "ABCDE":
        sheet.column_dimensions[letter].width = 16
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """The template for a file of data, as a download (kind "csv" or "xlsx")."""
    if kind not in KINDS:
        raise Http404("There is a template as CSV or as Excel (.xlsx) only.")
    if not has_role_anywhere(request.user, Capability.ENTER_DATA):
        require(request.user, Capability.ENTER_DATA)
    day_first = OrganisationSettings.current().dates_day_first
    row = example_row(request.user, timezone.localdate())
    build = template_csv if kind == "csv" else template_xlsx
    response = HttpResponse(build(row, day_first=day_first), content_type=KINDS[kind])
    response["Content-Disposition"] = f'attachment; filename="quadrant-data-template.{kind}"'
    return response
