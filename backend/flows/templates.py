"""Reading flow documents from files (templates in flows/*.json, uploads, the CLI)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from backend.core.errors import FieldError, NotFound, ValidationFailed
from backend.flows.models import Flow
from backend.flows.services import flow_create, flow_credentials_missing
from backend.sandbox.services import sandbox_document, sandbox_replies_seed


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


TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "flows"


def template_list() -> list[dict[str, Any]]:
    """Every template in flows/*.json: slug, title, description, the connectors it needs, its document."""
    return [template_get(slug=path.stem) for path in sorted(TEMPLATES_DIR.glob("*.json"))]


def template_get(*, slug: str) -> dict[str, Any]:
    path = TEMPLATES_DIR / f"{slug}.json"
    if "/" in slug or not path.is_file():
        raise NotFound(f'no template "{slug}"')
    document = json.loads(path.read_text())
    meta = document.get("template") or {}
    return {
        "slug": slug,
        "title": meta.get("title") or document.get("name"),
        "description": meta.get("description") or document.get("description", ""),
        "connectors": meta.get("connectors", []),
        "document": document,
    }


def template_use(*, slug: str, user=None) -> tuple[Flow, list[dict[str, str]]]:
    """A new draft flow from the template, and the credentials it still needs [{node_id, connector}].

    In sandbox mode its stand-in URLs (`*.example.com`) call the sandbox inbox instead, and the
    inboxes answer what the template expects of them (`template.sandbox_replies`).
    """
    template = template_get(slug=slug)["document"]
    document = sandbox_document(document={k: v for k, v in template.items() if k != "template"})
    sandbox_replies_seed(replies=(template.get("template") or {}).get("sandbox_replies", {}))
    flow = flow_create(document=document, user=user, draft=True)
    return flow, flow_credentials_missing(document=document)
