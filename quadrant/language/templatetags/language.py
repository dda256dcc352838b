"""Template tags of the shared language.

`{% guiding_questions "planning" %}` shows the organisation's questions for a component;
`{{ text|glossary }}` explains the glossary's terms where they appear in TEXT (a link to the
glossary with the definition as its title; <abbr> for abbreviations). No script is involved.
"""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from quadrant.language.models import GlossaryTerm, GuidingQuestion

register = template.Library()


@register.inclusion_tag("language/includes/guiding_questions.html")
def guiding_questions(component: str) -> dict[str, Any]:
    questions = list(
        GuidingQuestion.objects.filter(component=component, archived_at__isnull=True).only(
            "text", "component"
        )
    )
    return {"questions": questions, "component": component}


def _pattern(terms: list[GlossaryTerm]) -> re.Pattern[str] | None:
    if not terms:
        return None
    words = sorted((re.escape(escape(t.term)) for t in terms), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(words) + r")(?![\w-])", re.IGNORECASE)


def explain_terms(text: Any, terms: list[GlossaryTerm]) -> SafeString:
    """TEXT escaped, with the first use of each glossary term explained."""
    escaped = str(escape(text))
    pattern = _pattern(terms)
    if pattern is None:
        return mark_safe(escaped)  # noqa: S308  # nosec B308 B703 - escaped above
    by_word = {str(escape(t.term)).lower(): t for t in terms}
    glossary_url = reverse("language:glossary")
    seen: set[str] = set()

    def wrap(match: re.Match[str]) -> str:
        word = match.group(1)
        term = by_word.get(word.lower())
        if term is None or word.lower() in seen:
            return word
        seen.add(word.lower())
        link = format_html(
            '<a class="app-term" href="{}#{}" title="{}">{}</a>',
            glossary_url,
            term.anchor,
            term.definition,
            mark_safe(word),  # noqa: S308  # nosec B308 B703 - a piece of the escaped text
        )
        if term.is_abbreviation:
            return format_html('<abbr title="{}">{}</abbr>', term.definition, link)
        return link

    return mark_safe(pattern.sub(wrap, escaped))  # noqa: S308  # nosec B308 B703 - escaped parts


@register.filter(name="glossary")
def glossary_filter(text: Any) -> SafeString:
    """Explain the glossary's terms in TEXT (one query for the terms)."""
    terms = list(GlossaryTerm.objects.filter(archived_at__isnull=True).only("term", "definition"))
    return explain_terms(text, terms)
