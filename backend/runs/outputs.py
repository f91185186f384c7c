"""What a step was given and put out. A trigger step's output is stored once, in its run's event, and
an input that is its node's config unchanged once, in the flow version: read them from there."""

from __future__ import annotations

import json
from typing import Any

from backend.core.jsondepth import STORED_MAX_DEPTH, nests_deeper
from backend.engine.document import Node
from backend.engine.execute import Outcome, run_trigger
from backend.runs.models import Run, Step
from connectors.sdk import TriggerRequest, default_registry


def trigger_request(event: Any) -> TriggerRequest:
    """The request a trigger block reads: the stored event as it arrived."""
    if event is None:
        return TriggerRequest(body=None)
    return TriggerRequest(
        body=json.loads(event.body), headers=event.headers, query=event.query, raw_body=event.body.encode()
    )


def step_input(*, step: Step, run: Run) -> Any:
    """The step's input; for one stored by reference, its node's config in the run's flow version.

    A version's document never changes, so the config read again is what the step was given.
    """
    if not step.input_from_flow:
        return step.input
    node = next((n for n in run.flow_version.document.get("nodes", []) if n.get("id") == step.node_id), None)
    return None if node is None else dict(node.get("config") or {})


def step_output(*, step: Step, run: Run) -> Any:
    """The step's output; for a trigger step stored by reference, its block's reading of the event.

    Trigger blocks are pure functions of the request, so reading the event again gives what the
    run saw. (A run whose event was pruned keeps no trigger output.)
    """
    if not step.output_from_event:
        return step.output
    block = default_registry().get(step.block)
    if block is None or run.event is None:
        return None
    return run_trigger(block=block, request=trigger_request(run.event)).output


# A step's input, output and error are written after its block acted. A value the database (or
# the JSON encoder) would refuse for its shape must not fail that write: the run would be resumed
# and the call made again. So nesting is checked first (backend/core/jsondepth.py) and a value
# too deep is never written as such.


def storable_input(value: Any) -> Any:
    """The input to record: `value`, or a note in its place when it nests too deep to store."""
    if not nests_deeper(value, STORED_MAX_DEPTH):
        return value
    return {"not_stored": f"the input nests deeper than {STORED_MAX_DEPTH} levels of objects and arrays"}


def storable_outcome(outcome: Outcome, node: Node | None) -> Outcome:
    """`outcome`, or when its output (or error) nests too deep to store, a non-retryable failure
    saying so: the step fails and its on_error path is taken; nothing is executed again."""
    if not (nests_deeper(outcome.output, STORED_MAX_DEPTH) or nests_deeper(outcome.error, STORED_MAX_DEPTH)):
        return outcome
    what = "response" if node is not None and node.block == "core.http_request" else "output"
    error = {
        "type": "OutputTooDeep",
        "code": "output_too_deep",
        "retryable": False,
        "message": f"the {what} nests deeper than {STORED_MAX_DEPTH} levels of objects and arrays: "
        "not stored, and the step is not retried (a call it made is not repeated; check before a replay)",
    }
    # As engine/execute.py fails a step: a handled failure hands its error on as the output.
    port = {"port": "error", "continue": "main"}.get(node.on_error) if node is not None else None
    return Outcome("failed", outcome.input, {"error": error} if port else None, port, error)
