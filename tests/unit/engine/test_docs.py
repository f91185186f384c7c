"""The published copies stay true: docs/flow.schema.json and the example in docs/flow-format.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

from backend.engine.validate import validate
from connectors.sdk import default_registry

ROOT = Path(__file__).resolve().parents[3]


def test_published_schema_copy_in_docs_is_byte_identical():
    engine_copy = (ROOT / "backend/engine/flow.schema.json").read_bytes()
    docs_copy = (ROOT / "docs/flow.schema.json").read_bytes()

    assert engine_copy == docs_copy
    assert json.loads(engine_copy)["$id"] == "https://dovetail.dev/schemas/flow.schema.json"


def test_the_full_example_in_the_format_guide_is_valid_with_the_built_in_blocks():
    guide = (ROOT / "docs/flow-format.md").read_text(encoding="utf-8")
    example = re.findall(r"```json\n(.*?)```", guide, re.DOTALL)[-1]

    assert validate(json.loads(example), default_registry()) == []
