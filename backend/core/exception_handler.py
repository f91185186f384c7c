"""One exit for API errors: `{"message", "code", "errors": [{"pointer", "message"}]}`."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from backend.core import jsondepth
from backend.core.errors import ApplicationError, JsonTooDeep

logger = logging.getLogger(__name__)


def _pointer(path: list[str]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _flatten(detail: Any, path: list[str]) -> list[dict[str, str]]:
    """DRF's nested `{field: [msg]}` detail as a flat list of JSON-pointer errors."""
    if isinstance(detail, dict):
        return [e for key, value in detail.items() for e in _flatten(value, [*path, key])]
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return [{"pointer": _pointer(path), "message": str(item)} for item in detail]
        return [e for i, item in enumerate(detail) for e in _flatten(item, [*path, str(i)])]
    return [{"pointer": _pointer(path), "message": str(detail)}]


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, RecursionError):
        # Input nesting too deep for some recursive step (a parser a view chose itself, an
        # upload): the caller's data, not our fault, and a 5xx would be retried for ever.
        logger.warning("API: RecursionError answered as json_too_deep", exc_info=exc)
        exc = JsonTooDeep(jsondepth.MAX_DEPTH)
    if isinstance(exc, ApplicationError):
        body = {"message": exc.message, "code": exc.code, "errors": [e.as_json() for e in exc.errors]}
        return Response(body, status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail, [])
        errors = [{**e, "pointer": "" if e["pointer"] == "/non_field_errors" else e["pointer"]} for e in errors]
        message = "; ".join(f"{e['pointer'] or 'body'}: {e['message']}" for e in errors[:3])
        response.data = {"message": message, "code": "invalid", "errors": errors}
    else:
        codes = exc.get_codes()
        response.data = {
            "message": str(exc.detail),
            "code": codes if isinstance(codes, str) else "error",
            "errors": [],
        }
    return response
