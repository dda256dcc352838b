"""A page's outline for tests: its <title> and the levels of its headings, in order."""

from __future__ import annotations

from html.parser import HTMLParser


class PageOutline(HTMLParser):
    """Fed a page's HTML: `title` (the first <title>'s text) and `levels` (2 for an h2, …)."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.levels: list[int] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and not self.title:
            self._in_title = True
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.levels.append(int(tag[1]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def outline(html: str) -> PageOutline:
    page = PageOutline()
    page.feed(html)
    return page


def skipped_levels(levels: list[int]) -> list[str]:
    """Each heading that goes more than one level deeper than the one before it."""
    problems, previous = [], 0
    for level in levels:
        if level > previous + 1:
            problems.append(f"h{previous} → h{level}")
        previous = level
    return problems


def outline_faults(html: str) -> list[str]:
    """What is wrong with a page's outline: not one h1, a skipped heading level after the h1
    (the header and navigation come before it), or a title not "<page> – Quadrant"."""
    page = outline(html)
    faults = []
    if page.levels.count(1) != 1:
        faults.append(f"{page.levels.count(1)} h1 headings")
    else:
        faults += skipped_levels(page.levels[page.levels.index(1) :])
    title = " ".join(page.title.split())
    name, _, service = title.rpartition(" – ")
    if service != "Quadrant" or not name.strip():
        faults.append(f"title “{title}”")
    return faults
