"""Dashboard at scale: fills a fresh PostgreSQL database with N runs of 5 steps each (default
1,000,000), each with its ~1.3 KB Shopify order event, then times the API calls the dashboard and
the runs page make, in-process through Django's test client (server side only: no network, no
browser), and prints p50/p95 and SQL queries per call.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python -m bench.dashboard --runs 1000000

The fill is server-side SQL (INSERT ... SELECT FROM generate_series), one statement per table, so
its cost is PostgreSQL's: about 1.5 KB of event, 1 KB of steps and 0.3 KB of run per run, plus
indexes. The database is dropped at the end unless --keep is given.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench.harness import ORDER, percentile

FLOWS = 20
VERSIONS = 3
SHOPS = ("Acme Outdoor", "Brightside Home", "Cobalt Cycles", "Dune Apparel", "Ember Coffee")
FIRST = "ana bob chloe dmitri emma farid grace hugo ines jonas kate liam mia noah olga pablo quinn rosa sami tara"
LAST = "alvarez brown chen dubois evans fischer garcia hansen ito jensen kowalski lopez martin nakamura olsen"
DOMAINS = ("example.com", "mail.example", "shop.example", "post.example")
# The failed run's error, as the engine records it: the node, then the connector's error.
ERRORS = [
    (
        "wms",
        "HttpError",
        "http_503",
        503,
        True,
        "POST https://wms.example.com/api/shipment-orders: 503 Service Unavailable",
    ),
    ("wms", "HttpError", "http_422", 422, False, "POST https://wms.example.com/api/shipment-orders: 422 unknown sku"),
    ("wms", "Timeout", "timeout", None, True, "POST https://wms.example.com/api/shipment-orders: timed out after 30 s"),
    ("wms", "ConnectionFailed", "connection_failed", None, True, "wms.example.com:443: connection refused"),
    ("fulfil", "RateLimited", "rate_limited", 429, True, "Shopify: 429 Too Many Requests (2 calls per second)"),
    ("fulfil", "HttpError", "http_422", 422, False, "Shopify: 422 Unprocessable Entity: fulfillment order is closed"),
    ("fulfil", "NotFound", "not_found", 404, False, "Shopify: 404 Not Found: the order does not exist"),
    ("fulfil", "AuthFailed", "auth_failed", 401, False, "Shopify: 401 Unauthorized: invalid API access token"),
]


def flow_document(n: int, version: int) -> dict[str, Any]:
    """Paid order -> only if it ships -> map -> WMS -> Shopify fulfilment: five steps."""
    shop = SHOPS[n % len(SHOPS)]
    return {
        "schema": 1,
        "name": f"{shop}: paid order #{n + 1} to the warehouse",
        "nodes": [
            {"id": "paid", "block": "shopify.order_paid", "title": "Order paid", "credential": None},
            {
                "id": "ships",
                "block": "core.filter",
                "config": {"condition": "{{ trigger.line_items[0].requires_shipping }}"},
            },
            {
                "id": "map",
                "block": "core.transform",
                "config": {
                    "expression": '{"reference": trigger.name, "email": trigger.email, '
                    '"lines": [trigger.line_items.{"sku": sku, "quantity": quantity}]}'
                },
            },
            {
                "id": "wms",
                "block": "core.http_request",
                "config": {
                    "method": "POST",
                    "url": f"https://wms.example.com/api/v{version}/shipment-orders",
                    "body": "{{ steps.map }}",
                    "idempotency_key": True,
                },
                "retry": {"max_attempts": 3, "initial_delay_s": 10, "backoff": 2, "max_delay_s": 900},
            },
            {
                "id": "fulfil",
                "block": "shopify.create_fulfillment",
                "credential": None,
                "config": {"order_id": "{{ trigger.id }}", "tracking_number": "{{ steps.wms.body.tracking }}"},
            },
        ],
        "edges": [
            {"from": "paid", "to": "ships"},
            {"from": "ships", "to": "map"},
            {"from": "map", "to": "wms"},
            {"from": "wms", "to": "fulfil"},
        ],
        "ui": {"positions": {k: [260 * i, 0] for i, k in enumerate(("paid", "ships", "map", "wms", "fulfil"))}},
    }


def body_template() -> str:
    """bench/order.json cut to ~1 KB (two line items, no client details) as a format() template:
    %1$s order id, %2$s number, %3$s email, %4$s/%5$s first/last name, %6$s total, %7$s created
    at, %8$s token, %9$s customer id."""
    order = json.loads(json.dumps(ORDER))
    for key in ("client_details", "tax_lines", "discount_codes", "note_attributes", "billing_address", "landing_site"):
        order.pop(key)
    for key in ("cart_token", "checkout_token", "browser_ip", "subtotal_price", "total_tax"):
        order.pop(key)
    for key in ("address2", "province", "phone"):
        order["shipping_address"].pop(key)
    order["line_items"] = order["line_items"][1:]
    for item in order["line_items"]:
        for key in ("properties", "fulfillable_quantity", "taxable", "product_id", "variant_id", "grams"):
            item.pop(key)
    order["customer"].pop("default_address")
    order.update(id="@1", name="#@2", order_number="@2", email="@3", total_price="@6", created_at="@7", token="@8")
    order.update(processed_at="@7")
    order["customer"].update(id="@9", email="@3", first_name="@4", last_name="@5")
    order["shipping_address"].update(first_name="@4", last_name="@5", name="@4 @5")
    text = json.dumps(order).replace("%", "%%")
    for n in (1, 2, 9):  # numbers, unquoted
        text = text.replace(f'"@{n}"', f"%{n}$s")
    for n in range(1, 10):
        text = text.replace(f"@{n}", f"%{n}$s")
    return text


# One row per run: everything the events, runs, steps and attempts are derived from.
PLAN_SQL = """
CREATE UNLOGGED TABLE bench_plan AS
WITH r AS (
    SELECT i,
           (hashint4(i) & 1048575) / 1048576.0 AS u_flow,
           mod(hashint4(i + 7777777) & 1048575, 1000) AS u_status,
           mod(hashint4(i + 333) & 1048575, 8) AS kind,
           mod(hashint4(i + 99) & 1048575, 100) AS u_retry,
           mod(hashint4(i + 5) & 1048575, 200000) AS customer,
           mod(hashint4(i + 11) & 1048575, 2500) AS jitter_ms
    FROM generate_series(1, %(n)s) AS i
)
SELECT i,
       md5('run' || i)::uuid AS run_id,
       least(%(flows)s - 1, floor(%(flows)s * power(u_flow, 1.8)))::int AS f,
       least(%(versions)s, 1 + floor(%(versions)s * (i - 1)::float / %(n)s))::int AS version,
       %(t0)s::timestamptz + (i - 1) * (interval '30 days' / %(n)s) AS created_at,
       CASE WHEN i > %(n)s - 3 THEN 'running'
            WHEN u_status < 930 THEN 'succeeded'
            WHEN u_status < 980 THEN 'failed'
            WHEN u_status < 995 THEN 'skipped'
            ELSE 'cancelled' END AS status,
       kind::int,
       u_status BETWEEN 0 AND 929 AND u_retry < 3 AS retried,
       customer::int,
       (120 + jitter_ms)::int AS duration_ms
    FROM r
