"""What the audit browser tests do with a thumb on a phone: answer a question and wait for
its status, read the queue of answers kept on the phone."""

from __future__ import annotations

from typing import Any

ON_THIS_PHONE = "Saved on this phone — will be sent when you are back online"
QUEUE = """() => JSON.parse(localStorage.getItem(
    'quadrant:audit-answers:' + document.querySelector('[data-audit-offline]').dataset.auditOffline
) || '[]')"""


def answer(page: Any, question: Any, value: str, status: str) -> None:
    """Give VALUE to QUESTION as a thumb would, and wait until its status says STATUS."""
    if question.kind in ("number", "text"):
        page.locator(f"#answer-{question.pk}").fill(value)
        page.locator(f"#answer-{question.pk}").blur()
    else:
        page.locator(f"#question-{question.pk}").get_by_label(value, exact=True).check()
    page.locator(f"#question-{question.pk}-status", has_text=status).wait_for()
