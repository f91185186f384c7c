"""The engine tests' fake block registry: a trigger, an action with a config schema, a branch."""

from __future__ import annotations

from typing import Any

import pytest

from connectors.sdk.blocks import Block, BlockKind


def _never_called(*args: Any) -> Any:
    raise AssertionError("engine unit tests never run a block")


HOOK = Block(key="test.hook", kind=BlockKind.TRIGGER, title="Hook", description="Starts a run.", run=_never_called)
ECHO = Block(
    key="test.echo",
    kind=BlockKind.ACTION,
    title="Echo",
    description="Returns its config.",
    run=_never_called,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["url"],
        "properties": {
            "url": {"type": "string", "format": "uri"},
            "count": {"type": "integer", "minimum": 1},
            "body": {},
        },
    },
)
BRANCH = Block(
    key="test.branch",
    kind=BlockKind.ACTION,
    title="Branch",
    description="Routes by a condition.",
    run=_never_called,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["condition"],
        "properties": {"condition": {"type": "string", "minLength": 1}},
    },
    ports=("true", "false"),
    expression_fields=frozenset({"condition"}),
)


@pytest.fixture
def blocks() -> dict[str, Block]:
    return {block.key: block for block in (HOOK, ECHO, BRANCH)}
