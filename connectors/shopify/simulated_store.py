"""The shop behind the Shopify simulator: in-memory orders, stock and customers, and their GraphQL resolvers.

`Store.root()` is the root value graphql-core executes operations against: each root field
(query or mutation) is a callable, and each object is a dict in the schema's own shape (camelCase
fields, `gid://shopify/…` ids, `__typename` where an interface needs it), so the executor picks
the selected fields and checks their types against the official schema.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from connectors.shopify.simulated_inventory import inventory_adjust, inventory_set
from connectors.shopify.simulated_refunds import cancel_refund, refund_create, transaction_view
from connectors.shopify.simulated_search import time_matches, webhook_subscriptions
from connectors.shopify.simulated_shapes import connection, money_bag, now, search_terms, user_error


class Store:
    """One shop's data; callers hold the simulator's lock around every call."""

    def __init__(self, shop_domain: str):
        self.shop_domain = shop_domain
        self._next = 1000
        self.locations: dict[str, dict[str, Any]] = {}
        self.products: dict[str, dict[str, Any]] = {}
        self.variants: dict[str, dict[str, Any]] = {}
        self.levels: dict[tuple[str, str], dict[str, int]] = {}  # (item gid, location gid) -> quantities
        self.orders: dict[str, dict[str, Any]] = {}
        self.fulfillment_orders: dict[str, dict[str, Any]] = {}
        self.fulfillments: dict[str, dict[str, Any]] = {}
        self.customers: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.adjustments: list[dict[str, Any]] = []
        self.subscriptions: dict[str, dict[str, Any]] = {}  # webhookSubscriptionCreate
        # (webhook topic, what changed: an order, product or customer gid, or (item, location) for a level),
        # for the simulator to send once the call that made them is answered
        self.events: list[tuple[str, Any]] = []
        location = self.add_location("Main warehouse")
        self.add_variant("Blue mug", "12 oz", "MUG-BLUE-12OZ", "25.00", {location: 10})
        self.add_variant("Red mug", "12 oz", "MUG-RED-12OZ", "25.00", {location: 4})

    def new_gid(self, kind: str) -> str:
        self._next += 1
        return f"gid://shopify/{kind}/{self._next}"

    # Seeding (also used by the control endpoints)
    def add_location(self, name: str) -> str:
        location_id = self.new_gid("Location")
        self.locations[location_id] = {"id": location_id, "name": name, "isActive": True}
        return location_id

    def add_product(self, title: str, *, vendor: str = "Dovetail Ceramics", product_type: str = "Mugs") -> dict:
        made = now()
        product = {"id": self.new_gid("Product"), "title": title, "vendor": vendor, "productType": product_type}
        product |= {"handle": title.lower().replace(" ", "-"), "status": "ACTIVE", "tags": [], "descriptionHtml": ""}
        product |= {"createdAt": made, "updatedAt": made}
        self.products[product["id"]] = product
        return product

    def add_variant(self, product: str, title: str, sku: str, price: str, stock: dict[str, int]) -> dict[str, Any]:
        """A variant of the product titled `product` (made when new), stocked at the given locations."""
        owner = next((p for p in self.products.values() if p["title"] == product), None) or self.add_product(product)
        position = 1 + sum(1 for v in self.variants.values() if v["product"] is owner)
        variant = {
            "id": self.new_gid("ProductVariant"),
            "sku": sku,
            "title": title,
            "price": price,
            "position": position,
            "createdAt": owner["createdAt"],
            "product": owner,  # the product itself, so a product update shows through its variants
            "item_id": self.new_gid("InventoryItem"),
        }
        self.variants[variant["id"]] = variant
        for location_id, available in stock.items():
            self.levels[(variant["item_id"], location_id)] = {"available": available, "on_hand": available}
        return variant

    def update_product(self, product_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        """Change a product as the admin would (title, vendor, productType, tags, status); sends products/update."""
        product = self.products[product_id]
        product |= {k: v for k, v in changes.items() if k in ("title", "vendor", "productType", "tags", "status")}
        product["updatedAt"] = now()
        self.events.append(("products/update", product_id))
        return product

    def set_available(self, sku: str, *, location_id: str, available: int | None = None, delta: int = 0) -> tuple:
        """Set or move `available` of a SKU at a location (as a POS or another app would); sends the level update."""
        item_id = next(v["item_id"] for v in self.variants.values() if v["sku"] == sku)
        level = self.levels.setdefault((item_id, location_id), {"available": 0, "on_hand": 0})
        change = (available - level["available"]) if available is not None else delta
        level["available"] += change
        level["on_hand"] += change
        self.events.append(("inventory_levels/update", (item_id, location_id)))
        return item_id, location_id

    def create_order(self, *, email: str, items: list[dict[str, Any]], paid: bool = True) -> dict[str, Any]:
        """An order for `items` ([{"sku", "quantity"}]) with one open fulfillment order, as a checkout makes."""
        by_sku = {v["sku"]: v for v in self.variants.values()}
        number = 1001 + len(self.orders)
        order_id = self.new_gid("Order")
        lines = []
        for item in items:
            variant = by_sku[item["sku"]]
            line = {
                "id": self.new_gid("LineItem"),
                "variant_id": variant["id"],
                "quantity": int(item.get("quantity", 1)),
            }
            lines.append(line)
        customer = next((c for c in self.customers.values() if c["email"] == email), None)
        if customer is None:
            customer = self._new_customer({"email": email, "firstName": email.split("@")[0].title()})
        order = {
            "id": order_id,
            "number": number,
            "name": f"#{number}",
            "email": email,
            "created_at": now(),
            "updated_at": now(),
            "cancelled_at": None,
            "cancel_reason": None,
            "financial": "PAID" if paid else "PENDING",
            "tags": [],
            "note": None,
            "customer_id": customer["id"],
            "lines": lines,
            "transactions": [],
        }
        self.orders[order_id] = order
        if paid:  # a checkout paid by card: one successful sale, which refunds are paid back from
            sale = {"id": self.new_gid("OrderTransaction"), "kind": "SALE", "status": "SUCCESS", "gateway": "bogus"}
            order["transactions"].append(sale | {"amount": self._total(order), "parent_id": None, "createdAt": now()})
        location_id = next(iter(self.locations))
        fo_id = self.new_gid("FulfillmentOrder")
        self.fulfillment_orders[fo_id] = {
            "id": fo_id,
            "order_id": order_id,
            "status": "OPEN",
            "location_id": location_id,
        }
        self.events.append(("orders/create", order_id))
        if paid:
            self.events.append(("orders/paid", order_id))
        return order

    # Views: the schema's shapes
    def variant_view(self, variant: dict[str, Any]) -> dict[str, Any]:
        total = sum(q["available"] for (item, _), q in self.levels.items() if item == variant["item_id"])
        return {
            "__typename": "ProductVariant",
            "id": variant["id"],
            "sku": variant["sku"],
            "title": variant["title"],
            "displayName": f"{variant['product']['title']} - {variant['title']}",
            "price": variant["price"],
            "position": variant["position"],
            "createdAt": variant["createdAt"],
            "updatedAt": variant["product"]["updatedAt"],
            "inventoryQuantity": total,
            "product": {"__typename": "Product", **variant["product"]},
            "inventoryItem": {
                "__typename": "InventoryItem",
                "id": variant["item_id"],
                "tracked": True,
                "sku": variant["sku"],
            },
        }

    def product_view(self, product: dict[str, Any]) -> dict[str, Any]:
        variants = [self.variant_view(v) for v in self.variants.values() if v["product"] is product]
        return {
            "__typename": "Product",
            **product,
            "legacyResourceId": product["id"].rsplit("/", 1)[1],
            "totalInventory": sum(v["inventoryQuantity"] for v in variants),
            "variants": lambda info, **args: connection(variants, **args),
        }

    def _total(self, order: dict[str, Any]) -> str:
        prices = (Decimal(self.variants[line["variant_id"]]["price"]) * line["quantity"] for line in order["lines"])
        return str(sum(prices, Decimal("0")))

    def _fulfillment_status(self, order: dict[str, Any]) -> str:
        statuses = [fo["status"] for fo in self.fulfillment_orders.values() if fo["order_id"] == order["id"]]
        done = [s for s in statuses if s == "CLOSED"]
        if order["cancelled_at"] or not done:
            return "UNFULFILLED"
        return "FULFILLED" if len(done) == len(statuses) else "PARTIALLY_FULFILLED"

    def order_view(self, order: dict[str, Any]) -> dict[str, Any]:
        customer = self.customers.get(order["customer_id"] or "")
        money = {"amount": self._total(order), "currencyCode": "USD"}
        lines = [
            {
                "__typename": "LineItem",
                "id": line["id"],
                "sku": self.variants[line["variant_id"]]["sku"],
                "title": self.variants[line["variant_id"]]["product"]["title"],
                "quantity": line["quantity"],
                "discountedUnitPriceSet": money_bag(self.variants[line["variant_id"]]["price"]),
            }
            for line in order["lines"]
        ]
        transactions = [transaction_view(order, t) for t in order["transactions"]]
        refunded = sum((Decimal(t["amount"]) for t in order["transactions"] if t["kind"] == "REFUND"), Decimal(0))
        fulfillment_orders = [
            {"__typename": "FulfillmentOrder", "id": fo["id"], "status": fo["status"], "orderId": order["id"]}
            for fo in self.fulfillment_orders.values()
            if fo["order_id"] == order["id"]
        ]
        fulfillments = [self.fulfillment_view(f) for f in self.fulfillments.values() if f["order_id"] == order["id"]]
        return {
            "__typename": "Order",
            "id": order["id"],
            "legacyResourceId": order["id"].rsplit("/", 1)[1],
            "name": order["name"],
            "email": order["email"],
            "createdAt": order["created_at"],
            "updatedAt": order["updated_at"],
            "cancelledAt": order["cancelled_at"],
            "cancelReason": order["cancel_reason"],
            "displayFinancialStatus": order["financial"],
            "displayFulfillmentStatus": self._fulfillment_status(order),
            "tags": sorted(order["tags"]),
            "note": order["note"],
            "currencyCode": "USD",
            "totalPriceSet": {"shopMoney": money, "presentmentMoney": money},
            "customer": customer and {"__typename": "Customer", **customer},
            "lineItems": lambda info, **args: connection(lines, **args),
            "fulfillmentOrders": lambda info, **args: connection(fulfillment_orders, **args),
            "fulfillments": lambda info, first=None: fulfillments[:first],
            "transactions": lambda info, first=None, **_: transactions[:first],
            "totalRefundedSet": money_bag(refunded),
        }

    def fulfillment_view(self, fulfillment: dict[str, Any]) -> dict[str, Any]:
        return {"__typename": "Fulfillment", **{k: v for k, v in fulfillment.items() if k != "order_id"}}

    # Root fields
    def root(self) -> dict[str, Any]:
        return {
            "shop": {"name": "Dovetail sandbox", "myshopifyDomain": self.shop_domain},
            "order": lambda info, id: (o := self.orders.get(id)) and self.order_view(o),
            "product": lambda info, id: (p := self.products.get(id)) and self.product_view(p),
            "productVariant": lambda info, id: (v := self.variants.get(id)) and self.variant_view(v),
            "orders": self._orders,
            "productVariants": self._product_variants,
            "locations": lambda info, **a: connection(
                [{"__typename": "Location", **x} for x in self.locations.values()], **a
            ),
            "tagsAdd": self._tags_add,
            "orderUpdate": lambda info, input: self._order_update(input),
            "refundCreate": lambda info, input: refund_create(self, input),
            "fulfillmentCreate": self._fulfillment_create,
            "inventorySetQuantities": lambda info, input: inventory_set(self, input),
            "inventoryAdjustQuantities": lambda info, input: inventory_adjust(self, input),
            "orderCancel": self._order_cancel,
            "customerCreate": lambda info, input: self._customer_create(input),
            "customerUpdate": lambda info, input: self._customer_update(input),
            "webhookSubscriptions": lambda info, **a: connection(webhook_subscriptions(self.subscriptions, **a)),
            "webhookSubscriptionCreate": self._subscription_create,
            "webhookSubscriptionDelete": self._subscription_delete,
        }

    def _orders(self, info: Any, query: str | None = None, sortKey: str = "ID", reverse: bool = False, **page: Any):
        orders = [self.order_view(o) for o in self.orders.values()]
        for key, value in search_terms(query):
            field = {"financial_status": "displayFinancialStatus", "fulfillment_status": "displayFulfillmentStatus"}
            if key in field:
                orders = [o for o in orders if (o[field[key]] or "").lower() == value.lower()]
            elif key == "email":
                orders = [o for o in orders if (o["email"] or "").lower() == value.lower()]
            elif key == "tag":
                orders = [o for o in orders if value in o["tags"]]
            elif key == "name":
                orders = [o for o in orders if o["name"] in (value, f"#{value}")]
            elif key in ("created_at", "updated_at"):  # `updated_at:>='2026-11-27T04:25:05Z'` (polling)
                field_name = "createdAt" if key == "created_at" else "updatedAt"
                orders = [o for o in orders if time_matches(o[field_name], value)]
        sort = {"CREATED_AT": "createdAt", "UPDATED_AT": "updatedAt", "PROCESSED_AT": "createdAt"}.get(sortKey, "id")
        orders.sort(key=lambda o: (o[sort], int(o["legacyResourceId"])), reverse=reverse)
        return connection(orders, **page)

    def _product_variants(self, info: Any, query: str | None = None, **page: Any):
        variants = list(self.variants.values())
        for key, value in search_terms(query):
            if key == "sku":
                variants = [v for v in variants if (v["sku"] or "").lower() == value.lower()]
        return connection([self.variant_view(v) for v in variants], **page)

    # Mutations
    def _tags_add(self, info: Any, id: str, tags: list[str]) -> dict[str, Any]:
        order = self.orders.get(id)
        if order is None:
            return {"node": None, "userErrors": [user_error(["id"], "Order does not exist")]}
        order["tags"] = sorted(set(order["tags"]) | {t.strip() for t in tags if t.strip()})
        order["updated_at"] = now()
        return {"node": self.order_view(order), "userErrors": []}

    def _order_update(self, input: dict[str, Any]) -> dict[str, Any]:
        order = self.orders.get(input["id"])
        if order is None:
            return {"order": None, "userErrors": [user_error(["id"], "Order does not exist")]}
        if "note" in input:
            order["note"] = input["note"]
        if input.get("tags") is not None:
            order["tags"] = sorted({t.strip() for t in input["tags"] if t.strip()})
        order["updated_at"] = now()
        self.events.append(("orders/updated", order["id"]))
        return {"order": self.order_view(order), "userErrors": []}

    def _fulfillment_create(self, info: Any, fulfillment: dict[str, Any], message: str | None = None):
        groups = fulfillment["lineItemsByFulfillmentOrder"]
        found = [self.fulfillment_orders.get(g["fulfillmentOrderId"]) for g in groups]
        for i, fo in enumerate(found):
            if fo is None:
                field = ["fulfillment", "lineItemsByFulfillmentOrder", str(i), "fulfillmentOrderId"]
                return {"fulfillment": None, "userErrors": [user_error(field, "Fulfillment order does not exist.")]}
            if fo["status"] not in ("OPEN", "IN_PROGRESS"):
                number, status = fo["id"].rsplit("/", 1)[1], fo["status"].lower()
                message = f"Fulfillment order {number} has an unfulfillable status= {status}."
                return {"fulfillment": None, "userErrors": [user_error(["fulfillment"], message)]}
        if len({fo["order_id"] for fo in found}) != 1:
            message = "All fulfillment orders must belong to the same order."
            return {"fulfillment": None, "userErrors": [user_error(["fulfillment"], message)]}
        order = self.orders[found[0]["order_id"]]
        tracking = fulfillment.get("trackingInfo") or {}
        numbers = tracking.get("numbers") or ([tracking["number"]] if tracking.get("number") else [])
        count = sum(1 for f in self.fulfillments.values() if f["order_id"] == order["id"])
        record = {
            "id": self.new_gid("Fulfillment"),
            "order_id": order["id"],
            "name": f"{order['name']}-F{count + 1}",
            "status": "SUCCESS",
            "createdAt": now(),
            "totalQuantity": sum(line["quantity"] for line in order["lines"]),
            "trackingInfo": [
                {"number": n, "company": tracking.get("company"), "url": tracking.get("url")} for n in numbers
            ],
            "notifyCustomer": bool(fulfillment.get("notifyCustomer")),
        }
        self.fulfillments[record["id"]] = record
        for fo in found:
            fo["status"] = "CLOSED"
        if self._fulfillment_status(order) == "FULFILLED":
            self.events.append(("orders/fulfilled", order["id"]))
        return {"fulfillment": self.fulfillment_view(record), "userErrors": []}

    def _order_cancel(self, info: Any, orderId: str, reason: str, refund: bool, restock: bool, **options: Any):
        order = self.orders.get(orderId)
        if order is None:
            error = user_error(["orderId"], "Order does not exist", "NOT_FOUND")
            return {"job": None, "orderCancelUserErrors": [error], "userErrors": [error]}
        if order["cancelled_at"]:
            error = user_error(["orderId"], "Cannot cancel an order that has already been cancelled", "INVALID")
            return {"job": None, "orderCancelUserErrors": [error], "userErrors": [error]}
        order |= {"cancelled_at": now(), "cancel_reason": reason, "updated_at": now()}
        if refund:
            cancel_refund(self, order)
        for fo in self.fulfillment_orders.values():
            if fo["order_id"] == orderId and fo["status"] in ("OPEN", "IN_PROGRESS"):
                fo["status"] = "CLOSED"
                if restock:
                    for line in order["lines"]:
                        level = self.levels.get((self.variants[line["variant_id"]]["item_id"], fo["location_id"]))
                        if level is not None:
                            level["available"] += line["quantity"]
                            level["on_hand"] += line["quantity"]
                            item_id = self.variants[line["variant_id"]]["item_id"]
                            self.events.append(("inventory_levels/update", (item_id, fo["location_id"])))
        self.events.append(("orders/cancelled", orderId))
        job = {"__typename": "Job", "id": self.new_gid("Job"), "done": True}
        return {"job": job, "orderCancelUserErrors": [], "userErrors": []}

    def _customer_create(self, input: dict[str, Any]) -> dict[str, Any]:
        if not any(input.get(k) for k in ("email", "phone", "firstName", "lastName")):
            message = "A name, phone number, or email address must be present"
            return {"customer": None, "userErrors": [user_error(None, message)]}
        for key, label in (("email", "Email"), ("phone", "Phone")):
            if input.get(key) and any(c[key] == input[key] for c in self.customers.values()):
                return {"customer": None, "userErrors": [user_error([key], f"{label} has already been taken")]}
        customer = self._new_customer(input)
        self.events.append(("customers/create", customer["id"]))
        return {"customer": {"__typename": "Customer", **customer}, "userErrors": []}

    def _customer_update(self, input: dict[str, Any]) -> dict[str, Any]:
        customer = self.customers.get(input["id"])
        if customer is None:
            return {"customer": None, "userErrors": [user_error(["id"], "Customer does not exist")]}
        for key, label in (("email", "Email"), ("phone", "Phone")):
            others = (c for c in self.customers.values() if c is not customer)
            if input.get(key) and any(c[key] == input[key] for c in others):
                return {"customer": None, "userErrors": [user_error([key], f"{label} has already been taken")]}
        fields = ("email", "firstName", "lastName", "phone", "note")
        customer |= {k: input[k] for k in fields if k in input}
        if input.get("tags") is not None:
            customer["tags"] = sorted(input["tags"])
        customer["updatedAt"] = now()
        self.events.append(("customers/update", customer["id"]))
        return {"customer": {"__typename": "Customer", **customer}, "userErrors": []}

    def _new_customer(self, input: dict[str, Any]) -> dict[str, Any]:
        customer = {
            "id": self.new_gid("Customer"),
            "email": input.get("email"),
            "firstName": input.get("firstName"),
            "lastName": input.get("lastName"),
            "phone": input.get("phone"),
            "tags": sorted(input.get("tags") or []),
            "note": input.get("note"),
            "createdAt": now(),
            "updatedAt": now(),
        }
        self.customers[customer["id"]] = customer
        return customer

    def _subscription_create(self, info: Any, topic: str, webhookSubscription: dict[str, Any]) -> dict[str, Any]:
        url = webhookSubscription.get("callbackUrl")
        if not url:
            return {"webhookSubscription": None, "userErrors": [user_error(["callbackUrl"], "Address can't be blank")]}
        if any(s["topic"] == topic and s["callbackUrl"] == url for s in self.subscriptions.values()):
            error = user_error(["address"], "Address for this topic has already been taken")
            return {"webhookSubscription": None, "userErrors": [error]}
        subscription = {"__typename": "WebhookSubscription", "id": self.new_gid("WebhookSubscription")}
        subscription |= {"topic": topic, "callbackUrl": url, "format": webhookSubscription.get("format") or "JSON"}
        self.subscriptions[subscription["id"]] = subscription
        return {"webhookSubscription": subscription, "userErrors": []}

    def _subscription_delete(self, info: Any, id: str) -> dict[str, Any]:
        if self.subscriptions.pop(id, None) is None:
            error = user_error(["id"], "Webhook subscription does not exist")
            return {"deletedWebhookSubscriptionId": None, "userErrors": [error]}
        return {"deletedWebhookSubscriptionId": id, "userErrors": []}

    def state(self) -> dict[str, Any]:
        """Plain JSON of everything, for tests and GET /_sim/state."""
        levels = []
        for (item_id, location_id), quantities in self.levels.items():
            sku = next(v["sku"] for v in self.variants.values() if v["item_id"] == item_id)
            levels.append({"sku": sku, "inventory_item_id": item_id, "location_id": location_id, **quantities})
        return {
            "shop_domain": self.shop_domain,
            "locations": list(self.locations.values()),
            "variants": [self.variant_view(v) for v in self.variants.values()],
            "inventory_levels": levels,
            "orders": {k: {**v, "lines": list(v["lines"])} for k, v in self.orders.items()},
            "fulfillment_orders": list(self.fulfillment_orders.values()),
            "fulfillments": list(self.fulfillments.values()),
            "customers": list(self.customers.values()),
            "products": list(self.products.values()),
            "refunds": list(self.refunds.values()),
            "adjustments": self.adjustments,
            "webhook_subscriptions": [
                {k: v for k, v in x.items() if k != "__typename"} for x in self.subscriptions.values()
            ],
        }