"""

EVENTS_SQL = """
INSERT INTO triggers_event (id, flow_id, source, body, headers, query, dedup_key, duplicates, received_at)
SELECT p.i, f.flow_id, 'webhook',
       format(%(tpl)s, 5000000000 + p.i, 1000 + p.i, c.email, c.first, c.last,
              (19 + mod(p.i::bigint * 7919, 48000) / 100.0)::numeric(10, 2),
              to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
              md5(p.i::text), 700000000 + p.customer),
       jsonb_build_object('Content-Type', 'application/json', 'X-Shopify-Topic', 'orders/paid',
                          'X-Shopify-Shop-Domain', 'shop.myshopify.com', 'X-Shopify-Hmac-Sha256', '[redacted]',
                          'X-Shopify-Webhook-Id', md5('hook' || p.i)::uuid),
       '{}'::jsonb, md5('hook' || p.i), 0, p.created_at
FROM bench_plan p
JOIN bench_flow f ON f.f = p.f
CROSS JOIN LATERAL (
    SELECT (%(first)s::text[])[1 + mod(p.customer, cardinality(%(first)s::text[]))] AS first,
           (%(last)s::text[])[1 + mod(p.customer / 20, cardinality(%(last)s::text[]))] AS last
) n
CROSS JOIN LATERAL (
    SELECT n.first, n.last,
           n.first || '.' || n.last || p.customer || '@'
           || (%(domains)s::text[])[1 + mod(p.customer, cardinality(%(domains)s::text[]))] AS email
) c
"""

RUNS_SQL = """
INSERT INTO runs_run (id, flow_id, flow_version_id, event_id, status, is_test, keep, concurrency_key, error,
                      lease_owner, cancel_requested, created_at, started_at, finished_at)
