"""Everything a flow can do: create, save a version, activate, rotate its webhook token, delete."""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from typing import Any

from django.db import transaction
from django.db.models import Max

from backend.core.errors import ApplicationError, FieldError, ValidationFailed
from backend.engine.validate import validate
from backend.flows.models import Flow, FlowVersion, new_webhook_token
from connectors.sdk import Block, BlockError, BlockKind, default_registry
from connectors.sdk.blocks import WebhookTrigger

logger = logging.getLogger(__name__)


def flow_document_errors(*, document: Any) -> list[dict[str, str]]:
    """Every error of the document, as [{pointer, message}] (empty when it is valid)."""
    return [e.as_json() for e in validate(document, default_registry())]


def flow_document_check(*, document: Any) -> None:
    """Raise ValidationFailed with every error of the document at once."""
    errors = validate(document, default_registry())
    if errors:
        raise ValidationFailed(
            f"the flow has {len(errors)} error{'s' if len(errors) > 1 else ''}: {errors[0].message}",
            errors=[FieldError(e.pointer, e.message) for e in errors],
        )


def flow_trigger_block(*, document: dict[str, Any]) -> Block | None:
    registry = default_registry()
    for node in document.get("nodes", []):
        block = registry.get(node.get("block"))
        if block is not None and block.kind == BlockKind.TRIGGER:
            return block
    return None


def listens_to_webhooks(block: Block | None) -> bool:
    """Whether a trigger block is started by POSTs to the flow's webhook URL."""
    return block is not None and (block.key == "core.webhook" or isinstance(block, WebhookTrigger))


