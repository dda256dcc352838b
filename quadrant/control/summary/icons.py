"""Quadrant's own Making Data Count icons, drawn as SVG, each with a text alternative.

Variation: a circle holding a small run-chart glyph and an H or L — grey for common cause,
blue for improvement, orange for concern, purple where neither direction is better.
Assurance: a circle holding P (blue, consistently passing), F (orange, consistently failing)
or ? (grey, hit or miss). Pages define the symbols once (`sprite()`) and place them with
`<use>` (`icon()`); reports embed whole drawings (`standalone()`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

GREY, BLUE, ORANGE, PURPLE = "#7b7d7d", "#289de0", "#fab428", "#7f3f98"
TEXT_ORANGE = "#b35c00"  # the orange is too light for letters on white (WCAG contrast)


@dataclass(frozen=True)
class Icon:
    code: str
    label: str
    colour: str
    letter: str = ""
    rising: bool | None = None  # variation glyphs: where the last points go


VARIATION: dict[str, Icon] = {
    "common_cause": Icon("common_cause", "Common cause variation: no significant change", GREY),
    "improvement_high": Icon(
        "improvement_high", "Special cause variation of an improving nature: higher values",
        BLUE, "H", True,
    ),
    "improvement_low": Icon(
        "improvement_low", "Special cause variation of an improving nature: lower values",
        BLUE, "L", False,
    ),
    "concern_high": Icon(
        "concern_high", "Special cause variation of a concerning nature: higher values",
        ORANGE, "H", True,
    ),
    "concern_low": Icon(
        "concern_low", "Special cause variation of a concerning nature: lower values",
        ORANGE, "L", False,
    ),
    "neutral_high": Icon(
        "neutral_high", "Special cause variation, neither improvement nor concern: higher values",
        PURPLE, "H", True,
    ),
    "neutral_low": Icon(
        "neutral_low", "Special cause variation, neither improvement nor concern: lower values",
        PURPLE, "L", False,
    ),
}  # fmt: skip

ASSURANCE: dict[str, Icon] = {
    "consistent_pass": Icon(
        "consistent_pass", "Assurance: the target is consistently met", BLUE, "P"
    ),
    "consistent_fail": Icon(
        "consistent_fail", "Assurance: the target is consistently failed; change is needed",
        ORANGE, "F",
    ),
    "inconsistent": Icon(
        "inconsistent", "Assurance: the target is hit and miss (met only some of the time)",
        GREY, "?",
    ),
}  # fmt: skip

NO_VARIATION = "No variation icon: too few points to judge variation"
NO_ASSURANCE = "No assurance icon: no target, or too few points to judge it"

# The short name of each variation icon's group, for the summary grid and filters.
VARIATION_GROUP = {
    "common_cause": "common",
    "improvement_high": "improvement",
    "improvement_low": "improvement",
    "concern_high": "concern",
    "concern_low": "concern",
    "neutral_high": "neutral",
    "neutral_low": "neutral",
}


# What each group is called, with "none" for measures that show no icon of the kind.
VARIATION_GROUP_LABELS = {
    "concern": "Special cause of concern",
    "common": "Common cause",
    "improvement": "Special cause of improvement",
    "neutral": "Special cause, neutral",
    "none": "Too few points",
}
# The assurance groups: short name, what it is called, and its icon ("none": no icon).
ASSURANCE_GROUPS = {
    "fail": ("Consistently failing", "consistent_fail"),
    "hit_or_miss": ("Hit and miss", "inconsistent"),
    "pass": ("Consistently passing", "consistent_pass"),
    "none": ("No target or too few points", ""),
}


def label(code: str | None) -> str:
    """The text alternative of a variation or assurance icon code."""
    if code in VARIATION:
        return VARIATION[code].label
    if code in ASSURANCE:
        return ASSURANCE[code].label
    return "No icon"


def variation_text(code: str | None) -> str:
    """What a variation icon says, or why there is none."""
    return VARIATION[code].label if code in VARIATION else NO_VARIATION


def assurance_text(code: str | None) -> str:
    """What an assurance icon says, or why there is none."""
    return ASSURANCE[code].label if code in ASSURANCE else NO_ASSURANCE


def _glyph(icon: Icon) -> str:
    """The run-chart glyph: grey dots, the last ones in the icon's colour going up or down."""
    xs = [22, 32, 42, 52, 62, 72, 80]
    if icon.rising is None:
        ys = [52, 46, 54, 48, 52, 47, 51]
        colours = [GREY] * len(xs)
    else:
        base = [54, 50, 55, 51, 53]
        tail = [38, 34] if icon.rising else [66, 70]
        ys = base + tail
        colours = [GREY] * 4 + [icon.colour] * 3
    line = " ".join(f"{x},{y}" for x, y in zip(xs, ys, strict=True))
    dots = "".join(
        f'<circle cx="{x}" cy="{y}" r="4.5" fill="{c}"/>'
        for x, y, c in zip(xs, ys, colours, strict=True)
    )
    return f'<polyline points="{line}" fill="none" stroke="{GREY}" stroke-width="2"/>{dots}'


