"""Single sign-on with OpenID Connect (authorisation code flow with PKCE), for example
Microsoft Entra ID. Configured by QUADRANT_OIDC_* environment variables; people are matched by
email to an existing active account (no account is created).

The ID token must be signed (RS/ES/PS algorithms, key from the provider's JWKS), for this client
(aud), from this issuer (iss), unexpired (exp), and carry the nonce of this sign-in.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse

SESSION_KEY = "_quadrant_oidc"
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
TIMEOUT = 10
LEEWAY = 60


class OidcError(Exception):
    """Single sign-on failed; the message says why in plain words."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


def configured() -> bool:
    """Is single sign-on set up (issuer, client id and secret given)?"""
    conf = settings.QUADRANT_OIDC
    return bool(conf["ISSUER"] and conf["CLIENT_ID"] and conf["CLIENT_SECRET"])


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=TIMEOUT)
        response.raise_for_status()
        document: dict[str, Any] = response.json()
        return document
    except (requests.RequestException, ValueError) as exc:
        raise OidcError(f"The identity provider could not be reached at {url}.") from exc


def provider() -> Provider:
    """The provider's settings, with missing endpoints read from its discovery document."""
    conf = settings.QUADRANT_OIDC
    issuer = conf["ISSUER"].rstrip("/")
    endpoints = {
        "authorization_endpoint": conf["AUTHORIZATION_ENDPOINT"],
        "token_endpoint": conf["TOKEN_ENDPOINT"],
        "jwks_uri": conf["JWKS_URI"],
    }
    if not all(endpoints.values()):
        discovery = cast(
            dict[str, Any],
            cache.get_or_set(
                f"oidc-discovery:{issuer}",
                lambda: _get_json(f"{issuer}/.well-known/openid-configuration"),
                3600,
            ),
        )
        for name, value in endpoints.items():
            endpoints[name] = value or discovery.get(name, "")
    return Provider(
        issuer=issuer, client_id=conf["CLIENT_ID"], client_secret=conf["CLIENT_SECRET"], **endpoints
    )


def _redirect_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("accounts:oidc_callback"))


def authorisation_url(request: Any, *, next_url: str, reauth: bool = False) -> str:
    """Start a sign-in: remember state, nonce and PKCE verifier; the provider's address to go to."""
    idp = provider()
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    flow = {
        "state": secrets.token_urlsafe(24),
        "nonce": secrets.token_urlsafe(24),
        "verifier": verifier,
        "next": next_url,
        "reauth": reauth,
        "started": time.time(),
    }
    request.session[SESSION_KEY] = flow
    params = {
        "response_type": "code",
        "client_id": idp.client_id,
        "redirect_uri": _redirect_uri(request),
        "scope": "openid email profile",
        "state": flow["state"],
        "nonce": flow["nonce"],
        "code_challenge": challenge.decode(),
        "code_challenge_method": "S256",
    }
    if reauth:
        params.update(prompt="login", max_age="0")
    return f"{idp.authorization_endpoint}?{urlencode(params)}"


def exchange_code(request: Any, idp: Provider, code: str, verifier: str) -> str:
    """Swap the authorisation code for tokens at the token endpoint; returns the ID token."""
    try:
        response = requests.post(
            idp.token_endpoint,
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": _redirect_uri(request),
                "client_id": idp.client_id,
                "client_secret": idp.client_secret,
                "code_verifier": verifier,
            },
            timeout=TIMEOUT,
        )
        body = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise OidcError("The identity provider's token endpoint did not answer.") from exc
    if response.status_code != 200 or "id_token" not in body:
        reason = body.get("error_description") or body.get("error") or response.status_code
        raise OidcError(f"The identity provider refused the sign-in ({reason}).")
    return str(body["id_token"])


def _signing_key(idp: Provider, kid: str | None) -> Any:
    cache_key = f"oidc-jwks:{idp.jwks_uri}"
    for refresh in (False, True):  # a key rotation: fetch the key set again once
        jwks = None if refresh else cache.get(cache_key)
        if jwks is None:
            jwks = _get_json(idp.jwks_uri)
            cache.set(cache_key, jwks, 3600)
        try:
            keys = jwt.PyJWKSet.from_dict(jwks).keys
        except jwt.PyJWTError as exc:
            raise OidcError("The identity provider's key set could not be read.") from exc
        for key in keys:
            if kid is None or key.key_id == kid:
                return key.key
    raise OidcError("The ID token was signed with a key the identity provider does not publish.")


def validate_id_token(
    token: str, *, idp: Provider, nonce: str, fresh_since: float | None = None
) -> dict[str, Any]:
    """The claims of a valid ID token, or OidcError naming what was wrong."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise OidcError("The ID token is not a valid JSON Web Token.") from exc
    if header.get("alg") not in ALGORITHMS:
        raise OidcError(
            f"The ID token is not signed with an accepted algorithm ({header.get('alg')})."
        )
    key = _signing_key(idp, header.get("kid"))
    try:
        claims = jwt.decode(
            token,
            key=key,
            algorithms=[header["alg"]],
            audience=idp.client_id,
            issuer=idp.issuer,
            leeway=LEEWAY,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise OidcError("The ID token has expired.") from exc
    except jwt.InvalidAudienceError as exc:
        raise OidcError("The ID token was issued for another application (audience).") from exc
    except jwt.InvalidIssuerError as exc:
        raise OidcError("The ID token was issued by another identity provider.") from exc
    except jwt.InvalidSignatureError as exc:
        raise OidcError("The ID token's signature is not valid.") from exc
    except jwt.PyJWTError as exc:
        raise OidcError(f"The ID token is not valid ({exc}).") from exc
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OidcError("The ID token does not belong to this sign-in (nonce).")
    if isinstance(claims["aud"], list) and claims.get("azp") not in (None, idp.client_id):
        raise OidcError("The ID token was issued for another application (azp).")
    if fresh_since is not None and float(claims.get("auth_time", 0)) < fresh_since - LEEWAY:
        raise OidcError("The identity provider did not ask for your password again.")
    return claims


def person_for(claims: dict[str, Any]) -> Any:
    """The active person whose email the token names (no account is ever created)."""
    from quadrant.organisation.models import Person

    email = str(claims.get("email") or claims.get("preferred_username") or "").strip()
    if "@" not in email or claims.get("email_verified") is False:
        raise OidcError("Your organisation account did not share a verified email address.")
    matches = list(Person.objects.filter(email__iexact=email, is_active=True)[:2])
    if len(matches) != 1:
        raise OidcError(
            f"No single active Quadrant account uses the email address {email}. "
            "Ask your administrator to add it to your account."
        )
    return matches[0]
