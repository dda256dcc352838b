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