def _checksum(document: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


def _name(document: dict[str, Any]) -> str:
    name = document.get("name")
    return name[:200] if isinstance(name, str) and name.strip() else "Untitled flow"


@transaction.atomic
def flow_create(*, document: Any, user=None, draft: bool = False) -> Flow:
    """Create a flow (inactive) whose first version is `document`.

    A draft may be invalid (the editor saves work in progress); its errors are kept with it.
    """
    flow = Flow.objects.create(name=_name(document), created_by=user)
    flow_version_create(flow=flow, document=document, user=user, draft=draft)  # refuses (and rolls back) if invalid
    return flow


@transaction.atomic
def flow_version_create(*, flow: Flow, document: Any, user=None, draft: bool = False) -> FlowVersion:
    """Save `document` as the flow's next version and make it current.

    Without `draft`, an invalid document is refused (ValidationFailed). An active flow only
    accepts valid versions: its trigger is live.
    """
    errors = flow_document_errors(document=document)
    if errors and (not draft or flow.active):
        flow_document_check(document=document)
    if flow.active:
        _keep_subscribed_trigger(flow=flow, document=document)
    # Lock the header row so two concurrent saves cannot pick the same number.
    Flow.objects.select_for_update().filter(pk=flow.pk).first()
    last = flow.versions.aggregate(n=Max("number"))["n"] or 0
    version = FlowVersion.objects.create(
        flow=flow, number=last + 1, document=document, checksum=_checksum(document), created_by=user, errors=errors
    )
    flow.current_version = version
    flow.name = _name(document)
    flow.save(update_fields=["current_version", "name", "updated_at"])
    return version


def flow_credentials_missing(*, document: dict[str, Any]) -> list[dict[str, str]]:
    """Nodes whose block needs a credential and that name none: [{node_id, connector}]."""
    registry = default_registry()
    return [
        {"node_id": node["id"], "connector": registry[node["block"]].credential}
        for node in document.get("nodes", [])
        if node.get("block") in registry
        and registry[node["block"]].credential_kinds
        and registry[node["block"]].credential_required
        and not node.get("credential")
    ]


def flow_activate(*, flow: Flow, webhook_url: str | None = None) -> Flow:
    """Activate: the current version must still be valid (a block may have changed since), and every
    node that needs a credential must name one that exists (a live trigger would fail otherwise)."""
    if flow.current_version is None:
        raise ValidationFailed("the flow has no saved version", errors=[FieldError("", "save it first")])
    document = flow.current_version.document
    flow_document_check(document=document)
    from backend.credentials.models import Credential  # credentials is an app beside flows

    nodes = {n["id"]: i for i, n in enumerate(document["nodes"])}
    errors = [
        FieldError(f"/nodes/{nodes[m['node_id']]}/credential", f"choose a {m['connector']} credential")
        for m in flow_credentials_missing(document=document)
    ]
    for index, node in enumerate(document["nodes"]):
        credential_id = node.get("credential")
        if credential_id and not (_is_uuid(credential_id) and Credential.objects.filter(pk=credential_id).exists()):
            errors.append(FieldError(f"/nodes/{index}/credential", f"credential {credential_id} does not exist"))
    if errors:
        raise ValidationFailed(f"the flow cannot be activated: {errors[0].message}", errors=errors)
    subscription = _subscribe(flow=flow, document=document, webhook_url=webhook_url) if not flow.active else None
    Flow.objects.filter(pk=flow.pk).update(
        active=True, **({"webhook_subscription": subscription} if subscription else {})
    )
    flow.refresh_from_db()
    from backend.triggers.polling import poll_arm  # triggers depends on flows, not back

    poll_arm(flow=flow)  # a polling trigger's cursor starts now: nothing from before fires
    return flow


def _vendor_trigger(document: dict[str, Any]) -> tuple[int, dict[str, Any], WebhookTrigger] | None:
    registry = default_registry()
    for index, node in enumerate(document["nodes"]):
        block = registry.get(node["block"])
        if isinstance(block, WebhookTrigger):
            return index, node, block
    return None


def _subscribe(*, flow: Flow, document: dict[str, Any], webhook_url: str | None) -> dict[str, Any] | None:
    """Register the flow's webhook URL with the vendor, where its API allows it (Shopify, Stripe)."""
    from backend.credentials import crypto
    from backend.credentials.services import credential_resolve

    found = _vendor_trigger(document)
    if found is None or webhook_url is None:
        return None
    index, node, trigger = found
    try:
        subscription = trigger.subscribe(credential_resolve(credential_id=node["credential"]), webhook_url)
    except BlockError as exc:
        raise ValidationFailed(
            f"{trigger.connector} refused the webhook subscription: {exc.message}",
            errors=[FieldError(f"/nodes/{index}/credential", exc.message)],
        ) from exc
    if subscription and subscription.get("secret"):
        # An endpoint's signing secret is a secret like a credential's: encrypted at rest.
        subscription = {**subscription, "secret": crypto.encrypt({"secret": subscription["secret"]})}
    return subscription


def _keep_subscribed_trigger(*, flow: Flow, document: dict[str, Any]) -> None:
    """Refuse a new version of an active flow that changes its vendor trigger (the block or its
    credential): the vendor's subscription was made for the old one, so the new trigger would get
    the old events (QA: a dispute flow ran on payments) and never its own. Deactivating removes
    the subscription; activating again makes the new one."""
    old = _vendor_trigger(flow.current_version.document) if flow.current_version else None
    if old is None or not flow.webhook_subscription:
        return
    new = _vendor_trigger(document)
    _, old_node, old_trigger = old
    if new is not None and new[2].key == old_trigger.key and new[1].get("credential") == old_node.get("credential"):
        return
    index = new[0] if new is not None else 0
    raise ValidationFailed(
        f"the flow is active and subscribed to {old_trigger.connector}'s {old_trigger.topic} events: "
        "deactivate it to change its trigger or the trigger's credential, then activate it again",
        errors=[FieldError(f"/nodes/{index}", f"the active trigger is {old_trigger.key}; deactivate the flow first")],
    )


def _unsubscribe(*, flow: Flow) -> None:
    """Remove the vendor's webhook registration; a vendor that is unreachable is logged, not fatal."""
    from backend.credentials.services import credential_resolve

    found = _vendor_trigger(flow.current_version.document) if flow.current_version else None
    if found is None or not flow.webhook_subscription:
        return
    _, node, trigger = found
    try:
        trigger.unsubscribe(credential_resolve(credential_id=node["credential"]), flow.webhook_subscription)
    except (BlockError, ApplicationError):
        logger.warning("flow %s: could not remove its %s webhook subscription", flow.pk, trigger.connector)


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def flow_deactivate(*, flow: Flow) -> Flow:
    from backend.triggers.polling import poll_disarm  # triggers depends on flows, not back
    from backend.triggers.schedules import schedule_disarm

    if flow.active:
        _unsubscribe(flow=flow)
    Flow.objects.filter(pk=flow.pk).update(active=False, webhook_subscription=None)
    schedule_disarm(flow=flow)
    poll_disarm(flow=flow)
    flow.refresh_from_db()
    return flow


def flow_webhook_token_rotate(*, flow: Flow) -> Flow:
    """A new webhook URL; the old one answers 404 from now on."""
    Flow.objects.filter(pk=flow.pk).update(webhook_token=new_webhook_token())
    flow.refresh_from_db()
    return flow


def flow_delete(*, flow: Flow) -> None:
    """Delete the flow; an active one is first unsubscribed from its vendor's webhooks, as
    deactivation does (a vendor that cannot be reached is logged, and the flow deleted anyway)."""
    flow = Flow.objects.select_related("current_version").get(pk=flow.pk)  # its subscription as stored now
    if flow.active:
        _unsubscribe(flow=flow)
    flow.delete()


def flow_alerts_set(*, flow: Flow, email: str, webhook_url: str) -> Flow:
    """Where to tell someone when a run of this flow fails (once per failed run)."""
    Flow.objects.filter(pk=flow.pk).update(alert_email=email, alert_webhook_url=webhook_url)
    flow.refresh_from_db()
    return flow
