"""validate(): every error at once, each with the exact JSON pointer and a sentence a person can read."""

from __future__ import annotations

import pytest

from backend.engine.document import FlowDocument
from backend.engine.validate import FlowError, FlowInvalid, ensure_valid, validate
from tests.unit.engine.builders import edge, flow, node


def errors_at(errors: list[FlowError]) -> dict[str, str]:
    return {error.pointer: error.message for error in errors}


def assert_human(message: str) -> None:
    # No Python reprs, no raw schema dumps: what an editor tooltip can show as is.
    assert "{'" not in message
    assert "is not of type" not in message
    assert len(message) < 200


def test_a_valid_flow_has_no_errors(blocks):
    document = flow(node("hook", "test.hook"), node("check", "test.branch"), node("send"))
    document["edges"] = [edge("hook", "check"), edge("check", "send", "true")]

    assert validate(document, blocks) == []


def test_missing_required_property_points_at_where_it_belongs(blocks):
    document = flow(node("hook", "test.hook"), {"id": "send", "config": {}})

    errors = validate(document, blocks)

    assert errors == [FlowError("/nodes/1/block", "block is required")]


def test_unexpected_property_is_named_at_its_own_pointer(blocks):
    document = flow(node("hook", "test.hook", colour="red"))

    [error] = validate(document, blocks)

    assert error.pointer == "/nodes/0/colour"
    assert error.message.startswith('unexpected property "colour"')
    assert_human(error.message)


def test_wrong_type_says_what_was_expected_and_what_came(blocks):
    document = flow(node("hook", "test.hook"), node("send", timeout_s="soon"))

    assert validate(document, blocks) == [FlowError("/nodes/1/timeout_s", "must be a number, not a string")]


def test_bad_node_id_explains_the_id_rule(blocks):
    document = flow(node("Hook", "test.hook"))

    [error] = validate(document, blocks)

    assert error.pointer == "/nodes/0/id"
    assert "lowercase letter" in error.message
    assert_human(error.message)


def test_on_error_outside_the_enum_lists_the_choices(blocks):
    document = flow(node("hook", "test.hook"), node("send", on_error="retry"))

    assert validate(document, blocks) == [FlowError("/nodes/1/on_error", 'must be one of "fail", "continue", "port"')]


def test_duplicate_node_id_points_at_the_second_one(blocks):
    document = flow(node("hook", "test.hook"), node("send"), node("send"), edges=[edge("hook", "send")])

    assert errors_at(validate(document, blocks)) == {"/nodes/2/id": 'node id "send" is already used by /nodes/1'}


def test_unknown_block_names_the_block(blocks):
    document = flow(node("hook", "test.hook"), node("send", "foo.bar"))

    assert validate(document, blocks) == [FlowError("/nodes/1/block", 'unknown block "foo.bar"')]


def test_config_field_of_wrong_type_points_into_the_config(blocks):
    document = flow(node("hook", "test.hook"), node("send", config={"url": 5}))

    assert validate(document, blocks) == [FlowError("/nodes/1/config/url", "must be a string, not a whole number")]


def test_missing_required_config_field_points_at_the_field(blocks):
    document = flow(node("hook", "test.hook"), node("send", config={}))

    assert validate(document, blocks) == [FlowError("/nodes/1/config/url", "url is required")]


def test_expression_is_accepted_where_the_config_wants_another_type(blocks):
    document = flow(node("hook", "test.hook"), node("send", config={"url": "x", "count": "{{ trigger.n }}"}))

    assert validate(document, blocks) == []


def test_expression_syntax_error_points_at_the_nested_value(blocks):
    config = {"url": "https://example.com", "body": {"name": "{{ trigger.body.name + }}"}}
    document = flow(node("hook", "test.hook"), node("send", config=config))

    assert validate(document, blocks) == [
        FlowError(
            "/nodes/1/config/body/name",
            'expression "{{ trigger.body.name + }}": Unexpected end of expression',
        )
    ]


def test_unclosed_braces_are_reported_at_the_value(blocks):
    document = flow(node("hook", "test.hook"), node("send", config={"url": "https://x/{{ trigger.id"}))

    [error] = validate(document, blocks)

    assert error.pointer == "/nodes/1/config/url"
    assert "never closed" in error.message


def test_expression_field_is_checked_as_bare_jsonata(blocks):
    document = flow(node("hook", "test.hook"), node("check", "test.branch", config={"condition": "trigger.x >"}))
    document["edges"] = [edge("hook", "check")]

    [error] = validate(document, blocks)

    assert error.pointer == "/nodes/1/config/condition"
    assert error.message.startswith('expression "trigger.x >": ')


def test_edge_to_missing_node_names_the_edge(blocks):
    document = flow(node("hook", "test.hook"), node("send"), edges=[edge("hook", "send"), edge("send", "ghost")])

    assert validate(document, blocks) == [FlowError("/edges/1/to", 'no node has the id "ghost"')]


