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

from backend.core import jsondepth
from backend.core.errors import ApplicationError, FieldError, JsonTooDeep, ValidationFailed
from backend.core.redaction import redact, redact_query
from backend.credentials import crypto
from backend.credentials.models import Credential
from backend.sandbox.models import InboxReply, InboxRequest
from connectors.sdk import auth, default_registry
from connectors.sdk.redaction import redact_excerpt, redact_text, redact_values, secret_values

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


# The OAuth2 tokens a credential row keeps beside its data (backend.credentials.oauth2).
_TOKENS = {"properties": {"access_token": {"writeOnly": True}, "refresh_token": {"writeOnly": True}}}


def _credential_secrets() -> tuple[str, ...]:
    """The secret values of every credential stored here, and their OAuth2 tokens; longest first.

    An HTTP block may send its credential in a header named as the API wants (`X-Erp-Auth`),
    which redaction by name cannot know: the inbox stands in for that API, so it hides the values
    themselves, as a run's own step log does. A sandbox holds a handful of credentials.
    """
    connectors = default_registry().connectors
    found: set[str] = set()
    for kind, data_encrypted, tokens_encrypted in Credential.objects.values_list(
        "connector", "data_encrypted", "tokens_encrypted"
    ):
        try:
            data = crypto.decrypt(data_encrypted)
            tokens = crypto.decrypt(tokens_encrypted) if tokens_encrypted else {}
        except (crypto.InvalidToken, ValueError):
            continue  # unreadable with this installation's keys: no step can send it either
        connector = connectors.get(kind)
        found.update(secret_values(connector.credential_schema if connector else None, data))
        if kind == auth.BASIC and "username" in data and "password" in data:  # `Basic <base64>` as sent
            found.update(auth.request_auth(auth.StoredCredential(data, kind=kind)).secrets)
        found.update(secret_values(_TOKENS, tokens))
    return tuple(sorted(found, key=len, reverse=True))


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
    query, headers = redact_query(query), redact(headers)
    secrets = _credential_secrets()
    if secrets:
        kept_body = redact_excerpt(kept_body, secrets) if truncated else redact_values(kept_body, secrets)
        path = redact_text(path, secrets)
        query, headers = redact_values(query, secrets), redact_values(headers, secrets)
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
            query=query,
            headers=headers,
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
    and every document outside sandbox mode, are left as they are. A document nesting deeper than
    `jsondepth.MAX_DEPTH` is refused (JsonTooDeep, 400) in either mode.
    """
    # Every imported document passes here (a JSON body, an upload, the CLI), some parsed by a
    # parser of their own: refuse one nesting deeper than Dovetail accepts before it is stored.
    if jsondepth.nests_deeper(document, jsondepth.MAX_DEPTH):
        raise JsonTooDeep(jsondepth.MAX_DEPTH)
    if not settings.SANDBOX_URL:
        return document
    if not isinstance(document, dict) or not isinstance(document.get("nodes"), list):
        return document  # not a flow document: validation says what is wrong with it
    rewritten = copy.deepcopy(document)
    for node in rewritten["nodes"]:
        # A node that is not an object is left for validation to report (`/nodes/0: must be an object`).
        if not isinstance(node, dict) or node.get("block") != "core.http_request":
            continue
        config = node.get("config")
        if not isinstance(config, dict):
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
