"""decide(): the next step of a run from the document and the steps that finished."""

from __future__ import annotations

import pytest

from backend.engine.document import FlowDocument
from backend.engine.plan import Finish, RunNode, StepState, decide
from tests.unit.engine.builders import edge, flow, node

OK = StepState("succeeded", "main")
SKIPPED = StepState("skipped", None)
FAILED = StepState("failed", None)


def linear() -> FlowDocument:
    return FlowDocument.parse(flow(node("hook", "test.hook"), node("a"), node("b")))


def branching() -> FlowDocument:
    """hook -> check -(true)-> yes -> done ; check -(false)-> no -> done."""
    return FlowDocument.parse(
        flow(
            node("hook", "test.hook"),
            node("check", "test.branch"),
            node("yes"),
            node("no"),
            node("done"),
            edges=[
                edge("hook", "check"),
                edge("check", "yes", "true"),
                edge("check", "no", "false"),
                edge("yes", "done"),
                edge("no", "done"),
            ],
        )
    )


def guarded(on_error: str) -> FlowDocument:
    """hook -> send -> next ; send -(error)-> alert."""
    return FlowDocument.parse(
        flow(
            node("hook", "test.hook"),
            node("send", on_error=on_error),
            node("next"),
            node("alert"),
            edges=[edge("hook", "send"), edge("send", "next"), edge("send", "alert", "error")],
        )
    )


def test_linear_run_runs_each_node_in_order_then_succeeds():
    doc = linear()

    assert decide(doc, {"hook": OK}) == RunNode("a")
    assert decide(doc, {"hook": OK, "a": OK}) == RunNode("b")
    assert decide(doc, {"hook": OK, "a": OK, "b": OK}) == Finish("succeeded")


def test_branch_true_runs_the_true_side_and_skips_the_false_side():
    doc = branching()
    steps = {"hook": OK, "check": StepState("succeeded", "true")}

    assert decide(doc, steps) == RunNode("yes")
    assert decide(doc, {**steps, "yes": OK}) == RunNode("done")
    assert decide(doc, {**steps, "yes": OK, "done": OK}) == Finish("succeeded")


def test_branch_false_runs_the_false_side_and_skips_the_true_side():
    doc = branching()
    steps = {"hook": OK, "check": StepState("succeeded", "false")}

    assert decide(doc, steps) == RunNode("no")
    assert decide(doc, {**steps, "no": OK}) == RunNode("done")


def test_filter_stop_ends_the_run_skipped():
    doc = linear()

    assert decide(doc, {"hook": OK, "a": SKIPPED}) == Finish("skipped")


def test_failure_with_on_error_fail_ends_the_run_failed():
    doc = guarded("fail")

    assert decide(doc, {"hook": OK, "send": FAILED}) == Finish("failed")


def test_failure_with_on_error_continue_goes_on_by_main_and_succeeds():
    doc = guarded("continue")
    steps = {"hook": OK, "send": StepState("failed", "main")}

    assert decide(doc, steps) == RunNode("next")
    assert decide(doc, {**steps, "next": OK}) == Finish("succeeded")


def test_failure_with_on_error_port_routes_to_the_error_edge_only():
    doc = guarded("port")
    steps = {"hook": OK, "send": StepState("failed", "error")}

    assert decide(doc, steps) == RunNode("alert")
    assert decide(doc, {**steps, "alert": OK}) == Finish("succeeded")


def test_success_of_a_node_with_an_error_port_does_not_run_the_error_route():
    doc = guarded("port")

    assert decide(doc, {"hook": OK, "send": OK, "next": OK}) == Finish("succeeded")


def test_parallel_paths_run_in_document_order():
    doc = FlowDocument.parse(
        flow(node("hook", "test.hook"), node("b"), node("a"), edges=[edge("hook", "a"), edge("hook", "b")])
    )

    assert decide(doc, {"hook": OK}) == RunNode("b")
    assert decide(doc, {"hook": OK, "b": OK}) == RunNode("a")


def test_a_stopped_path_does_not_stop_a_parallel_one_but_the_run_ends_skipped():
    doc = FlowDocument.parse(
        flow(
            node("hook", "test.hook"),
            node("gate"),
            node("after_gate"),
            node("other"),
            edges=[edge("hook", "gate"), edge("gate", "after_gate"), edge("hook", "other")],
        )
    )
    steps = {"hook": OK, "gate": SKIPPED}

    assert decide(doc, steps) == RunNode("other")
    assert decide(doc, {**steps, "other": OK}) == Finish("skipped")


def test_unknown_step_status_is_refused():
    with pytest.raises(ValueError, match="unknown step status"):
        StepState("done", "main")
