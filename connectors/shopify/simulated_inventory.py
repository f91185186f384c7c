"""Inventory in the simulated shop: inventorySetQuantities and inventoryAdjustQuantities, as Shopify checks them.

Levels are (inventory item, location) -> {available, on_hand}. Each mutation validates every
quantity first (unknown item or location, not stocked there, a stale compareQuantity) and then
changes all or nothing, records an adjustment group, and queues inventory_levels/update for each
level that moved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from connectors.shopify.simulated_shapes import now, user_error

if TYPE_CHECKING:
    from connectors.shopify.simulated_store import Store

SET_REASONS = frozenset({"correction", "cycle_count_available", "damaged", "movement_created", "received", "restock"})


def _quantity_target(store: Store, item_id: str, location_id: str, field: list[str]) -> tuple[dict | None, dict | None]:
    """The level for (item, location), or the user error that says which id is wrong."""
    if not any(v["item_id"] == item_id for v in store.variants.values()):
        return None, user_error(
            [*field, "inventoryItemId"],
            "The specified inventory item could not be found.",
            "INVALID_INVENTORY_ITEM",
        )
    if location_id not in store.locations:
        return None, user_error(
            [*field, "locationId"], "The specified location could not be found.", "INVALID_LOCATION"
        )
    level = store.levels.get((item_id, location_id))
    if level is None:
        message = "The specified inventory item is not stocked at the location."
        return None, user_error([*field, "locationId"], message, "ITEM_NOT_STOCKED_AT_LOCATION")
    return level, None


def _adjustment(store: Store, reason: str, changes: list[dict[str, Any]]) -> dict[str, Any]:
    group = {"__typename": "InventoryAdjustmentGroup", "id": store.new_gid("InventoryAdjustmentGroup")}
    group |= {"createdAt": now(), "reason": reason, "changes": changes}
    store.adjustments.append(group)
    return group


def _change(store: Store, name: str, delta: int, after: int, item_id: str, location_id: str) -> dict[str, Any]:
    item = {"__typename": "InventoryItem", "id": item_id}
    location = {"__typename": "Location", "id": location_id, "name": store.locations[location_id]["name"]}
    return {"name": name, "delta": delta, "quantityAfterChange": after, "item": item, "location": location}


def inventory_set(store: Store, input: dict[str, Any]) -> dict[str, Any]:
    errors, changes, planned = _check_quantity_input(store, input, "quantities")
    for i, q in enumerate(input["quantities"]):
        level = planned[i]
        if level is None:
            continue
        if not input.get("ignoreCompareQuantity") and q.get("compareQuantity") is None:
            message = "The compareQuantity argument must be given to each quantity or ignored using "
            message += "ignoreCompareQuantity."
            errors.append(
                user_error(["input", "quantities", str(i), "compareQuantity"], message, "COMPARE_QUANTITY_REQUIRED")
            )
        elif not input.get("ignoreCompareQuantity") and q["compareQuantity"] != level[input["name"]]:
            message = "The compareQuantity value does not match persisted value."
            errors.append(
                user_error(["input", "quantities", str(i), "compareQuantity"], message, "COMPARE_QUANTITY_STALE")
            )
    if errors:
        return {"inventoryAdjustmentGroup": None, "userErrors": errors}
    for i, q in enumerate(input["quantities"]):
        level, delta = planned[i], q["quantity"] - planned[i][input["name"]]
        if delta:
            level["available"] += delta
            level["on_hand"] += delta
            changes.append(
                _change(store, "available", delta, level["available"], q["inventoryItemId"], q["locationId"])
            )
            changes.append(_change(store, "on_hand", delta, level["on_hand"], q["inventoryItemId"], q["locationId"]))
    _level_events(store, changes)
    # Nothing moved (the level already had the value): Shopify records no adjustment group.
    group = _adjustment(store, input["reason"], changes) if changes else None
    return {"inventoryAdjustmentGroup": group, "userErrors": []}


def inventory_adjust(store: Store, input: dict[str, Any]) -> dict[str, Any]:
    errors, changes, planned = _check_quantity_input(store, input, "changes")
    if errors:
        return {"inventoryAdjustmentGroup": None, "userErrors": errors}
    for i, change in enumerate(input["changes"]):
        level = planned[i]
        level[input["name"]] += change["delta"]
        if input["name"] == "available":
            level["on_hand"] += change["delta"]
        after = level[input["name"]]
        changes.append(
            _change(store, input["name"], change["delta"], after, change["inventoryItemId"], change["locationId"])
        )
    _level_events(store, changes)
    return {"inventoryAdjustmentGroup": _adjustment(store, input["reason"], changes), "userErrors": []}


def _level_events(store: Store, changes: list[dict[str, Any]]) -> None:
    """inventory_levels/update once per level the changes moved, as Shopify sends it."""
    for key in dict.fromkeys((c["item"]["id"], c["location"]["id"]) for c in changes if c["delta"]):
        store.events.append(("inventory_levels/update", key))


def _check_quantity_input(store: Store, input: dict[str, Any], items: str) -> tuple[list, list, list]:
    errors: list[dict[str, Any]] = []
    if input["name"] not in ("available", "on_hand"):
        code = "INVALID_NAME" if items == "quantities" else "INVALID_QUANTITY_NAME"
        errors.append(user_error(["input", "name"], "The quantity name must be either 'available' or 'on_hand'.", code))
    if input["reason"] not in SET_REASONS:
        errors.append(user_error(["input", "reason"], "The specified reason is invalid.", "INVALID_REASON"))
    planned = []
    for i, q in enumerate(input[items]):
        level, error = _quantity_target(store, q["inventoryItemId"], q["locationId"], ["input", items, str(i)])
        planned.append(level)
        errors += [error] if error else []
    return errors, [], planned
