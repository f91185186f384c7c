"""Flow validation: every error of a document at once, each as {pointer, message}.

First the shape (flow.schema.json). Only a well-shaped document is checked further, because
the later checks read ids, blocks and edges that the shape check vouches for: node ids, blocks,
each config against its block's `config_schema`, expression syntax, wiring, the trigger, cycles
and reachability.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

from backend.engine import graph
from backend.engine.document import ERROR_PORT, FlowDocument
from backend.engine.expressions import OPEN, ExpressionError, find_expressions, syntax_error
from backend.engine.schema_errors import escape, humanize
from connectors.sdk.blocks import Block, BlockKind


@dataclass(frozen=True)
class FlowError:
    """One problem in a flow document, located by a JSON pointer (RFC 6901)."""

    pointer: str
    message: str

    def as_json(self) -> dict[str, str]:
        """The error as the API returns it."""
        return {"pointer": self.pointer, "message": self.message}


class FlowInvalid(Exception):
    """A flow document with errors; `errors` holds all of them."""

    def __init__(self, errors: list[FlowError]):
        count = len(errors)
        first = f": {errors[0].pointer or '/'}: {errors[0].message}" if errors else ""
        super().__init__(f"the flow has {count} error{'s' if count != 1 else ''}{first}")
        self.errors = errors


@functools.cache
def flow_schema() -> dict[str, Any]:
    """The published flow document schema (flow.schema.json)."""
    text = resources.files("backend.engine").joinpath("flow.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@functools.cache
def _flow_validator() -> Draft202012Validator:
    return Draft202012Validator(flow_schema())


def _is_template(value: Any) -> bool:
    return isinstance(value, str) and OPEN in value


def _shape_errors(data: Any) -> list[FlowError]:
    errors: list[FlowError] = []
    for error in _flow_validator().iter_errors(data):
        errors.extend(FlowError(pointer, message) for pointer, message in humanize(error))
    return _unique(errors)


def _unique(errors: list[FlowError]) -> list[FlowError]:
    return list(dict.fromkeys(errors))


def _node_errors(doc: FlowDocument, blocks: Mapping[str, Block]) -> list[FlowError]:
    errors: list[FlowError] = []
    first_at: dict[str, int] = {}
    for index, node in enumerate(doc.nodes):
        at = f"/nodes/{index}"
        if node.id in first_at:
            errors.append(FlowError(f"{at}/id", f'node id "{node.id}" is already used by /nodes/{first_at[node.id]}'))
        else:
            first_at[node.id] = index
        block = blocks.get(node.block)
        if block is None:
            errors.append(FlowError(f"{at}/block", f'unknown block "{node.block}"'))
            continue
        errors.extend(_config_errors(block, node.config, pointer=f"{at}/config"))
        errors.extend(_expression_errors(block, node.config, pointer=f"{at}/config"))
    return errors


def _config_errors(block: Block, config: Mapping[str, Any], *, pointer: str) -> list[FlowError]:
    validator = Draft202012Validator(block.config_schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors: list[FlowError] = []
    for error in validator.iter_errors(dict(config)):
        # A templated string's type and value are known only after rendering, at run time.
        if _is_template(error.instance):
            continue
        errors.extend(FlowError(at, message) for at, message in humanize(error, prefix=pointer))
    return _unique(errors)


def _expression_errors(block: Block, config: Mapping[str, Any], *, pointer: str) -> list[FlowError]:
    errors: list[FlowError] = []
    for key, value in config.items():
        at = f"{pointer}/{escape(key)}"
        if key in block.expression_fields and isinstance(value, str) and OPEN not in value:
            reason = syntax_error(value)
            if reason:
                errors.append(FlowError(at, f'expression "{value}": {reason}'))
            continue
        errors.extend(_template_errors(value, pointer=at))
    return errors


def _template_errors(value: Any, *, pointer: str) -> list[FlowError]:
    errors: list[FlowError] = []
    try:
        for at, inner in find_expressions(value, pointer):
            reason = syntax_error(inner)
            if reason:
                errors.append(FlowError(at, f'expression "{{{{ {inner.strip()} }}}}": {reason}'))
    except ExpressionError as error:
        errors.append(FlowError(error.pointer, error.reason))
    return errors


def _edge_errors(doc: FlowDocument, blocks: Mapping[str, Block]) -> list[FlowError]:
    errors: list[FlowError] = []
    nodes = {node.id: node for node in doc.nodes}
    for index, edge in enumerate(doc.edges):
        at = f"/edges/{index}"
        source, target = nodes.get(edge.source), nodes.get(edge.target)
        if source is None:
            errors.append(FlowError(f"{at}/from", f'no node has the id "{edge.source}"'))
        if target is None:
            errors.append(FlowError(f"{at}/to", f'no node has the id "{edge.target}"'))
        elif (target_block := blocks.get(target.block)) and target_block.kind == BlockKind.TRIGGER:
            errors.append(FlowError(f"{at}/to", f'node "{target.id}" is a trigger; no edge can lead into it'))
        source_block = blocks.get(source.block) if source else None
        if source is None or source_block is None:
            continue
        ports = list(source_block.ports) + ([ERROR_PORT] if source.on_error == "port" else [])
        if edge.port not in ports:
            errors.append(FlowError(f"{at}/port", _port_message(source.id, edge.port, ports, source.on_error)))
    return errors


def _port_message(node_id: str, port: str, ports: list[str], on_error: str) -> str:
    listed = ", ".join(f'"{name}"' for name in ports)
    if port == ERROR_PORT and on_error != "port":
        return f'node "{node_id}" has no "error" port; set its on_error to "port" to route its errors'
    return f'node "{node_id}" has no port "{port}"; its ports are {listed}'


def _trigger_errors(doc: FlowDocument, blocks: Mapping[str, Block]) -> tuple[str | None, list[FlowError]]:
    """The trigger's node id (the first one when there are several) and the errors about triggers."""
    trigger_ids = [
        (index, node.id)
        for index, node in enumerate(doc.nodes)
        if (block := blocks.get(node.block)) is not None and block.kind == BlockKind.TRIGGER
    ]
    if not trigger_ids:
        return None, [FlowError("/nodes", "a flow needs exactly one trigger")]
    first = trigger_ids[0][1]
    errors = [
        FlowError(f"/nodes/{index}/block", f'a flow needs exactly one trigger, and "{first}" is already one')
        for index, _ in trigger_ids[1:]
    ]
    return first, errors


