"""`quadrant import observations`: the same checks as every other route, and an exit code."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from quadrant.control.measures.models import Observation


def test_cli_imports_a_file_and_reports(measures, write_csv, capsys):
    path = write_csv([["Measure code", "Period start", "Value"], ["HH-A", "2024-01-01", 97]])
    call_command("import", "observations", str(path))
    assert "1 new, 0 changed, 0 unchanged" in capsys.readouterr().out
    call_command("import", "observations", str(path))
    assert "0 new, 0 changed, 1 unchanged: nothing to change" in capsys.readouterr().out


def test_cli_exits_1_with_row_errors_and_writes_nothing(measures, write_csv, capsys, tmp_path):
    path = write_csv([["m", "p", "v"], ["HH-A", "2024-01-02", 97]])
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"measure": "m", "period": "p", "value": "v"}))
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", "observations", str(path), "--mapping", str(mapping))
    assert exit_info.value.code == 1
    assert "Row 2, column period: 2024-01-02 is not a Monday" in capsys.readouterr().err
    assert Observation.objects.count() == 0


def test_cli_dry_run_writes_nothing(measures, write_csv, capsys):
    path = write_csv([["measure", "period", "value"], ["HH-A", "2024-01-01", 97]])
    call_command("import", "observations", str(path), "--dry-run")
    assert "nothing written" in capsys.readouterr().out
    assert Observation.objects.count() == 0


def test_cli_reads_a_windows_file_with_a_title_above_the_table(measures, tmp_path, capsys):
    """The same readers as the import page: Windows-1252 text, UK dates day first, the
    headings found below the report's title, rows numbered as in the file."""
    lines = [
        "Hand hygiene – Ward A £",
        "",
        "Code,Week,Rate",
        "HH-A,01/01/2024,97",
        "HH-A,08/01/2024,x",
    ]
    text = "\r\n".join(lines) + "\r\n"
    path = tmp_path / "returns.csv"
    path.write_bytes(text.encode("cp1252"))
    with pytest.raises(SystemExit):
        call_command("import", "observations", str(path))
    assert "Row 5, column value: “x” is not a number" in capsys.readouterr().err
    path.write_bytes(text.replace(",x", ",95").encode("cp1252"))
    call_command("import", "observations", str(path))
    assert "2 new" in capsys.readouterr().out
    assert sorted(Observation.objects.values_list("value", flat=True)) == [95, 97]
