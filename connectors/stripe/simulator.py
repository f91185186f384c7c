"""A stateful loopback Stripe: customers, PaymentIntents, charges, refunds, webhook endpoints.

It checks the Bearer key, decodes form bodies, honours Idempotency-Key (same key + same body
replays the first answer; a different body is refused, as Stripe does), answers Stripe's error
objects and status codes, and sends signed events to registered endpoints. Lists answer newest
first in pages of `limit` after `starting_after` (an unknown cursor is a 400 `resource_missing`),
filtered by `created` (a time or {gt, gte, lt, lte}) and by `customer` or `email` where Stripe has them.

Control endpoints (not Stripe's): POST /_sim/webhooks {"url", "events"?} registers a receiver;
POST /_sim/payments {"amount", "currency", "email"} makes a paid PaymentIntent (and its events);
POST /_sim/disputes {"payment_intent", "reason"?} opens a dispute on its charge (charge.dispute.created);
POST /_sim/rate_limit {"count"} answers the next N calls with 429; GET /_sim/state dumps the state.
"""

from __future__ import annotations

import hashlib
import json
import operator
import secrets
import string
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from connectors.sdk.simulation import Reply, SimRequest, Simulator
from connectors.stripe.client import API_VERSION
from connectors.stripe.webhooks import sign

SECRET_KEY = "sk_test_dovetailsimulator"
WEBHOOK_SECRET = "whsec_dovetailsimulator"
DECLINED_PAYMENT_METHOD = "pm_card_chargeDeclined"


def new_id(prefix: str) -> str:
    return prefix + "_" + "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(24))


def decode_form(body: bytes) -> dict[str, Any]:
    """Bracket notation back to nested dicts/lists: metadata[a]=1&items[0][x]=2."""
    return decode_pairs(parse_qsl(body.decode(), keep_blank_values=True))


