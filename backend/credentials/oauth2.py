"""OAuth2 for credentials: tokens kept encrypted on the row, and the authorization-code redirect.

The tokens of a credential (`Credential.tokens_encrypted`) are shared by every worker: a worker
that finds the access token expired renews it under a row lock (PostgreSQL), so two workers do
not both spend a rotating refresh token.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core import signing
from django.db import connection, transaction
from django.utils.http import url_has_allowed_host_and_scheme

from backend.core.errors import FieldError, ValidationFailed
from backend.credentials import crypto
from backend.credentials.models import Credential
from connectors.sdk import BlockError, auth

STATE_SALT = "dovetail.credentials.oauth2.state"
STATE_MAX_AGE_S = 600
CALLBACK_PATH = "/oauth2/callback"


class CredentialTokenStore:
    """connectors.sdk.auth.TokenStore over one credential row."""

    def __init__(self, credential_id: uuid.UUID):
        self.credential_id = credential_id

    def load(self) -> auth.Tokens | None:
        row = Credential.objects.filter(pk=self.credential_id).values_list("tokens_encrypted", flat=True).first()
        return crypto.decrypt(row) if row else None

    def renew(self, fn: Callable[[auth.Tokens | None], auth.Tokens | None]) -> auth.Tokens | None:
        if connection.vendor == "sqlite":
            # A transaction here would take SQLite's one write lock for the length of the token call
            # (BEGIN IMMEDIATE), stalling webhook ingress; two workers renewing at once is rare and
            # harmless for client credentials, so the embedded set-up renews without a lock.
            new = fn(self.load())
            if new is not None:
                credential_tokens_save(credential_id=self.credential_id, tokens=new)
            return new if new is not None else self.load()
        with transaction.atomic():
            row = Credential.objects.select_for_update().only("tokens_encrypted").get(pk=self.credential_id)
            latest = crypto.decrypt(row.tokens_encrypted) if row.tokens_encrypted else None
            new = fn(latest)
            if new is None:
                return latest
            credential_tokens_save(credential_id=self.credential_id, tokens=new)
            return new


def credential_tokens_save(*, credential_id: uuid.UUID, tokens: auth.Tokens | None) -> None:
    """Store (or with None, forget) a credential's tokens, encrypted."""
    encrypted = crypto.encrypt(dict(tokens)) if tokens else ""
    Credential.objects.filter(pk=credential_id).update(tokens_encrypted=encrypted)


def credential_connected(*, credential: Credential) -> bool | None:
    """Whether an authorization-code credential has tokens; None for kinds with nothing to connect."""
    if credential.connector != auth.AUTHORIZATION_CODE:
        return None
    return auth.connected(crypto.decrypt(credential.tokens_encrypted) if credential.tokens_encrypted else None)


def oauth2_authorize_url(*, credential: Credential, redirect_uri: str, next_path: str = "/") -> str:
    """The vendor's authorize URL for this credential, with a signed, expiring `state`.

    Raises:
        ValidationFailed: the credential is not of the OAuth2 authorization-code kind.
    """
    if credential.connector != auth.AUTHORIZATION_CODE:
        raise ValidationFailed(
            f"a {credential.connector} credential has nothing to connect",
            errors=[FieldError("/connector", f"is not {auth.AUTHORIZATION_CODE}")],
        )
    state = signing.dumps({"credential": str(credential.pk), "next": next_path}, salt=STATE_SALT)
    data = crypto.decrypt(credential.data_encrypted)
    return auth.authorize_url(data, state=state, redirect_uri=redirect_uri)


def oauth2_callback(*, state: str, code: str, redirect_uri: str) -> tuple[Credential, str]:
    """Check the state, trade the code for tokens and store them: (the credential, where to send the user).

    Raises:
        ValidationFailed: a missing, tampered or expired state, or a token endpoint that refused the code.
    """
    credential, back = oauth2_state_check(state=state)
    if not code:
        raise ValidationFailed("the vendor sent no authorization code", errors=[FieldError("/code", "missing")])
    try:
        tokens = auth.exchange_code(crypto.decrypt(credential.data_encrypted), code=code, redirect_uri=redirect_uri)
    except BlockError as exc:
        message = f"the token URL refused the code: {exc.message}"
        raise ValidationFailed(message, errors=[FieldError("/code", "refused")]) from exc
    credential_tokens_save(credential_id=credential.pk, tokens=tokens)
    return credential, back


def oauth2_state_check(*, state: str) -> tuple[Credential, str]:
    """The credential a `state` we signed names, and where to send the user back.

    Raises:
        ValidationFailed: the state is missing, tampered with, expired, or its credential is gone.
    """
    try:
        signed = signing.loads(state, salt=STATE_SALT, max_age=STATE_MAX_AGE_S)
    except signing.SignatureExpired as exc:
        raise ValidationFailed("the sign-in took too long: press Connect again", errors=[_state("expired")]) from exc
    except signing.BadSignature as exc:
        raise ValidationFailed("the OAuth2 state is not one Dovetail signed", errors=[_state("invalid")]) from exc
    credential = Credential.objects.filter(pk=signed["credential"], connector=auth.AUTHORIZATION_CODE).first()
    if credential is None:
        raise ValidationFailed("the credential being connected no longer exists", errors=[_state("unknown")])
    return credential, safe_next(signed.get("next"))


def _state(message: str) -> FieldError:
    return FieldError("/state", message)


def safe_next(path: Any) -> str:
    """A path on this site to go back to; never another host (an open redirect)."""
    if isinstance(path, str) and path.startswith("/") and url_has_allowed_host_and_scheme(path, allowed_hosts=None):
        return path
    return "/"
