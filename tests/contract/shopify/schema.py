"""The official Shopify Admin GraphQL schema (../shared/api-specs/shopify) and a shape check against it."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from graphql import GraphQLSchema, OperationDefinitionNode, build_schema, execute, parse, validate
from graphql.execution.values import get_variable_values

SDL = Path(__file__).resolve().parents[4] / "shared" / "api-specs" / "shopify" / "admin_schema_2025-01.graphql"


@functools.cache
def schema() -> GraphQLSchema:
    return build_schema(SDL.read_text(encoding="utf-8"))


def request_errors(query: str, variables: dict[str, Any] | None = None) -> list[str]:
    """Why the schema refuses this operation or its variables ([] when it accepts both)."""
    document = parse(query)
    errors = [e.message for e in validate(schema(), document)]
    if errors:
        return errors
    for operation in document.definitions:
        if isinstance(operation, OperationDefinitionNode):
            coerced = get_variable_values(schema(), operation.variable_definitions, variables or {})
            errors += [e.message for e in coerced] if isinstance(coerced, list) else []
    return errors


def shape_errors(query: str, variables: dict[str, Any], data: Any) -> list[str]:
    """Where `data` is not exactly what the schema declares for the fields `query` selects.

    The query is executed again over `data` itself (each field read from the dict): a missing
    field, a null in a non-null field, a value of the wrong type or a field the query did not
    select makes the result differ from `data` or fail.
    """
    result = execute(schema(), parse(query), data, variable_values=variables)
    errors = [f"{'/'.join(map(str, e.path or []))}: {e.message}" for e in result.errors or []]
    if not errors and result.data != data:
        errors.append(f"the answer has fields or values the query does not select: {data} != {result.data}")
    return errors
