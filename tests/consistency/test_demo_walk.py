"""Walking the demo trust from the home page as each persona, a few pages of every kind (lists
and detail pages): each has one h1, headings that never skip a level, a title "<page> –
Quadrant"; and no page links to itself, unless the link is marked as the current page
(aria-current), such as the header's account link on the account page (a "Clear filters" link
on an unfiltered list, a signal's page offering "Act on this signal" for itself, are faults)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from quadrant.core.testing.page_outline import outline_faults
from quadrant.organisation.models import Person

LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
HREF = re.compile(r'href="([^"]*)"')
SKIPPED = ("/logout", "/export", ".csv", ".xlsx", ".png", ".svg", ".pdf", "/static/", "/api/")
PAGES_PER_PERSONA = 45
PAGES_PER_SHAPE = 2  # /projects/12/ and /projects/14/ are the same page twice over


def _links(path: str, html: str) -> Iterator[tuple[str, str, str]]:
    """(target path and query, the link's attributes, its text) of each link to this site."""
    for attributes, text in LINK.findall(html):
        found = HREF.search(attributes)
        if not found or found.group(1).startswith(("#", "mailto:")):
            continue
        parts = urlsplit(urljoin(f"http://testserver{path}", found.group(1).replace("&amp;", "&")))
        if parts.netloc != "testserver" or parts.fragment:
            continue
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        yield target, attributes, re.sub(r"<[^>]+>|\s+", " ", text).strip()


def _walk(client: Client) -> Iterator[tuple[str, str]]:
    """(path, html) of the pages reached from the home page, a few of each shape."""
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    queue = ["/"]
    while queue and len(seen) < PAGES_PER_PERSONA:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        yield path, html
        for target, _, _ in _links(path, html):
            shape = re.sub(r"\d+", "N", urlsplit(target).path)
            if target in seen or any(part in target for part in SKIPPED):
                continue
            if shapes.get(shape, 0) < PAGES_PER_SHAPE:
                shapes[shape] = shapes.get(shape, 0) + 1
                queue.append(target)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["board", "manager", "staff", "partner"])
def test_every_page_is_well_formed_and_none_links_to_itself(seeded_demo, username):
    client = Client()
    client.force_login(Person.objects.get(username=username))
    self_links, outlines, walked = [], [], []
    for path, html in _walk(client):
        walked.append(path)
        self_links += [
            f"{path}: “{text}”"
            for target, attributes, text in _links(path, html)
            if target == path and "aria-current" not in attributes
        ]
        outlines += [f"{path}: {fault}" for fault in outline_faults(html)]
    assert len(walked) >= 20, f"only {len(walked)} pages reached as {username}"
    details = [path for path in walked if re.search(r"/\d+/$|/[A-Z][A-Z0-9-]+/$", path)]
    assert len(details) >= 5, walked  # detail pages too, not only lists
    assert self_links == []
    assert outlines == []