SELECT p.run_id, v.flow_id, v.version_id, p.i, p.status, false, false, '',
       CASE WHEN p.status = 'failed' THEN e.error END,
       '', false, p.created_at, p.created_at + interval '40 ms',
       CASE WHEN p.status <> 'running'
            THEN p.created_at + interval '40 ms' + p.duration_ms * interval '1 ms' END
FROM bench_plan p
JOIN bench_version v ON v.f = p.f AND v.number = p.version
JOIN bench_error e ON e.kind = p.kind
"""

# Five steps: paid, ships, map, wms, fulfil. A run that failed at the WMS has no fulfil step; one
# the filter stopped has its last three skipped.
STEPS_SQL = """
INSERT INTO runs_step (id, run_id, key, node_id, block, position, status, input, input_from_flow, output, port,
                       error, idempotency_key, attempt, copied, started_at, finished_at, duration_ms {extra_columns})
SELECT (p.i - 1) * 5 + s.pos + 1, p.run_id, s.node, s.node, s.block, s.pos,
       st.status,
       CASE WHEN st.status = 'skipped' THEN NULL
            WHEN s.pos = 1 THEN jsonb_build_object('condition', true)
            WHEN s.pos = 3 THEN jsonb_build_object('method', 'POST', 'url', v.wms_url,
                 'body', jsonb_build_object('reference', '#' || (1000 + p.i), 'email', o.email,
                                            'lines', o.lines))
            WHEN s.pos = 4 THEN jsonb_build_object('order_id', 5000000000 + p.i,
                                                   'tracking_number', '1Z' || upper(substr(md5(p.i::text), 1, 16)))
            WHEN s.pos = 2 THEN jsonb_build_object('expression', '(transform)')
       END,
       false,  -- input_from_flow: each step's input stored with it
       CASE WHEN st.status IN ('skipped', 'failed') THEN NULL
            WHEN s.pos = 0 AND {by_reference} THEN NULL
            WHEN s.pos = 0 THEN jsonb_build_object('id', 5000000000 + p.i, 'name', '#' || (1000 + p.i),
                 'email', o.email, 'total_price', (19 + mod(p.i::bigint * 7919, 48000) / 100.0)::numeric(10, 2)::text,
                 'currency', 'USD', 'financial_status', 'paid', 'line_items', o.lines)
            WHEN s.pos = 1 THEN jsonb_build_object('passed', p.status <> 'skipped')
            WHEN s.pos = 2 THEN jsonb_build_object('reference', '#' || (1000 + p.i), 'email', o.email,
                                                   'lines', o.lines)
            WHEN s.pos = 3 THEN jsonb_build_object('status', 201, 'body',
                 jsonb_build_object('id', 'SO-' || p.i, 'tracking', '1Z' || upper(substr(md5(p.i::text), 1, 16))))
            ELSE jsonb_build_object('fulfillment', jsonb_build_object('id', 'gid://shopify/Fulfillment/' || p.i,
                                    'status', 'success'))
       END,
       CASE WHEN st.status IN ('skipped', 'failed') THEN ''
            WHEN s.pos = 1 AND p.status = 'skipped' THEN '' ELSE 'main' END,
       CASE WHEN st.status = 'failed' THEN e.error - 'node' END,
       CASE WHEN s.pos IN (3, 4) THEN p.run_id || ':' || s.node ELSE '' END,
       CASE WHEN st.status = 'failed' THEN 3 WHEN s.pos = 3 AND p.retried THEN 2 ELSE 1 END,
       false,
       p.created_at + interval '40 ms' + s.offset_pct * p.duration_ms * interval '1 ms',
       CASE WHEN st.status = 'running' THEN NULL
            ELSE p.created_at + interval '40 ms' + s.end_pct * p.duration_ms * interval '1 ms' END,
       CASE WHEN st.status IN ('running', 'skipped') THEN NULL
            ELSE round((s.end_pct - s.offset_pct) * p.duration_ms)::int END
       {extra_values}
