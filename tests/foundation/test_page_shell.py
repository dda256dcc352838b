"""Every main page: a <title> of "<page> – Quadrant", and headings that never skip a level."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

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
]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.levels: list[int] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title" and not self.title:
            self._in_title = True
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.levels.append(int(tag[1]))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def read(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def pages(org):
    return [reverse(name) for name in MAIN_PAGES] + [org.ward_a.get_absolute_url()]


@pytest.mark.parametrize("persona", ["quality", "manager"])
def test_every_main_page_is_titled_page_then_service(client_for, org, persona):
    client = client_for(persona)
    for url in pages(org):
        response = client.get(url)
        if response.status_code != 200:
            continue
        title = " ".join(read(response.content.decode()).title.split())
        page, _, service = title.rpartition(" – ")
        assert service == "Quadrant" and page.strip(), (url, title)


def test_a_page_without_a_title_is_named_by_the_service(client, db):
    title = read(client.get(reverse("login")).content.decode()).title
    assert title.endswith(" – Quadrant") or title == "Quadrant"
