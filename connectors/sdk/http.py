"""The HTTP client every connector shares: one error table, timeouts, a rate limiter, a redacted log.

A connector's client.py wraps one of these; it never sleeps and never retries by itself,
it raises the typed errors of connectors.sdk.errors and the engine's retry policy decides.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy
from typing import Any
from urllib.request import getproxies

import requests
from requests.utils import should_bypass_proxies

from connectors.sdk.errors import BlockError, CredentialRejected, RateLimited, Retryable, VendorRejected
from connectors.sdk.ratelimit import Limiter, Rate
from connectors.sdk.redaction import redact, redact_excerpt, redact_text

EXCERPT_CHARS = 2000
RETRYABLE_STATUSES = frozenset({408})
RATE_LIMITED_STATUSES = frozenset({429, 503})
CREDENTIAL_STATUSES = frozenset({401, 403})

# One pooled session per worker process: connections are reused across steps.
_session = requests.Session()
# Not the environment's ~/.netrc: a machine's saved passwords must never ride along to a URL a flow
# names. (It was also read again on every request.) Proxies from the environment still apply.
_session.trust_env = False
_session.proxies = {scheme: url for scheme, url in getproxies().items() if scheme != "no"}
# Nor a cookie a response set: every flow's calls share this session, so a vendor's session
# cookie from one flow's call would ride along on another flow's calls to that host.
_session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
_NO_PROXY = {"http": None, "https": None}


def _proxies_for(url: str) -> dict[str, None] | None:
    """Skip the environment's proxy for a host NO_PROXY names (the simulators on loopback, say)."""
    return _NO_PROXY if _session.proxies and should_bypass_proxies(url, no_proxy=None) else None


@dataclass(frozen=True)
class VendorDetail:
    """What a vendor's error body says, pulled out by the connector's `describe_error` hook."""

    message: str
    code: str | None = None
    field: str | None = None
    retryable: bool | None = None  # None: let the status table decide


def default_describe(response: requests.Response) -> VendorDetail:
    """The common shapes: `{"message"}`, `{"error": "…"}`, `{"error": {"message"}}`, or the text."""
    try:
        body = response.json()
    except ValueError:
        return VendorDetail(response.text[:500] or response.reason or "")
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            return VendorDetail(str(error.get("message", "")), error.get("code"), error.get("param"))
        message = body.get("message") or error or body.get("errors")
        if message:
            return VendorDetail(str(message))
    return VendorDetail(response.text[:500])


def error_for(
    response: requests.Response, detail: VendorDetail, *, what: str, secrets: Iterable[str] = ()
) -> BlockError | None:
    """The one error table: which typed error a non-2xx answer becomes (None for a 2xx).

    The vendor's words are the operator's to read, but a vendor may echo the key it refused:
    every text taken from the answer has the credential's `secrets` hidden, as the log does.
    """
    status = response.status_code
    if 200 <= status < 300:
        return None
    said = redact_excerpt(detail.message, secrets) if detail.message else ""
    message = f"{what} answered {status}: {said}" if said else f"{what} answered {status}"
    details = {"status": status}
    if status in RATE_LIMITED_STATUSES:
        return RateLimited(message, retry_after=response.headers.get("Retry-After"), details=details)
    if status in CREDENTIAL_STATUSES:
        return CredentialRejected(message, details=details)
    if detail.retryable is True or status in RETRYABLE_STATUSES or status >= 500:
        return Retryable(message, details=details)
    if detail.retryable is False or 400 <= status < 500:
        code = redact_excerpt(str(detail.code), secrets) if detail.code is not None else None
        field = redact_excerpt(str(detail.field), secrets) if detail.field is not None else None
        return VendorRejected(message, status=status, vendor_code=code, field=field, details=details)
    return Retryable(message, details=details)


class HttpClient:
    """A requests.Session with a base URL, default headers and timeout, mapped errors and a log.

    Args:
        base_url: the vendor host, the vendor's sandbox, or a simulator (from the credential).
        headers: sent on every request (auth, API version).
        timeout_s: connect+read timeout per call.
        secrets: values to hide in the log (from `redaction.secret_values`).
        log: a list the client appends one redacted exchange to per call (the step records it).
        describe_error: the vendor hook that reads an error body (Stripe `error`, FedEx `errors[]`).
        limiter, limiter_key, rate: take a token before each call; a wait raises RateLimited.
    """

    def __init__(
        self,
        *,
        base_url: str,
        headers: Mapping[str, str] | None = None,
        timeout_s: float = 30.0,
        secrets: Iterable[str] = (),
        log: list[dict[str, Any]] | None = None,
        describe_error: Callable[[requests.Response], VendorDetail] = default_describe,
        limiter: Limiter | None = None,
        limiter_key: str = "",
        rate: Rate | None = None,
        session: requests.Session | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.headers = dict(headers or {})
        self.timeout_s = timeout_s
        self.secrets = tuple(secrets)
        self.log = log if log is not None else []
        self.describe_error = describe_error
        self.limiter, self.limiter_key, self.rate = limiter, limiter_key, rate
        self.session = session or _session

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """Send one call; return the 2xx response or raise the typed error for it.

        Raises:
            RateLimited: 429/503, or our own limiter has no token left.
            Retryable: network error, timeout, 408, 5xx.
            CredentialRejected: 401/403.
            VendorRejected: any other 4xx.
        """
        url = path if path.startswith(("http://", "https://")) else f"{self.base_url}/{path.lstrip('/')}"
        what = f"{method} {redact_text(url, self.secrets)}"
        self._take_token(what)
        sent_headers = {**self.headers, **(headers or {})}
        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                url,
                params=params,
                json=json,
                data=data,
                headers=sent_headers,
                timeout=self.timeout_s,
                proxies=_proxies_for(url),
            )
        except requests.Timeout as exc:
            self._record(method, url, sent_headers, json if json is not None else data, None, started, str(exc))
            raise Retryable(f"{what} timed out after {self.timeout_s:g} s") from exc
        except requests.RequestException as exc:
            self._record(method, url, sent_headers, json if json is not None else data, None, started, str(exc))
            raise Retryable(f"{what} failed: {redact_text(str(exc), self.secrets)}") from exc
        self._record(method, url, sent_headers, json if json is not None else data, response, started, None)
        error = None
        if not response.ok:
            error = error_for(response, self.describe_error(response), what=what, secrets=self.secrets)
        if error is not None:
            raise error
        return response

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def _take_token(self, what: str) -> None:
        if self.limiter is None or self.rate is None:
            return
        wait = self.limiter.take(self.limiter_key, self.rate)
        if wait > 0:
            raise RateLimited(f"{what} held back by the local rate limit", retry_after=round(wait, 3))

    def _record(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: Any,
        response: requests.Response | None,
        started: float,
        failure: str | None,
    ) -> None:
        entry: dict[str, Any] = {
            "method": method,
            "url": url,
            "request": {"headers": dict(headers), "body": _excerpt(body)},
            "duration_ms": round((time.monotonic() - started) * 1000),
        }
        if response is not None:
            entry["status"] = response.status_code
            # Hidden before the cut: a secret cut in two at the excerpt's end would not be found.
            body = redact_text(response.text, self.secrets)[:EXCERPT_CHARS]
            entry["response"] = {"headers": dict(response.headers), "body": body}
        if failure:
            entry["error"] = failure
        self.log.append(redact(entry, self.secrets))


def _excerpt(body: Any) -> Any:
    if isinstance(body, bytes):
        return body[:EXCERPT_CHARS].decode(errors="replace")
    if isinstance(body, str):
        return body[:EXCERPT_CHARS]
    return body
