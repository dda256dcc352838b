"""What the BAF's pages share: the breadcrumb, and the context a BAF document (live or
frozen) is drawn with."""

from __future__ import annotations

from typing import Any

from django.urls import reverse_lazy

from quadrant.assurance.baf.board import by_aim
from quadrant.assurance.baf.chart import score_ladder
from quadrant.assurance.risks.matrix import matrix_or_defaults

BAF_CRUMB = {"label": "Board assurance framework", "url": reverse_lazy("assurance:baf")}


def document_context(document: dict[str, Any], title: str) -> dict[str, Any]:
    rows = document["rows"]
    return {
        "document": document,
        "groups": by_aim(rows),
        "summary": document["summary"],
        "chart": score_ladder(rows, matrix_or_defaults().bands, title),
    }
