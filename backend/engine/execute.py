"""Run one block and turn whatever happens into an Outcome the recorder can store.

Pure: no database, no broker. The caller (backend.runs.services) records the outcome.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from typing import Any

import jsonschema

from backend.engine.document import Node
from backend.engine.expressions import ExpressionError, render_config
from connectors.sdk import ActionContext, Block, BlockError, ConfigInvalid, Routed, Stop, TriggerRequest
from connectors.sdk.blocks import Wait
from connectors.sdk.errors import ExpressionFailed

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What one step ended as.

    `port` is the port the run leaves this node by, or None when this path stops
    (a filter that is false, a failure with on_error=fail).
    """

    status: str  # "succeeded" | "failed" | "skipped" | "waiting" (output is then a Wait)
    input: Any
    output: Any
    port: str | None
    error: dict[str, Any] | None = None


def run_trigger(*, block: Block, request: TriggerRequest) -> Outcome:
    """The trigger step: the block turns the event into the run's `trigger` data."""
    try:
        output = block.run(request)
    except BlockError as exc:
        return Outcome("failed", None, None, None, exc.as_json())
    return Outcome("succeeded", None, output, "main")


def run_action(*, block: Block, node: Node, context: dict[str, Any], ctx: ActionContext) -> Outcome:
    """Render the node's config against the run's data, call the block, map the result."""
    config: Any = dict(node.config)
    try:
        config = render_config(block=block, config=node.config, context=context, node_id=node.id)
        recorded = _check_rendered(block, node, config)
        result = block.run(ctx, config)
    except ExpressionError as exc:
        return _failed(node, config, ExpressionFailed(str(exc), field=getattr(exc, "pointer", None)).as_json())
    except BlockError as exc:
        return _failed(node, config, exc.as_json())
    except Exception as exc:  # a bug in a block must fail its step, not kill the worker
        logger.exception("block %s raised", block.key)
        error = {
            "type": "InternalError",
            "code": "internal_error",
            "retryable": False,
            "message": f"{block.key} crashed: {type(exc).__name__}: {exc}",
        }
        return _failed(node, config, error)
    if isinstance(result, Routed):
        return Outcome("succeeded", recorded, result.output, result.port)
    if isinstance(result, Wait):
        return Outcome("waiting", recorded, result, "main")
    if isinstance(result, Stop):
        return Outcome("skipped", recorded, result.output, None, None)
    return Outcome("succeeded", recorded, result, "main")


def _check_rendered(block: Block, node: Node, config: Any) -> dict[str, Any]:
    """After rendering, values must have the types the block declared (an expression may not).

    Returns the config as the step records it: rendered, except expression fields as written —
    their value is what the block puts out (a transform's result, a filter's `passed`), so the
    step shows the expression once and its result once instead of the result twice.
    """
    # An expression field's schema describes the expression as written, not its result.
    written = {name: node.config[name] for name in block.expression_fields if name in node.config}
    checked = {**config, **written}
    errors = _validator(block.config_schema).iter_errors(checked)
    first = next(errors, None)
    if first is None:
        return checked
    error = jsonschema.exceptions.best_match(itertools.chain([first], errors))
    pointer = "/config" + "".join(f"/{p}" for p in error.absolute_path)
    raise ConfigInvalid(f'node "{node.id}": {pointer} after rendering: {error.message}', field=pointer)


_validators: dict[int, tuple[dict[str, Any], jsonschema.Draft202012Validator]] = {}


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """One validator per block schema and process: building one (and its reference resolver) for
    every step cost more than validating."""
    cached = _validators.get(id(schema))
    if cached is None or cached[0] is not schema:  # the entry keeps its schema alive: ids stay unique
        cached = _validators[id(schema)] = (schema, jsonschema.Draft202012Validator(schema))
    return cached[1]


def _failed(node: Node, config: Any, error: dict[str, Any]) -> Outcome:
    port = {"port": "error", "continue": "main"}.get(node.on_error)
    # A handled failure hands its error on as the step's output (steps.<id>.error).
    return Outcome("failed", config, {"error": error} if port else None, port, error)
