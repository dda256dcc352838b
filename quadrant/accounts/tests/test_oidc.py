"""Single sign-on against a local test identity provider (RSA key, JWKS and token endpoint
served through mocked HTTP): bad tokens are rejected, a good one logs the person in."""

import time
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
import responses
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://idp.test"
CLIENT_ID = "quadrant-test"
OIDC = {
    "ISSUER": ISSUER,
    "CLIENT_ID": CLIENT_ID,
    "CLIENT_SECRET": "s3cret",
    "AUTHORIZATION_ENDPOINT": "",
    "TOKEN_ENDPOINT": "",
    "JWKS_URI": "",
}


class LocalIdentityProvider:
    """Discovery, JWKS and a token endpoint that returns whatever ID token a test mints."""

    def __init__(self, mocked):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.id_token = ""
        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        jwk.update(kid="test-key", use="sig", alg="RS256")
        mocked.get(
            f"{ISSUER}/.well-known/openid-configuration",
            json={
                "issuer": ISSUER,
                "authorization_endpoint": f"{ISSUER}/authorize",
                "token_endpoint": f"{ISSUER}/token",
                "jwks_uri": f"{ISSUER}/jwks",
            },
        )
        mocked.get(f"{ISSUER}/jwks", json={"keys": [jwk]})
        mocked.add_callback(
            responses.POST,
            f"{ISSUER}/token",
            callback=lambda request: (200, {}, self._token_body()),
        )

    def _token_body(self):
        import json

        return json.dumps({"id_token": self.id_token, "access_token": "x", "token_type": "Bearer"})

    def mint(self, nonce, *, key=None, alg="RS256", **overrides):
        claims = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "sub": "abc-123",
            "email": "staff@example.nhs.uk",
            "iat": int(time.time()),
            "exp": int(time.time()) + 300,
            "auth_time": int(time.time()),
            "nonce": nonce,
            **overrides,
        }
        if alg == "none":
            self.id_token = jwt.encode(claims, None, algorithm="none")
        else:
            self.id_token = jwt.encode(
                claims, key or self.key, algorithm=alg, headers={"kid": "test-key"}
            )


@pytest.fixture
def idp(people):
    cache.clear()
    with (
        override_settings(QUADRANT_OIDC=OIDC),
        responses.RequestsMock(assert_all_requests_are_fired=False) as mocked,
    ):
        yield LocalIdentityProvider(mocked)
    cache.clear()


def _start(client):
    response = client.get(reverse("accounts:oidc_start"), {"next": "/account/"})
    assert response.status_code == 302
    query = parse_qs(urlparse(response["Location"]).query)
    assert response["Location"].startswith(f"{ISSUER}/authorize")
    assert query["code_challenge_method"] == ["S256"]
    return query["state"][0], query["nonce"][0]


def _callback(client, state):
    return client.get(reverse("accounts:oidc_callback"), {"code": "the-code", "state": state})


def test_a_good_token_logs_the_person_in(client, idp, people):
    state, nonce = _start(client)
    idp.mint(nonce)
    response = _callback(client, state)
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert client.session["_auth_user_id"] == str(people["staff"].pk)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"aud": "another-app"}, b"another application"),
        ({"exp": int(time.time()) - 600}, b"expired"),
        ({"iss": "https://evil.test"}, b"another identity provider"),
        ({"nonce": "not-the-nonce"}, b"nonce"),
        ({"email": "nobody@example.nhs.uk"}, b"No single active Quadrant account"),
    ],
    ids=["wrong audience", "expired", "wrong issuer", "wrong nonce", "unknown email"],
)
def test_bad_tokens_are_rejected(client, idp, change, message):
    state, nonce = _start(client)
    idp.mint(**{"nonce": nonce, **change})
    response = _callback(client, state)
    assert response.status_code == 400
    assert message in response.content
    assert "_auth_user_id" not in client.session


def test_a_bad_signature_is_rejected(client, idp):
    state, nonce = _start(client)
    idp.mint(nonce, key=rsa.generate_private_key(public_exponent=65537, key_size=2048))
    response = _callback(client, state)
    assert response.status_code == 400 and b"signature" in response.content
    assert "_auth_user_id" not in client.session


def test_alg_none_is_rejected(client, idp):
    state, nonce = _start(client)
    idp.mint(nonce, alg="none")
    response = _callback(client, state)
    assert response.status_code == 400 and b"accepted algorithm" in response.content
    assert "_auth_user_id" not in client.session


def test_a_wrong_state_is_rejected(client, idp):
    _, nonce = _start(client)
    idp.mint(nonce)
    response = _callback(client, "forged-state")
    assert response.status_code == 400 and "_auth_user_id" not in client.session


def test_disabled_people_are_not_logged_in(client, idp, people):
    people["staff"].is_active = False
    people["staff"].save()
    state, nonce = _start(client)
    idp.mint(nonce)
    assert _callback(client, state).status_code == 400


def test_login_page_offers_sso_only_when_configured(client, db):
    assert b"Log in with your organisation account" not in client.get(reverse("login")).content
    with override_settings(QUADRANT_OIDC=OIDC):
        assert b"Log in with your organisation account" in client.get(reverse("login")).content
    assert client.get(reverse("accounts:oidc_start")).status_code == 404