def decode_pairs(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Bracket-notation pairs (a form body or a query string) back to nested dicts/lists."""
    result: dict[str, Any] = {}
    for name, value in pairs:
        keys = name.replace("]", "").split("[")
        node: Any = result
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = value
    return _lists(result)


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        if value and all(k.isdigit() for k in value):
            return [_lists(value[k]) for k in sorted(value, key=int)]
        return {k: _lists(v) for k, v in value.items()}
    return value


# Stripe's `created` filter on lists: an exact Unix time, or a range of any of these bounds.
CREATED_BOUNDS: dict[str, Callable[[int, int], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def error(status: int, message: str, *, type_: str = "invalid_request_error", code: str | None = None, param=None):
    body = {"error": {"type": type_, "message": message, "code": code, "param": param}}
    return Reply(status, {"error": {k: v for k, v in body["error"].items() if v is not None}})


def _created_range(created: Any) -> Callable[[int], bool] | Reply:
    """Stripe's `created` filter (`created=<t>` or `created[gte]=<t>&created[lt]=<t>`) as a test of a time."""
    if created is None:
        return lambda t: True
    given = created.items() if isinstance(created, dict) else [("", created)]
    tests: list[tuple[Callable[[int, int], bool], int]] = []
    for bound, value in given:
        param = f"created[{bound}]" if bound else "created"
        if bound and bound not in CREATED_BOUNDS:
            return error(400, f"Received unknown parameter: {param}", code="parameter_unknown", param=param)
        if not (isinstance(value, str) and value.isdigit()):
            return error(400, f"Invalid integer: {value}", code="parameter_invalid_integer", param=param)
        tests.append((CREATED_BOUNDS.get(bound, operator.eq), int(value)))
    return lambda t: all(test(t, value) for test, value in tests)


class StripeSimulator(Simulator):
    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, secret_key: str = SECRET_KEY):
        super().__init__(host, port)
        self.secret_key = secret_key
        self.webhook_secret = WEBHOOK_SECRET
        self.customers: dict[str, dict[str, Any]] = {}
        self.payment_intents: dict[str, dict[str, Any]] = {}
        self.charges: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.disputes: dict[str, dict[str, Any]] = {}
        self.endpoints: dict[str, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self.idempotency: dict[str, tuple[str, Reply]] = {}
        self.rate_limit_next = 0

    def credential(self) -> dict[str, str]:
        """A credential that works against this simulator."""
        return {"secret_key": self.secret_key, "webhook_secret": self.webhook_secret, "base_url": self.url}

    # Dispatch
    def handle(self, request: SimRequest) -> Reply:
        if request.path.startswith("/_sim/"):
            return self._control(request)
        reply = self._authorized(request)
        if reply is None:
            reply = self._idempotent(request)
        reply.headers.setdefault("Request-Id", new_id("req"))
        reply.headers.setdefault("Stripe-Version", request.headers.get("stripe-version", API_VERSION))
        return reply

    def _authorized(self, request: SimRequest) -> Reply | None:
        auth = request.headers.get("authorization", "")
        if auth != f"Bearer {self.secret_key}":
            shown = auth.removeprefix("Bearer ")[:8] + "*" * 4 if auth else ""
            message = f"Invalid API Key provided: {shown}" if auth else "You did not provide an API key."
            return error(401, message)
        with self.lock:
            if self.rate_limit_next > 0:
                self.rate_limit_next -= 1
                reply = error(429, "Too many requests hit the API too quickly.", code="rate_limit")
                reply.headers["Stripe-Should-Retry"] = "true"
                return reply
        return None

    def _idempotent(self, request: SimRequest) -> Reply:
        key = request.headers.get("idempotency-key")
        if request.method != "POST" or not key:
            return self._route(request)
        fingerprint = hashlib.sha256(f"{request.method} {request.path} ".encode() + request.body).hexdigest()
        with self.lock:
            seen = self.idempotency.get(key)
            if seen is None:
                reply = self._route(request)
                if reply.status < 500:
                    self.idempotency[key] = (fingerprint, reply)
                return reply
        stored_fingerprint, stored = seen
        if stored_fingerprint != fingerprint:
            return error(
                400,
                f"Keys for idempotent requests can only be used with the same parameters they were first used "
                f"with. Try using a key other than '{key}' if you meant to execute a different request.",
                type_="idempotency_error",
            )
        return Reply(stored.status, stored.body, {**stored.headers, "Idempotent-Replayed": "true"})

    def _route(self, request: SimRequest) -> Reply:
        parts = request.path.strip("/").split("/")
        params = decode_form(request.body) if request.method == "POST" else decode_pairs(request.query)
        resource, ident = parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else None
        with self.lock:
            handler = getattr(self, f"_{request.method.lower()}_{resource}", None)
            if parts[0] != "v1" or handler is None or len(parts) > 3:
                return error(404, f"Unrecognized request URL ({request.method}: {request.path}).")
            return handler(ident, params)

    # Customers
    def _post_customers(self, ident: str | None, params: dict[str, Any]) -> Reply:
        fields = ("email", "name", "phone", "description")
        if ident is None:
            customer = {"id": new_id("cus"), "object": "customer", "created": int(time.time()), "livemode": False}
            customer |= {f: params.get(f) or None for f in fields} | {"metadata": params.get("metadata") or {}}
            self.customers[customer["id"]] = customer
            self._emit("customer.created", customer)
            return Reply(200, customer)
        customer = self.customers.get(ident)
        if customer is None:
            return error(404, f"No such customer: '{ident}'", code="resource_missing", param="id")
        customer.update({f: params[f] or None for f in fields if f in params})
        customer["metadata"] = {**customer["metadata"], **(params.get("metadata") or {})}
        return Reply(200, customer)

    def _get_customers(self, ident: str | None, params: dict[str, Any]) -> Reply:
        if ident is not None:
            found = self.customers.get(ident)
            if found is None:
                return error(404, f"No such customer: '{ident}'", code="resource_missing", param="id")
            return Reply(200, found)
        return self._list("/v1/customers", self.customers.values(), params, filters=("email",))

    # PaymentIntents and charges
    def _post_payment_intents(self, ident: str | None, params: dict[str, Any]) -> Reply:
        if ident is not None:
            return error(404, f"Unrecognized request URL (POST: /v1/payment_intents/{ident}).")
        amount, currency = params.get("amount", ""), params.get("currency", "")
        if not amount.isdigit() or int(amount) < 1:
            return error(
                400, "Amount must be at least 1 unit of the currency.", code="parameter_invalid_integer", param="amount"
            )
        if len(currency) != 3:
            return error(400, "Missing required param: currency.", code="parameter_missing", param="currency")
        if params.get("customer") and params["customer"] not in self.customers:
            return error(400, f"No such customer: '{params['customer']}'", code="resource_missing", param="customer")
        intent = {
            "id": new_id("pi"),
            "object": "payment_intent",
            "amount": int(amount),
            "amount_received": 0,
            "currency": currency.lower(),
            "status": "requires_payment_method",
            "customer": params.get("customer"),
            "description": params.get("description"),
            "latest_charge": None,
            "metadata": params.get("metadata") or {},
            "created": int(time.time()),
            "livemode": False,
            "capture_method": "automatic",
            "confirmation_method": "automatic",
            "payment_method_types": ["card"],
            "payment_method": params.get("payment_method"),
            "last_payment_error": None,
            "client_secret": None,
        }
        intent["client_secret"] = f"{intent['id']}_secret_{secrets.token_hex(8)}"
        if intent["payment_method"]:
            intent["status"] = "requires_confirmation"
        self.payment_intents[intent["id"]] = intent
        if params.get("confirm") == "true":
            return self._confirm(intent)
        return Reply(200, intent)

    def _confirm(self, intent: dict[str, Any]) -> Reply:
        if not intent["payment_method"]:
            return error(
                400,
                "You cannot confirm this PaymentIntent because it's missing a payment method.",
                code="payment_intent_unexpected_state",
            )
        charge = self._charge(intent)
        if intent["payment_method"] == DECLINED_PAYMENT_METHOD:
            charge |= {"status": "failed", "paid": False, "captured": False, "amount_captured": 0}
            failure = {
                "type": "card_error",
                "code": "card_declined",
                "decline_code": "generic_decline",
                "message": "Your card was declined.",
            }
            intent |= {"status": "requires_payment_method", "last_payment_error": failure}
            self._emit("payment_intent.payment_failed", intent)
            reply = Reply(402, {"error": {**failure, "charge": charge["id"], "payment_intent": intent}})
            return reply
        intent |= {"status": "succeeded", "amount_received": intent["amount"]}
        self._emit("payment_intent.succeeded", intent)
        return Reply(200, intent)

    def _charge(self, intent: dict[str, Any]) -> dict[str, Any]:
        customer = self.customers.get(intent["customer"] or "", {})
        charge = {
            "id": new_id("ch"),
            "object": "charge",
            "amount": intent["amount"],
            "amount_captured": intent["amount"],
            "amount_refunded": 0,
            "currency": intent["currency"],
            "status": "succeeded",
            "paid": True,
            "refunded": False,
            "captured": True,
            "disputed": False,
            "customer": intent["customer"],
            "payment_intent": intent["id"],
            "metadata": dict(intent["metadata"]),
            "created": int(time.time()),
            "livemode": False,
            "billing_details": {
                "address": None,
                "email": customer.get("email"),
                "name": customer.get("name"),
                "phone": None,
            },
        }
        self.charges[charge["id"]] = charge
        intent["latest_charge"] = charge["id"]
        return charge

    def _get_payment_intents(self, ident: str | None, params: dict[str, Any]) -> Reply:
        if ident is None:
            return self._list("/v1/payment_intents", self.payment_intents.values(), params, filters=("customer",))
        found = self.payment_intents.get(ident)
        if found is None:
            return error(404, f"No such payment_intent: '{ident}'", code="resource_missing", param="intent")
        return Reply(200, found)

    def _get_charges(self, ident: str | None, params: dict[str, Any]) -> Reply:
        if ident is not None:
            found = self.charges.get(ident)
            if found is None:
                return error(404, f"No such charge: '{ident}'", code="resource_missing", param="charge")
            return Reply(200, found)
        return self._list("/v1/charges", self.charges.values(), params, filters=("customer",))

    # Refunds
    def _post_refunds(self, ident: str | None, params: dict[str, Any]) -> Reply:
        charge = self.charges.get(params.get("charge", ""))
        if params.get("payment_intent"):
            intent = self.payment_intents.get(params["payment_intent"])
            if intent is None:
                return error(
                    400,
                    f"No such payment_intent: '{params['payment_intent']}'",
                    code="resource_missing",
                    param="payment_intent",
                )
            charge = self.charges.get(intent["latest_charge"] or "")
            if charge is None or not charge["paid"]:
                return error(
                    400,
                    f"This PaymentIntent ({intent['id']}) does not have a successful charge to refund.",
                    code="charge_not_refundable",
                    param="payment_intent",
                )
        if charge is None:
            return error(
                400,
                "One of the following params should be provided for this request: payment_intent or charge.",
                code="parameter_missing",
            )
        left = charge["amount"] - charge["amount_refunded"]
        amount = int(params.get("amount") or left)
        if amount > left or amount < 1:
            return error(
                400,
                f"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})",
                code="amount_too_large",
                param="amount",
            )
        refund = {
            "id": new_id("re"),
            "object": "refund",
            "amount": amount,
            "currency": charge["currency"],
            "status": "succeeded",
            "payment_intent": charge["payment_intent"],
            "charge": charge["id"],
            "reason": params.get("reason"),
            "metadata": params.get("metadata") or {},
            "created": int(time.time()),
        }
        self.refunds[refund["id"]] = refund
        previous = {"amount_refunded": charge["amount_refunded"], "refunded": charge["refunded"]}
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount"]
        self._emit("charge.refunded", charge, previous_attributes=previous)
        return Reply(200, refund)

    def _get_refunds(self, ident: str | None, params: dict[str, Any]) -> Reply:
        found = self.refunds.get(ident or "")
        if found is None:
            return error(404, f"No such refund: '{ident}'", code="resource_missing", param="refund")
        return Reply(200, found)

    # Webhook endpoints
    def _get_webhook_endpoints(self, ident: str | None, params: dict[str, Any]) -> Reply:
        """Like Stripe, a listed or retrieved endpoint has no `secret`: it is shown only when created."""
        shown = [{k: v for k, v in e.items() if k != "secret"} for e in self.endpoints.values()]
        if ident is None:
            return self._list("/v1/webhook_endpoints", shown, params)
        found = next((e for e in shown if e["id"] == ident), None)
        missing = error(404, f"No such webhook endpoint: '{ident}'", code="resource_missing")
        return Reply(200, found) if found else missing

    def _post_webhook_endpoints(self, ident: str | None, params: dict[str, Any]) -> Reply:
        if ident is not None:  # an update: enabled_events, metadata, description, url
            endpoint = self.endpoints.get(ident)
            if endpoint is None:
                return error(404, f"No such webhook endpoint: '{ident}'", code="resource_missing")
            endpoint |= {k: params[k] for k in ("enabled_events", "description", "url") if k in params}
            endpoint["metadata"] = {**endpoint["metadata"], **(params.get("metadata") or {})}
            return Reply(200, {k: v for k, v in endpoint.items() if k != "secret"})
        if not params.get("url") or not params.get("enabled_events"):
            return error(400, "Missing required param: url or enabled_events.", code="parameter_missing")
        endpoint = {
            "id": new_id("we"),
            "object": "webhook_endpoint",
            "url": params["url"],
            "api_version": API_VERSION,
            "enabled_events": params["enabled_events"],
            "status": "enabled",
            "created": int(time.time()),
            "livemode": False,
            "metadata": params.get("metadata") or {},
            # Each endpoint signs with its own secret, as on Stripe: the flow keeps the one it got.
            "secret": "whsec_" + secrets.token_hex(16),
            "description": None,
            "application": None,
        }
        self.endpoints[endpoint["id"]] = endpoint
        return Reply(200, endpoint)

    def _delete_webhook_endpoints(self, ident: str | None, params: dict[str, Any]) -> Reply:
        if self.endpoints.pop(ident or "", None) is None:
            return error(404, f"No such webhook endpoint: '{ident}'", code="resource_missing")
        return Reply(200, {"id": ident, "object": "webhook_endpoint", "deleted": True})

    # Helpers
    def _list(
        self, url: str, items: Iterable[dict[str, Any]], params: dict[str, Any], *, filters: tuple[str, ...] = ()
    ) -> Reply:
        """A page of a Stripe list: newest first, after `starting_after`, equal on `filters`, within `created`."""

        def position(item: dict[str, Any]) -> tuple[int, str]:
            return item["created"], item["id"]

        items = list(items)
        if after := params.get("starting_after"):
            # The cursor is a place in the whole list, so it may be an object the filters leave out;
            # one that does not exist is refused, as Stripe does.
            cursor = next((item for item in items if item["id"] == after), None)
            if cursor is None:
                noun = url.rsplit("/", 1)[-1].removesuffix("s")
                return error(400, f"No such {noun}: '{after}'", code="resource_missing", param="starting_after")
            items = [item for item in items if position(item) < position(cursor)]
        within = _created_range(params.get("created"))
        if isinstance(within, Reply):
            return within
        items = [
            i for i in items if within(i["created"]) and all(i.get(f) == params[f] for f in filters if f in params)
        ]
        items.sort(key=position, reverse=True)
        limit = int(params.get("limit") or 10)
        return Reply(200, {"object": "list", "url": url, "has_more": len(items) > limit, "data": items[:limit]})

    def _emit(self, event_type: str, obj: dict[str, Any], **extra: Any) -> None:
        event = {
            "id": new_id("evt"),
            "object": "event",
            "api_version": API_VERSION,
            "created": int(time.time()),
            "livemode": False,
            "pending_webhooks": 0,
            "type": event_type,
            "request": {"id": None, "idempotency_key": None},
            "data": {"object": json.loads(json.dumps(obj)), **extra},
        }
        self.events.append(event)
        targets = [
            e for e in self.endpoints.values() if event_type in e["enabled_events"] or "*" in e["enabled_events"]
        ]
        event["pending_webhooks"] = len(targets)
        for endpoint in targets:
            body = json.dumps(event).encode()
            headers = {
                "Content-Type": "application/json; charset=utf-8",
                "Stripe-Signature": sign(body, endpoint["secret"]),
                "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            }
            threading.Thread(
                target=self.deliver, args=(endpoint["url"], event_type, body, headers), daemon=True
            ).start()

    def _control(self, request: SimRequest) -> Reply:
        with self.lock:
            given = request.json() if request.body else {}
            if request.path == "/_sim/webhooks" and request.method == "POST":
                params = {"url": given["url"], "enabled_events": given.get("events", ["*"])}
                return self._post_webhook_endpoints(None, params)
            if request.path == "/_sim/rate_limit" and request.method == "POST":
                self.rate_limit_next = int(given.get("count", 1))
                return Reply(200, {"rate_limit_next": self.rate_limit_next})
            if request.path == "/_sim/payments" and request.method == "POST":
                return Reply(200, self.make_payment(**given))
            if request.path == "/_sim/disputes" and request.method == "POST":
                return Reply(200, self.open_dispute(**given))
            if request.path == "/_sim/state":
                return Reply(200, self.state())
        return Reply(404, {"error": {"type": "invalid_request_error", "message": "unknown simulator control"}})

    def make_payment(self, *, amount: int = 5900, currency: str = "usd", email: str = "ana@example.com") -> dict:
        """A customer with a paid PaymentIntent (and its charge), as after a real checkout."""
        with self.lock:
            customer = self._post_customers(None, {"email": email, "name": email.split("@")[0].title()}).body
            params = {
                "amount": str(amount),
                "currency": currency,
                "customer": customer["id"],
                "payment_method": "pm_card_visa",
                "confirm": "true",
            }
            return self._post_payment_intents(None, params).body

    def open_dispute(self, *, payment_intent: str, reason: str = "fraudulent") -> dict:
        """The customer's bank disputes the PaymentIntent's charge: a Dispute, and charge.dispute.created."""
        with self.lock:
            charge = self.charges[self.payment_intents[payment_intent]["latest_charge"]]
            charge["disputed"] = True
            created = int(time.time())
            dispute = {
                "id": new_id("dp"),
                "object": "dispute",
                "amount": charge["amount"],
                "currency": charge["currency"],
                "charge": charge["id"],
                "payment_intent": payment_intent,
                "reason": reason,
                "status": "needs_response",
                "is_charge_refundable": False,
                # A dispute has metadata of its own (empty): the charge's is not copied onto it.
                "metadata": {},
                "evidence": {"customer_email_address": charge["billing_details"]["email"], "uncategorized_text": None},
                "evidence_details": {
                    "due_by": created + 7 * 86400,
                    "has_evidence": False,
                    "past_due": False,
                    "submission_count": 0,
                },
                "balance_transactions": [],
                "created": created,
                "livemode": False,
            }
            self.disputes[dispute["id"]] = dispute
            self._emit("charge.dispute.created", dispute)
            return dispute

    def state(self) -> dict[str, Any]:
        with self.lock:
            return json.loads(
                json.dumps(
                    {
                        "customers": self.customers,
                        "payment_intents": self.payment_intents,
                        "charges": self.charges,
                        "refunds": self.refunds,
                        "disputes": self.disputes,
                        "webhook_endpoints": self.endpoints,
                        "events": [e["type"] for e in self.events],
                    }
                )
            )


def make_server(host: str = "127.0.0.1", port: int = 0, **kwargs: Any) -> StripeSimulator:
    """A started Stripe simulator; `.url`, `.credential()`, `.stop()`."""
    return StripeSimulator(host, port, **kwargs).start()
