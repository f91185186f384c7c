"""Application errors: each carries an HTTP status, a stable code and JSON-pointer field errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    pointer: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"pointer": self.pointer, "message": self.message}


class ApplicationError(Exception):
    """An error the API shows to its caller as `{message, code, errors}`."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, errors: Iterable[FieldError] = ()):
        super().__init__(message)
        self.message = message
        self.errors = list(errors)


class ValidationFailed(ApplicationError):
    code = "validation_failed"


class NotFound(ApplicationError):
    status = 404
    code = "not_found"


class Conflict(ApplicationError):
    status = 409
    code = "conflict"


class JsonTooDeep(ApplicationError):
    """A request body nests deeper than Dovetail accepts (backend/core/jsondepth.py)."""

    code = "json_too_deep"

    def __init__(self, limit: int):
        message = f"the body nests deeper than {limit} levels of objects and arrays (the limit)"
        super().__init__(message, errors=[FieldError("", message)])
