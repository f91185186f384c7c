"""A stateful loopback Shopify that executes GraphQL Admin operations against the official schema.

`POST /admin/api/2025-01/graphql.json` checks X-Shopify-Access-Token (401 with Shopify's body
otherwise), then parses, validates and executes the operation with graphql-core against the
official schema in ../shared/api-specs/shopify: a field the schema lacks is refused with HTTP 200
and `errors[]`, as Shopify does, and answers carry only the selected fields, typed by the
schema. Every answer has `extensions.cost` from a cost bucket (2,000 points, 100 restored a
second); a call that does not fit is THROTTLED (HTTP 200).

Control endpoints (not Shopify's): POST /_sim/webhooks {"url", "topics"?} registers a receiver
(as webhookSubscriptionCreate does); POST /_sim/orders {"email", "items": [{"sku", "quantity"}],
"paid"?} creates an order and sends orders/create (and orders/paid); POST /_sim/products/<id>
{"title"?, "vendor"?, "product_type"?, "tags"?, "status"?} edits a product and sends products/update;
POST /_sim/inventory {"sku", "available" | "delta", "location_id"?} moves stock and sends
inventory_levels/update; POST /_sim/customers {"email"?, "first_name"?, "last_name"?, "phone"?,
"tags"?} creates a customer and sends customers/create; POST /_sim/throttle {"count"} answers the
next N calls THROTTLED; GET /_sim/state dumps the shop. Mutations send what Shopify would:
fulfillmentCreate orders/fulfilled, orderCancel orders/cancelled, orderUpdate orders/updated,
inventory changes (and restocks) inventory_levels/update, customerCreate customers/create,
customerUpdate customers/update. Webhooks are signed with the webhook secret (X-Shopify-Hmac-Sha256).
"""

from __future__ import annotations

import functools
import gzip
import json
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    build_client_schema,
    execute,
    parse,
    validate,
)

from connectors.sdk.simulation import Reply, SimRequest, Simulator
from connectors.shopify.client import API_VERSION, PATH, gid
from connectors.shopify.simulated_store import Store
from connectors.shopify.simulated_webhooks import inventory_level_json, order_json, webhook_body
from connectors.shopify.webhooks import sign

ACCESS_TOKEN = "shpat_dovetailsimulator"
WEBHOOK_SECRET = "shpss_dovetailsimulator"
SHOP_DOMAIN = "dovetail-sandbox.myshopify.com"
# Shopify's verbatim introspection result, shipped in the package (spec/SOURCE.md) so sandbox mode
# works from any checkout: 0.3 s to build, where the printed .graphql takes 3.
SCHEMA_FILE = Path(__file__).resolve().parent / "spec" / f"admin_schema_{API_VERSION}.introspection.json.gz"
MAXIMUM_AVAILABLE, RESTORE_RATE = 2000.0, 100.0  # Shopify's Standard plan
MAX_QUERY_COST = 1000  # the most one query may request
INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)"
VALIDATION_CODES = (
    ("Cannot query field", "undefinedField"),
    ("Unknown argument", "argumentNotAccepted"),
    ("Variable", "variableMismatch"),
)


@functools.cache
def admin_schema() -> GraphQLSchema:
    """The official 2025-01 Admin schema, built once per process."""
    with gzip.open(SCHEMA_FILE, "rt", encoding="utf-8") as file:
        introspection = json.load(file)
    return build_client_schema(introspection.get("data", introspection))


def requested_cost(document: DocumentNode, operation: OperationDefinitionNode, variables: dict[str, Any]) -> int:
    """Shopify's static estimate: 1 per object, a connection's children times `first` plus 2, 10 per mutation."""
    fragments = {d.name.value: d for d in document.definitions if hasattr(d, "type_condition")}

    def selection_cost(selection_set: Any) -> int:
        total = 0
        for node in selection_set.selections if selection_set else ():
            if isinstance(node, FragmentSpreadNode):
                total += selection_cost(fragments[node.name.value].selection_set)
            elif not isinstance(node, FieldNode):
                total += selection_cost(node.selection_set)
            elif node.selection_set:
                first = next((a.value for a in node.arguments if a.name.value == "first"), None)
                size = variables.get(first.name.value) if hasattr(first, "name") else getattr(first, "value", None)
                children = selection_cost(node.selection_set)
                total += 2 + int(size) * children if size else 1 + children
        return total

    base = selection_cost(operation.selection_set)
    return base + 10 * len(operation.selection_set.selections) if operation.operation.value == "mutation" else base


def _error_json(error: GraphQLError) -> dict[str, Any]:
    data = error.formatted
    code = next((c for prefix, c in VALIDATION_CODES if error.message.startswith(prefix)), None)
    if code and not (data.get("extensions") or {}).get("code"):
        data["extensions"] = {**(data.get("extensions") or {}), "code": code}
    return data


