"""Typed errors a block raises; the engine records them as the step's error JSON.

Each class carries a stable `code` and whether a retry could help (the
durable-execution retry policy reads `retryable`, and `retry_after` where set).
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any


class BlockError(Exception):
    """A step failed. `message` is shown to the operator as is."""

    code = "block_error"
    retryable = False

    def __init__(self, message: str, *, field: str | None = None, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details or {}

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "type": type(self).__name__,
            "code": self.code,
            "message": self.message,
            "retryable": self.retryable,
        }
        if self.field:
            data["field"] = self.field
        if self.details:
            data["details"] = self.details
        return data


class ConfigInvalid(BlockError):
    """The rendered config does not fit the block (wrong type after an expression, say)."""

    code = "config_invalid"


class ExpressionFailed(BlockError):
    """A `{{ }}` expression could not be evaluated."""

    code = "expression_failed"


class Retryable(BlockError):
    """A network error, timeout or 5xx: the same call may succeed later."""

    code = "retryable"
    retryable = True


class RateLimited(Retryable):
    """The vendor (or our own limiter) asks us to slow down; `retry_after` is in seconds.

    Args:
        retry_after: seconds, or the raw `Retry-After` header value (seconds or an HTTP date).
    """

    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: float | str | None = None, **kwargs: Any):
        super().__init__(message, **kwargs)
        self.retry_after = parse_retry_after(retry_after)

    def as_json(self) -> dict[str, Any]:
        data = super().as_json()
        if self.retry_after is not None:
            data["retry_after_s"] = self.retry_after
        return data


class CredentialRejected(BlockError):
    """The vendor refused the credential (401/403): fix the credential, a retry will not help."""

    code = "credential_rejected"


class CredentialNotConnected(CredentialRejected):
    """An OAuth2 credential the user has not connected yet (or must connect again): press Connect."""

    code = "credential_not_connected"


class VendorRejected(BlockError):
    """The remote side answered with a non-retryable error (a 4xx).

    `status` is the HTTP status, `vendor_code` the vendor's own error code (Stripe
    `error.code`, a GraphQL `userErrors[].code`), `field` a JSON pointer into the config
    or the vendor's parameter name when the vendor names one.
    """

    code = "vendor_rejected"

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        vendor_code: str | None = None,
        field: str | None = None,
        details: dict[str, Any] | None = None,
    ):
        super().__init__(message, field=field, details=details)
        self.status = status
        self.vendor_code = vendor_code

    def as_json(self) -> dict[str, Any]:
        data = super().as_json()
        vendor = {k: v for k, v in (("status", self.status), ("code", self.vendor_code)) if v is not None}
        if vendor:
            data["vendor"] = vendor
        return data


class SignatureInvalid(BlockError):
    """A webhook's signature is missing, wrong or too old: the request must be refused (401)."""

    code = "signature_invalid"


def parse_retry_after(value: float | str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` value: a number of seconds or an HTTP date."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return max(0.0, float(value))
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
