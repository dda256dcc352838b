"""The web forms' references are scoped like the API's: every model choice a form offers is one
the person may name, and an object they may not see is refused exactly like one that does not
exist. The forms are found by introspection (every Form class of every `forms.py`), so a new
form or field is walked without a change here. Persona and objects as in test_references.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import pytest
from django import forms

import quadrant
from quadrant.core.testing.targets import World
from tests.security.test_references import FOREIGN, MISSING_ID, _foreign_object

pytestmark = pytest.mark.django_db


def _form_classes() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for module_info in pkgutil.walk_packages(quadrant.__path__, "quadrant."):
        if not module_info.name.endswith(".forms") or ".tests" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[key] for key in sorted(found)]


FORMS = _form_classes()
CHOICE_FIELDS = (forms.ModelChoiceField, forms.ModelMultipleChoiceField)


def _project(world: World) -> Any:
    from quadrant.improvement.tests.conftest import make_project

    return make_project(world.org.ward_b, world.people[FOREIGN])


def _event(world: World) -> Any:
    from quadrant.assurance.incidents.models import SafetyEvent
    from quadrant.core.testing.factories import build

    event = build(SafetyEvent, world)
    event.org_unit = world.org.ward_b
    event.save()
    return event


def _make(form_class: type[forms.BaseForm], world: World, data: Any = None) -> forms.BaseForm:
    """FORM_CLASS as manager2 would get it on a Ward B page."""
    supplied = {
        "user": lambda: world.people[FOREIGN],
        "unit": lambda: world.org.ward_b,
        "project": lambda: _project(world),
        "nodes": lambda: None,
        "header": lambda: ["period", "value"],
        "event": lambda: _event(world),
        "after_action_review": lambda: True,
    }
    kwargs = {}
    for name, parameter in inspect.signature(form_class.__init__).parameters.items():
        if parameter.kind is not parameter.KEYWORD_ONLY:
            continue
        if name in supplied:
            kwargs[name] = supplied[name]()
        elif parameter.default is parameter.empty:
            raise AssertionError(f"{form_class.__qualname__} needs {name}=: teach this test it")
    return form_class(data, **kwargs)


def _scoped_fields() -> list[tuple[type[forms.BaseForm], str]]:
    return [
        (form_class, name)
        for form_class in FORMS
        for name, field in form_class.base_fields.items()
        if isinstance(field, CHOICE_FIELDS)
    ]


def test_the_walk_finds_the_forms_and_their_model_choices() -> None:
    names = {f"{cls.__name__}.{name}" for cls, name in _scoped_fields()}
    assert len(FORMS) >= 20
    assert len(names) >= 5, names


@pytest.mark.parametrize(
    ("form_class", "field_name"),
    _scoped_fields(),
    ids=[f"{cls.__module__.split('.')[1]}.{cls.__name__}.{name}" for cls, name in _scoped_fields()],
)
def test_a_form_offers_and_takes_only_what_the_person_may_name(
    form_class: type[forms.BaseForm], field_name: str, org: Any, people: Any
) -> None:
    world = World(org, people)
    field = _make(form_class, world).fields[field_name]
    declared = field if isinstance(field, CHOICE_FIELDS) else form_class.base_fields[field_name]
    model = declared.queryset.model
    foreign = _foreign_object(model, world)
    if foreign is None:  # organisation-wide choices: everyone may name every one of them
        return
    if isinstance(field, CHOICE_FIELDS):
        assert not field.queryset.filter(pk=foreign.pk).exists(), (
            f"{form_class.__qualname__}.{field_name} offers a {model.__name__} of Medicine"
        )
        key = field.to_field_name or "pk"
    else:  # a typed reference (a username) that the form checks itself
        key = field.reference_key
    many = isinstance(field, forms.ModelMultipleChoiceField)

    def errors(value: Any) -> list[str]:
        data = {field_name: [value] if many else value}
        form = _make(form_class, world, data)
        form.is_valid()
        return [str(e).replace(str(value), "…") for e in form.errors.get(field_name, [])]

    missing = MISSING_ID if key == "pk" else "no-such-person"
    refused, absent = errors(getattr(foreign, key)), errors(missing)
    assert refused, f"{form_class.__qualname__}.{field_name} took a {model.__name__} of Medicine"
    assert refused == absent
