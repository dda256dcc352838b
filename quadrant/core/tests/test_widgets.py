"""QuickSelect gives the same choices as Django's Select, escaped, without a template per option."""

from html.parser import HTMLParser

from django import forms

from quadrant.core.widgets import QuickSelect


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
