"""Tiny flow documents for tests: a flow test is a small flow document."""

from __future__ import annotations

from typing import Any


def webhook_transform_http(url: str, *, name: str = "Order to ERP") -> dict[str, Any]:
    """webhook → transform (map the order) → HTTP POST of the mapped order to `url`."""
    return {
        "schema": 1,
        "name": name,
        "nodes": [
            {"id": "order", "block": "core.webhook", "config": {}},
            {
                "id": "map",
                "block": "core.transform",
                "config": {
                    "expression": '{"order_number": trigger.body.order_number, '
                    '"email": trigger.body.email, "skus": trigger.body.line_items.sku}'
                },
            },
            {
                "id": "post",
                "block": "core.http_request",
                "config": {"method": "POST", "url": url + "/orders", "body": "{{ steps.map }}"},
            },
        ],
        "edges": [{"from": "order", "to": "map"}, {"from": "map", "to": "post"}],
    }


ORDER = {
    "order_number": 1001,
    "email": "ana@example.com",
    "line_items": [{"sku": "SHIRT-M-BLUE", "quantity": 2}, {"sku": "SOCK-L", "quantity": 1}],
}
