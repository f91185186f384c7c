"""Generic credential kinds turned into request auth: header, basic, OAuth2 client credentials and code.

A block that accepts these kinds (core.http_request, or any connector's) calls
`request_auth(ctx.credential)` and sends `auth.headers` with its call; on a 401 it may call
`auth.renewed()` once (OAuth2: a new token) and try again. OAuth2 tokens live in a `TokenStore`
the engine attaches to the credential (`StoredCredential.tokens`: encrypted on the credential
row, shared by every worker); without one they are kept in this process only.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlencode

from connectors.sdk.errors import CredentialNotConnected, CredentialRejected, VendorRejected
from connectors.sdk.http import HttpClient, VendorDetail
from connectors.sdk.redaction import MIN_SECRET_CHARS, REDACTED

HEADER = "http_header"
BASIC = "http_basic"
CLIENT_CREDENTIALS = "oauth2_client_credentials"
AUTHORIZATION_CODE = "oauth2"
KINDS = (HEADER, BASIC, CLIENT_CREDENTIALS, AUTHORIZATION_CODE)
TOKEN_KINDS = frozenset({CLIENT_CREDENTIALS, AUTHORIZATION_CODE})
# A token is renewed this long before the vendor says it expires (a tenth of a short lifetime).
EXPIRY_MARGIN_S = 30.0

Tokens = Mapping[str, Any]


class TokenStore(Protocol):
    """Where one credential's OAuth2 tokens are kept between calls (and workers)."""

    def load(self) -> Tokens | None:
        """The stored tokens, or None before the first."""

    def renew(self, fn: Callable[[Tokens | None], Tokens | None]) -> Tokens | None:
        """Under a lock: `fn(latest)` returns new tokens to store, or None to keep `latest`; returns what is stored."""


@dataclass
class MemoryTokenStore:
    """Tokens in this process only: for tests, and for a credential handed over without a store."""

    tokens: Tokens | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def load(self) -> Tokens | None:
        return self.tokens

    def renew(self, fn: Callable[[Tokens | None], Tokens | None]) -> Tokens | None:
        with self.lock:
            new = fn(self.tokens)
            if new is not None:
                self.tokens = new
            return self.tokens


class StoredCredential(dict):
    """A credential's data as the engine hands it to a block, plus its kind and its token store."""

    def __init__(self, data: Mapping[str, Any], *, kind: str, tokens: TokenStore | None = None):
        super().__init__(data)
        self.kind = kind
        self.tokens = tokens


@dataclass(frozen=True)
class RequestAuth:
    """What to add to a request: headers, the values to hide in logs, and how to renew after a 401."""

    headers: dict[str, str]
    secrets: tuple[str, ...] = ()
    renew: Callable[[], RequestAuth] | None = None

    def renewed(self) -> RequestAuth | None:
        """Auth with a fresh token after the vendor refused this one; None when nothing can be renewed."""
        return self.renew() if self.renew else None


def request_auth(
    credential: Mapping[str, Any] | None, *, timeout_s: float = 30.0, log: list[dict[str, Any]] | None = None
) -> RequestAuth:
    """The auth a credential of a generic kind adds to a request (no credential: none).

    Raises:
        CredentialNotConnected: an OAuth2 authorization-code credential with no tokens yet.
        CredentialRejected: the token endpoint refused the client or the refresh token.
    """
    if not credential:
        return RequestAuth(headers={})
    kind = getattr(credential, "kind", None)
    if kind == HEADER:
        return RequestAuth({credential["header_name"]: credential["value"]}, _secrets(credential["value"]))
    if kind == BASIC:
        pair = f"{credential['username']}:{credential['password']}".encode()
        header = "Basic " + base64.b64encode(pair).decode()
        return RequestAuth({"Authorization": header}, _secrets(credential["password"], header))
    if kind in TOKEN_KINDS:
        store = getattr(credential, "tokens", None) or _process_store(credential)
        return _bearer_auth(credential, kind, store, timeout_s=timeout_s, log=log)
    raise CredentialRejected(f"a {kind or 'credential of another kind'} cannot authorize this request")


def _bearer_auth(
    credential: Mapping[str, Any],
    kind: str,
    store: TokenStore,
    *,
    timeout_s: float,
    log: list[dict[str, Any]] | None,
    rejected: str | None = None,
) -> RequestAuth:
    def renew(latest: Tokens | None) -> Tokens | None:
        if _fresh(latest, rejected):
            return None  # another worker renewed it meanwhile
        return _next_tokens(credential, kind, latest, timeout_s=timeout_s, log=log)

    current = store.load()
    try:
        tokens = current if _fresh(current, rejected) else store.renew(renew)
    except CredentialRejected:
        # Another worker may have spent the (rotating) refresh token first and stored its result.
        tokens = store.load()
        if not _fresh(tokens, rejected):
            raise
    token = str((tokens or {})["access_token"])
    return RequestAuth(
        {"Authorization": f"Bearer {token}"},
        _secrets(token, credential.get("client_secret", "")),
        lambda: _bearer_auth(credential, kind, store, timeout_s=timeout_s, log=log, rejected=token),
    )


