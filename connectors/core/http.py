"""The HTTP block's call: requests, with non-2xx mapped to typed block errors."""

from __future__ import annotations

from typing import Any

import requests

from connectors.sdk import Retryable, VendorRejected

NO_BODY = object()
EXCERPT_CHARS = 500

# Why one session: connection pooling across steps in the same worker process.
_session = requests.Session()


def send(*, method: str, url: str, headers: dict[str, str], body: Any, timeout_s: float) -> dict[str, Any]:
    """Send one request and return {status, headers, body}.

    Raises:
        Retryable: network error, timeout, 429 or 5xx.
        VendorRejected: any other non-2xx answer.
    """
    kwargs: dict[str, Any] = {"headers": headers, "timeout": timeout_s}
    if body is not NO_BODY and body is not None:
        kwargs["json"] = body
    try:
        response = _session.request(method, url, **kwargs)
    except requests.Timeout as exc:
        raise Retryable(f"{method} {url} timed out after {timeout_s:g} s") from exc
    except requests.RequestException as exc:
        raise Retryable(f"{method} {url} failed: {exc}") from exc

    output = {"status": response.status_code, "headers": dict(response.headers), "body": _body(response)}
    if response.ok:
        return output
    excerpt = response.text[:EXCERPT_CHARS]
    details = {"status": response.status_code, "body_excerpt": excerpt}
    message = f"{method} {url} answered {response.status_code} {response.reason}: {excerpt}"
    if response.status_code == 429 or response.status_code >= 500:
        raise Retryable(message, details=details)
    raise VendorRejected(message, details=details)


def _body(response: requests.Response) -> Any:
    if "json" in response.headers.get("content-type", ""):
        try:
            return response.json()
        except ValueError:
            pass
    return response.text
