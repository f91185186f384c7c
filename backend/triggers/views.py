"""POST /hooks/<token>: the public webhook ingress. Store + queue, answer 202; run nothing here."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from backend.core import jsondepth
from backend.core.errors import NotFound
from backend.core.rows import Guard
from backend.credentials import crypto
from backend.credentials.services import credential_resolve_with_guard
from backend.flows.models import Flow
from backend.flows.services import flow_trigger_block, listens_to_webhooks
from backend.triggers.selectors import (
    Listener,
    webhook_flow,
    webhook_flow_forget,
    webhook_flow_recent,
    webhook_flow_remember,
    webhook_flow_unchanged,
)
from backend.triggers.services import event_accept, event_dedup_key
from connectors.sdk import Block, SignatureInvalid, TriggerRequest
from connectors.sdk.blocks import WebhookTrigger

logger = logging.getLogger(__name__)


def _error(status: int, code: str, message: str) -> JsonResponse:
    # What a sender was told and why, without the URL (its token is the webhook's credential):
    # the web server's access log is off by default (`manage.py serve`), and a refused delivery
    # starts no run to look at.
    logger.warning("webhook refused: %s %s: %s", status, code, message)
    return JsonResponse({"message": message, "code": code, "errors": []}, status=status)


def _listener(token: str, flow: Flow | None) -> Listener | None:
    """`flow` (just read at `token`) with its trigger, the credential its trigger node names (it
    holds the webhook signing secret), read and decrypted here, and the guards that keep both."""
    if flow is None:
        return None
    trigger = flow_trigger_block(document=flow.current_version.document)
    credential, guard = _trigger_credential(flow, trigger)
    return Listener(flow, trigger, credential, webhook_flow_unchanged(token=token, flow=flow, credential_guard=guard))


def _trigger_credential(flow: Flow, trigger: Block | None) -> tuple[dict | None, Guard | None]:
    if not isinstance(trigger, WebhookTrigger):
        return None, None
    node = next(n for n in flow.current_version.document["nodes"] if n["block"] == trigger.key)
    if not node.get("credential"):
        return None, None
    try:
        credential, guard = credential_resolve_with_guard(credential_id=node["credential"])
        # A vendor that gives each registered endpoint its own signing secret (Stripe) answered
        # it at activation; that secret signs what is sent to this flow's URL.
        secret = (flow.webhook_subscription or {}).get("secret")
        if secret:
            credential = {**credential, "webhook_secret": crypto.decrypt(secret)["secret"]}
    except (NotFound, ValueError, ValidationError):
        return None, None
    return credential, guard


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, token: str) -> HttpResponse:
    limit = settings.WEBHOOK_MAX_BODY_BYTES
    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return _error(413, "payload_too_large", f"the body is {declared} bytes; the limit is {limit}")
    content_type = request.content_type or ""
    if content_type != "application/json" and not content_type.endswith("+json"):
        return _error(415, "unsupported_media_type", f"send application/json, not {content_type or 'nothing'}")
    try:
        raw = request.body
    except RequestDataTooBig:
        return _error(413, "payload_too_large", f"the body is over the limit of {limit} bytes")
    if len(raw) > limit:
        return _error(413, "payload_too_large", f"the body is {len(raw)} bytes; the limit is {limit}")
    try:
        body = raw.decode("utf-8")
        delivery = _Delivery(raw, body, jsondepth.loads(body), dict(request.headers), _query(request))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _error(400, "invalid_json", f"the body is not valid JSON: {exc}")
    except jsondepth.TooDeep as exc:
        # Refused here, not after a step's call: a value too deep to store fails late (guarantees.md).
        return _error(
            400, "json_too_deep", f"the body nests deeper than {exc.limit} levels of objects and arrays (the limit)"
        )

    # No health check (a `SELECT 1` round trip, CONN_HEALTH_CHECKS) before the ingress's
    # statements: on this path it was ~8 % of the web's CPU per event and as much of PostgreSQL's
    # (docs/performance.md, round 10). A pooled connection the database dropped (a restart, an
    # idle timeout) fails the first statement instead; the event is then stored again on a new
    # connection. That is safe: a failed statement stored nothing, and a commit whose answer was
    # lost left an event with the same dedup key, which the second try finds (a duplicate, 200).
    connection.health_check_done = True
    try:
        try:
            return _store(delivery, token)
        except DatabaseError:
            if not _connection_was_lost():
                raise
            return _store(delivery, token)
    except DatabaseError:
        # The vendor must retry: never claim an event we could not store.
        logger.exception("webhook ingress: database unavailable")
        return _error(503, "unavailable", "the event could not be stored; retry later")


def _store(delivery: _Delivery, token: str) -> HttpResponse:
    # Most deliveries go to a flow this process has just seen: no look-up, and the event is
    # written only if the flow is still as it was then. Else (or if the signature fails
    # against what was seen) the flow is read again.
    recent = webhook_flow_recent(token=token)
    answer = _accept(delivery, token, recent, recent=True) if recent else None
    if answer is None:
        webhook_flow_forget(token=token)
        answer = _accept(delivery, token, _listener(token, webhook_flow(token=token)))
    return answer


def _connection_was_lost() -> bool:
    """After a database error: was it the connection (now closed, so the next statement opens a
    new one) rather than the statement?"""
    if connection.in_atomic_block:
        return False
    if connection.connection is not None and connection.is_usable():
        return False
    connection.close()
    return True


@dataclass(frozen=True)
class _Delivery:
    raw: bytes
    body: str
    parsed: Any
    headers: dict[str, str]
    query: dict[str, Any]


def _query(request: HttpRequest) -> dict[str, Any]:
    if not request.META.get("QUERY_STRING"):
        return {}  # most deliveries: no QueryDict to build
    return {k: v[0] if len(v) == 1 else v for k, v in request.GET.lists()}


def _accept(delivery: _Delivery, token: str, listener: Listener | None, *, recent: bool = False) -> HttpResponse | None:
    """Verify, deduplicate and store a delivery for `listener`'s flow; None when `recent` and it is stale."""
    flow, trigger = (listener.flow, listener.trigger) if listener else (None, None)
    if not listens_to_webhooks(trigger):
        return _error(404, "not_found", "no active flow listens at this URL")
    headers, query = delivery.headers, delivery.query
    if isinstance(trigger, WebhookTrigger):
        # A vendor's event: its signature proves who sent it, its delivery id makes it once.
        incoming = TriggerRequest(body=delivery.parsed, headers=headers, query=query, raw_body=delivery.raw)
        try:
            trigger.verify(incoming, listener.credential)
            dedup_key = trigger.dedup_key(incoming)
        except SignatureInvalid as exc:
            # Against a stale flow (another credential since), a good signature can fail.
            return None if recent else _error(401, "signature_invalid", exc.message)
        other = trigger.other_event(incoming)
        if other is not None:
            if recent:
                return None  # the flow may have another trigger since: read it again
            # Signed, so not junk, but not this flow's event (a failed payment to a "payment
            # succeeded" flow): 2xx so the vendor stops sending it, and no run.
            return JsonResponse(
                {"ignored": other, "message": f"a {other} event; this flow starts on {trigger.topic}"}, status=200
            )
    else:
        dedup_key = event_dedup_key(raw_body=delivery.raw, headers=headers)
    accepted = event_accept(
        flow=flow,
        body=delivery.body,
        headers=headers,
        query=query,
        dedup_key=dedup_key,
        guards=listener.guards if recent else None,
    )
    if accepted is None:
        return None  # the flow changed since this process saw it
    if not recent:
        webhook_flow_remember(token=token, listener=listener)
    if accepted.duplicate:
        # 2xx so the sender stops retrying; the first delivery's run is the one that counts.
        return JsonResponse({"duplicate_of": str(accepted.run_id), "status": accepted.status})
    # Every accepted delivery's answer: its JSON written out, not encoded (a JsonResponse's encoder
    # set-up and run were ~5 % of the web's CPU per delivery); a run id and status need no escaping.
    content = f'{{"run_id": "{accepted.run_id}", "status": "{accepted.status}"}}'
    return HttpResponse(content, content_type="application/json", status=202)