def test_edge_from_missing_node_names_the_edge(blocks):
    document = flow(node("hook", "test.hook"), node("send"), edges=[edge("hook", "send"), edge("ghost", "send")])

    assert validate(document, blocks) == [FlowError("/edges/1/from", 'no node has the id "ghost"')]


def test_edge_from_a_port_the_block_lacks_lists_its_ports(blocks):
    document = flow(
        node("hook", "test.hook"),
        node("check", "test.branch"),
        node("send"),
        edges=[edge("hook", "check"), edge("check", "send", "yes")],
    )

    assert validate(document, blocks) == [
        FlowError("/edges/1/port", 'node "check" has no port "yes"; its ports are "true", "false"')
    ]


def test_error_port_needs_on_error_port(blocks):
    document = flow(node("hook", "test.hook"), node("send"), node("alert"))
    document["edges"] = [edge("hook", "send"), edge("send", "alert", "error")]

    [error] = validate(document, blocks)
    document["nodes"][1]["on_error"] = "port"

    assert error.pointer == "/edges/1/port"
    assert 'set its on_error to "port"' in error.message
    assert validate(document, blocks) == []


def test_on_error_port_without_an_error_edge_is_valid(blocks):
    document = flow(node("hook", "test.hook"), node("send", on_error="port"))

    assert validate(document, blocks) == []


def test_edge_into_the_trigger_is_rejected(blocks):
    document = flow(node("hook", "test.hook"), node("send"), edges=[edge("send", "hook"), edge("hook", "send")])

    errors = errors_at(validate(document, blocks))

    assert errors["/edges/0/to"] == 'node "hook" is a trigger; no edge can lead into it'


def test_flow_without_a_trigger_is_reported_on_the_nodes(blocks):
    document = flow(node("send"))

    assert validate(document, blocks) == [FlowError("/nodes", "a flow needs exactly one trigger")]


def test_each_extra_trigger_is_reported_at_its_block(blocks):
    document = flow(node("hook", "test.hook"), node("hook2", "test.hook"), node("hook3", "test.hook"), edges=[])

    assert errors_at(validate(document, blocks)) == {
        "/nodes/1/block": 'a flow needs exactly one trigger, and "hook" is already one',
        "/nodes/2/block": 'a flow needs exactly one trigger, and "hook" is already one',
    }


def test_cycle_is_reported_at_the_edge_that_closes_it(blocks):
    document = flow(
        node("hook", "test.hook"),
        node("a"),
        node("b"),
        edges=[edge("hook", "a"), edge("a", "b"), edge("b", "a")],
    )

    assert validate(document, blocks) == [FlowError("/edges/2", "the edges form a cycle: a -> b -> a")]


def test_node_not_connected_to_the_trigger_is_reported(blocks):
    document = flow(node("hook", "test.hook"), node("send"), node("lonely"), edges=[edge("hook", "send")])

    assert validate(document, blocks) == [FlowError("/nodes/2", 'node "lonely" is not connected to the trigger')]


def test_pointer_tokens_are_escaped(blocks):
    document = flow(node("hook", "test.hook"), node("send", config={"url": "https://x", "a/b~c": 1}))

    [error] = validate(document, blocks)

    assert error.pointer == "/nodes/1/config/a~1b~0c"


def test_every_error_is_reported_at_once(blocks):
    document = flow(
        node("hook", "test.hook"),
        node("send", config={"url": 5}),
        node("send"),
        node("other", "foo.bar"),
        node("lonely"),
        edges=[edge("hook", "send"), edge("send", "ghost"), edge("hook", "other")],
    )

    assert errors_at(validate(document, blocks)) == {
        "/nodes/1/config/url": "must be a string, not a whole number",
        "/nodes/2/id": 'node id "send" is already used by /nodes/1',
        "/nodes/3/block": 'unknown block "foo.bar"',
        "/edges/1/to": 'no node has the id "ghost"',
        "/nodes/4": 'node "lonely" is not connected to the trigger',
    }


def test_every_shape_error_is_reported_at_once(blocks):
    document = {"schema": 2, "nodes": [{"id": "x", "block": "bad"}], "edges": [{"from": "x"}]}

    assert errors_at(validate(document, blocks)) == {
        "/schema": "must be 1",
        "/name": "name is required",
        "/nodes/0/block": 'must look like "connector.block" (a-z, 0-9 and _)',
        "/edges/0/to": "to is required",
    }


def test_ensure_valid_raises_with_every_error(blocks):
    document = flow(node("send"), node("lonely", "foo.bar"))

    with pytest.raises(FlowInvalid) as raised:
        ensure_valid(document, blocks)

    assert [error.as_json() for error in raised.value.errors] == [
        {"pointer": "/nodes/1/block", "message": 'unknown block "foo.bar"'},
        {"pointer": "/nodes", "message": "a flow needs exactly one trigger"},
    ]
    assert str(raised.value).startswith("the flow has 2 errors")


def test_ensure_valid_returns_the_parsed_document(blocks):
    document = flow(node("hook", "test.hook"), node("send"))

    assert isinstance(ensure_valid(document, blocks), FlowDocument)