class ShopifySimulator(Simulator):
    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, access_token: str = ACCESS_TOKEN):
        super().__init__(host, port)
        self.access_token = access_token
        self.webhook_secret = WEBHOOK_SECRET
        self.store = Store(SHOP_DOMAIN)
        self.receivers: list[dict[str, Any]] = []
        self.available, self.restored_at = MAXIMUM_AVAILABLE, time.monotonic()
        self.throttle_next = 0

    def start(self) -> ShopifySimulator:
        # Build the schema off the request path, so the first call does not wait for it.
        threading.Thread(target=admin_schema, daemon=True).start()
        super().start()
        return self

    def credential(self) -> dict[str, str]:
        """A credential that works against this simulator."""
        return {
            "shop_domain": SHOP_DOMAIN,
            "access_token": self.access_token,
            "webhook_secret": self.webhook_secret,
            "base_url": self.url,
        }

    @property
    def location_id(self) -> str:
        """The shop's one location (the simulator seeds a warehouse stocking MUG-BLUE-12OZ and MUG-RED-12OZ)."""
        return next(iter(self.store.locations))

    def handle(self, request: SimRequest) -> Reply:
        if request.path.startswith("/_sim/"):
            return self._control(request)
        headers = {"X-Request-Id": str(uuid.uuid4()), "X-Shopify-API-Version": API_VERSION}
        if request.headers.get("x-shopify-access-token") != self.access_token:
            return Reply(401, {"errors": INVALID_TOKEN}, headers)
        if request.method != "POST" or request.path != PATH:
            return Reply(404, {"errors": "Not Found"}, headers)
        try:
            given = request.json()
        except ValueError:
            given = None
        if not isinstance(given, dict) or not isinstance(given.get("query"), str):
            return Reply(400, {"errors": {"query": "Required parameter missing or invalid"}}, headers)
        reply = self._graphql(given["query"], given.get("variables") or {}, given.get("operationName"))
        reply.headers.update(headers)
        self._send_events()
        return reply

    def _graphql(self, query: str, variables: dict[str, Any], operation_name: str | None) -> Reply:
        try:
            document = parse(query)
        except GraphQLError as exc:
            return Reply(200, {"errors": [_error_json(exc)]})
        schema = admin_schema()
        errors = validate(schema, document)
        if errors:
            return Reply(200, {"errors": [_error_json(e) for e in errors]})
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        named = (o for o in operations if not operation_name or (o.name and o.name.value == operation_name))
        operation = next(named, None)
        if operation is None:
            return Reply(200, {"errors": [{"message": f'No operation named "{operation_name}"'}]})
        cost = requested_cost(document, operation, variables)
        if cost > MAX_QUERY_COST:
            message = f"Query cost is {cost}, which exceeds the single query max cost limit ({MAX_QUERY_COST})."
            extensions = {"code": "MAX_COST_EXCEEDED", "cost": cost, "maxCost": MAX_QUERY_COST}
            return Reply(200, {"errors": [{"message": message, "extensions": extensions}]})
        with self.lock:
            status = self._spend(cost)
            if status is None:
                throttle = self._throttle_status()
                extensions = {"cost": {"requestedQueryCost": cost, "actualQueryCost": None, "throttleStatus": throttle}}
                body = {
                    "errors": [
                        {
                            "message": "Throttled",
                            "extensions": {
                                "code": "THROTTLED",
                                "documentation": "https://shopify.dev/api/usage/rate-limits",
                            },
                        }
                    ]
                }
                return Reply(200, {**body, "extensions": extensions})
            result = execute(
                schema, document, self.store.root(), variable_values=variables, operation_name=operation_name
            )
        body: dict[str, Any] = {}
        if result.errors:
            body["errors"] = [_error_json(e) for e in result.errors]
        body["data"] = result.data
        body["extensions"] = {"cost": {"requestedQueryCost": cost, "actualQueryCost": cost, "throttleStatus": status}}
        return Reply(200, body)

    def _throttle_status(self) -> dict[str, float]:
        now = time.monotonic()
        self.available = min(MAXIMUM_AVAILABLE, self.available + (now - self.restored_at) * RESTORE_RATE)
        self.restored_at = now
        return {
            "maximumAvailable": MAXIMUM_AVAILABLE,
            "currentlyAvailable": round(self.available),
            "restoreRate": RESTORE_RATE,
        }

    def _spend(self, cost: int) -> dict[str, float] | None:
        """Take `cost` points from the bucket and return the status after; None when the call is throttled."""
        self._throttle_status()
        if self.throttle_next > 0:
            self.throttle_next -= 1
            self.available = 0.0  # as a burst of other calls would leave it
            return None
        if cost > self.available:
            return None
        self.available -= cost
        return self._throttle_status()

    # Webhooks
    def _send_events(self) -> None:
        with self.lock:
            events, self.store.events = self.store.events, []
        for topic, key in events:
            self.send_webhook(topic, key)

    def send_webhook(self, topic: str, key: Any) -> None:
        """Send the `topic` webhook about `key` (see Store.events) to every receiver and subscription for it."""
        with self.lock:
            body = json.dumps(webhook_body(self.store, topic, key)).encode()
            targets = [r["url"] for r in self.receivers if topic in r["topics"] or "*" in r["topics"]]
            enum = topic.upper().replace("/", "_")
            targets += [s["callbackUrl"] for s in self.store.subscriptions.values() if s["topic"] == enum]
        for url in targets:
            headers = self.webhook_headers(topic, body)
            threading.Thread(target=self.deliver, args=(url, topic, body, headers), daemon=True).start()

    def webhook_headers(self, topic: str, body: bytes) -> dict[str, str]:
        """The headers Shopify sends with a webhook, signed with this shop's webhook secret."""
        return {
            "Content-Type": "application/json",
            "X-Shopify-Topic": topic,
            "X-Shopify-Hmac-Sha256": sign(body, self.webhook_secret),
            "X-Shopify-Shop-Domain": SHOP_DOMAIN,
            "X-Shopify-API-Version": API_VERSION,
            "X-Shopify-Webhook-Id": str(uuid.uuid4()),
            "X-Shopify-Event-Id": str(uuid.uuid4()),
            "X-Shopify-Triggered-At": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }

    def create_order(self, *, email: str = "ana@example.com", items: list | None = None, paid: bool = True) -> dict:
        """An order as after a checkout (one open fulfillment order); sends orders/create and orders/paid."""
        with self.lock:
            order = self.store.create_order(
                email=email, items=items or [{"sku": "MUG-BLUE-12OZ", "quantity": 2}], paid=paid
            )
            made = order_json(self.store, order["id"])
        self._send_events()
        return made

    def _changed(self, made: Any) -> Reply:
        """Answer a control call with what it made, then send the webhooks it caused."""
        self._send_events()
        return Reply(200, made)

    def _control_resources(self, request: SimRequest, given: dict[str, Any]) -> Reply | None:
        """The controls that change the shop as its admin, a POS or a storefront would, and send the webhooks."""
        with self.lock:
            if request.path.startswith("/_sim/products/") and request.method == "POST":
                product_id = gid("Product", request.path.rsplit("/", 1)[1])
                if product_id not in self.store.products:
                    return Reply(404, {"errors": "Not Found"})
                names = {"title": "title", "vendor": "vendor", "product_type": "productType", "tags": "tags"}
                changes = {names[k]: v for k, v in given.items() if k in names}
                if given.get("status"):
                    changes["status"] = given["status"].upper()
                self.store.update_product(product_id, changes)
                return self._changed(webhook_body(self.store, "products/update", product_id))
            if request.path == "/_sim/inventory" and request.method == "POST":
                location = gid("Location", given.get("location_id") or self.location_id)
                if not any(v["sku"] == given.get("sku") for v in self.store.variants.values()):
                    return Reply(404, {"errors": f"no variant has the SKU {given.get('sku')!r}"})
                key = self.store.set_available(
                    given["sku"], location_id=location, available=given.get("available"), delta=given.get("delta", 0)
                )
                return self._changed(inventory_level_json(self.store, *key))
            if request.path == "/_sim/customers" and request.method == "POST":
                names = {"first_name": "firstName", "last_name": "lastName"}
                made = self.store.root()["customerCreate"](None, {names.get(k, k): v for k, v in given.items()})
                if made["userErrors"]:
                    return Reply(422, {"errors": [e["message"] for e in made["userErrors"]]})
                return self._changed(webhook_body(self.store, "customers/create", made["customer"]["id"]))
        return None

    def _control(self, request: SimRequest) -> Reply:
        given = request.json() if request.body else {}
        if request.path == "/_sim/webhooks" and request.method == "POST":
            with self.lock:
                self.receivers.append({"url": given["url"], "topics": given.get("topics", ["*"])})
            return Reply(200, {"receivers": self.receivers})
        if request.path == "/_sim/orders" and request.method == "POST":
            return Reply(200, self.create_order(**given))
        changed = self._control_resources(request, given)
        if changed is not None:
            return changed
        if request.path == "/_sim/throttle" and request.method == "POST":
            with self.lock:
                self.throttle_next = int(given.get("count", 1))
            return Reply(200, {"throttle_next": self.throttle_next})
        if request.path == "/_sim/state":
            return Reply(200, self.state())
        return Reply(404, {"errors": "unknown simulator control"})

    def state(self) -> dict[str, Any]:
        with self.lock:
            return json.loads(json.dumps(self.store.state()))


def make_server(host: str = "127.0.0.1", port: int = 0, **kwargs: Any) -> ShopifySimulator:
    """A started Shopify simulator; `.url`, `.credential()`, `.create_order()`, `.state()`, `.stop()`."""
    return ShopifySimulator(host, port, **kwargs).start()