FROM bench_plan p
JOIN bench_version v ON v.f = p.f AND v.number = p.version
JOIN bench_error e ON e.kind = p.kind
CROSS JOIN (VALUES (0, 'paid', 'shopify.order_paid', 0.0, 0.01), (1, 'ships', 'core.filter', 0.01, 0.02),
                   (2, 'map', 'core.transform', 0.02, 0.04), (3, 'wms', 'core.http_request', 0.04, 0.55),
                   (4, 'fulfil', 'shopify.create_fulfillment', 0.55, 1.0)) AS s(pos, node, block, offset_pct, end_pct)
CROSS JOIN LATERAL (
    SELECT lower((%(first)s::text[])[1 + mod(p.customer, cardinality(%(first)s::text[]))] || '.'
           || (%(last)s::text[])[1 + mod(p.customer / 20, cardinality(%(last)s::text[]))] || p.customer || '@'
           || (%(domains)s::text[])[1 + mod(p.customer, cardinality(%(domains)s::text[]))]) AS email,
           jsonb_build_array(jsonb_build_object('sku', 'IPOD2008PINK', 'quantity', 1),
                             jsonb_build_object('sku', 'IPOD2008BLUE', 'quantity', 2),
                             jsonb_build_object('sku', 'CASE-LEATHER', 'quantity', 1)) AS lines
) o
CROSS JOIN LATERAL (
    SELECT CASE WHEN p.status = 'skipped' AND s.pos >= 2 THEN 'skipped'
                WHEN p.status = 'cancelled' AND s.pos = 4 THEN 'skipped'
                WHEN p.status = 'running' AND s.pos = 4 THEN 'running'
                WHEN p.status = 'failed' AND s.node = e.node THEN 'failed'
                ELSE 'succeeded' END AS status
) st
WHERE NOT (p.status = 'failed' AND e.node = 'wms' AND s.pos = 4)
"""

# Every try of a failed vendor step (3), and both tries of a WMS call that succeeded on its second.
ATTEMPTS_SQL = """
INSERT INTO runs_stepattempt (step_id, number, outcome, error, log, started_at, finished_at, duration_ms)
SELECT st.id, a.number,
       CASE WHEN a.number < st.attempt OR st.status = 'failed' THEN 'failed' ELSE 'succeeded' END,
       CASE WHEN st.status = 'failed' THEN st.error
            WHEN a.number < st.attempt THEN (SELECT error - 'node' FROM bench_error WHERE kind = 0) END,
       jsonb_build_array(jsonb_build_object(
           'request', jsonb_build_object('method', 'POST', 'url', st.input ->> 'url',
                                         'headers', jsonb_build_object('Authorization', '[redacted]')),
           'response', jsonb_build_object('status', coalesce((st.error ->> 'status')::int,
                                                             CASE WHEN a.number < st.attempt THEN 503 ELSE 201 END)),
           'ms', st.duration_ms)),
       st.started_at - (st.attempt - a.number) * interval '20 s',
       st.started_at - (st.attempt - a.number) * interval '20 s' + st.duration_ms * interval '1 ms',
       st.duration_ms
FROM runs_step st
CROSS JOIN LATERAL generate_series(1, st.attempt) AS a(number)
WHERE st.attempt > 1
"""


def setup_django(reuse: str | None) -> str:
    """Settings on a fresh database (or the filled one named `reuse`), migrated; its name."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.dovetail.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DOVETAIL_DATA_DIR"] = tempfile.mkdtemp(prefix="dovetail-bench-")
    if reuse:
        parts = urlsplit(os.environ["DATABASE_URL"])
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + reuse))
        name = reuse
    else:
        from tests.support.stack import _database_env

        db_env, name = _database_env(None)
        os.environ.update(db_env)
    import django
    from django.core.management import call_command
    from django.urls import get_resolver

    django.setup()
    call_command("migrate", verbosity=0)
    get_resolver().url_patterns  # noqa: B018  (imports the API code now: edits made during the fill are not measured)
    return name


def sql(statement: str, params: dict[str, Any] | None = None) -> tuple[float, int]:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.rowcount
    elapsed = time.perf_counter() - started
    print(f"  {statement.strip().splitlines()[0][:70]}: {rows:,} rows in {elapsed:.0f} s", flush=True)
    return elapsed, rows


