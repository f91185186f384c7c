"""`{{ JSONata }}` in node configs: rendering, save-time syntax checks, a compiled-expression cache.

Rules (docs/flow-format.md, "Expressions"):
- a string that is exactly one `{{ expr }}` (whitespace around allowed) becomes the expression's
  JSON value with its type kept (number, bool, object, list, null);
- a string with text around, or several `{{ }}`, interpolates each value as text;
- a string without `{{` is left alone;
- JSONata sees the context's keys as top-level names: `trigger`, `steps.<node id>`, `run`.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterator, Mapping
from typing import Any

import jsonata

from connectors.sdk.blocks import Block

OPEN = "{{"
CLOSE = "}}"
_QUOTES = "\"'`"
# A runaway expression (endless recursion, a huge loop) must fail its step, not hold a worker.
TIMEOUT_MS = 2000
MAX_DEPTH = 500


class ExpressionError(Exception):
    """An expression that does not parse or fails to evaluate; the message names where it is.

    Attributes:
        expression: the expression as written (`{{ ... }}` included when it was written so).
        pointer: JSON pointer of the value inside the node (`/config/url`), "" when unknown.
        reason: what JSONata (or the renderer) said, without the location.
        node_id: the node whose config held it, when known.
    """

    def __init__(
        self,
        message: str,
        *,
        expression: str,
        pointer: str = "",
        reason: str = "",
        node_id: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.expression = expression
        self.pointer = pointer
        self.reason = reason or message
        self.node_id = node_id


def _failure(*, expression: str, pointer: str, reason: str, node_id: str | None = None) -> ExpressionError:
    where = f" in {pointer}" if pointer else ""
    prefix = f'node "{node_id}": ' if node_id else ""
    return ExpressionError(
        f'{prefix}expression "{expression}"{where}: {reason}',
        expression=expression,
        pointer=pointer,
        reason=reason,
        node_id=node_id,
    )


@functools.lru_cache(maxsize=2048)
def _compile(expression: str) -> jsonata.Jsonata:
    # Parsing is most of the cost of a small expression, and a flow renders the same ones per run.
    compiled = jsonata.Jsonata(expression)
    # The context is always JSON data (parsed bodies, block outputs that were stored as JSON), so
    # jsonata-python's check of every value in it, on every evaluation, only costs: it walked the
    # whole trigger payload even for `steps.map` (0.6 of 0.7 ms per evaluation on a 3 KB order).
    compiled.set_validate_input(False)
    return compiled


def _segments(text: str) -> list[tuple[int, int, str]]:
    """Every `{{ }}` in `text` as (start, end, inner expression); braces and quotes inside are respected.

    Raises:
        ValueError: a `{{` is never closed.
    """
    found: list[tuple[int, int, str]] = []
    index = text.find(OPEN)
    while index != -1:
        depth, quote, cursor = 0, "", index + len(OPEN)
        # Scan rather than regex so `{{ {"a": {"b": 1}} }}` and `{{ "}}" }}` close at the right place.
        while cursor < len(text):
            char = text[cursor]
            if quote:
                if char == "\\":
                    cursor += 1
                elif char == quote:
                    quote = ""
            elif char in _QUOTES:
                quote = char
            elif char == "{":
                depth += 1
            elif char == "}" and depth:
                depth -= 1
            elif text.startswith(CLOSE, cursor):
                break
            cursor += 1
        else:
            raise ValueError(f"the {OPEN} at character {index + 1} is never closed with {CLOSE}")
        end = cursor + len(CLOSE)
        found.append((index, end, text[index + len(OPEN) : cursor]))
        index = text.find(OPEN, end)
    return found


def _to_json(value: Any) -> Any:
    """Plain JSON from a JSONata result: lists for its sequences, ints for whole floats."""
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        # JSONata has one number type, so 3 may come back as 3.0; 2.5 stays 2.5.
        return int(value) if math.isfinite(value) and value.is_integer() else value
    if isinstance(value, Mapping):
        return {str(key): _to_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_json(item) for item in value]
    raise TypeError("the result is a function or another value that is not JSON data")


def _evaluate(expression: str, context: Any) -> Any:
    compiled = _compile(expression)
    # jsonata-python keeps a thread-local "current" instance that $now() and higher-order functions
    # read; with a cache it may point at another expression, so point it at this one.
    jsonata.Jsonata.CURRENT.jsonata = compiled
    # Passing bindings gives each call its own frame; without them `$` is bound on the shared instance.
    # The bounds ride in that frame because jsonata-python's own (Jsonata(timeout=...)) start the clock
    # at compile time and keep the depth of a failed call, which misfires on a cached expression.
    bounds = jsonata.Jsonata.Frame(None)
    bounds.set_runtime_bounds(TIMEOUT_MS, MAX_DEPTH)
    return _to_json(compiled.evaluate(context, bounds))


def _reason(error: Exception) -> str:
    return str(error) or type(error).__name__


def evaluate(expression: str, context: Any, *, pointer: str = "") -> Any:
    """Evaluate a bare JSONata expression (no `{{ }}`) over `context`; a missing path gives None.

    Raises:
        ExpressionError: the expression does not parse or fails on this context.
    """
    if not expression.strip():
        raise _failure(expression=expression, pointer=pointer, reason="the expression is empty")
    try:
        return _evaluate(expression, context)
    # jsonata-python raises JException for JSONata errors but plain Python errors from some of its
    # functions; either way it is the user's expression that failed, so both become an ExpressionError.
    except Exception as error:
        raise _failure(expression=expression, pointer=pointer, reason=_reason(error)) from error


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _render_string(text: str, context: Any, pointer: str) -> Any:
    try:
        segments = _segments(text)
    except ValueError as error:
        raise _failure(expression=text, pointer=pointer, reason=str(error)) from None
    lead = len(text) - len(text.lstrip())
    if len(segments) == 1 and segments[0][0] == lead and segments[0][1] == len(text.rstrip()):
        start, end, inner = segments[0]
        return _evaluate_segment(text[start:end], inner, context, pointer)
    parts: list[str] = []
    position = 0
    for start, end, inner in segments:
        parts.append(text[position:start])
        parts.append(_as_text(_evaluate_segment(text[start:end], inner, context, pointer)))
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _evaluate_segment(written: str, inner: str, context: Any, pointer: str) -> Any:
    try:
        return evaluate(inner, context, pointer=pointer)
    except ExpressionError as error:
        # Quote the expression as the user wrote it, braces included, so they can find it.
        raise _failure(expression=written, pointer=pointer, reason=error.reason) from error.__cause__


def _child(pointer: str, key: str | int) -> str:
    return f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"


def render(value: Any, context: Any, *, pointer: str = "") -> Any:
    """Render every `{{ }}` in `value` (dicts and lists recursively); other values come back as they are.

    Raises:
        ExpressionError: an expression fails; its pointer extends `pointer` to the failing value.
    """
    if isinstance(value, str):
        return _render_string(value, context, pointer) if OPEN in value else value
    if isinstance(value, Mapping):
        return {key: render(item, context, pointer=_child(pointer, key)) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [render(item, context, pointer=_child(pointer, index)) for index, item in enumerate(value)]
    return value


def render_config(*, block: Block, config: Mapping[str, Any], context: Any, node_id: str) -> dict[str, Any]:
    """A node's config ready for its block: expression fields evaluated, `{{ }}` rendered everywhere.

    A top-level field in `block.expression_fields` holding a string without `{{` is one bare
    JSONata expression (`trigger.body.total > 100`); everything else goes through `render()`.

    Raises:
        ExpressionError: an expression fails; the message names the node, the field and the expression.
    """
    rendered: dict[str, Any] = {}
    for key, value in config.items():
        pointer = _child("/config", key)
        try:
            if key in block.expression_fields and isinstance(value, str) and OPEN not in value:
                rendered[key] = evaluate(value, context, pointer=pointer)
            else:
                rendered[key] = render(value, context, pointer=pointer)
        except ExpressionError as error:
            raise _failure(
                expression=error.expression, pointer=error.pointer, reason=error.reason, node_id=node_id
            ) from error
    return rendered


def syntax_error(expression: str) -> str | None:
    """What is wrong with a bare JSONata expression's syntax, or None when it parses."""
    if not expression.strip():
        return "the expression is empty"
    try:
        _compile(expression)
    except Exception as error:  # same reason as in evaluate()
        return _reason(error)
    return None


def find_expressions(value: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Every `{{ }}` in `value` as (pointer, inner expression), recursing into dicts and lists.

    Raises:
        ExpressionError: a `{{` is never closed.
    """
    if isinstance(value, str) and OPEN in value:
        try:
            segments = _segments(value)
        except ValueError as error:
            raise _failure(expression=value, pointer=pointer, reason=str(error)) from None
        for _, _, inner in segments:
            yield pointer, inner
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from find_expressions(item, _child(pointer, key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from find_expressions(item, _child(pointer, index))
