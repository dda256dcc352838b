"""``quadrant spc`` on files as trust systems write them: Windows-1252 and UTF-16 text, dates
day first (or --month-first) in every common form, numbers as typed, Excel percentages and
formulas never calculated, rows for the same group and date (refused, or --aggregate), zero
denominators (left out with a warning), and files analysed a batch of groups at a time."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pytest

from quadrant.spc import cli
from quadrant.spc.cli import main

Capture = pytest.CaptureFixture[str]


def run_cli(args: list[str], capsys: Capture) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def points(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


def write_text(path: Path, rows: list[list[str]], encoding: str, delimiter: str = ",") -> Path:
    text = "".join(delimiter.join(row) + "\r\n" for row in rows)
    path.write_bytes(text.encode(encoding))
    return path


WARDS = [["ward", "month", "falls"]] + [
    [ward, f"01/{month:02d}/2024", str(month)]
    for ward in ("Renal £", "Café – 2")
    for month in range(1, 7)
]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [
        ("cp1252", ",", b""),
        ("utf-16-le", "\t", codecs.BOM_UTF16_LE),
        ("utf-8", ";", codecs.BOM_UTF8),
    ],
)
def test_the_file_is_read_in_its_own_encoding(tmp_path, capsys, encoding, delimiter, bom):
    path = tmp_path / "wards.csv"
    text = "".join(delimiter.join(row) + "\r\n" for row in WARDS)
    path.write_bytes(bom + text.encode(encoding))
    code, out, err = run_cli(
        [str(path), "--value", "falls", "--date", "month", "--group", "ward"], capsys
    )
    assert code == 0, err
    got = points(out)
    assert {p["ward"] for p in got} == {"Renal £", "Café – 2"}
    assert [p["date"] for p in got[:2]] == ["2024-01-01", "2024-02-01"]  # day first


def test_dates_in_every_form_and_month_first(tmp_path, capsys):
    rows = [
        ["d", "v"],
        ["2024-01-01", "1"],
        ["01/02/2024", "2"],
        ["01-Mar-2024", "3"],
        ["45383", "4"],
    ]
    path = write_text(tmp_path / "d.csv", rows, "utf-8")
    code, out, err = run_cli([str(path), "--value", "v", "--date", "d"], capsys)
    assert code == 0, err
    assert [p["date"] for p in points(out)] == [
        "2024-01-01",
        "2024-02-01",
        "2024-03-01",
        "2024-04-01",
    ]
    month_first = write_text(tmp_path / "m.csv", [["d", "v"], ["02/13/2024", "1"]], "utf-8")
    code, out, _ = run_cli(
        [str(month_first), "--value", "v", "--date", "d", "--month-first"], capsys
    )
    assert code == 0 and points(out)[0]["date"] == "2024-02-13"
    code, _, err = run_cli([str(month_first), "--value", "v", "--date", "d"], capsys)
    assert code == 2
    assert "row 2, column 'd': “02/13/2024” is not a real date read day first" in err


def test_dates_that_read_both_ways_are_warned_about(tmp_path, capsys):
    path = write_text(tmp_path / "w.csv", WARDS, "utf-8")
    code, _, err = run_cli(
        [str(path), "--value", "falls", "--date", "month", "--group", "ward"], capsys
    )
    assert code == 0
    assert "warning: every date in column 'month' could be read day first or month first" in err
    assert "give --month-first if not" in err


def test_numbers_as_typed(tmp_path, capsys):
    rows = [
        ["d", "v"],
        ["2024-01-01", "1,234"],
        ["2024-02-01", "£1,200"],
        ["2024-03-01", " 17 "],
        ["2024-04-01", "22.5%"],
    ]
    path = tmp_path / "n.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)  # "1,234" quoted, as Excel writes it
    code, out, err = run_cli([str(path), "--value", "v", "--date", "d"], capsys)
    assert code == 0, err
    assert [float(p["value"]) for p in points(out)] == [1234, 1200, 17, 22.5]


def test_excel_percentages_and_formulas_never_calculated(tmp_path, capsys):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["d", "v"])
    sheet.append(["2024-01-01", 0.225])
    sheet["B2"].number_format = "0.0%"
    sheet.append(["2024-02-01", 0.5])
    path = tmp_path / "p.xlsx"
    book.save(path)
    code, out, err = run_cli([str(path), "--value", "v", "--date", "d"], capsys)
    assert code == 0, err
    assert [float(p["value"]) for p in points(out)] == [22.5, 0.5]  # a percentage as shown
    sheet.append(["2024-03-01", "=B2*2"])
    book.save(path)
    code, out, err = run_cli([str(path), "--value", "v", "--date", "d"], capsys)
    assert code == 2 and out == ""
    assert err == (
        "quadrant spc: error: row 4, column 'v': formula not calculated — open and save the "
        "file in Excel\n"
    )


DUPLICATES = [
    ["ward", "d", "n", "den"],
    ["A", "2024-01-01", "2", "10"],
    ["A", "2024-02-01", "3", "10"],
    ["A", "2024-01-01", "4", "10"],
    ["B", "2024-01-01", "1", "5"],
]
BY_WARD = ["--date", "d", "--group", "ward"]


def test_rows_for_the_same_group_and_date_are_refused_naming_them(tmp_path, capsys):
    path = write_text(tmp_path / "dup.csv", DUPLICATES, "utf-8")
    code, out, err = run_cli([str(path), "--value", "n", *BY_WARD], capsys)
    assert code == 2 and out == ""
    assert "rows 2 and 4 (2024-01-01, A) have the same group and date" in err
    assert "--aggregate sum or --aggregate mean" in err


@pytest.mark.parametrize(("how", "january"), [("sum", "6.0"), ("mean", "3.0")])
def test_aggregate_combines_rows_for_the_same_group_and_date(tmp_path, capsys, how, january):
    path = write_text(tmp_path / "dup.csv", DUPLICATES, "utf-8")
    code, out, err = run_cli([str(path), "--value", "n", *BY_WARD, "--aggregate", how], capsys)
    assert code == 0, err
    got = [(p["ward"], p["date"], p["value"]) for p in points(out)]
    assert got == [
        ("A", "2024-01-01", january),
        ("A", "2024-02-01", "3.0"),
        ("B", "2024-01-01", "1.0"),
    ]


def test_a_zero_denominator_leaves_that_point_out_with_a_warning(tmp_path, capsys):
    rows = [
        ["ward", "d", "n", "den"], ["A", "2024-01-01", "2", "10"], ["A", "2024-02-01", "0", "0"],
        ["A", "2024-03-01", "1", "10"], ["B", "2024-01-01", "1", "5"],
    ]  # fmt: skip
    path = write_text(tmp_path / "z.csv", rows, "utf-8")
    args = [str(path), "--value", "n", "--denominator", "den", "--chart", "p", *BY_WARD]
    code, out, err = run_cli(args, capsys)
    assert code == 0
    assert "warning: row 3, column 'den': the denominator is 0, so the row is left out" in err
    assert [(p["ward"], p["date"]) for p in points(out)] == [
        ("A", "2024-01-01"), ("A", "2024-03-01"), ("B", "2024-01-01"),
    ]  # fmt: skip


def test_batches_of_groups_give_the_same_output_and_check_everything_first(
    tmp_path, capsys, monkeypatch
):
    rows = [["ward", "d", "v"]] + [
        [f"W{w}", f"2024-{m:02d}-01", str((w * 7 + m * 3) % 11)]
        for m in range(1, 13)
        for w in range(9)
    ]
    path = write_text(tmp_path / "many.csv", rows, "utf-8")
    args = [str(path), "--value", "v", *BY_WARD]
    code, whole, _ = run_cli(args, capsys)
    assert code == 0
    monkeypatch.setattr(cli, "BATCH_POINTS", 25)  # two wards a batch
    code, batched, _ = run_cli(args, capsys)
    assert code == 0 and batched == whole
    code, as_json, _ = run_cli([*args, "--format", "json"], capsys)
    assert code == 0 and as_json.count('"group"') == 9
    rows.append(["W8", "2024-01-01", "5"])  # a repeat in the last batch
    write_text(path, rows, "utf-8")
    code, out, err = run_cli(args, capsys)
    assert code == 2 and out == ""  # nothing written for the batches before it
    assert "rows" in err and "have the same group and date" in err