def _body(icon: Icon, kind: str) -> str:
    ring = f'<circle cx="50" cy="50" r="45" fill="#fff" stroke="{icon.colour}" stroke-width="7"/>'
    ink = TEXT_ORANGE if icon.colour == ORANGE else icon.colour
    if kind == "assurance":
        return ring + (
            f'<text x="50" y="66" text-anchor="middle" font-family="Arial, sans-serif" '
            f'font-size="46" font-weight="bold" fill="{ink}">{icon.letter}</text>'
        )
    letter = ""
    if icon.letter:
        y = 30 if icon.rising else 86
        letter = (
            f'<text x="50" y="{y}" text-anchor="middle" font-family="Arial, sans-serif" '
            f'font-size="22" font-weight="bold" fill="{ink}">{icon.letter}</text>'
        )
    return ring + _glyph(icon) + letter


def _lookup(code: str | None) -> tuple[Icon | None, str]:
    if code in VARIATION:
        return VARIATION[code], "variation"
    if code in ASSURANCE:
        return ASSURANCE[code], "assurance"
    return None, ""


def sprite() -> SafeString:
    """Every icon as an SVG <symbol>, defined once per page (hidden)."""
    symbols = [
        f'<symbol id="qi-{icon.code}" viewBox="0 0 100 100">{_body(icon, kind)}</symbol>'
        for kind, table in (("variation", VARIATION), ("assurance", ASSURANCE))
        for icon in table.values()
    ]
    return mark_safe(  # noqa: S308 - built only from the constants above  # nosec B308, B703 - reviewed: every piece of text is escaped before marking safe
        '<svg xmlns="http://www.w3.org/2000/svg" class="app-icon-sprite" aria-hidden="true" '
        f'focusable="false">{"".join(symbols)}</svg>'
    )


def icon(code: str | None, kind: str, size: int = 32) -> SafeString:
    """An icon placed from the page's sprite, or a plain-text note when there is none."""
    found, _ = _lookup(code)
    if found is None:
        text = NO_VARIATION if kind == "variation" else NO_ASSURANCE
        return format_html(
            '<span class="app-icon-none" title="{}">–'
            '<span class="nhsuk-u-visually-hidden"> {}</span></span>',
            text,
            text,
        )
    return format_html(
        '<svg class="app-icon" width="{}" height="{}" role="img" aria-label="{}">'
        '<title>{}</title><use href="#qi-{}"></use></svg>',
        size, size, found.label, found.label, found.code,
    )  # fmt: skip


def standalone(code: str | None, size: int = 48) -> str:
    """A self-contained SVG drawing of the icon (for reports and downloads)."""
    found, kind = _lookup(code)
    if found is None:
        return ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 100 100" role="img" aria-label="{found.label}">'
        f"<title>{found.label}</title>{_body(found, kind)}</svg>"
    )
