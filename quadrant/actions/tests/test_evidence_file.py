"""An action's evidence file goes through the one upload check (core.uploads) and is read only
through its own view, by the people who may see the action: a photo loses its location, a
refused file says why and leaves nothing, and no public address serves it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from quadrant.actions import services
from quadrant.actions.models import Action
from quadrant.core.logs import HistoryEvent
from quadrant.core.testing.uploads import (
    jpeg_with_location,
    pdf_document,
    posted,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db
NOT_ACCEPTED = "The selected file must be a JPG, PNG or PDF"


def history_of(action: Action) -> list[str]:
    events = HistoryEvent.objects.filter(content_type__model="action", object_id=str(action.pk))
    return [event.action for event in events.order_by("pk")]


def test_the_owner_attaches_a_photo_stored_under_a_random_name_without_its_location(
    action: Action, client_for: Any, media: Path
) -> None:
    staff = client_for("staff")
    response = staff.post(
        f"/actions/{action.pk}/complete/",
        {"evidence": "Training log", "evidence_file": posted("log.jpg", jpeg_with_location())},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    [stored] = stored_files(media)
    assert action.status == "done" and action.evidence_file.name.startswith("actions/evidence/")
    assert stored.stem != "log" and len(stored.stem) == 32 and stored.suffix == ".jpg"
    assert dict(Image.open(stored).getexif()) == {}
    assert history_of(action)[-1] == "update"
    page = staff.get(f"/actions/{action.pk}/").content.decode()
    assert f'href="/actions/{action.pk}/evidence/"' in page and "/media/" not in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("log.jpg", b"MZ\x90\x00" + b"\x00" * 100, NOT_ACCEPTED),
        ("log.jpg", b"", "The selected file is empty"),
        ("log.svg", b"<svg><script>alert(1)</script></svg>", NOT_ACCEPTED),
        ("log.html", b"<html><script>alert(1)</script></html>", NOT_ACCEPTED),
        ("log.pdf", jpeg_with_location(), "The selected file is a JPG: its name must end in .jpg"),
        ("big.jpg", jpeg_with_location((900, 900)), "The selected file must be smaller than 2KB"),
    ],
    ids=["program-renamed-jpg", "empty", "svg", "html", "jpg-called-pdf", "too-large"],
)
def test_a_refused_file_says_why_beside_the_field_and_leaves_nothing(
    action: Action, client_for: Any, media: Path, settings: Any, name: str, data: bytes,
    message: str,
) -> None:  # fmt: skip
    settings.QUADRANT_UPLOAD_MAX_BYTES = 2048
    before = history_of(action)
    response = client_for("staff").post(
        f"/actions/{action.pk}/complete/", {"evidence": "Log", "evidence_file": posted(name, data)}
    )
    assert response.status_code == 400 and message in response.content.decode()
    action.refresh_from_db()
    assert action.is_live and not action.evidence_file
    assert stored_files(media) == [] and history_of(action) == before


@pytest.mark.parametrize("name", ["../../etc/passwd.jpg", "a/b.jpg", "a\\b.jpg"])
def test_a_name_with_a_folder_is_refused_by_the_service(
    action: Action, people: dict[str, Any], media: Path, name: str
) -> None:
    before = history_of(action)
    with pytest.raises(ValidationError) as refused:
        photo = upload(name, jpeg_with_location())
        services.complete_action(action, evidence="", evidence_file=photo, actor=people["staff"])
    message = refused.value.message_dict["evidence_file"][0]
    assert message == f"The file name must not contain a folder: {name}"
    action.refresh_from_db()
    assert action.is_live and stored_files(media) == [] and history_of(action) == before


@pytest.fixture
def done_with_pdf(action: Action, people: dict[str, Any], media: Path) -> Action:
    return services.complete_action(
        action,
        evidence="Rota",
        evidence_file=upload("rota.pdf", pdf_document()),
        actor=people["staff"],
    )


def test_the_file_is_served_to_the_people_who_see_the_action_and_to_no_one_else(
    done_with_pdf: Action, client_for: Any
) -> None:
    url = f"/actions/{done_with_pdf.pk}/evidence/"
    for persona in ("staff", "manager", "quality"):
        response = client_for(persona).get(url)
        assert response.status_code == 200, persona
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            f'inline; filename="evidence-of-action-{done_with_pdf.pk}.pdf"'
        )
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"].startswith("default-src 'none'")
        assert b"".join(response.streaming_content) == pdf_document()
    for persona in ("manager2", "outsider"):
        assert client_for(persona).get(url).status_code == 404, persona
    assert client_for("staff").get(f"/{done_with_pdf.evidence_file.name}").status_code == 404


def test_an_action_without_a_file_has_no_download(action: Action, client_for: Any) -> None:
    assert client_for("staff").get(f"/actions/{action.pk}/evidence/").status_code == 404


def test_a_file_kept_from_before_the_check_is_only_downloaded(
    action: Action, client_for: Any, media: Path
) -> None:
    """Files attached before uploads were checked may be anything: never shown inline."""
    name = default_storage.save("actions/2026/01/notes.html", ContentFile(b"<script>x</script>"))
    Action.objects.filter(pk=action.pk).update(evidence_file=name)
    response = client_for("staff").get(f"/actions/{action.pk}/evidence/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_photo_served_is_the_clean_one(
    action: Action, people: dict[str, Any], client_for: Any, media: Path
) -> None:
    photo = upload("p.jpg", jpeg_with_location())
    services.complete_action(action, evidence="", evidence_file=photo, actor=people["staff"])
    response = client_for("manager").get(f"/actions/{action.pk}/evidence/")
    photo = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert response["Content-Type"] == "image/jpeg" and dict(photo.getexif()) == {}
