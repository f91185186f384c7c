"""The sandbox inbox: a public request bin HTTP blocks can call, read and cleared through the API."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from backend.sandbox.models import InboxRequest
from backend.sandbox.services import sandbox_document

pytestmark = pytest.mark.django_db


def send(client, path: str, body: dict | str = "", method: str = "post", **headers):
    data = json.dumps(body) if isinstance(body, dict) else body
    content_type = "application/json" if isinstance(body, dict) else "text/plain"
    if method == "get":
        return client.get(path, headers=headers)
    return getattr(client, method)(path, data=data, content_type=content_type, headers=headers)


def test_a_request_is_recorded_and_acknowledged_with_200(client, api):
    answer = send(client, "/sandbox/inbox/erp/api/orders?shop=main&x=1&x=2", {"number": 1001}, X_Request_Id="r-1")
    assert answer.status_code == 200
    assert answer.json() == {"received": True, "id": answer.json()["id"], "inbox": "erp"}

    [row] = api.get("/api/sandbox/inbox/erp/").json()["results"]
    assert row["id"] == answer.json()["id"]
    assert (row["method"], row["path"]) == ("POST", "/api/orders")
    assert row["query"] == {"shop": "main", "x": ["1", "2"]}
    assert row["body"] == {"number": 1001}
    assert row["headers"]["X-Request-Id"] == "r-1"
    assert row["received_at"]


@pytest.mark.parametrize("method", ["put", "patch", "delete", "get"])
def test_every_method_is_recorded(client, api, method):
    assert send(client, "/sandbox/inbox/wms", {"a": 1}, method=method).status_code == 200
    [row] = api.get("/api/sandbox/inbox/wms/").json()["results"]
    assert row["method"] == method.upper()
    assert row["path"] == ""
    assert row["body"] == (None if method == "get" else {"a": 1})


def test_a_body_that_is_not_json_is_kept_as_text(client, api):
    send(client, "/sandbox/inbox/chat", "hello <b>ops</b>")
    [row] = api.get("/api/sandbox/inbox/chat/").json()["results"]
    assert row["body"] == "hello <b>ops</b>"


def test_secrets_in_headers_query_and_body_are_redacted(client, api):
    send(
        client,
        "/sandbox/inbox/crm?api_key=k-123&page=2",
        {"email": "ana@example.com", "password": "hunter2"},
        Authorization="Bearer sk_live_abc",
        X_Shopify_Access_Token="shpat_secret",
        X_Api_Key="key-456",
        Cookie="sessionid=s",
        Idempotency_Key="run-1:crm",
    )
    [row] = api.get("/api/sandbox/inbox/crm/").json()["results"]
    stored = json.dumps(row)
    for secret in ("sk_live_abc", "shpat_secret", "key-456", "sessionid", "hunter2", "k-123"):
        assert secret not in stored
    assert row["headers"]["Authorization"] == "[redacted]"
    assert row["headers"]["X-Shopify-Access-Token"] == "[redacted]"
    assert row["headers"]["Idempotency-Key"] == "run-1:crm"  # not a secret: it shows retries apply once
    assert row["query"] == {"api_key": "[redacted]", "page": "2"}
    assert row["body"] == {"email": "ana@example.com", "password": "[redacted]"}


def test_a_large_body_is_cut_and_kept_as_text(client, api, settings):
    settings.SANDBOX_INBOX_MAX_BODY_BYTES = 100
    send(client, "/sandbox/inbox/erp", {"blob": "x" * 500})
    [row] = api.get("/api/sandbox/inbox/erp/").json()["results"]
    assert row["body_truncated"] is True
    assert row["body_bytes"] > 500
    assert len(row["body"]) == 100


def test_only_the_newest_requests_of_an_inbox_are_kept(client, api, settings):
    settings.SANDBOX_INBOX_KEEP = 3
    for number in range(5):
        send(client, "/sandbox/inbox/erp", {"n": number})
    send(client, "/sandbox/inbox/wms", {"n": 0})
    rows = api.get("/api/sandbox/inbox/erp/").json()["results"]
    assert [r["body"]["n"] for r in rows] == [4, 3, 2]  # newest first
    assert InboxRequest.objects.filter(name="wms").count() == 1  # other inboxes keep theirs


def test_new_inboxes_are_refused_past_the_cap(client, settings):
    settings.SANDBOX_INBOX_MAX_NAMES = 2
    assert send(client, "/sandbox/inbox/a", {}).status_code == 200
    assert send(client, "/sandbox/inbox/b", {}).status_code == 200
    refused = send(client, "/sandbox/inbox/c", {})
    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many_inboxes"
    assert send(client, "/sandbox/inbox/a", {}).status_code == 200  # existing ones still record


def test_the_list_counts_each_inbox_and_gives_its_url(client, api):
    send(client, "/sandbox/inbox/erp", {})
    send(client, "/sandbox/inbox/erp", {})
    send(client, "/sandbox/inbox/chat", {})
    inboxes = {i["name"]: i for i in api.get("/api/sandbox/inbox/").json()["results"]}
    assert {name: i["count"] for name, i in inboxes.items()} == {"erp": 2, "chat": 1}
    assert inboxes["erp"]["url"] == "http://testserver/sandbox/inbox/erp"


def test_requests_page_by_cursor(client, api):
    for number in range(5):
        send(client, "/sandbox/inbox/erp", {"n": number})
    first = api.get("/api/sandbox/inbox/erp/?limit=2").json()
    second = api.get(first["next"]).json()
    assert [r["body"]["n"] for r in first["results"] + second["results"]] == [4, 3, 2, 1]


def test_delete_clears_one_inbox(client, api):
    send(client, "/sandbox/inbox/erp", {})
    send(client, "/sandbox/inbox/chat", {})
    assert api.delete("/api/sandbox/inbox/erp/").status_code == 204
    assert api.get("/api/sandbox/inbox/erp/").json()["results"] == []
    assert [i["name"] for i in api.get("/api/sandbox/inbox/").json()["results"]] == ["chat"]


def test_reading_and_clearing_need_a_signed_in_user(client):
    send(client, "/sandbox/inbox/erp", {})
    anonymous = APIClient()
    assert anonymous.get("/api/sandbox/inbox/").status_code in (401, 403)
    assert anonymous.get("/api/sandbox/inbox/erp/").status_code in (401, 403)
    assert anonymous.delete("/api/sandbox/inbox/erp/").status_code in (401, 403)
    assert InboxRequest.objects.count() == 1


def test_an_inbox_can_answer_like_the_system_it_stands_in_for(client, api):
    reply = {"status": 503, "body": {"error": "ERP is down for maintenance"}}
    assert api.put("/api/sandbox/inbox/erp/reply/", reply, format="json").status_code == 200
    answer = send(client, "/sandbox/inbox/erp/api/orders", {"n": 1})
    assert (answer.status_code, answer.json()) == (503, {"error": "ERP is down for maintenance"})
    assert InboxRequest.objects.filter(name="erp").count() == 1  # recorded all the same

    assert api.delete("/api/sandbox/inbox/erp/reply/").status_code == 204
    assert send(client, "/sandbox/inbox/erp", {}).json()["received"] is True


def test_sandbox_mode_points_example_com_urls_at_the_inbox(settings):
    settings.SANDBOX_URL = "http://127.0.0.1:8000"
    document = {
        "nodes": [
            {"id": "erp", "block": "core.http_request", "config": {"url": "https://erp.example.com/api/orders?v=2"}},
            {"id": "real", "block": "core.http_request", "config": {"url": "https://api.acme.io/orders"}},
            {"id": "expr", "block": "core.http_request", "config": {"url": "{{ trigger.callback }}"}},
            {"id": "look", "block": "core.transform", "config": {"url": "https://erp.example.com/x"}},
        ]
    }
    urls = [n["config"]["url"] for n in sandbox_document(document=document)["nodes"]]
    assert urls == [
        "http://127.0.0.1:8000/sandbox/inbox/erp/api/orders?v=2",
        "https://api.acme.io/orders",
        "{{ trigger.callback }}",
        "https://erp.example.com/x",
    ]
    assert document["nodes"][0]["config"]["url"] == "https://erp.example.com/api/orders?v=2"  # a copy was changed

    settings.SANDBOX_URL = ""
    assert sandbox_document(document=document) is document
