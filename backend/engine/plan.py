"""The decider: given a flow and the steps that finished, what happens next.

`decide()` is pure and deterministic: it sees only the document and the recorded steps, so a
resumed or replayed run rebuilds exactly the same plan (Temporal's workflow/decider split).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from backend.engine import graph
from backend.engine.document import FlowDocument

StepStatus = Literal["succeeded", "failed", "skipped"]
RunStatus = Literal["succeeded", "failed", "skipped"]
_STEP_STATUSES = ("succeeded", "failed", "skipped")


@dataclass(frozen=True)
class StepState:
    """How one node's step finished, as far as routing cares."""

    status: StepStatus
    port: str | None
    """The port the output leaves by: `main`; `true`/`false` for a branch; `error` for a failed node
    with on_error=port; `main` for a failed node with on_error=continue; None when the path stops
    (a filter that stopped, status skipped, or a failed node with on_error=fail)."""

    def __post_init__(self) -> None:
        if self.status not in _STEP_STATUSES:
            raise ValueError(f"unknown step status {self.status!r}; expected one of {_STEP_STATUSES}")


@dataclass(frozen=True)
class RunNode:
    """Run this node's step next."""

    node_id: str


@dataclass(frozen=True)
class Finish:
    """Nothing is left to run; the run ends with this status."""

    status: RunStatus


Decision = RunNode | Finish


def decide(doc: FlowDocument, steps: Mapping[str, StepState]) -> Decision:
    """The next thing to do in a run of `doc`, given its finished steps keyed by node id.

    The trigger's step is always in `steps` (it is recorded when the run starts).

    Rules, in order:
    1. A step that failed with no port to go on by (on_error=fail) -> Finish("failed").
    2. Nodes are scanned in topological order (ties: document order). A node without a step is
       *ready* when every predecessor is settled (has a step, or is dead) and at least one incoming
       edge is *active* (its source's step left by that edge's port); it is *dead* when every
       predecessor is settled and no incoming edge is active (the other side of a branch, the rest
       of a stopped filter, a node only fed by an `error` port that was not taken). The first
       ready node -> RunNode. A node after a join runs once, when all its inputs are settled.
    3. Nothing ready: Finish("skipped") when any step was skipped (a filter stopped a path, so
       the run did not do all it was built to do), else Finish("succeeded"). A failed step that was
       handled (on_error=continue goes on by `main`, on_error=port by `error`) does not fail the
       run: the flow said what to do about it, and did it.
    """
    if any(state.status == "failed" and state.port is None for state in steps.values()):
        return Finish("failed")
    dead: set[str] = set()
    for node_id in graph.topological_order(doc):
        if node_id in steps:
            continue
        incoming = [edge for edge in doc.incoming(node_id) if edge.source != node_id]
        # Topological order means every predecessor was scanned already: it has a step, is dead,
        # or was ready (and then we returned); so all of them are settled here.
        if any(edge.source not in steps and edge.source not in dead for edge in incoming):
            continue
        if any(edge.source in steps and steps[edge.source].port == edge.port for edge in incoming):
            return RunNode(node_id)
        dead.add(node_id)
    if any(state.status == "skipped" for state in steps.values()):
        return Finish("skipped")
    return Finish("succeeded")
