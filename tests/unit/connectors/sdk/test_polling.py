"""polling_trigger: the declaration the engine polls (interval, item keys, first cursor)."""

from __future__ import annotations

from datetime import UTC, datetime

import jsonschema

from connectors.sdk import PollingTrigger, polling_trigger


def _trigger(**overrides) -> PollingTrigger:
    declaration = {
        "poll": lambda ctx, config, cursor: ([], cursor),
        "item_id": lambda item: f"{item['id']}@{item['v']}",
        "key": "acme.thing_changed_polling",
        "title": "Thing changed",
        "description": "Polls things.",
        "interval_s": 300,
        "min_interval_s": 60,
    }
    return polling_trigger(**{**declaration, **overrides})


def test_the_interval_comes_from_the_node_and_never_goes_below_the_minimum():
    trigger = _trigger()
    assert trigger.interval_for({}) == 300
    assert trigger.interval_for({"interval_s": 120}) == 120
    assert trigger.interval_for({"interval_s": 5}) == 60
    assert trigger.interval_for({"interval_s": "not a number"}) == 300


def test_the_config_schema_offers_the_interval_with_its_minimum():
    schema = _trigger().config_schema
    jsonschema.validate({"interval_s": 600}, schema)
    assert schema["properties"]["interval_s"]["minimum"] == 60
    assert schema["properties"]["interval_s"]["default"] == 300
    try:
        jsonschema.validate({"interval_s": 10}, schema)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("an interval below the minimum was accepted")


def test_an_item_key_names_the_item_and_its_version_and_fits_an_event():
    trigger = _trigger()
    assert trigger.item_key({"id": "gid://shopify/Order/1", "v": "2026-11-27T04:00:00Z"}) == (
        "gid://shopify/Order/1@2026-11-27T04:00:00Z"
    )
    long = trigger.item_key({"id": "x" * 300, "v": 1})
    assert long.startswith("sha256:")
    assert len(long) <= 200
    assert long == trigger.item_key({"id": "x" * 300, "v": 1})


def test_the_first_cursor_is_now_in_utc_to_the_second():
    now = datetime(2026, 11, 27, 4, 25, 5, 123456, tzinfo=UTC)
    assert _trigger().start_cursor(now) == "2026-11-27T04:25:05Z"


def test_the_manifest_says_how_often_it_polls():
    assert _trigger().manifest()["polling"] == {"interval_s": 300, "min_interval_s": 60}
