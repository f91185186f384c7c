"""The sandbox inbox: record what an HTTP block sends, keep only the newest, clear on demand.

And the other half of sandbox mode: point a template's stand-in URLs (`*.example.com`) at the inbox.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from backend.core.errors import ApplicationError, FieldError, ValidationFailed
from backend.core.redaction import redact
from backend.sandbox.models import InboxReply, InboxRequest

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
INBOX_PATH = "/sandbox/inbox/"
# RFC 2606 reserves example.com: no real endpoint can live there, so a URL on it is a placeholder.
PLACEHOLDER_DOMAIN = "example.com"


class TooManyInboxes(ApplicationError):
    status = 429
    code = "too_many_inboxes"


def _body(raw: bytes, content_type: str) -> tuple[Any, bool]:
    """The body to keep (JSON parsed when it is JSON and whole, else text) and whether it was cut."""
    if not raw:
        return None, False
    limit = settings.SANDBOX_INBOX_MAX_BODY_BYTES
    truncated = len(raw) > limit
    kept = raw[:limit]
    if not truncated and ("json" in content_type or kept[:1] in (b"{", b"[")):
        try:
            return redact(json.loads(kept)), False
        except (UnicodeDecodeError, ValueError):
            pass
    return kept.decode("utf-8", errors="replace"), truncated


def inbox_request_record(
    *, name: str, method: str, path: str, query: dict[str, Any], headers: dict[str, str], body: bytes
) -> InboxRequest:
    """Keep one request (secrets redacted) and drop the inbox's requests beyond the newest SANDBOX_INBOX_KEEP.

    Raises:
        ValidationFailed: the name is not a slug of at most 64 characters.
        TooManyInboxes: a new name when SANDBOX_INBOX_MAX_NAMES inboxes exist already (the
            endpoint is public, so names are capped as well as requests per name).
    """
    if not NAME.match(name):
        raise ValidationFailed(
            f'"{name}" is not an inbox name', errors=[FieldError("/name", "letters, digits, - and _; at most 64")]
        )
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    kept_body, truncated = _body(body, content_type)
    with transaction.atomic():
        inboxes = InboxRequest.objects.values("name").distinct()
        if not InboxRequest.objects.filter(name=name).exists() and inboxes.count() >= settings.SANDBOX_INBOX_MAX_NAMES:
            raise TooManyInboxes(
                f"the sandbox holds {settings.SANDBOX_INBOX_MAX_NAMES} inboxes already; clear one to start another"
            )
        request = InboxRequest.objects.create(
            name=name,
            method=method.upper()[:10],
            path=path[:2000],
            query=redact(query),
            headers=redact(headers),
            body=kept_body,
            body_bytes=len(body),
            body_truncated=truncated,
        )
        _trim(name=name)
    return request


def _trim(*, name: str) -> None:
    # Ids only grow, so "older than the KEEP-th newest id" is the overflow, found with one indexed read.
    keep = settings.SANDBOX_INBOX_KEEP
    newest = InboxRequest.objects.filter(name=name).order_by("-id").values_list("id", flat=True)
    boundary = newest[keep - 1 : keep].first()
    if boundary is not None:
        InboxRequest.objects.filter(name=name, id__lt=boundary).delete()


def inbox_clear(*, name: str) -> int:
    """Delete every request of one inbox; returns how many there were."""
    deleted, _ = InboxRequest.objects.filter(name=name).delete()
    return deleted


def inbox_reply_set(*, name: str, status: int, body: Any) -> InboxReply:
    """Make inbox `name` answer `status` and `body` (JSON) from now on, as the system it stands in for would."""
    reply, _ = InboxReply.objects.update_or_create(name=name, defaults={"status": status, "body": body})
    return reply


def inbox_reply_clear(*, name: str) -> None:
    """Back to the default answer, 200 `{"received": true, "id": …}`."""
    InboxReply.objects.filter(name=name).delete()


def sandbox_replies_seed(*, replies: dict[str, Any]) -> None:
    """In sandbox mode, give each inbox the reply a template expects of it ({name: {status, body}}),
    unless the operator has set one already."""
    if not settings.SANDBOX_URL:
        return
    for name, reply in replies.items():
        defaults = {"status": reply.get("status", 200), "body": reply.get("body")}
        InboxReply.objects.get_or_create(name=name, defaults=defaults)


def sandbox_inbox_url(*, name: str, base_url: str | None = None) -> str:
    """The address of inbox `name` under `base_url` (SANDBOX_URL, else PUBLIC_URL)."""
    base = (base_url or settings.SANDBOX_URL or settings.PUBLIC_URL).rstrip("/")
    return f"{base}{INBOX_PATH}{name}"


def sandbox_document(*, document: dict[str, Any]) -> dict[str, Any]:
    """In sandbox mode (SANDBOX_URL set), a copy of `document` whose HTTP blocks call the inbox.

    Each `core.http_request` URL on a `*.example.com` host becomes
    `<SANDBOX_URL>/sandbox/inbox/<first host label><path>?<query>`, so
    `https://erp.example.com/api/orders` lands in the inbox "erp" as `/api/orders`. Other URLs,
    and every document outside sandbox mode, are left as they are.
    """
    if not settings.SANDBOX_URL:
        return document
    rewritten = copy.deepcopy(document)
    for node in rewritten.get("nodes") or []:
        config = node.get("config") if isinstance(node, dict) else None
        if node.get("block") != "core.http_request" or not isinstance(config, dict):
            continue
        url = config.get("url")
        if not isinstance(url, str) or "{{" in url:
            continue
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not (
            host == PLACEHOLDER_DOMAIN or host.endswith("." + PLACEHOLDER_DOMAIN)
        ):
            continue
        label = host.split(".")[0]
        query = f"?{parts.query}" if parts.query else ""
        config["url"] = sandbox_inbox_url(name=label, base_url=settings.SANDBOX_URL) + parts.path + query
    return rewritten
