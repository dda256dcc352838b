"""A headless Chromium page signed in as a persona, against pytest-django's live server.

Uses Debian's /usr/bin/chromium (`make chromium`); the tests skip, loudly, without it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def browser_as(live_server: Any, people: dict[str, Any]) -> Iterator[Any]:
    """browser_as("quality") → a Playwright page signed in as that persona."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("!!! Chromium is not installed (make chromium): browser test SKIPPED !!!")
    sync_api = pytest.importorskip("playwright.sync_api")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop shares the thread
    playwright = sync_api.sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
    contexts = []

    def make(username: str) -> Any:
        client = Client()
        client.force_login(people[username])
        context = browser.new_context(base_url=live_server.url)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    try:
        yield make
    finally:
        for context in contexts:
            context.close()
        browser.close()
        playwright.stop()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
