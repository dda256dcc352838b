"""Run pages: the list of runs one may see, starting a run, answering it question by question
(each answer saved as it is given, by HTMX or by its own Save button), sign-off, the result."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from quadrant.assurance.audits import services
from quadrant.assurance.audits.forms import StartRunForm
from quadrant.assurance.audits.models import AuditQuestion, AuditRun
from quadrant.assurance.audits.results import run_result
from quadrant.assurance.audits.services.evidence import evidence_by_question
from quadrant.assurance.audits.services.runs import questions_and_answers
from quadrant.assurance.audits.views.common import AUDITS_CRUMB
from quadrant.core.permissions import Capability, may, restrict
from quadrant.core.uploads import ACCEPT, upload_hint
from quadrant.core.views.generic import form_page, paginate, stream_csv, visible_or_404

RUN_QUERYSET = AuditRun.objects.select_related("template", "org_unit", "auditor")


@login_required
def audit_home(request: HttpRequest) -> HttpResponse:
    """The runs the reader may see (their units'), newest first."""
    runs = restrict(RUN_QUERYSET, request.user, Capability.VIEW).filter(archived_at__isnull=True)
    context = {
        "page": paginate(request, runs),
        "may_audit": may(request.user, Capability.DO_AUDITS),
    }
    return render(request, "assurance/audits/run_list.html", context)


@login_required
def runs_export(request: HttpRequest) -> StreamingHttpResponse:
    """The runs the reader may see as a CSV file (the same scope as the list)."""
    runs = restrict(RUN_QUERYSET, request.user, Capability.VIEW).filter(archived_at__isnull=True)
    header = ["Audit", "Template version", "Unit", "Unit code", "Date", "Status", "Score (%)",
              "Result", "Auditor"]  # fmt: skip
    rows = (
        [_cell(run.template.title), run.template.version_number, _cell(run.org_unit.name),
         run.org_unit.code, run.run_date.isoformat(), run.get_status_display(),
         "" if run.score is None else str(run.score),
         {True: "Passed", False: "Failed", None: ""}[run.passed], run.auditor.username]
        for run in runs.iterator(chunk_size=500)
    )  # fmt: skip
    return stream_csv("audits.csv", header, rows)


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not take for a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


@login_required
def run_start(request: HttpRequest) -> HttpResponse:
    form = StartRunForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        lambda data: services.start_run(
            data["template"], data["org_unit"], data["run_date"], actor=request.user
        ),
        success=lambda run: f"Audit started: {run}.",
        title="Start an audit",
        submit_label="Start",
        cancel_url=AUDITS_CRUMB["url"],
        breadcrumbs=[AUDITS_CRUMB],
    )


def run_or_404(request: HttpRequest, pk: int) -> AuditRun:
    return visible_or_404(AuditRun, request.user, pk, RUN_QUERYSET, what="audit")  # type: ignore[no-any-return]


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An audit being answered (to its auditor: the questions) or its result once signed off."""
    run = run_or_404(request, pk)
    pairs = questions_and_answers(run)
    context: dict[str, Any] = {"run": run, "breadcrumbs": [AUDITS_CRUMB]}
    if run.is_signed_off:
        context["result"] = run_result(run, pairs, request.user)
        evidence = evidence_by_question(run)
        context["evidence"] = [
            (question, evidence[question.pk]) for question, _ in pairs if question.pk in evidence
        ]
        return render(request, "assurance/audits/run_result.html", context)
    context["may_answer"] = may(request.user, Capability.DO_AUDITS, run)
    evidence = evidence_by_question(run)
    context["items"] = [
        _item(
            run,
            question,
            answer,
            evidence=evidence.get(question.pk, []),
            may_answer=context["may_answer"],
        )
        for question, answer in pairs
    ]
    context["answered"] = sum(1 for _, answer in pairs if answer is not None)
    return render(request, "assurance/audits/run_answer.html", context)


def _item(run: AuditRun, question: AuditQuestion, answer: Any, **extra: Any) -> dict[str, Any]:
    options = question_options(question)
    given = answer_value(question, answer)
    return {"run": run, "question": question, "answer": answer, "options": options,
            "given": given, "upload_hint": upload_hint(), "accept": ACCEPT, **extra}  # fmt: skip


def question_block(
    request: HttpRequest, run: AuditRun, question: AuditQuestion, **extra: Any
) -> HttpResponse:
    """One question's block as it now stands (its answer and evidence), for HTMX to swap in
    (200 even with an error in EXTRA: HTMX swaps only 2xx)."""
    answer = run.answers.filter(question=question).first()
    evidence = evidence_by_question(run, question).get(question.pk, [])
    item = _item(run, question, answer, evidence=evidence, may_answer=True, **extra)
    return render(request, "assurance/audits/includes/question.html", {"item": item})


def question_options(question: AuditQuestion) -> list[tuple[str, str]]:
    """The radios a question offers (none for numbers and free text)."""
    if question.kind == "yes_no":
        return [("yes", "Yes"), ("no", "No"), ("na", "Not applicable")]
    if question.kind == "score":
        return [(str(n), str(n)) for n in range((question.max_score or 0) + 1)]
    if question.kind == "choice":
        return [(choice, choice) for choice in question.choice_list]
    return []


def answer_value(question: AuditQuestion, answer: Any) -> str:
    """The answer as the form shows it."""
    if answer is None:
        return ""
    if question.kind == "score":
        return "" if answer.score is None else str(answer.score)
    if question.kind == "number":
        return "" if answer.number is None else f"{answer.number:g}"
    if question.kind == "text":
        return str(answer.text)
    return str(answer.choice)


@login_required
@require_POST
def answer_save(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """Save one answer. HTMX gets the question's block back (with "Saved" or the error);
    a plain form post returns to the run at that question."""
    run = run_or_404(request, pk)
    question = (
        AuditQuestion.objects.select_related("section")
        .filter(pk=question_pk, section__template_id=run.template_id)
        .first()
    )
    value, note = request.POST.get("answer", ""), request.POST.get("note", "")
    error = ""
    answer = None
    try:
        if question is None:
            raise ValidationError({"question": "Choose a question of this audit's template"})
        answer = services.save_answer(run, question, value, note, actor=request.user)
    except ValidationError as problem:
        error = "; ".join(m for ms in problem.message_dict.values() for m in ms) if hasattr(
            problem, "error_dict"
        ) else "; ".join(problem.messages)  # fmt: skip
    if getattr(request, "htmx", False) and question is not None:
        evidence = evidence_by_question(run, question).get(question.pk, [])
        item = _item(run, question, answer, error=error, saved=not error, may_answer=True,
                     evidence=evidence)  # fmt: skip
        if error:
            item["given"] = value
        return render(
            request,
            "assurance/audits/includes/question.html",
            {"item": item},
        )  # fmt: skip  (200 with the error: HTMX swaps only 2xx)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "Answer saved.")
    anchor = f"#question-{question_pk}" if question is not None else ""
    return redirect(run.get_absolute_url() + anchor)


@login_required
@require_POST
def run_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    run = run_or_404(request, pk)
    try:
        result = services.sign_off_run(run, actor=request.user)
    except ValidationError as problem:
        messages.error(request, "; ".join(problem.messages))
        return redirect(run)
    score = "no scoring questions" if result.percent is None else f"{result.percent}%"
    messages.success(request, f"The audit has been signed off: {score}.")
    return redirect(run)
