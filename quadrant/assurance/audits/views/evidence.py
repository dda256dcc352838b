"""Evidence on a run's page: attaching a photo or PDF to a question (a plain multipart post,
or HTMX swapping the question's block), withdrawing one before sign-off, and reading one — only
here, for the people who may see the run, never from a public media address."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from quadrant.assurance.audits import services
from quadrant.assurance.audits.forms import EvidenceForm
from quadrant.assurance.audits.models import AuditEvidence, AuditQuestion, AuditRun
from quadrant.assurance.audits.views.runs import question_block, run_or_404
from quadrant.core.uploads import file_response
from quadrant.core.views.generic import visible_or_404

EVIDENCE_QUERYSET = AuditEvidence.objects.select_related("run", "question__section")


def _evidence_or_404(request: HttpRequest, pk: int) -> AuditEvidence:
    return visible_or_404(  # type: ignore[no-any-return]
        AuditEvidence, request.user, pk, EVIDENCE_QUERYSET, live=True, what="evidence"
    )


def _messages_of(problem: ValidationError) -> str:
    if hasattr(problem, "error_dict"):
        return "; ".join(m for ms in problem.message_dict.values() for m in ms)
    return "; ".join(problem.messages)


def _answered(
    request: HttpRequest, run: AuditRun, question: AuditQuestion, done: str, error: str
) -> HttpResponse:
    """HTMX gets the question's block (with DONE or the ERROR); a plain post goes back to the
    run at the question, with the message."""
    if getattr(request, "htmx", False):
        return question_block(request, run, question, evidence_error=error,
                              evidence_done="" if error else done)  # fmt: skip
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(f"{run.get_absolute_url()}#question-{question.pk}")


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    run = run_or_404(request, pk)
    question = (
        AuditQuestion.objects.select_related("section")
        .filter(pk=question_pk, section__template_id=run.template_id, archived_at__isnull=True)
        .first()
    )
    if question is None:
        messages.error(request, "Choose a question of this audit's template")
        return redirect(run)
    form = EvidenceForm(request.POST, request.FILES)
    error = ""
    name = ""
    if form.is_valid():
        try:
            evidence = services.attach_evidence(
                run, question, form.cleaned_data["file"], actor=request.user
            )
            name = evidence.name
        except ValidationError as problem:
            error = _messages_of(problem)
    else:
        error = "; ".join(str(message) for message in form.errors["file"])
    return _answered(request, run, question, f"Attached: {name}.", error)


@login_required
@require_POST
def evidence_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence_or_404(request, pk)
    error = ""
    try:
        services.withdraw_evidence(evidence, actor=request.user)
    except ValidationError as problem:
        error = _messages_of(problem)
    done = f"Withdrawn: {evidence.name}."
    return _answered(request, evidence.run, evidence.question, done, error)


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """The file itself, shown in the browser (a photo or a PDF), to the run's readers."""
    evidence = _evidence_or_404(request, pk)
    return file_response(
        request, evidence.file, name=evidence.name, content_type=evidence.content_type,
        what=f"audit evidence {evidence.pk} ({evidence.name}) of audit {evidence.run_id}",
    )  # fmt: skip
