"""API tokens expire after API_TOKEN_DAYS and can be revoked by their owner or an administrator."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from quadrant.accounts.services import revoke_token, tokens_of
from quadrant.core.models import ApiToken


def _api(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@override_settings(API_TOKEN_DAYS=7)
def test_tokens_expire_after_the_configured_days(people):
    token, key = ApiToken.issue(people["staff"])
    assert abs((token.expires_at - timezone.now()) - dt.timedelta(days=7)) < dt.timedelta(minutes=1)
    assert _api(key).get("/api/v1/jobs/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    response = _api(key).get("/api/v1/jobs/")
    assert response.status_code == 401 and "expired" in response.json()["detail"]


def test_account_page_lists_own_tokens_and_revokes_them(client_for, people):
    token, key = ApiToken.issue(people["staff"], name="Nightly upload")
    client = client_for("staff")
    assert b"Nightly upload" in client.get(reverse("account")).content
    client.post(reverse("accounts:revoke_token", args=[token.pk]))
    assert _api(key).get("/api/v1/jobs/").status_code == 401


def test_someone_else_cannot_revoke_my_token(client_for, people):
    token, key = ApiToken.issue(people["staff"])
    response = client_for("manager").post(reverse("accounts:revoke_token", args=[token.pk]))
    assert response.status_code == 403
    assert _api(key).get("/api/v1/jobs/").status_code == 200


def test_administrators_revoke_anyones_token(people):
    token, key = ApiToken.issue(people["staff"])
    assert list(tokens_of(people["staff"], actor=people["admin"])) == [token]
    revoke_token(token, actor=people["admin"])
    assert _api(key).get("/api/v1/jobs/").status_code == 401


def test_others_cannot_list_tokens(people):
    with pytest.raises(PermissionDenied):
        tokens_of(people["staff"], actor=people["manager"])
