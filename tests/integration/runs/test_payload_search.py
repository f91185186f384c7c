"""The runs list's payload search: what operators type to find the run of an order.

On PostgreSQL it matches words (each the start of a word or number of the payload's values)
through an index; on SQLite it is a substring of the body. What an operator types works on both.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.flows import services as flows
from backend.runs.selectors import run_list
from backend.triggers.services import event_accept_payload

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="word search is PostgreSQL's")


def order(number: int, first: str, last: str, sku: str) -> dict:
    email = f"{first}.{last}@example.com".lower()
    return {
        "id": 450789000 + number,
        "name": f"#{number}",
        "order_number": number,
        "email": email,
        "financial_status": "paid",
        "line_items": [{"sku": sku, "title": "IPod Nano - 8GB", "price": "199.00"}],
        "customer": {"first_name": first, "last_name": last, "email": email},
        "shipping_address": {"name": f"{first} {last}", "city": "Louisville", "zip": "40202"},
    }


@pytest.fixture
def orders():
    document = {"schema": 1, "name": "Orders", "nodes": [{"id": "start", "block": "core.manual"}], "edges": []}
    flow = flows.flow_create(document=document)
    ana = event_accept_payload(flow=flow, payload=order(1001, "Ana", "Lima", "IPOD2008PINK"), publish=False)
    bob = event_accept_payload(flow=flow, payload=order(2002, "Bob", "Norman", "CASE-LEATHER"), publish=False)
    return ana, bob


def found(api, search: str) -> list[str]:
    return [row["id"] for row in api.get("/api/runs/", {"search": search}).json()["results"]]


@pytest.mark.parametrize(
    "search",
    ["1001", "#1001", "ana.lima@example.com", "ana.lima@example", "Ana Lima", "lima", "IPOD2008PINK", "ipod2008"],
)
def test_an_order_number_an_email_a_name_or_a_sku_finds_its_run(api, orders, search):
    ana, _bob = orders
    assert found(api, search) == [str(ana.id)]


def test_what_no_payload_holds_finds_nothing(api, orders):
    assert found(api, "nobody@example.com") == []
    assert len(found(api, "Louisville")) == 2


def test_a_search_costs_the_list_no_query_more(api, orders):
    with CaptureQueriesContext(connection) as plain:
        api.get("/api/runs/")
    with CaptureQueriesContext(connection) as searched:
        api.get("/api/runs/", {"search": "1001"})
    assert len(searched) == len(plain)


@postgresql_only
def test_words_in_any_order_and_not_keys(api, orders):
    ana, _bob = orders
    assert found(api, "Lima Ana") == [str(ana.id)]
    assert found(api, "financial_status") == []  # a key, not a value
    assert found(api, "#") == []  # no word at all: nothing, rather than every run


@postgresql_only
def test_json_that_postgresql_cannot_read_is_stored_and_searched_by_its_words(api):
    document = {"schema": 1, "name": "Odd", "nodes": [{"id": "start", "block": "core.manual"}], "edges": []}
    flow = flows.flow_create(document=document)
    odd = event_accept_payload(flow=flow, payload={"ref": "ODD-7", "ratio": float("nan")}, publish=False)
    assert found(api, "ODD-7") == [str(odd.id)]


@postgresql_only
def test_the_search_is_an_index_scan(orders):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # two rows: the planner would rather read the table
        sql, params = run_list(search="ana.lima@example.com").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "event_body_search" in plan


@postgresql_only
def test_the_search_works_in_a_parallel_plan(api, orders):
    """The body's words are computed in a subtransaction, which no process of a parallel query may
    start: the function is PARALLEL UNSAFE, so a query that computes it is never planned parallel."""
    ana, _bob = orders
    with connection.cursor() as cursor:
        for setting in (
            "parallel_setup_cost = 0",
            "parallel_tuple_cost = 0",
            "min_parallel_table_scan_size = 0",
            "max_parallel_workers_per_gather = 2",
            "enable_bitmapscan = off",
            "enable_indexscan = off",
        ):
            cursor.execute(f"SET LOCAL {setting}")
        assert [run.id for run in run_list(search="ana.lima@example.com")] == [ana.id]
