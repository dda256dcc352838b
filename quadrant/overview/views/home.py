""" "My quality": the home page, built from the sections each component registers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from quadrant.core.registry import home_sections


@login_required
def home(request: HttpRequest) -> HttpResponse:
    sections = []
    for section in home_sections:
        context = section.context(request.user)
        if context:
            # Rendered here with its own context: an {% include %} cannot spread a dict.
            html = render_to_string(section.template, context, request=request)
            sections.append({"title": section.title, "template": section.template, "html": html})
    return render(request, "overview/home.html", {"sections": sections})
