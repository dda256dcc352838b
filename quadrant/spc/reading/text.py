"""The text of a CSV file: its encoding (a byte-order mark first, then UTF-8, then a
detector) and its delimiter (comma, tab, semicolon or bar), found from the first bytes."""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from . import CellProblem, RowProblem

SAMPLE_BYTES = 64 * 1024
SNIFF_LINES = 50
DELIMITERS = (",", "\t", ";", "|")
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (with a byte-order mark)",
    "utf-16": "UTF-16 (Excel’s “Unicode text”)",
    "cp1252": "Windows-1252 (Western European, Excel’s “CSV” on Windows)",
    "iso-8859-1": "ISO-8859-1 (Latin-1)",
}
DELIMITER_NAMES = {",": "comma", "\t": "tab", ";": "semicolon", "|": "vertical bar"}


@dataclass(frozen=True)
class TextLayout:
    """How a CSV file's bytes are read: the encoding and the delimiter."""

    encoding: str
    delimiter: str

    @property
    def description(self) -> str:
        """For example "Windows-1252 (Western European, …), tab-separated"."""
        name = ENCODING_NAMES.get(self.encoding, self.encoding)
        return f"{name}, {DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))}-separated"


def encoding_name(encoding: str) -> str:
    """The name people know an encoding by."""
    return ENCODING_NAMES.get(normal_encoding(encoding), encoding)


def normal_encoding(encoding: str) -> str:
    """The codec's own name for ENCODING ("UTF-16-LE" → "utf-16-le"); a CellProblem when
    Python has no such codec."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise CellProblem(f"“{encoding[:40]}” is not a text encoding") from None
    return {"windows-1252": "cp1252", "latin-1": "iso-8859-1", "iso8859-1": "iso-8859-1"}.get(
        name, name
    )


def detect_encoding(sample: bytes) -> str:
    """The encoding of a file that starts with SAMPLE (a CellProblem when it is not text):
    a byte-order mark; else UTF-8 if it fits (and the text has no NUL bytes, as UTF-16 has);
    else Windows-1252 if it fits, as a UK trust's Windows files are (a detector, given a few
    accented letters, guesses cp1250 or even Shift-JIS as readily); else a detector's guess."""
    for bom, encoding in BOMS:
        if sample.startswith(bom):
            return encoding
    if b"\x00" not in sample:
        try:
            codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        except UnicodeDecodeError:
            pass
        else:
            return "utf-8"
        if _decodes(sample, "cp1252"):
            return "cp1252"
    from charset_normalizer import from_bytes  # only files that are neither need it

    best = from_bytes(sample).best()
    if best is None:
        raise CellProblem("the file is not text (CSV) that can be read")
    return normal_encoding(best.encoding)


def _decodes(sample: bytes, encoding: str) -> bool:
    try:
        sample.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def detect_delimiter(text: str) -> str:
    """The delimiter that gives the most lines the same number of columns (more than one):
    titles above the table, with no delimiter, do not count."""
    lines = text.splitlines()[:SNIFF_LINES]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [len(row) for row in csv.reader(lines, delimiter=delimiter) if len(row) > 1]
        except csv.Error:
            continue
        if not widths:
            continue
        width, lines_of_width = Counter(widths).most_common(1)[0]
        if (lines_of_width, width) > best_score:
            best, best_score = delimiter, (lines_of_width, width)
    return best


def layout_of(fileobj: IO[bytes], encoding: str | None = None) -> TextLayout:
    """The encoding (ENCODING when given, else detected) and delimiter of FILEOBJ."""
    fileobj.seek(0)
    sample = fileobj.read(SAMPLE_BYTES)
    fileobj.seek(0)
    chosen = normal_encoding(encoding) if encoding else detect_encoding(sample)
    text = codecs.getincrementaldecoder(chosen)(errors="replace").decode(sample, final=False)
    return TextLayout(chosen, detect_delimiter(text.lstrip("\ufeff")))


def csv_rows(fileobj: IO[bytes], layout: TextLayout) -> Iterator[list[str]]:
    """The rows of FILEOBJ, streamed; a CellProblem names the encoding when a byte does not
    fit it (the caller adds the row)."""
    fileobj.seek(0)
    encoding = "utf-8-sig" if layout.encoding == "utf-8" else layout.encoding  # a stray BOM
    text = io.TextIOWrapper(fileobj, encoding=encoding, newline="")
    try:
        reader = csv.reader(text, delimiter=layout.delimiter)
        yield from reader
    except UnicodeDecodeError as exc:  # read in blocks: the row is not known
        raise RowProblem(
            0,
            f"the file is not {encoding_name(layout.encoding)} text ({exc.reason}); "
            "choose the encoding it is written in",
        ) from exc
    except csv.Error as exc:
        raise CellProblem(f"the file is not a readable CSV file ({exc})") from exc
    finally:
        text.detach()
