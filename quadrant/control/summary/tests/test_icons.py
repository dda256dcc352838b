"""The MDC icons: every code drawn, in the right colour, with its letter and a text
alternative; the sprite defines each symbol once."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from quadrant.control.summary import icons

ALL = [*icons.VARIATION, *icons.ASSURANCE]


@pytest.mark.parametrize("code", ALL)
def test_every_icon_is_valid_svg_with_a_text_alternative(code: str) -> None:
    drawing = icons.standalone(code)
    root = ET.fromstring(drawing)  # noqa: S314
    title = root.find("{http://www.w3.org/2000/svg}title")
    assert title is not None and title.text == icons.label(code)
    assert root.get("role") == "img" and root.get("aria-label") == icons.label(code)


@pytest.mark.parametrize(
    ("code", "colour", "letter"),
    [
        ("concern_high", icons.ORANGE, "H"),
        ("concern_low", icons.ORANGE, "L"),
        ("improvement_high", icons.BLUE, "H"),
        ("improvement_low", icons.BLUE, "L"),
        ("neutral_high", icons.PURPLE, "H"),
        ("neutral_low", icons.PURPLE, "L"),
        ("consistent_pass", icons.BLUE, "P"),
        ("consistent_fail", icons.ORANGE, "F"),
        ("inconsistent", icons.GREY, "?"),
    ],
)
def test_colours_and_letters_follow_making_data_count(code: str, colour: str, letter: str):
    drawing = icons.standalone(code)
    assert f'stroke="{colour}"' in drawing
    assert re.search(rf">{re.escape(letter)}</text>", drawing)


def test_common_cause_is_grey_without_a_letter() -> None:
    drawing = icons.standalone("common_cause")
    assert icons.ORANGE not in drawing and icons.BLUE not in drawing
    assert "<text" not in drawing


def test_page_icons_use_the_sprite_and_missing_icons_say_why() -> None:
    sprite = str(icons.sprite())
    for code in ALL:
        assert sprite.count(f'id="qi-{code}"') == 1
    placed = str(icons.icon("concern_low", "variation", 24))
    assert 'href="#qi-concern_low"' in placed and 'aria-label="Special cause variation' in placed
    assert icons.NO_ASSURANCE in str(icons.icon(None, "assurance"))
    assert icons.NO_VARIATION in str(icons.icon("", "variation"))
