"""PostgreSQL: the statements every event goes through are prepared, the rest planned per call.

Django leaves psycopg's prepared statements off unless asked, so PostgreSQL planned the ingress's
INSERT, the worker's claim and every run's finish on each call: ~40 % of its CPU per run
(docs/performance.md, round 8). Those statements are fixed (`backend/core/rows.py` and the claim
build them once per process) and select rows by key, so one plan fits every call.

Not every query: the dashboard's statistics run one text for a window of an hour and of 30 days,
and a plan PostgreSQL settled on for the hour's few rows took 2.5 times as long over 30 days. So
only a statement marked with `fixed()` is prepared (on its first call); the rest never are.

`DATABASE_PREPARED_STATEMENTS=off` turns it off, for PgBouncer in transaction mode before 1.21.
"""

from __future__ import annotations

import functools
from typing import Any

_FIXED: set[str] = set()


def fixed(sql: str) -> str:
    """Mark a statement the engine builds once and runs for every event: prepared on PostgreSQL."""
    _FIXED.add(sql)
    return sql


@functools.cache
def preparing_cursor() -> type:
    """Django's cursor with server-side binding, preparing the `fixed()` statements only (imported
    here, not above: an SQLite deployment loads no PostgreSQL driver)."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query: Any, params: Any = None, *, prepare: bool | None = None, **kwargs: Any) -> Any:
            if prepare is None:
                prepare = isinstance(query, str) and query in _FIXED
            return super().execute(query, params, prepare=prepare, **kwargs)

    return PreparingCursor
