"""`{{ JSONata }}` rendering: type keeping, interpolation, errors that say where, the compile cache."""

from __future__ import annotations

import time

import pytest

from backend.engine import expressions
from backend.engine.expressions import (
    ExpressionError,
    evaluate,
    find_expressions,
    render,
    render_config,
    syntax_error,
)

CONTEXT = {
    "trigger": {"body": {"order": {"id": 1001, "total": 59.5, "paid": True, "tags": ["a", "b"]}}},
    "steps": {"map": {"total": 6.0, "address": {"city": "Lyon"}}},
    "run": {"id": "run_1", "flow_id": "flow_1", "started_at": "2024-05-01T10:00:00Z"},
}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{ trigger.body.order.id }}", 1001),
        ("{{ trigger.body.order.total }}", 59.5),
        ("{{ steps.map.total }}", 6),
        ("{{ trigger.body.order.paid }}", True),
        ("{{ steps.map.address }}", {"city": "Lyon"}),
        ("{{ trigger.body.order.tags }}", ["a", "b"]),
        ("{{ null }}", None),
        ("  {{ run.id }}  ", "run_1"),
    ],
)
def test_a_lone_expression_keeps_its_json_type(template, expected):
    result = render(template, CONTEXT)

    assert result == expected
    assert type(result) is type(expected)


def test_results_are_plain_json_not_jsonata_sequences():
    result = render("{{ [1, 2.0, {'a': 3.0}] }}", CONTEXT)

    assert result == [1, 2, {"a": 3}]
    assert type(result) is list
    assert type(result[1]) is int


def test_text_around_an_expression_interpolates():
    template = "Order {{ trigger.body.order.id }} ({{ trigger.body.order.paid }}) to {{ steps.map.address }}"

    assert render(template, CONTEXT) == 'Order 1001 (true) to {"city":"Lyon"}'


def test_interpolation_writes_missing_as_empty_and_whole_floats_without_decimals():
    assert render("[{{ trigger.nope }}] {{ steps.map.total }} {{ 2.5 }}", CONTEXT) == "[] 6 2.5"


def test_a_missing_path_renders_as_none():
    assert render("{{ trigger.body.nope.deeper }}", CONTEXT) is None


def test_strings_without_braces_and_other_values_are_left_alone():
    value = {"a": "plain $text", "b": 3, "c": [None, False]}

    assert render(value, CONTEXT) == value


def test_dicts_and_lists_render_recursively():
    value = {"order": {"id": "{{ trigger.body.order.id }}"}, "tags": ["{{ trigger.body.order.tags[0] }}"]}

    assert render(value, CONTEXT) == {"order": {"id": 1001}, "tags": ["a"]}


def test_braces_inside_the_expression_do_not_end_it():
    assert render('{{ {"o": {"id": trigger.body.order.id}} }}', CONTEXT) == {"o": {"id": 1001}}
    assert render('{{ "}}" }}', CONTEXT) == "}}"


def test_evaluate_takes_a_bare_expression():
    assert evaluate("trigger.body.order.total > 50", CONTEXT) is True


def test_render_error_names_the_expression_and_the_pointer():
    with pytest.raises(ExpressionError) as raised:
        render({"url": "https://x/{{ trigger.body.x + }}"}, CONTEXT, pointer="/config")

    assert str(raised.value) == ('expression "{{ trigger.body.x + }}" in /config/url: Unexpected end of expression')
    assert raised.value.pointer == "/config/url"
    assert raised.value.expression == "{{ trigger.body.x + }}"


def test_render_config_error_names_the_node_the_field_and_the_expression(blocks):
    with pytest.raises(ExpressionError) as raised:
        render_config(block=blocks["test.branch"], config={"condition": "$nope()"}, context=CONTEXT, node_id="map")

    assert str(raised.value).startswith('node "map": expression "$nope()" in /config/condition: ')
    assert raised.value.node_id == "map"


def test_render_config_evaluates_expression_fields_as_bare_jsonata(blocks):
    config = {"condition": "trigger.body.order.total > 50"}

    assert render_config(block=blocks["test.branch"], config=config, context=CONTEXT, node_id="b") == {
        "condition": True
    }


def test_render_config_renders_braces_in_expression_fields_and_elsewhere(blocks):
    branch = render_config(
        block=blocks["test.branch"], config={"condition": "{{ run.id }}"}, context=CONTEXT, node_id="b"
    )
    echo = render_config(block=blocks["test.echo"], config={"url": "trigger.body"}, context=CONTEXT, node_id="e")

    assert branch == {"condition": "run_1"}
    assert echo == {"url": "trigger.body"}


def test_a_function_result_is_an_error_not_a_value():
    with pytest.raises(ExpressionError, match="not JSON data"):
        render("{{ function($x) { $x } }}", CONTEXT)


def test_an_unclosed_expression_is_an_error():
    with pytest.raises(ExpressionError, match="never closed"):
        render("id {{ trigger.id", CONTEXT)


def test_syntax_error_returns_the_reason_or_none():
    assert syntax_error("trigger.body.x +") == "Unexpected end of expression"
    assert syntax_error("trigger.body.x + 1") is None
    assert syntax_error("  ") == "the expression is empty"


def test_find_expressions_yields_every_expression_with_its_pointer():
    config = {"body": {"name": "{{ a }} and {{ b }}", "a/b": ["x", "{{ c }}"]}, "n": 1}

    found = [(pointer, inner.strip()) for pointer, inner in find_expressions(config, "/config")]

    assert found == [("/config/body/name", "a"), ("/config/body/name", "b"), ("/config/body/a~1b/1", "c")]


def test_compiled_expressions_are_cached_and_reused():
    expressions._compile.cache_clear()

    render("{{ steps.map.total + 1 }}", CONTEXT)
    render("{{ steps.map.total + 1 }}", {"steps": {"map": {"total": 1}}})
    info = expressions._compile.cache_info()

    assert (info.misses, info.hits) == (1, 1)


def test_a_cached_expression_does_not_keep_the_previous_context():
    render("{{ steps.map.total }}", CONTEXT)

    assert render("{{ steps.map.total }}", {"steps": {}}) is None


def test_runaway_recursion_fails_as_an_expression_error():
    endless = "{{ ($f := function($n) { $f($n + 1) + 1 }; $f(0)) }}"

    with pytest.raises(ExpressionError, match="Stack overflow"):
        render(endless, CONTEXT)


def test_a_slow_expression_times_out(monkeypatch):
    monkeypatch.setattr(expressions, "TIMEOUT_MS", 20)

    with pytest.raises(ExpressionError, match="timeout"):
        evaluate("$map([1..900000], function($v) { $v * 2 }) ~> $count()", CONTEXT)


def test_the_time_limit_counts_per_evaluation_not_since_compiling(monkeypatch):
    monkeypatch.setattr(expressions, "TIMEOUT_MS", 20)
    evaluate("run.id & '-late'", CONTEXT)
    time.sleep(0.05)

    assert evaluate("run.id & '-late'", CONTEXT) == "run_1-late"
