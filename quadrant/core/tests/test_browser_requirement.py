"""Browser tests never pass silently without Chromium: skipped loudly on a laptop, failed in CI."""

from __future__ import annotations

from pathlib import Path

import pytest
from _pytest.outcomes import Failed, Skipped

from quadrant.core.testing import browser


@pytest.fixture
def no_chromium(monkeypatch, tmp_path):
    monkeypatch.setattr(browser, "CHROMIUM", Path(tmp_path / "no-chromium"))


@pytest.mark.parametrize("value", ["true", "1", "True"])
def test_a_missing_chromium_fails_the_browser_tests_in_ci(no_chromium, monkeypatch, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(Failed, match="CI=true"):
        browser.require_chromium()


@pytest.mark.parametrize("value", [None, "", "false"])
def test_a_missing_chromium_skips_them_loudly_elsewhere(no_chromium, monkeypatch, value):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    with pytest.warns(UserWarning, match="SKIPPED"), pytest.raises(Skipped):
        browser.require_chromium()


def test_an_installed_chromium_runs_them(monkeypatch, tmp_path):
    present = tmp_path / "chromium"
    present.write_text("")
    monkeypatch.setattr(browser, "CHROMIUM", present)
    monkeypatch.setenv("CI", "true")
    browser.require_chromium()  # neither skips nor fails
