"""Typed errors a block raises; the engine records them as the step's error JSON.

Each class carries a stable `code` and whether a retry could help (the
durable-execution retry policy reads `retryable`).
"""

from __future__ import annotations

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


class VendorRejected(BlockError):
    """The remote side answered with a non-retryable error (a 4xx)."""

    code = "vendor_rejected"
