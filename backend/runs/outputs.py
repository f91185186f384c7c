"""What a step was given and put out. A trigger step's output is stored once, in its run's event, and
an input that is its node's config unchanged once, in the flow version: read them from there."""

from __future__ import annotations

import json
from typing import Any

from backend.engine.execute import run_trigger
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