def _next_tokens(
    credential: Mapping[str, Any], kind: str, latest: Tokens | None, *, timeout_s: float, log: list | None
) -> Tokens:
    if kind == CLIENT_CREDENTIALS:
        form = {
            "grant_type": "client_credentials",
            "scope": credential.get("scope"),
            "audience": credential.get("audience"),
        }
        return token_request(credential, form, timeout_s=timeout_s, log=log)
    if not latest:
        raise CredentialNotConnected("this OAuth2 credential is not connected yet: open it and press Connect")
    if not latest.get("refresh_token"):
        raise CredentialNotConnected("the OAuth2 access token expired and there is no refresh token: connect again")
    form = {"grant_type": "refresh_token", "refresh_token": latest["refresh_token"]}
    return token_request(credential, form, timeout_s=timeout_s, log=log, previous=latest)


def token_request(
    credential: Mapping[str, Any],
    form: Mapping[str, Any],
    *,
    timeout_s: float = 30.0,
    log: list[dict[str, Any]] | None = None,
    previous: Tokens | None = None,
) -> Tokens:
    """POST a grant to the credential's token URL (client authenticated by HTTP Basic); the tokens to store.

    The call is logged without its bodies (they carry the secret and the new tokens).
    """
    own_log: list[dict[str, Any]] = []
    client_secret = credential.get("client_secret", "")
    basic = base64.b64encode(f"{credential['client_id']}:{client_secret}".encode()).decode()
    client = HttpClient(
        base_url="", timeout_s=timeout_s, secrets=_secrets(client_secret), log=own_log, describe_error=_oauth_error
    )
    refresh = str(form.get("refresh_token") or "")
    try:
        response = client.post(
            credential["token_url"],
            data={k: v for k, v in form.items() if v},
            headers={"Authorization": f"Basic {basic}", "Accept": "application/json"},
        )
    except VendorRejected as exc:  # invalid_client, invalid_grant: the credential, not the request
        raise CredentialRejected(exc.message, details=exc.details) from exc
    finally:
        for entry in own_log:
            entry["request"]["body"] = REDACTED
            if "response" in entry:
                entry["response"]["body"] = REDACTED
        if log is not None:
            log.extend(own_log)
    return tokens_from(response.json(), previous=previous, fallback_refresh=refresh)


def tokens_from(body: Mapping[str, Any], *, previous: Tokens | None = None, fallback_refresh: str = "") -> Tokens:
    """What to store of a token response: the access token, when to renew it, the refresh token."""
    if not isinstance(body, Mapping) or not body.get("access_token"):
        raise CredentialRejected("the token endpoint answered without an access_token")
    expires_in = body.get("expires_in")
    expires_at = None
    if isinstance(expires_in, int | float) or str(expires_in or "").isdigit():
        lifetime = float(expires_in)
        expires_at = time.time() + lifetime - min(EXPIRY_MARGIN_S, lifetime / 10)
    return {
        "access_token": body["access_token"],
        "token_type": body.get("token_type", "Bearer"),
        "expires_at": expires_at,
        # A refresh answer may leave the refresh token out: the old one stays valid.
        "refresh_token": body.get("refresh_token") or (previous or {}).get("refresh_token") or fallback_refresh or None,
        "scope": body.get("scope"),
    }


def authorize_url(credential: Mapping[str, Any], *, state: str, redirect_uri: str) -> str:
    """The vendor page the user approves the access at (RFC 6749 4.1.1)."""
    query = {
        "response_type": "code",
        "client_id": credential["client_id"],
        "redirect_uri": redirect_uri,
        "scope": credential.get("scopes") or "",
        "state": state,
    }
    separator = "&" if "?" in credential["authorize_url"] else "?"
    return credential["authorize_url"] + separator + urlencode({k: v for k, v in query.items() if v})


def exchange_code(credential: Mapping[str, Any], *, code: str, redirect_uri: str, timeout_s: float = 30.0) -> Tokens:
    """Trade the authorization code the callback received for tokens (RFC 6749 4.1.3)."""
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    return token_request(credential, form, timeout_s=timeout_s)


def connected(tokens: Tokens | None) -> bool:
    """Whether an authorization-code credential has tokens to call with."""
    return bool(tokens and (tokens.get("refresh_token") or tokens.get("access_token")))


def _fresh(tokens: Tokens | None, rejected: str | None = None) -> bool:
    if not tokens or not tokens.get("access_token") or tokens["access_token"] == rejected:
        return False
    expires_at = tokens.get("expires_at")
    return expires_at is None or float(expires_at) > time.time()


def _oauth_error(response: Any) -> VendorDetail:
    """RFC 6749 5.2: {"error": "invalid_client", "error_description": "..."}."""
    try:
        body = response.json()
    except ValueError:
        return VendorDetail(response.text[:500] or response.reason or "")
    if isinstance(body, Mapping) and isinstance(body.get("error"), str):
        description = body.get("error_description")
        return VendorDetail(f"{body['error']}: {description}" if description else body["error"], body["error"])
    return VendorDetail(str(body)[:500])


def _secrets(*values: str) -> tuple[str, ...]:
    """The values to hide in logs and output (a very short one would hide too much, see redaction)."""
    return tuple(v for v in values if isinstance(v, str) and len(v) >= MIN_SECRET_CHARS)


_process_stores: dict[tuple[str, ...], MemoryTokenStore] = {}


def _process_store(credential: Mapping[str, Any]) -> TokenStore:
    """A token store for a credential handed over as a plain mapping, one per client identity."""
    key = tuple(str(credential.get(k, "")) for k in ("token_url", "client_id", "client_secret", "scope", "audience"))
    return _process_stores.setdefault(key, MemoryTokenStore())
