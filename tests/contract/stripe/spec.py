"""The official Stripe OpenAPI description (../shared/api-specs/stripe) as JSON Schema validators.

OpenAPI 3.0 schemas are JSON Schema draft 4 plus `nullable`; `nullable: true` is rewritten as
`anyOf: [schema, null]` and everything else is validated by jsonschema as is.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import jsonschema
import yaml

SPEC = Path(__file__).resolve().parents[4] / "shared" / "api-specs" / "stripe" / "stripe-spec3-2023-08-16.pruned.yaml"


def _json_schema(node: Any) -> Any:
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {k: _json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@functools.cache
def spec() -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return _json_schema(yaml.load(SPEC.read_text(), Loader=loader))


def validator(schema: dict[str, Any]) -> jsonschema.Draft4Validator:
    """A validator for a schema from the spec, resolving `#/components/...` inside the spec."""
    return jsonschema.Draft4Validator({**schema, "components": spec()["components"]})


def errors(schema: dict[str, Any], instance: Any) -> list[str]:
    return [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(schema).iter_errors(instance)]


def operation(method: str, path: str) -> dict[str, Any]:
    """The spec's operation for a concrete path (/v1/customers/cus_123 -> /v1/customers/{customer})."""
    for template, item in spec()["paths"].items():
        pattern = "^" + re.sub(r"\{[^/]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in item:
            return item[method.lower()]
    raise AssertionError(f"{method} {path} is not an operation of the Stripe API")


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = spec()
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def coerce(value: Any, schema: dict[str, Any]) -> Any:
    """Form and query values are strings; give them the types the schema declares (as Stripe does)."""
    schema = resolve(schema)
    for variant in schema.get("anyOf", []):
        candidate = coerce(value, variant)
        if not errors(variant, candidate):
            return candidate
    kind = schema.get("type")
    if isinstance(value, str) and kind == "integer" and re.fullmatch(r"-?\d+", value):
        return int(value)
    if isinstance(value, str) and kind == "number" and re.fullmatch(r"-?\d+(\.\d+)?", value):
        return float(value)
    if isinstance(value, str) and kind == "boolean" and value in ("true", "false"):
        return value == "true"
    if isinstance(value, dict) and kind == "object":
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        return {k: coerce(v, properties.get(k, extra if isinstance(extra, dict) else {})) for k, v in value.items()}
    if isinstance(value, list) and kind == "array":
        return [coerce(v, schema.get("items", {})) for v in value]
    return value
