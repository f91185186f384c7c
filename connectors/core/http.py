"""The HTTP block's call, through the SDK's shared HttpClient (one error table for all)."""

from __future__ import annotations

from typing import Any

import requests

from connectors.sdk import ActionContext, auth
from connectors.sdk.errors import CredentialRejected
from connectors.sdk.http import HttpClient, VendorDetail
from connectors.sdk.redaction import redact_values

NO_BODY = object()
EXCERPT_CHARS = 500


def _describe(response: requests.Response) -> VendorDetail:
    """Any API's error: the body excerpt is the message the operator reads."""
    return VendorDetail(response.text[:EXCERPT_CHARS] or response.reason or "")


def send(
    ctx: ActionContext,
    *,
    method: str,
    url: str,
    headers: dict[str, str],
    body: Any,
    timeout_s: float,
    idempotency_key: bool = False,
) -> dict[str, Any]:
    """Send one request with the credential's auth, and return {status, headers, body}.

    An OAuth2 token the API refuses (401) is renewed and the call sent once more. Non-2xx raise
    the SDK's typed errors; the credential's secrets are hidden in the log and in the output.
    """
    if idempotency_key:
        headers = {"Idempotency-Key": ctx.idempotency_key, **headers}
    request_auth = auth.request_auth(ctx.credential, timeout_s=timeout_s, log=ctx.http_log)
    json = None if body is NO_BODY else body
    try:
        response = _client(ctx, request_auth, timeout_s).request(
            method, url, headers={**headers, **request_auth.headers}, json=json
        )
    except CredentialRejected as exc:
        renewed = request_auth.renewed() if exc.details.get("status") == 401 else None
        if renewed is None:
            raise
        request_auth = renewed
        response = _client(ctx, request_auth, timeout_s).request(
            method, url, headers={**headers, **request_auth.headers}, json=json
        )
    output = {"status": response.status_code, "headers": dict(response.headers), "body": _body(response)}
    return redact_values(output, request_auth.secrets)


def _client(ctx: ActionContext, request_auth: auth.RequestAuth, timeout_s: float) -> HttpClient:
    return HttpClient(
        base_url="", timeout_s=timeout_s, secrets=request_auth.secrets, log=ctx.http_log, describe_error=_describe
    )


def _body(response: requests.Response) -> Any:
    if "json" in response.headers.get("content-type", ""):
        try:
            return response.json()
        except ValueError:
            pass
    return response.text
