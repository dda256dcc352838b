"""QuickSelect gives the same choices as Django's Select, escaped, without a template per option."""

import datetime as dt
from html.parser import HTMLParser

from django import forms

from quadrant.core.widgets import NhsDateField, NhsDateInput, QuickSelect


class _Options(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.options: list[tuple[str, str, bool, str]] = []  # value, label, selected, group
        self.select_attrs: dict[str, str | None] = {}
        self._group = ""
        self._current: list | None = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "select":
            self.select_attrs = found
        elif tag == "optgroup":
            self._group = found["label"] or ""
        elif tag == "option":
            self._current = [found["value"], "", "selected" in found, self._group]

    def handle_endtag(self, tag):
        if tag == "optgroup":
            self._group = ""
        elif tag == "option" and self._current is not None:
            self.options.append(tuple(self._current))
            self._current = None

    def handle_data(self, data):
        if self._current is not None:
            self._current[1] += data


def parse(html: str) -> _Options:
    parser = _Options()
    parser.feed(html)
    return parser


CHOICES = [
    ("", "Choose a unit"),
    (1, "Ward <7> & “Annex”"),
    ("Surgery", [(2, "Theatres"), (3, 'Day "surgery"')]),
]


def test_same_options_as_djangos_select():
    for value in (None, 1, "3"):
        ours = parse(QuickSelect(choices=CHOICES).render("unit", value, attrs={"id": "id_unit"}))
        theirs = parse(forms.Select(choices=CHOICES).render("unit", value, attrs={"id": "id_unit"}))
        assert ours.options == theirs.options
        assert ours.select_attrs == theirs.select_attrs


def test_labels_and_values_are_escaped():
    html = QuickSelect(choices=[('a"><script>', "<b>bold</b>")]).render("x", None)
    assert "<script>" not in html and "<b>" not in html
    assert parse(html).options == [('a"><script>', "<b>bold</b>", False, "")]


def test_chosen_value_is_selected_and_attributes_kept():
    html = QuickSelect(choices=CHOICES, attrs={"class": "nhsuk-select"}).render(
        "unit", 2, attrs={"aria-describedby": "unit-hint"}
    )
    parsed = parse(html)
    assert [option[0] for option in parsed.options if option[2]] == ["2"]
    assert parsed.select_attrs == {
        "name": "unit",
        "class": "nhsuk-select",
        "aria-describedby": "unit-hint",
    }


# ---------------------------------------------------------------- the NHS.UK date input


class _DateForm(forms.Form):
    review = NhsDateField(label="Review date", error_messages={"required": "Enter a review date"})
    ended = NhsDateField(label="Date", required=False, when="past")
    starts = NhsDateField(label="Date", required=False, when="future", today=False)


def _errors(data):
    form = _DateForm(data)
    form.is_valid()
    return {name: list(errors) for name, errors in form.errors.items()}


def test_the_date_input_renders_three_labelled_boxes():
    html = NhsDateInput().render("review", dt.date(2027, 3, 31), attrs={"id": "id_review"})
    assert 'class="nhsuk-date-input" id="id_review"' in html
    for part, value in (("day", "31"), ("month", "3"), ("year", "2027")):
        assert f'name="review-{part}"' in html and f'id="id_review-{part}"' in html
        assert f'value="{value}"' in html
    assert html.count('inputmode="numeric"') == 3 and 'type="date"' not in html
    assert "nhsuk-input--width-4" in html and ">Year</label>" in html


def test_the_date_field_reads_the_boxes_and_a_written_date():
    form = _DateForm({"review-day": "1", "review-month": "2", "review-year": "2027"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["review"] == dt.date(2027, 2, 1)
    form = _DateForm({"review": "2027-02-01"})
    assert form.is_valid() and form.cleaned_data["review"] == dt.date(2027, 2, 1)


def test_the_date_field_gives_the_service_manuals_messages():
    assert _errors({}) == {"review": ["Enter a review date"]}
    assert _errors({"review-day": "31", "review-month": "2", "review-year": "2027"}) == {
        "review": ["Review date must be a real date"]
    }
    assert _errors({"review-day": "x", "review-month": "2", "review-year": "2027"}) == {
        "review": ["Review date must be a real date"]
    }
    assert _errors({"review-day": "3", "review-month": "", "review-year": "2027"}) == {
        "review": ["Review date must include a month"]
    }
    assert _errors({"review-day": "3", "review-month": "2", "review-year": "27"}) == {
        "review": ["Year must include 4 numbers"]
    }
    soon = dt.date.today() + dt.timedelta(days=5)
    ago = dt.date.today() - dt.timedelta(days=5)
    errors = _errors({"review": "2027-01-01", "ended": soon.isoformat(), "starts": ago.isoformat()})
    assert errors == {
        "ended": ["Date must be today or in the past"],
        "starts": ["Date must be in the future"],
    }
    assert _errors({"review": "2027-01-01", "ended": ago.isoformat()}) == {}