def _cycle_errors(doc: FlowDocument) -> list[FlowError]:
    cycle = graph.find_cycle(doc)
    if cycle is None:
        return []
    closing_source, closing_target = cycle[-2], cycle[-1]
    index = next(
        i for i, edge in enumerate(doc.edges) if edge.source == closing_source and edge.target == closing_target
    )
    return [FlowError(f"/edges/{index}", f"the edges form a cycle: {' -> '.join(cycle)}")]


def _reachability_errors(doc: FlowDocument, blocks: Mapping[str, Block], *, trigger_id: str) -> list[FlowError]:
    reachable = graph.reachable_from(doc, trigger_id)
    errors: list[FlowError] = []
    for index, node in enumerate(doc.nodes):
        block = blocks.get(node.block)
        # Extra triggers are reported once already, as extra triggers.
        if node.id in reachable or (block is not None and block.kind == BlockKind.TRIGGER):
            continue
        errors.append(FlowError(f"/nodes/{index}", f'node "{node.id}" is not connected to the trigger'))
    return errors


def _settings_errors(doc: FlowDocument) -> list[FlowError]:
    key = doc.settings.get("concurrency_key")
    return _template_errors(key, pointer="/settings/concurrency_key") if isinstance(key, str) else []


def validate(data: Any, blocks: Mapping[str, Block]) -> list[FlowError]:
    """Every error of a flow document at once; an empty list means it is valid.

    Args:
        data: the document as decoded from JSON, unchecked.
        blocks: the block registry (block key -> Block).
    """
    errors = _shape_errors(data)
    if errors:
        return errors
    doc = FlowDocument.parse(data)
    errors.extend(_node_errors(doc, blocks))
    errors.extend(_settings_errors(doc))
    errors.extend(_edge_errors(doc, blocks))
    trigger_id, trigger_errors = _trigger_errors(doc, blocks)
    errors.extend(trigger_errors)
    errors.extend(_cycle_errors(doc))
    if trigger_id is not None:
        errors.extend(_reachability_errors(doc, blocks, trigger_id=trigger_id))
    return errors


def ensure_valid(data: Any, blocks: Mapping[str, Block]) -> FlowDocument:
    """The parsed document when it is valid.

    Raises:
        FlowInvalid: carrying every error of the document.
    """
    errors = validate(data, blocks)
    if errors:
        raise FlowInvalid(errors)
    return FlowDocument.parse(data)
