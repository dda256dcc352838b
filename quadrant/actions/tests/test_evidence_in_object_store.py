"""With an S3-compatible object store configured, an action's evidence goes to the bucket (not
the disk) and comes back, byte for byte, only through the action's own evidence view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quadrant.actions.models import Action
from quadrant.core.testing.object_store import ObjectStore
from quadrant.core.testing.uploads import pdf_document, posted, stored_files

pytestmark = pytest.mark.django_db


def test_evidence_is_kept_in_the_object_store_and_served_only_to_readers(
    action: Action, client_for: Any, media: Path, object_store: ObjectStore
) -> None:
    staff = client_for("staff")
    rota = posted("rota.pdf", pdf_document(), "application/pdf")
    response = staff.post(
        f"/actions/{action.pk}/complete/", {"evidence": "Rota", "evidence_file": rota}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert object_store.keys() == [action.evidence_file.name]
    assert stored_files(media) == []  # nothing on the local disk
    url = f"/actions/{action.pk}/evidence/"
    served = staff.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == pdf_document()
    assert client_for("outsider").get(url).status_code == 404
