"""Read-side queries of runs: the filtered list, the graph a run followed, the dashboard's statistics."""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, F, FloatField, Func, Max, OuterRef, QuerySet, Subquery, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, TruncDay, TruncHour, TruncMinute
from django.utils import timezone

from backend.flows.selectors import flow_names
from backend.runs.models import Run, RunStatus, Step

# window -> (length, bucket, the Trunc that bucket is built from)
WINDOWS = {
    "1h": (timedelta(hours=1), timedelta(minutes=5), TruncMinute),
    "24h": (timedelta(hours=24), timedelta(hours=1), TruncHour),
    "7d": (timedelta(days=7), timedelta(hours=6), TruncHour),
    "30d": (timedelta(days=30), timedelta(days=1), TruncDay),
}
# Duration percentiles are computed in Python (portable across SQLite and PostgreSQL) over at most
# this many of the window's newest runs: plenty for a p95, and cheap to read at a million runs.
SAMPLE_LIMIT = 20_000
SUMMARY_KEYS = ("order_number", "name", "number", "email", "id")


def run_list(
    *,
    flow: Any = None,
    status: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    search: str | None = None,
) -> QuerySet[Run]:
    """Runs, newest first, filtered, with their attempt counts."""
    # The most tries any step needed: 1 for a clean run, 3 when a step succeeded on its third try.
    # A subquery per row rather than a GROUP BY over the join with steps: the database computes it
    # for the page's 51 rows only, not for every run before sorting (seconds at a million runs).
    most_tries = Step.objects.filter(run=OuterRef("pk")).order_by("-attempt").values("attempt")[:1]
    runs = (
        Run.objects.select_related("flow", "flow_version", "event")
        .defer("flow_version__document", "flow_version__errors")  # a row shows the version's number only
        .annotate(attempt_count=Subquery(most_tries))
    )
    return run_filter(runs, flow=flow, status=status, since=since, until=until, search=search)


def run_filter(
    runs: QuerySet[Run],
    *,
    flow: Any = None,
    status: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    search: str | None = None,
) -> QuerySet[Run]:
    """The runs list's filters. `search` looks inside the event payload (an order number, an email,
    a name, a SKU): on PostgreSQL for its words, each the start of a word or number of the
    payload's values, through an index (`PayloadMatches`); elsewhere as a substring of the body."""
    if flow:
        runs = runs.filter(flow_id=flow)
    if status:
        runs = runs.filter(status=status)
    if since:
        runs = runs.filter(created_at__gte=since)
    if until:
        runs = runs.filter(created_at__lt=until)
    if search:
        if connection.vendor == "postgresql":
            runs = runs.filter(PayloadMatches(F("event__body"), Value(search)))
        else:
            runs = runs.filter(event__body__icontains=search)
    return runs


class PayloadMatches(Func):
    """PostgreSQL: the event body holds every word of the search, each as the start of a word or
    number of its values ("#1001" finds 1001, "ana@example" ana@example.com, "Bob Norman" both names).

    Both sides are functions of triggers migration 0005_event_search; the left one is what the
    GIN index event_body_search holds, so the condition is an index scan.
    """

    arity = 2
    output_field = BooleanField()
    template = "dovetail_event_search(%(body)s) @@ dovetail_search_query(%(search)s)"

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        body, body_params = compiler.compile(self.source_expressions[0])
        search, search_params = compiler.compile(self.source_expressions[1])
        return self.template % {"body": body, "search": search}, (*body_params, *search_params)


def trigger_summary(body: str | None) -> str:
    """A few identifying fields of the event (order number, email…) for a runs list row."""
    if not body:
        return ""
    try:
        data = json.loads(body)
    except ValueError:
        return body[:80]
    found: dict[str, Any] = {}

    def walk(value: Any, depth: int) -> None:
        if depth > 3 or len(found) >= 3:
            return
        if isinstance(value, dict):
            for key in SUMMARY_KEYS:
                if key in value and key not in found and isinstance(value[key], str | int | float):
                    found[key] = value[key]
            for child in value.values():
                walk(child, depth + 1)

    walk(data, 0)
    return ", ".join(f"{k} {v}" for k, v in found.items())[:120]


def run_graph(*, run: Run) -> dict[str, Any]:
    """The picture of the flow version a run ran: nodes, edges and the editor's saved positions.

    Only what a drawing needs: node configs stay out, the run's steps already show what each node
    was given. Read from `run.flow_version`, so a caller that selected it pays no query.
    """
    document = run.flow_version.document
    return {
        "nodes": [
            {"id": node["id"], "block": node.get("block", ""), "title": node.get("title") or ""}
            for node in document.get("nodes", [])
        ],
        "edges": [
            {"from": edge["from"], "to": edge["to"], "port": edge.get("port") or "main"}
            for edge in document.get("edges", [])
        ],
        "positions": (document.get("ui") or {}).get("positions") or {},
    }


