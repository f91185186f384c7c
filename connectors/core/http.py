"""The HTTP block's call, through the SDK's shared HttpClient (one error table for all)."""

from __future__ import annotations

from typing import Any

import requests

from connectors.sdk import ActionContext
from connectors.sdk.http import HttpClient, VendorDetail

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
    """Send one request and return {status, headers, body}; non-2xx raise the SDK's typed errors."""
    if idempotency_key:
        headers = {"Idempotency-Key": ctx.idempotency_key, **headers}
    client = HttpClient(base_url="", timeout_s=timeout_s, log=ctx.http_log, describe_error=_describe)
    response = client.request(method, url, headers=headers, json=None if body is NO_BODY else body)
    return {"status": response.status_code, "headers": dict(response.headers), "body": _body(response)}


def _body(response: requests.Response) -> Any:
    if "json" in response.headers.get("content-type", ""):
        try:
            return response.json()
        except ValueError:
            pass
    return response.text
