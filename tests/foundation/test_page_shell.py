"""Every main page: a <title> of "<page> – Quadrant", and headings that never skip a level."""

import pytest
from django.urls import reverse

from quadrant.core.testing.page_outline import outline, skipped_levels

MAIN_PAGES = [
    "home",
    "account",
    "search",
    "history-log",
    "jobs",
    "planning:home",
    "planning:goals",
    "control:measures",
    "control:summary",
    "improvement:home",
    "actions:mine",
    "language:glossary",
    "improvement:ideas",
    "improvement:portfolio",
    "organisation:units",
    "organisation:people",
]


def pages(org):
    return [reverse(name) for name in MAIN_PAGES] + [org.ward_a.get_absolute_url()]


@pytest.mark.parametrize("persona", ["quality", "manager"])
def test_every_main_page_is_titled_page_then_service(client_for, org, persona):
    client = client_for(persona)
    for url in pages(org):
        response = client.get(url)
        if response.status_code != 200:
            continue
        title = " ".join(outline(response.content.decode()).title.split())
        page, _, service = title.rpartition(" – ")
        assert service == "Quadrant" and page.strip(), (url, title)


def test_a_page_without_a_title_is_named_by_the_service(client, db):
    title = outline(client.get(reverse("login")).content.decode()).title
    assert title.endswith(" – Quadrant") or title == "Quadrant"


def test_the_check_finds_a_skipped_level():
    assert skipped_levels([1, 2, 3, 2, 3]) == []
    assert skipped_levels([1, 3]) == ["h1 → h3"] and skipped_levels([2]) == ["h0 → h2"]


@pytest.mark.parametrize("persona", ["quality", "manager", "board"])
def test_main_pages_open_with_one_h1_and_never_skip_a_heading_level(client_for, org, persona):
    client = client_for(persona)
    for url in pages(org):
        response = client.get(url)
        if response.status_code != 200:
            continue
        levels = outline(response.content.decode()).levels
        assert levels.count(1) == 1, (url, levels)
        body = levels[levels.index(1) :]  # the header and navigation come before the h1
        assert skipped_levels(body) == [], (url, levels)
