"""The readers every route shares: dates, numbers and the text of a CSV file."""

from __future__ import annotations

import codecs
import datetime as dt
import io

import pytest

from quadrant.spc.reading import CellProblem, RowProblem
from quadrant.spc.reading.dates import AmbiguityCheck, read_date
from quadrant.spc.reading.numbers import Percentage, on_scale, read_number
from quadrant.spc.reading.text import (
    TextLayout,
    csv_rows,
    detect_delimiter,
    detect_encoding,
    layout_of,
)

APRIL = dt.date(2020, 4, 1)


@pytest.mark.parametrize(
    "cell",
    ["2020-04-01", "01/04/2020", "1/4/2020", "01.04.2020", "01-04-2020", "01-Apr-2020",
     "1 April 2020", "01-apr-2020", "2020-04-01 00:00:00", "01/04/2020 00:00", 43922, 43922.0,
     "43922", dt.datetime(2020, 4, 1), APRIL],
)  # fmt: skip
def test_every_form_of_1_april_2020(cell):
    assert read_date(cell) == APRIL


def test_month_first_reads_the_numeric_form_only():
    assert read_date("04/01/2020", month_first=True) == APRIL
    assert read_date("01-Apr-2020", month_first=True) == APRIL
    assert read_date("2020-04-01", month_first=True) == APRIL


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("", "Enter a date"),
        (None, "Enter a date"),
        ("31/02/2020", "“31/02/2020” is not a real date"),
        ("01/04/20", "“01/04/20” is not a date; write dates like 01/04/2020"),
        ("soon", "“soon” is not a date"),
        (dt.datetime(2020, 4, 1, 9, 30), "has a time of day"),
        (43922.5, "43922.5 has a time of day"),
        (-3, "-3 is not a date"),
        (True, "“True” is not a date"),
    ],
)
def test_what_is_not_a_date_says_why(cell, message):
    with pytest.raises(CellProblem, match=message):
        read_date(cell)


def test_ambiguity_is_all_dates_reading_both_ways_and_differently():
    check = AmbiguityCheck()
    for cell in ("01/02/2020", "01/03/2020"):
        check.see(cell)
    assert check.ambiguous
    check.see("13/03/2020")
    assert not check.ambiguous
    same = AmbiguityCheck()
    same.see("01/01/2020")  # the same date either way
    assert not same.ambiguous


@pytest.mark.parametrize(
    ("cell", "number"),
    [("1,234", 1234), (" 17 ", 17), ("£1,200", 1200), ("-£5", -5), ("1,234,567.5", 1234567.5),
     ("\u00a012", 12), (3, 3), ("", None), (None, None)],
)  # fmt: skip
def test_numbers_as_typed(cell, number):
    assert read_number(cell) == number


def test_a_percentage_keeps_its_fraction_until_it_meets_a_scale():
    found = read_number("22.5%")
    assert isinstance(found, Percentage) and float(found) == 0.225
    assert on_scale(found, 100) == 22.5 and on_scale(found, 1) == 0.225
    assert on_scale(0.5, 100) == 0.5  # a plain number is as it is


@pytest.mark.parametrize("cell", ["1,23", "12,", "1.2.3", "abc", "inf", "nan", True])
def test_what_is_not_a_number_says_so(cell):
    with pytest.raises(CellProblem, match="is not a number"):
        read_number(cell)


def test_encodings_bom_first_then_utf8_then_windows_1252():
    text = "Unit,Value\r\nWard A – Renal £,3\r\n"
    assert detect_encoding(codecs.BOM_UTF8 + text.encode()) == "utf-8-sig"
    assert detect_encoding(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == "utf-16"
    assert detect_encoding(codecs.BOM_UTF16_BE + text.encode("utf-16-be")) == "utf-16"
    assert detect_encoding(text.encode()) == "utf-8"
    assert detect_encoding(text.encode("cp1252")) == "cp1252"  # not the detector's cp1250
    cut = text.encode()[: text.encode().index("–".encode()) + 1]  # a sample ending mid-letter
    assert detect_encoding(cut) == "utf-8"
    assert detect_encoding(b"d,v\n2024-02-01,\xa3 2\n") == "cp1252"  # not Shift-JIS's "｣"
    assert detect_encoding("a\tb\n1\t2\n".encode("utf-16-le")) == "utf-16-le"  # no BOM


def test_a_byte_that_does_not_fit_names_the_encoding_not_a_row():
    rows = csv_rows(io.BytesIO(b"a,b\n\xa3,2\n"), TextLayout("utf-8", ","))
    with pytest.raises(RowProblem, match="the file is not UTF-8 text") as problem:
        list(rows)
    assert problem.value.row == 0  # text is decoded in blocks: the row is not known


def test_the_delimiter_is_found_below_a_title():
    assert detect_delimiter("Report\n\na\tb\tc\n1\t2\t3\n") == "\t"
    assert detect_delimiter("a;b\n1,5;2\n") == ";"
    assert detect_delimiter("just one column\n") == ","
    layout = layout_of(io.BytesIO("a|b\n1|2\n".encode("utf-16")))
    assert (layout.encoding, layout.delimiter) == ("utf-16", "|")
    with pytest.raises(CellProblem, match="not a text encoding"):
        layout_of(io.BytesIO(b"a,b\n"), "klingon")
