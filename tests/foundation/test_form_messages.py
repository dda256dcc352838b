"""Every form of Quadrant, submitted empty, says what to do in the words of the NHS service
manual ("Enter the title", "Select the unit"), never Django's "This field is required." nor a
question turned into broken grammar ("Enter what's your idea"). The forms are found as the
form-reference walk finds them, so a new form is walked without a change here."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms

from quadrant.core.testing.targets import World
from quadrant.core.widgets import DJANGO_REQUIRED, OUT_OF_DATE
from tests.security.test_form_references import FORMS, _make

pytestmark = pytest.mark.django_db

DJANGO_DEFAULTS = {
    str(message)
    for field_class in (forms.Field, forms.ChoiceField, forms.ModelChoiceField, forms.FileField)
    for message in field_class.default_error_messages.values()
} | {DJANGO_REQUIRED}
STARTS = ("Enter ", "Select ", "Choose ", "Describe ", "Say ", "Upload ", "Give ")
BROKEN = re.compile(r"^(Enter|Select|Choose) (the )?(what|why|how|who|which)('s| is| are| do)\b")
NOT_A_NOUN = re.compile(r"^(Enter|Select|Choose) the (linked|move|shown|of|by|to)\b")


def _messages(form_class: type[forms.BaseForm], world: World) -> dict[str, list[str]]:
    form = _make(form_class, world, {})
    form.is_valid()
    return {
        name: [str(e) for e in errors]
        for name, errors in form.errors.items()
        if name in form.fields and form.fields[name].required
    }


def test_the_walk_finds_forms_with_required_fields(org, people) -> None:
    world = World(org, people)
    required = sum(len(_messages(form_class, world)) for form_class in FORMS)
    assert len(FORMS) >= 20 and required >= 60, required


@pytest.mark.parametrize("form_class", FORMS, ids=[f"{c.__module__}.{c.__name__}" for c in FORMS])
def test_an_empty_form_says_what_to_do_for_each_required_field(
    form_class: type[forms.BaseForm], org: Any, people: Any
) -> None:
    for name, messages in _messages(form_class, World(org, people)).items():
        for message in messages:
            where = f"{form_class.__qualname__}.{name}: {message!r}"
            assert message not in DJANGO_DEFAULTS, where
            assert message.startswith(STARTS) or message == OUT_OF_DATE, where
            assert not BROKEN.match(message) and not NOT_A_NOUN.match(message), where
            assert "?" not in message, where


def test_the_helper_writes_messages_from_the_label() -> None:
    from quadrant.core.widgets import required_message

    assert required_message(forms.CharField(label="Title"), "title") == "Enter the title"
    assert required_message(forms.ChoiceField(label="Chart type"), "x") == "Select the chart type"
    assert required_message(forms.CharField(label="What happened"), "x") == "Enter what happened"
    assert required_message(forms.FileField(label="CSV file"), "x") == "Select the CSV file"
    assert required_message(forms.IntegerField(widget=forms.HiddenInput), "version") == OUT_OF_DATE
