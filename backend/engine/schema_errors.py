"""JSON Schema errors as (pointer, message) pairs a person can read.

jsonschema's own messages start with the Python repr of the failing value (`'abc' is not of type
'integer'`), which is noise in an editor tooltip. Here each keyword gets a sentence, and a
`required` or `additionalProperties` error points at the property it is about.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from jsonschema.exceptions import ValidationError

_TYPE_NAMES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "an object",
    "array": "a list",
    "null": "null",
}

# Patterns of flow.schema.json, said in words.
_ID_RULE = "must start with a lowercase letter and hold only a-z, 0-9 and _"
_PATTERN_NAMES = {
    "^[a-z][a-z0-9_]{0,62}$": f"{_ID_RULE} (at most 63 characters)",
    "^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$": 'must look like "connector.block" (a-z, 0-9 and _)',
    "^[a-z][a-z0-9_]*$": _ID_RULE,
}


def escape(token: str | int) -> str:
    """One JSON pointer reference token (RFC 6901: `~` becomes `~0`, `/` becomes `~1`)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer_of(path: Iterable[str | int], *, prefix: str = "") -> str:
    """A JSON pointer from path parts, appended to `prefix` (itself a pointer)."""
    return prefix + "".join(f"/{escape(part)}" for part in path)


def json_type(value: Any) -> str:
    """The JSON type name of a Python value, in words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _one_of(values: Sequence[Any]) -> str:
    return ", ".join(_show(value) for value in values)


def _listed(names: Sequence[str]) -> str:
    return ", ".join(names) if len(names) <= 12 else ", ".join(names[:12]) + ", ..."


def _type_message(error: ValidationError) -> str:
    expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    words = " or ".join(_TYPE_NAMES.get(name, name) for name in expected)
    return f"must be {words}, not {json_type(error.instance)}"


def _message(error: ValidationError) -> str:
    keyword, limit = error.validator, error.validator_value
    if keyword == "type":
        return _type_message(error)
    if keyword == "const":
        return f"must be {_show(limit)}"
    if keyword == "enum":
        return f"must be one of {_one_of(limit)}"
    if keyword == "pattern":
        return _PATTERN_NAMES.get(limit, f"must match the pattern {limit}")
    if keyword == "format":
        return f"must be a valid {limit}"
    if keyword == "minLength":
        return "must not be empty" if limit == 1 else f"must be at least {limit} characters long"
    if keyword == "maxLength":
        return f"must be at most {limit} characters long"
    if keyword == "minimum":
        return f"must be at least {limit}"
    if keyword == "maximum":
        return f"must be at most {limit}"
    if keyword == "exclusiveMinimum":
        return f"must be greater than {limit}"
    if keyword == "exclusiveMaximum":
        return f"must be less than {limit}"
    if keyword == "minItems":
        return f"must hold at least {limit} item{'s' if limit != 1 else ''}"
    if keyword == "maxItems":
        return f"must hold at most {limit} item{'s' if limit != 1 else ''}"
    if keyword == "minProperties":
        return f"must hold at least {limit} field{'s' if limit != 1 else ''}"
    if keyword in ("anyOf", "oneOf"):
        return "does not match any of the allowed shapes"
    # Anything rarer keeps jsonschema's sentence, which is at least specific.
    return error.message


def humanize(error: ValidationError, *, prefix: str = "") -> Iterator[tuple[str, str]]:
    """The (pointer, message) pairs of one jsonschema error; pointers are appended to `prefix`.

    A `required` error yields one pair per missing property, pointing at where it belongs; an
    `additionalProperties` error yields one pair per unexpected key, pointing at that key.
    """
    base = pointer_of(error.absolute_path, prefix=prefix)
    instance = error.instance
    if error.validator == "required" and isinstance(instance, dict):
        for name in error.validator_value:
            if name not in instance:
                yield f"{base}/{escape(name)}", f"{name} is required"
        return
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        allowed = list(error.schema.get("properties", {}))
        patterns = error.schema.get("patternProperties", {})
        hint = f"; expected one of: {_listed(allowed)}" if allowed else ""
        for name in instance:
            if name not in allowed and not any(re.search(pattern, name) for pattern in patterns):
                yield f"{base}/{escape(name)}", f'unexpected property "{name}"{hint}'
        return
    yield base, _message(error)
