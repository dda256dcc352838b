"""Evidence on audit answers: an auditor attaches photos and PDFs to the questions that take
them (a plain post or HTMX), withdraws one before sign-off; sign-off waits for the evidence a
question requires; the files are read only through their view, by the people of the run's
unit; every refusal says why and leaves nothing behind (no file, no row, no history)."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from quadrant.assurance.audits import services
from quadrant.assurance.audits.models import AuditEvidence
from quadrant.assurance.audits.tests.conftest import answer_all
from quadrant.core.logs import HistoryEvent
from quadrant.core.models import SecurityEvent
from quadrant.core.testing.uploads import (
    jpeg_with_location,
    pdf_document,
    posted,
    stored_files,
    upload,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
HTML = b"<html><body><script>fetch('/api/v1/')</script></body></html>"


def upload_url(run: Any, question: Any) -> str:
    return reverse("assurance:audit_evidence_new", args=[run.pk, question.pk])


def evidence_history() -> Any:
    return HistoryEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(AuditEvidence)
    )


def assert_nothing_stored(media: Path) -> None:
    assert stored_files(media) == []
    assert not AuditEvidence.objects.exists()
    assert not evidence_history().exists()


def test_a_photo_attached_on_the_page_is_stored_under_a_random_name_without_its_location(
    client_for: Any, photo_audit: SimpleNamespace, photo_run: Any, media: Path
) -> None:
    client = client_for("auditor")
    response = client.post(
        upload_url(photo_run, photo_audit.yes_no),
        {"file": posted("IMG_2041.jpg", jpeg_with_location())},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#question-{photo_audit.yes_no.pk}")
    evidence = AuditEvidence.objects.get()
    assert (evidence.name, evidence.content_type, evidence.question) == (
        "IMG_2041.jpg", "image/jpeg", photo_audit.yes_no
    )  # fmt: skip
    [stored] = stored_files(media)
    assert stored.parent == media / "audits" / "evidence"
    assert stored.stem != "IMG_2041" and len(stored.stem) == 32 and stored.suffix == ".jpg"
    assert evidence.size == stored.stat().st_size
    assert dict(Image.open(stored).getexif()) == {}
    [event] = evidence_history()
    assert (event.action, event.actor_name) == ("create", "auditor")
    assert "IMG_2041.jpg" in str(event.changes)
    page = client.get(photo_run.get_absolute_url()).content.decode()
    assert "IMG_2041.jpg" in page and evidence.get_absolute_url() in page
    assert (
        'capture="environment"' in page and 'accept="image/jpeg,image/png,application/pdf"' in page
    )


def test_htmx_swaps_the_question_with_its_thumbnail_and_a_pdf_beside_it(
    client_for: Any, photo_audit: SimpleNamespace, photo_run: Any, media: Path
) -> None:
    client = client_for("auditor")
    url = upload_url(photo_run, photo_audit.text)
    response = client.post(url, {"file": posted("bay 3.jpg", jpeg_with_location())}, **HTMX)
    block = response.content.decode()
    assert response.status_code == 200 and block.startswith('\n<div class="app-audit-question')
    assert "Attached: bay 3.jpg." in block and "app-evidence-list__thumb" in block
    response = client.post(
        url, {"file": posted("rota.pdf", pdf_document(), "application/pdf")}, **HTMX
    )
    block = response.content.decode()
    assert (
        "bay 3.jpg" in block
        and "rota.pdf" in block
        and block.count("app-evidence-list__thumb") == 1
    )
    assert AuditEvidence.objects.filter(run=photo_run, question=photo_audit.text).count() == 2


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200, "The selected file must be a JPG, PNG or PDF"),
        ("photo.jpg", b"", "The selected file is empty"),
        ("diagram.svg", SVG, "The selected file must be a JPG, PNG or PDF"),
        ("page.html", HTML, "The selected file must be a JPG, PNG or PDF"),
        ("big.jpg", jpeg_with_location((900, 900)), "The selected file must be smaller than 2KB"),
    ],
    ids=["program-renamed-jpg", "empty", "svg-with-script", "html-with-script", "too-large"],
)
def test_a_refused_file_says_why_on_the_page_and_leaves_nothing(
    client_for: Any, photo_audit: SimpleNamespace, photo_run: Any, media: Path, settings: Any,
    name: str, data: bytes, message: str,
) -> None:  # fmt: skip
    settings.QUADRANT_UPLOAD_MAX_BYTES = 2048
    client = client_for("auditor")
    url = upload_url(photo_run, photo_audit.yes_no)
    block = client.post(url, {"file": posted(name, data)}, **HTMX).content.decode()
    assert message in block and "nhsuk-error-message" in block
    plain = client.post(url, {"file": posted(name, data)}, follow=True).content.decode()
    assert message in plain
    assert_nothing_stored(media)


def test_no_file_chosen_asks_for_one(
    client_for: Any, photo_audit: SimpleNamespace, photo_run: Any, media: Path
) -> None:
    block = client_for("auditor").post(upload_url(photo_run, photo_audit.yes_no), {}, **HTMX)
    assert "Select a file" in block.content.decode()
    assert_nothing_stored(media)


@pytest.mark.parametrize("name", ["../../etc/passwd.jpg", "a/b.jpg", "a\\b.jpg", "a\x00b.jpg"])
def test_a_name_with_a_folder_is_refused_by_the_service_and_nothing_is_stored(
    people: dict[str, Any], photo_audit: SimpleNamespace, photo_run: Any, media: Path, name: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.attach_evidence(
            photo_run,
            photo_audit.yes_no,
            upload(name, jpeg_with_location()),
            actor=people["auditor"],
        )
    assert refused.value.message_dict["file"][0].startswith("The file name must not contain")
    assert_nothing_stored(media)


def test_over_http_a_folder_in_the_name_never_reaches_storage(
    client_for: Any, photo_audit: SimpleNamespace, photo_run: Any, media: Path
) -> None:
    """Django's multipart parser keeps only a name's last part before any view sees it; what
    is stored is a random name inside the evidence folder all the same."""
    boundary = "evidenceboundary"
    client = client_for("auditor")
    token = client.get(photo_run.get_absolute_url()).context["csrf_token"]
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f'{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="../../../etc/cron.d/photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
        ).encode()
        + jpeg_with_location()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    client.post(upload_url(photo_run, photo_audit.yes_no), body,
                content_type=f"multipart/form-data; boundary={boundary}")  # fmt: skip
    evidence = AuditEvidence.objects.get()
    assert evidence.name == "photo.jpg" and "/" not in evidence.name
    [stored] = stored_files(media)
    assert stored.parent == media / "audits" / "evidence" and stored.stem != "photo"


def test_a_question_without_evidence_takes_no_file(
    people: dict[str, Any], photo_audit: SimpleNamespace, photo_run: Any, media: Path
) -> None:
    with pytest.raises(ValidationError, match="This question does not take evidence"):
        photo = upload("a.jpg", jpeg_with_location())
        services.attach_evidence(photo_run, photo_audit.score, photo, actor=people["auditor"])
    assert_nothing_stored(media)


@pytest.fixture
def attached(
    people: dict[str, Any], photo_audit: SimpleNamespace, photo_run: Any, media: Path
) -> Any:
    return services.attach_evidence(
        photo_run,
        photo_audit.yes_no,
        upload("gel.jpg", jpeg_with_location()),
        actor=people["auditor"],
    )


def test_the_file_is_served_inline_to_the_ward_with_a_policy_that_runs_nothing(
    client_for: Any, attached: Any
) -> None:
    for persona in ("auditor", "staff", "manager"):
        response = client_for(persona).get(attached.get_absolute_url())
        assert response.status_code == 200, persona
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"].startswith("default-src 'none'")
        assert response["Content-Disposition"] == 'inline; filename="gel.jpg"'
        assert "no-store" in response["Cache-Control"]
        assert Image.open(io.BytesIO(b"".join(response.streaming_content))).format == "JPEG"
    assert (
        SecurityEvent.objects.filter(kind="export", detail__contains="audit evidence").count() == 3
    )


def test_another_units_people_get_404_for_the_file_and_the_upload(
    client_for: Any, client: Any, ward_b_auditor: Any, photo_audit: SimpleNamespace,
    photo_run: Any, attached: Any,
) -> None:  # fmt: skip
    client.force_login(ward_b_auditor)
    outsiders = [client, client_for("manager2"), client_for("outsider")]
    for other in outsiders:
        assert other.get(attached.get_absolute_url()).status_code == 404
        withdraw = reverse("assurance:audit_evidence_withdraw", args=[attached.pk])
        assert other.post(withdraw).status_code == 404
        response = other.post(upload_url(photo_run, photo_audit.yes_no),
                              {"file": posted("x.jpg", jpeg_with_location())})  # fmt: skip
        assert response.status_code == 404
    assert AuditEvidence.objects.count() == 1 and AuditEvidence.objects.get().archived_at is None


def test_staff_of_the_ward_read_the_file_but_may_not_attach_one(
    client_for: Any, photo_audit: SimpleNamespace, photo_run: Any, attached: Any
) -> None:
    staff = client_for("staff")
    response = staff.post(upload_url(photo_run, photo_audit.yes_no),
                          {"file": posted("x.jpg", jpeg_with_location())})  # fmt: skip
    assert response.status_code == 403
    assert AuditEvidence.objects.count() == 1
    page = staff.get(photo_run.get_absolute_url()).content.decode()
    assert "gel.jpg" in page and "Withdraw" not in page and 'type="file"' not in page


def test_withdrawing_takes_the_file_off_the_answer_until_sign_off(
    client_for: Any, people: dict[str, Any], photo_audit: SimpleNamespace, photo_run: Any,
    attached: Any,
) -> None:  # fmt: skip
    client = client_for("auditor")
    url = reverse("assurance:audit_evidence_withdraw", args=[attached.pk])
    block = client.post(url, **HTMX).content.decode()
    assert "Withdrawn: gel.jpg." in block and "No evidence attached yet." in block
    attached.refresh_from_db()
    assert attached.archived_at is not None
    assert [e.action for e in evidence_history().order_by("pk")] == ["create", "archive"]
    assert client.get(attached.get_absolute_url()).status_code == 404

    again = services.attach_evidence(photo_run, photo_audit.yes_no,
                                     upload("gel again.jpg", jpeg_with_location()),
                                     actor=people["auditor"])  # fmt: skip
    answer_all(photo_run, photo_audit, people["auditor"])
    services.sign_off_run(photo_run, actor=people["auditor"])
    refused = client.post(
        reverse("assurance:audit_evidence_withdraw", args=[again.pk]), follow=True
    )
    assert (
        "This audit has been signed off: its evidence can no longer change"
        in refused.content.decode()
    )
    again.refresh_from_db()
    assert again.archived_at is None
    with pytest.raises(ValidationError, match="its evidence can no longer change"):
        late = upload("late.jpg", jpeg_with_location())
        services.attach_evidence(photo_run, photo_audit.text, late, actor=people["auditor"])


def test_sign_off_waits_for_the_evidence_a_question_requires(
    client_for: Any, people: dict[str, Any], photo_audit: SimpleNamespace, photo_run: Any,
    media: Path,
) -> None:  # fmt: skip
    answer_all(photo_run, photo_audit, people["auditor"])
    client = client_for("auditor")
    response = client.post(
        reverse("assurance:audit_run_sign_off", args=[photo_run.pk]), follow=True
    )
    assert (
        "Attach evidence to every question that requires it before signing off: 1 has none yet"
        in response.content.decode()
    )
    photo_run.refresh_from_db()
    assert not photo_run.is_signed_off

    client.post(
        upload_url(photo_run, photo_audit.yes_no), {"file": posted("gel.jpg", jpeg_with_location())}
    )
    client.post(reverse("assurance:audit_run_sign_off", args=[photo_run.pk]))
    photo_run.refresh_from_db()
    assert photo_run.is_signed_off
    result = client_for("staff").get(photo_run.get_absolute_url()).content.decode()
    evidence = AuditEvidence.objects.get()
    assert "<h2>Evidence</h2>" in result and "gel.jpg" in result
    assert evidence.get_absolute_url() in result


def test_an_unanswered_question_and_missing_evidence_are_both_named(
    people: dict[str, Any], photo_audit: SimpleNamespace, photo_run: Any
) -> None:
    services.save_answer(photo_run, photo_audit.score, "3", actor=people["auditor"])
    with pytest.raises(ValidationError) as refused:
        services.sign_off_run(photo_run, actor=people["auditor"])
    assert refused.value.messages == [
        "Answer every question before signing off: 1, 3, 4, 5 are not answered yet",
        "Attach evidence to every question that requires it before signing off: 1 has none yet",
    ]


def test_the_api_answers_carry_their_evidence(
    api_for: Any, people: dict[str, Any], photo_audit: SimpleNamespace, photo_run: Any,
    attached: Any,
) -> None:  # fmt: skip
    services.save_answer(photo_run, photo_audit.yes_no, "yes", actor=people["auditor"])
    services.save_answer(photo_run, photo_audit.score, "4", actor=people["auditor"])
    body = api_for("staff").get(f"/api/v1/audit-runs/{photo_run.pk}/").json()
    by_question = {answer["question"]: answer["evidence"] for answer in body["answers"]}
    [file] = by_question[photo_audit.yes_no.pk]
    assert (file["name"], file["content_type"], file["size"]) == (
        "gel.jpg",
        "image/jpeg",
        attached.size,
    )
    assert file["download"] == f"http://testserver{attached.get_absolute_url()}"
    assert by_question[photo_audit.score.pk] == []
    assert api_for("manager2").get(f"/api/v1/audit-runs/{photo_run.pk}/").status_code == 404


def test_no_public_address_serves_the_stored_file(client_for: Any, attached: Any) -> None:
    assert client_for("auditor").get(f"/{attached.file.name}").status_code == 404
    assert client_for("auditor").get(f"/media/{attached.file.name}").status_code == 404
