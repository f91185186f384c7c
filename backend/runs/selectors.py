"""Read-side queries of runs: the filtered list, the graph a run followed, the dashboard's statistics."""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.db.models.functions import TruncDay, TruncHour, TruncMinute
from django.utils import timezone

from backend.runs.models import Run, RunStatus

# window -> (length, bucket, the Trunc that bucket is built from)
WINDOWS = {
    "1h": (timedelta(hours=1), timedelta(minutes=5), TruncMinute),
    "24h": (timedelta(hours=24), timedelta(hours=1), TruncHour),
    "7d": (timedelta(days=7), timedelta(hours=6), TruncHour),
    "30d": (timedelta(days=30), timedelta(days=1), TruncDay),
}
# Durations and error messages are aggregated in Python (portable across SQLite and PostgreSQL);
# beyond this many runs per window the figures are computed on the newest ones.
SAMPLE_LIMIT = 50_000
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
    runs = Run.objects.select_related("flow", "flow_version", "event").annotate(attempt_count=Max("steps__attempt"))
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
    """The runs list's filters. `search` looks inside the raw event payload (an order number, an
    email); on PostgreSQL a trigram index makes that an index scan."""
    if flow:
        runs = runs.filter(flow_id=flow)
    if status:
        runs = runs.filter(status=status)
    if since:
        runs = runs.filter(created_at__gte=since)
    if until:
        runs = runs.filter(created_at__lt=until)
    if search:
        runs = runs.filter(event__body__icontains=search)
    return runs


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


def run_stats(*, window: str, flow: Any = None, now: datetime | None = None) -> dict[str, Any]:
    """What the dashboard shows for a time window: totals, a series by status, per-flow health, errors."""
    length, bucket, trunc = WINDOWS[window]
    until = now or timezone.now()
    since = until - length
    runs = Run.objects.filter(created_at__gte=since, created_at__lt=until)
    if flow:
        runs = runs.filter(flow_id=flow)

    totals = dict.fromkeys(RunStatus.values, 0)
    totals.update(dict(runs.values_list("status").annotate(n=Count("id")).values_list("status", "n")))

    series: dict[datetime, Counter] = {}
    start = _floor(since, bucket)
    t = start
    while t < until:
        series[t] = Counter()
        t += bucket
    rows = runs.annotate(t=trunc("created_at")).values("t", "status").annotate(n=Count("id"))
    for row in rows:
        key = _floor(row["t"], bucket)
        series.setdefault(key, Counter())[row["status"]] += row["n"]

    sample = list(
        runs.order_by("-created_at").values_list(
            "flow_id", "flow__name", "status", "started_at", "finished_at", "error"
        )[:SAMPLE_LIMIT]
    )
    return {
        "window": window,
        "since": since,
        "until": until,
        "bucket_s": int(bucket.total_seconds()),
        "totals": totals,
        "series": [{"t": t, **{s: c.get(s, 0) for s in RunStatus.values}} for t, c in sorted(series.items())],
        **_flow_health(sample),
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


def _flow_health(sample: list[tuple]) -> dict[str, Any]:
    flows: dict[Any, dict[str, Any]] = {}
    durations: dict[Any, list[int]] = defaultdict(list)
    errors: dict[tuple, dict[str, Any]] = {}
    for flow_id, name, status, started, finished, error in sample:  # newest first
        entry = flows.setdefault(flow_id, {"id": flow_id, "name": name, "runs": 0, "succeeded": 0, "failed": 0})
        entry["runs"] += 1
        if status in (RunStatus.SUCCEEDED, RunStatus.FAILED):
            entry[status] += 1
        if started and finished:
            durations[flow_id].append(round((finished - started).total_seconds() * 1000))
        if status == RunStatus.FAILED and error:
            key = (flow_id, error.get("message", ""))
            group = errors.setdefault(
                key,
                {
                    "message": error.get("message", ""),
                    "code": error.get("code"),
                    "count": 0,
                    "flow": {"id": flow_id, "name": name},
                    "last_seen": finished or started,
                },
            )
            group["count"] += 1
    for flow_id, entry in flows.items():
        done = entry["succeeded"] + entry["failed"]
        entry["success_rate"] = round(entry["succeeded"] / done, 4) if done else None
        entry["p50_ms"] = _percentile(durations[flow_id], 50)
        entry["p95_ms"] = _percentile(durations[flow_id], 95)
    by_failures = sorted((f for f in flows.values() if f["failed"]), key=lambda f: -f["failed"])[:5]
    return {
        "flows": sorted(flows.values(), key=lambda f: f["name"] or ""),
        "top_failing": [{"id": f["id"], "name": f["name"], "failed": f["failed"]} for f in by_failures],
        "errors": sorted(errors.values(), key=lambda e: -e["count"])[:10],
    }
