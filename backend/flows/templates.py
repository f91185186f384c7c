"""Reading flow documents from files (templates in flows/*.json, uploads, the CLI)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

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


def _sandbox_replies(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The document's `template.sandbox_replies` ({inbox: {status, body}}); an uploaded file may hold
    anything there, so what is not of that shape is left out."""
    meta = document.get("template")
    replies = meta.get("sandbox_replies") if isinstance(meta, dict) else None
    if not isinstance(replies, dict):
        return {}
    return {name: reply for name, reply in replies.items() if isinstance(name, str) and isinstance(reply, dict)}


@transaction.atomic
def flow_import(*, document: dict[str, Any], user=None, draft: bool = False, keep_template: bool = True) -> Flow:
    """A new (inactive) flow from a flow document: a template, an uploaded file, a file on the CLI.

    In sandbox mode its stand-in URLs (`*.example.com`) call the sandbox inbox instead, and the
    inboxes answer what the document expects of them (`template.sandbox_replies`, unless an inbox
    has a reply set already). `keep_template=False` leaves the `template` block out of the flow.
    """
    replies = _sandbox_replies(document)
    if not keep_template:
        document = {k: v for k, v in document.items() if k != "template"}
    flow = flow_create(document=sandbox_document(document=document), user=user, draft=draft)
    sandbox_replies_seed(replies=replies)  # after the flow: a refused document seeds nothing
    return flow


def template_use(*, slug: str, user=None) -> tuple[Flow, list[dict[str, str]]]:
    """A new draft flow from the template, and the credentials it still needs [{node_id, connector}]
    (imported as flow_import does: wired to the sandbox inbox in sandbox mode)."""
    flow = flow_import(document=template_get(slug=slug)["document"], user=user, draft=True, keep_template=False)
    return flow, flow_credentials_missing(document=flow.current_version.document)