class Milliseconds(Func):
    """`finished - started` in milliseconds, computed by the database: a float per row is far cheaper
    to read than two timestamps (whose parsing in Python dominated the dashboard at 50,000 runs)."""

    arity = 2
    output_field = FloatField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # PostgreSQL
        return super().as_sql(
            compiler,
            connection,
            template="CAST(EXTRACT(EPOCH FROM %(expressions)s) * 1000 AS double precision)",
            arg_joiner=" - ",
            **extra,
        )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400000.0)",
            arg_joiner=") - julianday(",
            **extra,
        )


def run_stats(*, window: str, flow: Any = None, now: datetime | None = None) -> dict[str, Any]:
    """What the dashboard shows for a time window: totals, a series by status, per-flow health, errors.

    Counts (totals, series, per flow) and error groups are aggregated by the database over the
    whole window; duration percentiles over its newest SAMPLE_LIMIT runs, read as (flow, ms) only.
    """
    length, bucket, trunc = WINDOWS[window]
    until = now or timezone.now()
    since = until - length
    runs = Run.objects.filter(created_at__gte=since, created_at__lt=until)
    if flow:
        runs = runs.filter(flow_id=flow)

    series: dict[datetime, Counter] = {}
    start = _floor(since, bucket)
    t = start
    while t < until:
        series[t] = Counter()
        t += bucket
    rows = runs.annotate(t=trunc("created_at")).values("t", "status").annotate(n=Count("id")).order_by()
    for row in rows:
        series.setdefault(_floor(row["t"], bucket), Counter())[row["status"]] += row["n"]
    # Runs by flow and status: the per-flow health and, summed, the totals.
    counts = list(runs.values_list("flow_id", "status").annotate(n=Count("id")).order_by())
    totals = dict.fromkeys(RunStatus.values, 0)
    for _, status, n in counts:
        totals[status] = totals.get(status, 0) + n
    durations = list(
        runs.order_by("-created_at").values_list("flow_id", Milliseconds("finished_at", "started_at"))[:SAMPLE_LIMIT]
    )
    message, code = KT("error__message"), KT("error__code")
    error_rows = list(
        runs.filter(status=RunStatus.FAILED, error__isnull=False)
        .values_list("flow_id", message, code)
        .annotate(count=Count("id"), last_seen=Max(Coalesce("finished_at", "started_at")))
        .order_by("-count", "-last_seen")[:10]
    )
    flow_ids = {row[0] for row in counts} | {row[0] for row in error_rows}
    names = flow_names(ids=flow_ids)
    errors = [
        {
            "message": message or "",
            "code": code,
            "count": count,
            "flow": {"id": flow_id, "name": names.get(flow_id)},
            "last_seen": last_seen,
        }
        for flow_id, message, code, count, last_seen in error_rows
    ]
    return {
        "window": window,
        "since": since,
        "until": until,
        "bucket_s": int(bucket.total_seconds()),
        "totals": totals,
        "series": [{"t": t, **{s: c.get(s, 0) for s in RunStatus.values}} for t, c in sorted(series.items())],
        **_flow_health(counts, durations, names),
        "errors": errors,
    }


def _floor(moment: datetime, bucket: timedelta) -> datetime:
    epoch = datetime(2000, 1, 1, tzinfo=moment.tzinfo)
    return epoch + ((moment - epoch) // bucket) * bucket


def _percentile(values: list[int], q: float) -> int | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1])


def _flow_health(counts: list[tuple], durations: list[tuple], names: dict[Any, str]) -> dict[str, Any]:
    flows: dict[Any, dict[str, Any]] = {}
    for flow_id, status, n in counts:
        entry = flows.get(flow_id)
        if entry is None:
            entry = flows[flow_id] = {"id": flow_id, "name": names.get(flow_id), "runs": 0, "succeeded": 0, "failed": 0}
        entry["runs"] += n
        if status in (RunStatus.SUCCEEDED, RunStatus.FAILED):
            entry[status] += n
    by_flow: dict[Any, list[int]] = defaultdict(list)
    for flow_id, ms in durations:
        if ms is not None:
            by_flow[flow_id].append(round(ms))
    for flow_id, entry in flows.items():
        done = entry["succeeded"] + entry["failed"]
        entry["success_rate"] = round(entry["succeeded"] / done, 4) if done else None
        entry["p50_ms"] = _percentile(by_flow[flow_id], 50)
        entry["p95_ms"] = _percentile(by_flow[flow_id], 95)
    by_failures = sorted((f for f in flows.values() if f["failed"]), key=lambda f: -f["failed"])[:5]
    return {
        "flows": sorted(flows.values(), key=lambda f: f["name"] or ""),
        "top_failing": [{"id": f["id"], "name": f["name"], "failed": f["failed"]} for f in by_failures],
    }