def fill(runs: int) -> dict[str, Any]:
    """Flows and versions through the services; events, runs, steps, attempts in SQL."""
    from django.db import connection
    from django.utils import timezone

    from backend.flows.services import flow_create, flow_version_create
    from backend.runs.models import Step

    versions = []
    for n in range(FLOWS):
        flow = flow_create(document=flow_document(n, 1))
        versions.append((n, 1, flow.id, flow.current_version_id))
        for number in range(2, VERSIONS + 1):
            version = flow_version_create(flow=flow, document=flow_document(n, number))
            versions.append((n, number, flow.id, version.id))
    now = timezone.now()
    first, last = FIRST.split(), LAST.split()
    names = {"first": first, "last": last, "domains": list(DOMAINS)}
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("SET synchronous_commit = off")
        cursor.execute(
            "CREATE TEMP TABLE bench_version (f int, number int, flow_id uuid, version_id bigint, wms_url text)"
        )
        cursor.executemany(
            "INSERT INTO bench_version VALUES (%s, %s, %s, %s, %s)",
            [(f, n, fid, vid, f"https://wms.example.com/api/v{n}/shipment-orders") for f, n, fid, vid in versions],
        )
        cursor.execute("CREATE TEMP TABLE bench_flow AS SELECT DISTINCT f, flow_id FROM bench_version")
        cursor.execute("CREATE TEMP TABLE bench_error (kind int, node text, error jsonb)")
        cursor.executemany(
            "INSERT INTO bench_error VALUES (%s, %s, %s::jsonb)",
            [
                (k, node, json.dumps({"node": node, "type": t, "code": c, "status": s, "retryable": r, "message": m}))
                for k, (node, t, c, s, r, m) in enumerate(ERRORS)
            ],
        )
        # The payload search index is built once at the end: far faster than kept up row by row.
        cursor.execute("DROP INDEX IF EXISTS event_body_search")
    timings: dict[str, float] = {}
    total = time.perf_counter()
    timings["plan"], _ = sql(
        PLAN_SQL, {"n": runs, "flows": FLOWS, "versions": VERSIONS, "t0": now - timedelta(days=30)}
    )
    timings["events"], events = sql(EVENTS_SQL, {"tpl": body_template(), **names})
    timings["runs"], run_rows = sql(RUNS_SQL)
    # Where the engine stores a trigger step's output by reference to its event, so does the fill.
    by_reference = "output_from_event" in {f.name for f in Step._meta.get_fields()}
    steps_sql = STEPS_SQL.format(
        extra_columns=", output_from_event" if by_reference else "",
        extra_values=", s.pos = 0" if by_reference else "",
        by_reference="true" if by_reference else "false",
    )
    timings["steps"], steps = sql(steps_sql, names)
    timings["attempts"], attempts = sql(ATTEMPTS_SQL)
    # The same index as backend/triggers/migrations/0005_event_search.py.
    timings["search index"], _rows = sql(
        "CREATE INDEX event_body_search ON triggers_event USING gin (dovetail_event_search(body)) "
        "WITH (gin_pending_list_limit = 256)"
    )
    with connection.cursor() as cursor:
        for table in ("triggers_event", "runs_step", "runs_stepattempt"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        cursor.execute("DROP TABLE bench_plan")
    timings["fill"] = time.perf_counter() - total
    timings["analyze"], _rows = sql("VACUUM ANALYZE")
    return {"timings": timings, "rows": {"events": events, "runs": run_rows, "steps": steps, "attempts": attempts}}


def sizes() -> list[tuple[str, str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        found = [("database", cursor.fetchone()[0])]
        for table in ("triggers_event", "runs_run", "runs_step", "runs_stepattempt"):
            cursor.execute(
                "SELECT pg_size_pretty(pg_table_size(%s)), pg_size_pretty(pg_indexes_size(%s))", [table, table]
            )
            data, indexes = cursor.fetchone()
            found.append((table, f"{data} + {indexes} indexes"))
    return found


def measure(client: Any, url: str, calls: int, budget_s: float) -> dict[str, Any]:
    """`calls` timed calls after 2 warm-up ones; fewer (at least 3) when they take over `budget_s`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    for _ in range(2):  # warm: compiled serializers, the plan cache, the session row
        assert client.get(url).status_code == 200, url
    times, queries = [], 0
    while len(times) < calls and (len(times) < 3 or time.perf_counter() - started < budget_s):
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.content[:300])
        queries = len(captured.captured_queries)
    body = response.json()
    rows = len(body["results"]) if isinstance(body, dict) and "results" in body else None
    return {
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "n": len(times),
        "queries": queries,
        "rows": rows,
    }


def calls(client: Any, runs: int) -> list[tuple[str, str]]:
    """The URLs as the dashboard and runs pages send them (frontend/src/features/*/api)."""
    from django.utils import timezone
    from rest_framework.pagination import Cursor

    from backend.core.pagination import NewestFirstPagination
    from backend.flows.models import Flow
    from backend.runs.models import Run
    from backend.triggers.models import Event

    busy = Flow.objects.get(name__contains="#1 to").id  # the fill gives flow 1 the most runs, flow 20 the fewest
    quiet = Flow.objects.get(name__contains=f"#{FLOWS} to").id
    failed = Run.objects.filter(status="failed").order_by("-created_at").values_list("id", flat=True).first()
    middle = 1000 + runs // 2  # an order number in the middle of the 30 days
    email = json.loads(Event.objects.get(id=runs // 2).body)["email"]
    now = timezone.now()
    since, until = (now - timedelta(days=11)).isoformat(), (now - timedelta(days=10)).isoformat()
    # The `next` link of page 19, as DRF builds it: the position is the last row's created_at.
    pager = NewestFirstPagination()
    pager.base_url = "/api/runs/"
    last_of_19 = Run.objects.order_by("-created_at", "-id").values_list("created_at", flat=True)[19 * 50 - 1]
    page_20 = pager.encode_cursor(Cursor(offset=0, reverse=False, position=str(last_of_19)))
    return [
        *[(f"stats {w}", f"/api/runs/stats/?window={w}") for w in ("1h", "24h", "7d", "30d")],
        ("stats 24h, one flow", f"/api/runs/stats/?window=24h&flow={busy}"),
        ("list, first page", "/api/runs/"),
        ("list, page 20 (cursor)", page_20),
        ("list, busiest flow", f"/api/runs/?flow={busy}"),
        ("list, quietest flow", f"/api/runs/?flow={quiet}"),
        ("list, status=failed", "/api/runs/?status=failed"),
        ("list, failed of quietest flow", f"/api/runs/?flow={quiet}&status=failed"),
        ("list, one day 10 days ago", f"/api/runs/?since={since}&until={until}".replace("+", "%2B")),
        ("search order number", f"/api/runs/?search={middle}"),
        ("search email", f"/api/runs/?search={email}"),
        ("search, no match", "/api/runs/?search=no-such-order-zz"),
        ("run detail (failed, 3 tries)", f"/api/runs/{failed}/"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=30, help="timed calls per URL (after 2 warm-up calls)")
    parser.add_argument("--budget", type=float, default=60, help="seconds per URL before fewer calls are made")
    parser.add_argument("--keep", action="store_true", help="leave the database for inspection (or --reuse)")
    parser.add_argument("--reuse", metavar="DATABASE", help="measure a database a --keep run filled; no fill")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        parser.error("set DATABASE_URL (postgres://...): the fill is PostgreSQL SQL")
    name = setup_django(args.reuse)
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"kept database {name}")
        else:
            from tests.support.stack import _drop_database

            _drop_database(name)


def run(args: argparse.Namespace) -> None:
    from django.contrib.auth import get_user_model
    from django.test.utils import setup_test_environment
    from rest_framework.test import APIClient

    from backend.runs.models import Run

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if args.reuse:
        args.runs = Run.objects.count()
        print(f"# dashboard API at {args.runs:,} runs on PostgreSQL (database {args.reuse}); load average {load}")
    else:
        print(f"# dashboard API at {args.runs:,} runs on PostgreSQL; load average {load} at start", flush=True)
        filled = fill(args.runs)
        timings, rows = filled["timings"], filled["rows"]
        print(
            f"filled {rows['runs']:,} runs, {rows['events']:,} events, {rows['steps']:,} steps, "
            f"{rows['attempts']:,} attempts in {timings['fill']:.0f} s ("
            + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items() if k not in ("fill",))
            + f"); load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        )
    for what, size in sizes():
        print(f"  {what}: {size}")

    setup_test_environment()
    client = APIClient()
    user, _ = get_user_model().objects.get_or_create(username="bench")
    client.force_login(user)
    print(
        f"\nserver side only: Django test client in-process, session login (2 of the queries), "
        f"{args.calls} calls each after 2 warm-up; load average {os.getloadavg()[0]:.2f}"
    )
    print("| call | p50 ms | p95 ms | calls | SQL queries | rows |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, url in calls(client, args.runs):
        m = measure(client, url, args.calls, args.budget)
        rows = "" if m["rows"] is None else m["rows"]
        print(f"| {label} | {m['p50']:.0f} | {m['p95']:.0f} | {m['n']} | {m['queries']} | {rows} |", flush=True)
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
