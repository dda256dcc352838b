"""Bad input raises SpcInputError naming the position and the problem; no numpy warning
reaches the caller."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest

from quadrant import spc


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"values": [1, 2, "x", 4]}, "value at position 2 is not a number: 'x'"),
        ({"values": [1.0, float("inf")]}, "value at position 1 is not finite"),
        ({"values": [[1, 2], [3]]}, "flat sequence"),
        ({"values": "123"}, "sequence of numbers"),
        ({"values": [1, 2], "chart": "p"}, "need denominators"),
        (
            {"values": [1, 2, 3], "chart": "p", "denominators": [10, 0, 10]},
            "denominator at position 1 is not positive",
        ),
        (
            {"values": [1, 2, 3], "chart": "u", "denominators": [10, None, 10]},
            "denominator at position 1 is missing",
        ),
        (
            {"values": [1, 2, 3], "chart": "p", "denominators": [10, 10]},
            "denominators has 2 values but values has 3",
        ),
        (
            {"values": [1, 12, 3], "chart": "p", "denominators": [10, 10, 10]},
            "value at position 1 is larger than its denominator",
        ),
        ({"values": [1, -2, 3], "chart": "c"}, "value at position 1 is negative"),
        ({"values": [1, 0, 3], "chart": "t"}, "value at position 1 is not a positive time"),
        ({"values": [1, 2], "denominators": [1, 2]}, "only used by p, u, pp and up"),
        ({"values": [[1, 2], 3], "chart": "xbar"}, "value at position 1 is not a subgroup"),
        (
            {"values": [[1, 2], [3, "a"]], "chart": "s"},
            "subgroup at position 1: measurement at position 1 is not a number",
        ),
        ({"values": [1, 2], "chart": "bar"}, "unknown chart 'bar'"),
        ({"values": [1, 2], "rules": "westgard"}, "unknown rules 'westgard'"),
        ({"values": [1, 2], "improvement": "up"}, "unknown improvement 'up'"),
        ({"values": [1, 2], "rebase": [5]}, "rebase index 5 is outside 0..1"),
        ({"values": [1, 2], "baseline": 0}, "baseline must be at least 1"),
        ({"values": [1, 2], "run_length": 1.5}, "run_length must be a whole number"),
        ({"values": [1, 2], "screen_outliers": "yes"}, "screen_outliers must be True or False"),
        ({"values": [1, 2], "target": [1, 2, 3]}, "target has 3 values but there are 2 points"),
    ],
)
def test_bad_input_is_named(kwargs: dict[str, Any], message: str) -> None:
    values = kwargs.pop("values")
    with pytest.raises(spc.SpcInputError, match=message.replace("(", r"\(")):
        spc.analyse(values, **kwargs)


def test_error_carries_position() -> None:
    with pytest.raises(spc.SpcInputError) as info:
        spc.analyse([1, 2, None, "?"])
    assert info.value.position == 3


def test_many_names_group_and_point() -> None:
    values = [1.0, 2.0, 3.0, 4.0, "n/a", 6.0]
    with pytest.raises(spc.SpcInputError) as info:
        spc.analyse_many(values, ["a", "a", "a", "b", "b", "b"])
    assert str(info.value) == "value at position 4 (group 'b', point 1) is not a number: 'n/a'"
    assert info.value.position == 4


def test_many_rejects_non_contiguous_groups() -> None:
    with pytest.raises(spc.SpcInputError, match="group 'a' is not contiguous"):
        spc.analyse_many([1.0, 2.0, 3.0], ["a", "b", "a"])


def test_many_rejects_unknown_group_in_mapping() -> None:
    with pytest.raises(spc.SpcInputError, match="improvement names group 'z'"):
        spc.analyse_many([1.0, 2.0], ["a", "a"], improvement={"z": "decrease"})


def test_many_rebase_beyond_a_group() -> None:
    with pytest.raises(spc.SpcInputError, match="rebase index 2 is outside group 'b'"):
        spc.analyse_many([1.0, 2.0, 3.0, 4.0, 5.0], ["a", "a", "a", "b", "b"], rebase=[2])


def test_many_length_mismatch() -> None:
    with pytest.raises(spc.SpcInputError, match="groups has 2 labels but values has 3"):
        spc.analyse_many([1.0, 2.0, 3.0], ["a", "a"])


@pytest.mark.parametrize(
    "values",
    [[], [5.0], [5.0] * 20, [float("nan")] * 4, [1.0, float("nan")], [0.0, 1e308, -1e308]],
)
@pytest.mark.parametrize("rules", ["mdc", "nhsr", "anhoej"])
def test_edge_cases_raise_no_warning(values: list[float], rules: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = spc.analyse(values, rules=rules, target=1.0)
        for chart in ("run", "c", "g"):
            spc.analyse(np.abs(np.nan_to_num(values, posinf=0, neginf=0)), chart=chart, rules=rules)
    assert len(r) == len(values)


def test_degenerate_ratio_charts_raise_no_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for chart in ("p", "pp", "u", "up"):
            r = spc.analyse([0, 0, 0], chart=chart, denominators=[5, 5, 5])
            assert r.centre[0] == 0.0
        spc.analyse([[1.0], [2.0], []], chart="xbar")
        spc.analyse([[1.0], [2.0, 2.0]], chart="s")
