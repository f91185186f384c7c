"""Reading flow documents from files (templates in flows/*.json, uploads, the CLI)."""

from __future__ import annotations

import json
from typing import Any

from backend.core.errors import FieldError, ValidationFailed


def document_from_upload(raw: bytes) -> dict[str, Any]:
    """Parse an uploaded flow file, with a clear error when it is not a JSON object."""
    try:
        document = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationFailed(f"the file is not valid JSON: {exc}", errors=[FieldError("", str(exc))]) from exc
    if not isinstance(document, dict):
        raise ValidationFailed(
            "the file must hold one flow document (a JSON object)", errors=[FieldError("", "expected an object")]
        )
    return document
