"""A local OAuth2 provider (RFC 6749) with one protected endpoint, for the generic credential kinds.

- `GET /oauth/authorize`: auto-approves; redirects to `redirect_uri` with `code` and `state`.
  A wrong client_id or redirect_uri is a 400 and no redirect (RFC 6749 4.1.2.1).
- `POST /oauth/token`: grant_type client_credentials, authorization_code, refresh_token; the client
  authenticates by HTTP Basic or client_id/client_secret in the form; errors are RFC 6749 5.2 bodies.
  `expires_in` is settable so tests see tokens expire; refresh tokens rotate on use.
- `/api/echo` (any method): checks the Bearer token (401 + WWW-Authenticate when invalid or expired)
  and echoes the request and who the token belongs to, never the token itself.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from connectors.sdk.simulation import Reply, SimRequest, Simulator

CLIENT_ID = "dovetail-sandbox"
CLIENT_SECRET = "sandbox-oauth-client-secret"
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class OAuth2Simulator(Simulator):
    """One registered client; `expires_in` and `redirect_uris` may be changed by tests."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, expires_in: int = 3600):
        super().__init__(host, port)
        self.client_id, self.client_secret = CLIENT_ID, CLIENT_SECRET
        self.expires_in = expires_in
        # None: any http(s) URL ending in /oauth2/callback (Dovetail's), as a sandbox app registers.
        self.redirect_uris: set[str] | None = None
        self.codes: dict[str, dict[str, Any]] = {}
        self.access_tokens: dict[str, dict[str, Any]] = {}
        self.refresh_tokens: dict[str, dict[str, Any]] = {}
        self.grants: list[str] = []  # grant_type of every token issued, in order

    def credential(self, kind: str = "oauth2_client_credentials") -> dict[str, str]:
        """Credential data of `kind` (oauth2_client_credentials or oauth2) that works against this simulator."""
        data = {
            "token_url": f"{self.url}/oauth/token",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }
        if kind == "oauth2":
            return {"authorize_url": f"{self.url}/oauth/authorize", **data, "scopes": "echo:read"}
        return {**data, "scope": "echo:read"}

    def expire_tokens(self) -> None:
        """Every access token issued so far expires now (refresh tokens stay valid)."""
        with self.lock:
            for token in self.access_tokens.values():
                token["expires_at"] = 0

    def handle(self, request: SimRequest) -> Reply:
        if request.path == "/oauth/authorize" and request.method == "GET":
            return self._authorize(dict(request.query))
        if request.path == "/oauth/token" and request.method == "POST":
            return self._token(request)
        if request.path.startswith("/api/echo"):
            return self._echo(request)
        return Reply(404, {"error": "not_found"})

    def _authorize(self, query: dict[str, str]) -> Reply:
        if query.get("client_id") != self.client_id:
            return Reply(400, {"error": "invalid_request", "error_description": "unknown client_id"})
        redirect_uri = query.get("redirect_uri", "")
        if not self._redirect_allowed(redirect_uri):
            return Reply(400, {"error": "invalid_request", "error_description": "redirect_uri is not registered"})
        if query.get("response_type") != "code":
            return self._redirect(redirect_uri, {"error": "unsupported_response_type", "state": query.get("state")})
        code = secrets.token_urlsafe(16)
        with self.lock:
            self.codes[code] = {"redirect_uri": redirect_uri, "scope": query.get("scope", "")}
        return self._redirect(redirect_uri, {"code": code, "state": query.get("state")})

    def _token(self, request: SimRequest) -> Reply:
        form = dict(parse_qsl(request.body.decode(), keep_blank_values=True))
        if not self._client_ok(request, form):
            return Reply(401, {"error": "invalid_client"}, {"WWW-Authenticate": 'Basic realm="oauth"', **NO_STORE})
        grant = form.get("grant_type")
        with self.lock:
            if grant == "client_credentials":
                return self._issue(grant, form.get("scope", ""), refresh=False)
            if grant == "authorization_code":
                code = self.codes.pop(form.get("code", ""), None)
                if code is None or code["redirect_uri"] != form.get("redirect_uri"):
                    return _invalid_grant("the code is unknown, used, or was issued for another redirect_uri")
                return self._issue(grant, code["scope"], refresh=True)
            if grant == "refresh_token":
                held = self.refresh_tokens.pop(form.get("refresh_token", ""), None)
                if held is None:
                    return _invalid_grant("the refresh token is unknown or was already used")
                return self._issue(grant, held["scope"], refresh=True)
        return Reply(400, {"error": "unsupported_grant_type"}, NO_STORE)

    def _issue(self, grant: str, scope: str, *, refresh: bool) -> Reply:
        access = "sim_at_" + secrets.token_urlsafe(24)
        self.access_tokens[access] = {"scope": scope, "grant": grant, "expires_at": time.time() + self.expires_in}
        body: dict[str, Any] = {"access_token": access, "token_type": "Bearer", "expires_in": self.expires_in}
        if scope:
            body["scope"] = scope
        if refresh:
            body["refresh_token"] = "sim_rt_" + secrets.token_urlsafe(24)
            self.refresh_tokens[body["refresh_token"]] = {"scope": scope}
        self.grants.append(grant)
        return Reply(200, body, dict(NO_STORE))

    def _echo(self, request: SimRequest) -> Reply:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        with self.lock:
            held = self.access_tokens.get(token) if scheme.lower() == "bearer" else None
        if held is None or held["expires_at"] <= time.time():
            error = 'Bearer realm="echo", error="invalid_token"' if token else 'Bearer realm="echo"'
            return Reply(401, {"error": "invalid_token"}, {"WWW-Authenticate": error})
        body = request.body.decode() if request.body else None
        echoed = {
            "method": request.method,
            "path": request.path,
            "query": dict(request.query),
            "body": json.loads(body) if body and request.headers.get("content-type", "").endswith("json") else body,
            "client_id": self.client_id,
            "scope": held["scope"],
            "grant": held["grant"],
        }
        return Reply(200, echoed)

    def _client_ok(self, request: SimRequest, form: dict[str, str]) -> bool:
        scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "basic":
            try:
                client_id, _, secret = base64.b64decode(encoded).decode().partition(":")
            except ValueError:
                return False
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        return secrets.compare_digest(f"{client_id}:{secret}", f"{self.client_id}:{self.client_secret}")

    def _redirect_allowed(self, uri: str) -> bool:
        if self.redirect_uris is not None:
            return uri in self.redirect_uris
        parts = urlsplit(uri)
        return parts.scheme in ("http", "https") and parts.path.endswith("/oauth2/callback")

    @staticmethod
    def _redirect(uri: str, params: dict[str, Any]) -> Reply:
        separator = "&" if "?" in uri else "?"
        location = uri + separator + urlencode({k: v for k, v in params.items() if v is not None})
        return Reply(302, None, {"Location": location})


def _invalid_grant(description: str) -> Reply:
    return Reply(400, {"error": "invalid_grant", "error_description": description}, dict(NO_STORE))


def make_server(host: str = "127.0.0.1", port: int = 0, **kwargs: Any) -> OAuth2Simulator:
    """A started OAuth2 simulator; `.url`, `.credential(kind)`, `.expire_tokens()`, `.stop()`."""
    return OAuth2Simulator(host, port, **kwargs).start()
