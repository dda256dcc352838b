"""The shape of the code, checked on its import graph (grimp, which import-linter is built on):
no import cycle between any two modules — imports inside functions count, imports only for type
checking do not — and components whose top level stays small enough to read. The layer and
front-door rules themselves are import-linter's contracts (.importlinter, run by `make lint`)."""

from __future__ import annotations

import sys
from pathlib import Path

import grimp
import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[2] / "quadrant"
# The most modules a package may keep at its top level (conftest aside). Control is split into
# rooms by concept (measures, intake, charts, summary, signals) and holds ten; the others may
# not grow past what they hold today: one that needs more is split into rooms the same way.
MOST_TOP_LEVEL_MODULES = {
    "control": 10,
    "assurance": 10,  # a sub-package a concept (standards, audits, cqc …), like control
    "planning": 19,
    "improvement": 15,
    "actions": 12,
    "organisation": 12,
    "language": 10,
    "overview": 10,
    "core": 22,
}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("quadrant", exclude_type_checking_imports=True)


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The groups of modules that import each other round in a circle (Tarjan's strongly
    connected components, iteratively: the graph has thousands of edges)."""
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for start in modules:
        if start in index:
            continue
        work = [(start, iter(edges[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    cycles.append(sorted(group))
    return cycles


def test_no_two_modules_import_each_other_even_through_others(graph):
    cycles = import_cycles(graph)
    described = ["; ".join(group) for group in cycles]
    assert cycles == [], "import cycles:\n" + "\n".join(described)


def test_the_cycle_finder_finds_a_cycle():
    fake = grimp.ImportGraph()
    for name in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        fake.add_module(name)
    fake.add_import(importer="pkg.a", imported="pkg.b")
    fake.add_import(importer="pkg.b", imported="pkg.c")
    fake.add_import(importer="pkg.c", imported="pkg.a")
    assert import_cycles(fake) == [["pkg.a", "pkg.b", "pkg.c"]]


@pytest.mark.parametrize("package", sorted(MOST_TOP_LEVEL_MODULES))
def test_a_package_keeps_its_top_level_small(package):
    top = sorted(path.stem for path in (PACKAGE_ROOT / package).glob("*.py"))
    top = [name for name in top if name != "conftest"]
    assert len(top) <= MOST_TOP_LEVEL_MODULES[package], f"{package}: {top}"


def test_the_spc_library_runs_without_django():
    """Imported in a fresh interpreter with Django hidden, the SPC library still works."""
    import subprocess

    code = "import sys; sys.modules['django'] = None; import quadrant.spc as spc; print('ok')"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False,
        cwd=PACKAGE_ROOT.parent,
    )  # fmt: skip
    assert result.stdout.strip() == "ok", result.stderr
