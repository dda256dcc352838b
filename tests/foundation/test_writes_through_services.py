"""Views, forms and serializers never write a model themselves: every write goes through a
service function that checks the actor and records the history (Zulip's lint of the same rule).

The rule is read from the source (an AST walk), so a new view that calls `.save()` fails here
before review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "quadrant"

# Writes that a model instance, a manager or a queryset performs.
ALWAYS_WRITES = {"delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
# Names that look like a manager or queryset on the receiver's path (x.objects.filter(...)).
QUERYSET_HINTS = {"objects", "_base_manager", "_default_manager", "filter", "exclude", "all"}
# Receivers that are not models: the cache, the session store, file storage, a workbook.
NOT_MODELS = {"cache", "session", "default_storage", "storage", "workbook"}

# Every module of this kind must leave the writes to a service (aim: none allowed).
ALLOWED: dict[str, set[str]] = {}


def web_modules() -> list[Path]:
    """Every views.py, views/*.py, *_views.py, forms.py and api/*.py under quadrant/."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        if (
            path.name in {"views.py", "forms.py"}
            or path.name.endswith("_views.py")
            or path.parent.name in {"views", "api", "forms"}
        ):
            found.add(path)
    return sorted(found)


def _receiver_names(node: ast.expr) -> list[str]:
    """The names along a receiver: Measure.objects.filter(x).update → [filter, objects, Measure]."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return names


def _commit_false(call: ast.Call) -> bool:
    return any(
        kw.arg == "commit" and isinstance(kw.value, ast.Constant) and kw.value.value is False
        for kw in call.keywords
    )


def _queryset_names(tree: ast.AST) -> set[str]:
    """Names bound to a queryset in the module (`found = Measure.objects.filter(...)`)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            called = set(_receiver_names(node.value)) | {
                n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)
            }
            if called & (QUERYSET_HINTS | {"restrict"}):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def _hook_call(call: ast.Call, receiver: list[str]) -> bool:
    """self.save(changes, version) in a view is the view's own hook (which calls a service);
    Model.save() and ModelForm.save() take no positional arguments."""
    return bool(call.args) and receiver[-1:] in (["self"], ["super"])


def direct_writes(source: str) -> list[tuple[int, str]]:
    """(line, what) for each call that writes a model itself."""
    found = []
    tree = ast.parse(source)
    querysets = _queryset_names(tree)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        receiver = _receiver_names(node.func.value)
        if NOT_MODELS & set(receiver):
            continue
        is_queryset = bool(QUERYSET_HINTS & set(receiver)) or (
            len(receiver) == 1 and (receiver[0] in querysets or receiver[0].endswith("queryset"))
        )
        saves = method == "save" and not _commit_false(node) and not _hook_call(node, receiver)
        creates = method == "create" and (is_queryset or _looks_like_model(receiver))
        updates = method == "update" and is_queryset  # dict.update (context, initial) is not one
        if saves or creates or updates or method in ALWAYS_WRITES:
            hint = " (a form saves only with commit=False)" if method == "save" else ""
            found.append((node.lineno, f"{ast.unparse(node.func)}(){hint}"))
    return found


def _looks_like_model(receiver: list[str]) -> bool:
    """Model.create or a related manager (measure.targets.create): anything but a module."""
    return bool(receiver) and (receiver[-1][:1].isupper() or len(receiver) >= 2)


def test_the_walk_finds_the_web_modules():
    names = {str(p.relative_to(PACKAGE)) for p in web_modules()}
    assert {
        "control/intake/import_views.py",
        "control/intake/forms.py",
        "control/measures/forms.py",
        "control/measures/api/serializers.py",
        "control/signals/views.py",
        "improvement/views/projects.py",
        "core/api/viewsets.py",
        "planning/views.py",
    } <= names


@pytest.mark.parametrize(
    "code, flagged",
    [
        ("record.save(update_fields=['x'])", True),
        ("form.save()", True),
        ("form.save(commit=False)", False),
        ("Measure.objects.create(code='x')", True),
        ("DataImport.objects.filter(pk=1).update(status='x')", True),
        ("queryset.update(status='x')", True),
        ("context.update(extra)", False),
        ("context.update(title='x')", False),
        ("found = restrict(Goal.objects.all(), user)\nfound.update(rag='red')", True),
        ("self.save(changes, version)", False),
        ("workbook.save(buffer)", False),
        ("link.delete()", True),
        ("cache.delete('key')", False),
        ("Membership.objects.get_or_create(person=p)", True),
        ("measure.targets.create(value=1)", True),
        ("Thing.objects.bulk_create(rows)", True),
        ("services.create_measure(data, actor=user)", False),
    ],
)
def test_the_rule_tells_a_write_from_other_calls(code, flagged):
    assert bool(direct_writes(code)) is flagged


@pytest.mark.parametrize("path", web_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_view_form_or_serializer_writes_a_model_itself(path):
    relative = str(path.relative_to(PACKAGE))
    writes = [
        f"{relative}:{line}: {what}"
        for line, what in direct_writes(path.read_text())
        if what.split("(")[0] not in ALLOWED.get(relative, set())
    ]
    assert not writes, "Write through a service function instead:\n" + "\n".join(writes)
