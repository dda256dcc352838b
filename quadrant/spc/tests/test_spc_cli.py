"""``quadrant spc``: CSV and JSON output, Excel input, icons, and bad input named by row
and column with exit status 2."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quadrant import spc
from quadrant.spc.cli import main

AE = Path(__file__).resolve().parents[3] / "quadrant" / "demo" / "data" / "ae_attendances.csv"
#: the A&E file as a p chart of breaches over attendances by trust and type (the bench
#: times the same command line)
AE_P_CHART_ARGS = [
    str(AE),
    "--value",
    "breaches",
    "--denominator",
    "attendances",
    "--chart",
    "p",
    "--group",
    "org_code",
    "type",
    "--date",
    "period",
]
#: the falls of ``two_series``, by ward and month
FALLS_BY_WARD = ["--value", "falls", "--date", "month", "--group", "ward"]
#: the columns of each point in the CSV and the JSON output
POINT_COLUMNS = ["date", "value", "centre", "lower", "upper", "point_type", "rule"]
MDC = [
    16,
    24,
    22,
    19,
    19,
    18,
    24,
    25,
    18,
    17,
    16,
    25,
    15,
    23,
    19,
    35,
    32,
    35,
    31,
    27,
    33,
    28,
    38,
    35,
    30,
    28,
    29,
    27,
    24,
    23,
]


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.fixture()
def two_series(tmp_path: Path) -> Path:
    """Two wards, 30 months each, written newest first to test the sorting."""
    rows: list[list[object]] = [["month", "ward", "falls"]]
    for ward, shift in (("A", 0), ("B", 100)):
        for i in reversed(range(30)):
            rows.append([f"{2020 + i // 12}-{i % 12 + 1:02d}-01", ward, MDC[i] + shift])
    return write_csv(tmp_path / "falls.csv", rows)


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_csv_output_sorted_and_equal_to_analyse(
    two_series: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli([str(two_series), *FALLS_BY_WARD], capsys)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 60
    assert list(rows[0]) == ["ward", *POINT_COLUMNS]
    a = [r for r in rows if r["ward"] == "A"]
    assert [r["date"] for r in a] == sorted(r["date"] for r in a)
    expected = spc.analyse(MDC)
    assert [float(r["value"]) for r in a] == MDC
    assert [r["point_type"] for r in a] == list(expected.point_type)
    assert float(a[0]["upper"]) == pytest.approx(expected.upper[0])


def test_json_output_shape(two_series: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        [
            str(two_series),
            *FALLS_BY_WARD,
            "--format",
            "json",
            "--target",
            "40",
            "--rebase",
            "2021-04-01",
        ],
        capsys,
    )
    assert code == 0
    doc = json.loads(out)
    assert [g["group"] for g in doc["groups"]] == [{"ward": "A"}, {"ward": "B"}]
    a = doc["groups"][0]
    assert set(a) == {"group", "variation_icon", "assurance_icon", "runs", "points"}
    assert set(a["points"][0]) == set(POINT_COLUMNS)
    # 2021-04-01 is the 16th month: the MDC recalculation example
    expected = spc.analyse(MDC, rebase=(15,), target=40)
    assert len(a["runs"]) == 2
    assert a["assurance_icon"] == expected.assurance_icon == "inconsistent"
    assert a["variation_icon"] == expected.variation_icon
    assert [p["point_type"] for p in a["points"]] == list(expected.point_type)


def test_xlsx_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    import datetime as dt

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Date", "Value"])
    for i, v in enumerate(MDC):
        sheet.append([dt.datetime(2023, 1, 1) + dt.timedelta(days=i), v])
    path = tmp_path / "mdc.xlsx"
    book.save(path)
    code, out, err = run_cli([str(path), "--value", "Value", "--date", "Date"], capsys)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["date"] == "2023-01-01"
    assert [r["point_type"] for r in rows] == list(spc.analyse(MDC).point_type)


def test_bad_value_names_row_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "bad.csv", [["d", "v"], ["2024-01-01", "3"], ["2024-02-01", "x7"]])
    code, out, err = run_cli([str(path), "--value", "v", "--date", "d"], capsys)
    assert code == 2
    assert out == ""
    assert err == "quadrant spc: error: row 3, column 'v': “x7” is not a number\n"


def test_engine_error_is_mapped_to_the_file_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[list[object]] = [["d", "num", "den"], ["2024-02-01", 3, -2], ["2024-01-01", 1, 5]]
    path = write_csv(tmp_path / "p.csv", rows)
    code, _, err = run_cli(
        [str(path), "--value", "num", "--denominator", "den", "--chart", "p", "--date", "d"],
        capsys,
    )
    assert code == 2
    assert err == "quadrant spc: error: row 2, column 'den': denominator is not positive: -2.0\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--value", "nope"], "no column 'nope'"),
        (["--value", "v", "--date", "v"], "row 2, column 'v': “1” is not a date"),
        (["--value", "v", "--chart", "p"], "--chart p needs --denominator"),
        (["--value", "v", "--chart", "xbar"], "need --date"),
    ],
)
def test_bad_arguments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    path = write_csv(tmp_path / "v.csv", [["v"], [1], [2]])
    code, _, err = run_cli([str(path), *args], capsys)
    assert code == 2
    assert message in err


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["/nonexistent/x.csv", "--value", "v"], capsys)
    assert code == 2 and "no such file" in err


def test_icons_file(two_series: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    icons = tmp_path / "icons.csv"
    code, _, _ = run_cli(
        [
            str(two_series),
            *FALLS_BY_WARD,
            "--target",
            "10",
            "--icons",
            str(icons),
        ],
        capsys,
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(icons.read_text(encoding="utf-8"))))
    expected = spc.analyse(MDC, target=10)
    assert rows[0] == {
        "ward": "A",
        "variation_icon": expected.variation_icon,
        "assurance_icon": expected.assurance_icon,
    }
    assert len(rows) == 2
    as_json = tmp_path / "icons.json"
    run_cli(
        [str(two_series), "--value", "falls", "--group", "ward", "--icons", str(as_json)], capsys
    )
    assert json.loads(as_json.read_text())[1]["group"] == {"ward": "B"}


def test_xbar_subgroups_from_rows_sharing_a_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[list[object]] = [["day", "minutes"]]
    groups = [[5, 7, 6], [8, 6], [7, 7, 9, 5]]
    for i, g in enumerate(groups):
        rows += [[f"2024-01-0{i + 1}", x] for x in g]
    path = write_csv(tmp_path / "x.csv", rows)
    code, out, _ = run_cli(
        [str(path), "--value", "minutes", "--date", "day", "--chart", "xbar"], capsys
    )
    assert code == 0
    got = list(csv.DictReader(io.StringIO(out)))
    assert [float(r["value"]) for r in got] == [6.0, 7.0, 7.0]


@pytest.mark.skipif(not AE.is_file(), reason="the demo A&E file is not in this checkout")
def test_ae_file_p_chart_by_trust_and_type(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        [
            *AE_P_CHART_ARGS,
            "--direction",
            "decrease",
            "--format",
            "json",
        ],
        capsys,
    )
    assert code == 0
    doc = json.loads(out)
    assert sum(len(g["points"]) for g in doc["groups"]) == 12765
    rf4 = next(g for g in doc["groups"] if g["group"] == {"org_code": "RF4", "type": "1"})
    rows = [
        r
        for r in csv.DictReader(io.StringIO(AE.read_text(encoding="utf-8")))
        if r["org_code"] == "RF4" and r["type"] == "1"
    ]
    rows.sort(key=lambda r: r["period"])
    expected = spc.analyse(
        [float(r["breaches"]) for r in rows],
        chart="p",
        denominators=[float(r["attendances"]) for r in rows],
        improvement="decrease",
    )
    assert [p["point_type"] for p in rf4["points"]] == list(expected.point_type)
    assert rf4["variation_icon"] == expected.variation_icon


def test_module_entry_point_without_django(two_series: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[3]))
    code = (
        "import sys, runpy; sys.argv = ['quadrant.spc', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('quadrant.spc', run_name='__main__')\n"
        "except SystemExit as e:\n"
        "    assert 'django' not in sys.modules, 'Django was imported'\n    raise\n"
    )
    ok = subprocess.run(
        [sys.executable, "-c", code, str(two_series), "--value", "falls", "--group", "ward"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("ward,date,value")
    bad = subprocess.run(
        [sys.executable, "-m", "quadrant.spc", str(two_series), "--value", "ward"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert "column 'ward': “A” is not a number" in bad.stderr
