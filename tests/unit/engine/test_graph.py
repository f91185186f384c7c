"""Graph functions over a parsed flow: stable order, cycles, reachability, successors by port."""

from __future__ import annotations

from backend.engine.document import Edge, FlowDocument, RetryPolicy
from backend.engine.graph import find_cycle, predecessors, reachable_from, successors, topological_order
from tests.unit.engine.builders import edge, flow, node


def parse(*nodes, edges) -> FlowDocument:
    return FlowDocument.parse(flow(*nodes, edges=edges))


def test_topological_order_breaks_ties_by_document_order():
    doc = parse(
        node("hook", "test.hook"),
        node("zeta"),
        node("alpha"),
        node("join"),
        edges=[edge("hook", "alpha"), edge("hook", "zeta"), edge("alpha", "join"), edge("zeta", "join")],
    )

    assert topological_order(doc) == ["hook", "zeta", "alpha", "join"]


def test_topological_order_puts_every_node_after_its_predecessors():
    doc = parse(node("last"), node("hook", "test.hook"), node("mid"), edges=[edge("hook", "mid"), edge("mid", "last")])

    assert topological_order(doc) == ["hook", "mid", "last"]


def test_find_cycle_returns_the_closed_path():
    doc = parse(
        node("hook", "test.hook"),
        node("a"),
        node("b"),
        node("c"),
        edges=[edge("hook", "a"), edge("a", "b"), edge("b", "c"), edge("c", "a")],
    )

    assert find_cycle(doc) == ["a", "b", "c", "a"]


def test_find_cycle_finds_a_self_loop():
    doc = parse(node("hook", "test.hook"), node("a"), edges=[edge("hook", "a"), edge("a", "a")])

    assert find_cycle(doc) == ["a", "a"]


def test_find_cycle_is_none_for_a_diamond():
    doc = parse(
        node("hook", "test.hook"),
        node("a"),
        node("b"),
        node("join"),
        edges=[edge("hook", "a"), edge("hook", "b"), edge("a", "join"), edge("b", "join")],
    )

    assert find_cycle(doc) is None


def test_reachable_from_follows_every_port_and_includes_the_start():
    doc = parse(
        node("hook", "test.hook"),
        node("check", "test.branch"),
        node("yes"),
        node("no"),
        node("island"),
        edges=[edge("hook", "check"), edge("check", "yes", "true"), edge("check", "no", "false")],
    )

    assert reachable_from(doc, "hook") == {"hook", "check", "yes", "no"}
    assert reachable_from(doc, "ghost") == set()


def test_successors_are_filtered_by_port_and_ignore_dangling_edges():
    doc = parse(
        node("hook", "test.hook"),
        node("check", "test.branch"),
        node("yes"),
        node("no"),
        edges=[
            edge("hook", "check"),
            edge("check", "yes", "true"),
            edge("check", "no", "false"),
            edge("check", "ghost", "true"),
        ],
    )

    assert successors(doc, "check", "true") == ["yes"]
    assert successors(doc, "check") == ["yes", "no"]
    assert predecessors(doc, "yes") == ["check"]


def test_parse_fills_in_the_schema_defaults():
    doc = parse(node("hook", "test.hook"), node("send", retry={"max_attempts": 3}), edges=[edge("hook", "send")])
    send = doc.node("send")

    assert send.retry == RetryPolicy(max_attempts=3, initial_delay_s=1.0, backoff=2.0, max_delay_s=300.0)
    assert (send.on_error, send.timeout_s, send.credential, send.title) == ("fail", 30.0, None, "send")
    assert doc.incoming("send") == (Edge(source="hook", target="send", port="main"),)
    assert doc.outgoing("hook", "error") == ()
