""" "My quality": the home page, built from the sections each component registers; an executive
sees first where the board should look this month in the units they lead."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from quadrant.core.registry import home_sections
from quadrant.overview.board import board_summaries


@login_required
def home(request: HttpRequest) -> HttpResponse:
    boards = board_summaries(request.user)
    sections = []
    for section in home_sections:
        context = section.context(request.user)
        if context:
            # Rendered here with its own context: an {% include %} cannot spread a dict.
            html = render_to_string(section.template, context, request=request)
            sections.append({"title": section.title, "template": section.template, "html": html})
    return render(request, "overview/home.html", {"boards": boards, "sections": sections})
