"""A credential sent to the inbox in a header whose name does not look secret: the inbox shows it redacted.

A flow's HTTP step calls the inbox over a real socket (a live server), with a header credential as
the QA report had it (`X-Erp-Auth`); the run's own step log already hid the value.
"""

from __future__ import annotations

import base64
import json

import pytest
import requests

from backend.flows import services as flows
from backend.runs.advance import run_advance
from backend.triggers.services import event_accept_payload

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "ERPSECRETVALUE42"


def credential(api, connector: str, data: dict) -> str:
    response = api.post("/api/credentials/", {"name": connector, "connector": connector, "data": data}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def call_inbox(credential_id: str, url: str, body=None) -> None:
    config = {"method": "POST", "url": url, **({"body": body} if body is not None else {})}
    document = {
        "schema": 1,
        "name": "call the ERP stand-in",
        "nodes": [
            {"id": "start", "block": "core.manual"},
            {"id": "call", "block": "core.http_request", "credential": credential_id, "config": config},
        ],
        "edges": [{"from": "start", "to": "call"}],
    }
    run = event_accept_payload(flow=flows.flow_create(document=document), payload={}, publish=False)
    assert run_advance(run_id=run.id).status == "succeeded"


def test_a_header_credential_is_redacted_in_the_inbox_by_its_value(api, live_server):
    credential_id = credential(api, "http_header", {"header_name": "X-Erp-Auth", "value": SECRET})
    call_inbox(credential_id, f"{live_server.url}/sandbox/inbox/echo/orders?ref={SECRET}", {"note": f"k={SECRET}"})

    listed = api.get("/api/sandbox/inbox/echo/")
    assert listed.status_code == 200
    [row] = listed.json()["results"]
    assert row["headers"]["X-Erp-Auth"] == "[redacted]"
    assert row["query"] == {"ref": "[redacted]"}
    assert row["body"] == {"note": "k=[redacted]"}
    assert row["path"] == "/orders"
    assert SECRET not in json.dumps(listed.json())


def test_a_basic_credential_in_a_header_of_its_own_is_redacted(api, live_server, settings):
    credential(api, "http_basic", {"username": "dovetail", "password": "wms-pass-2026"})
    pair = base64.b64encode(b"dovetail:wms-pass-2026").decode()
    settings.SANDBOX_INBOX_MAX_BODY_BYTES = 40
    # Not through a block: any caller's copy of the stored values is hidden (here cut by the body limit too).
    requests.post(
        f"{live_server.url}/sandbox/inbox/wms",
        data=("y" * 30 + "wms-pass-2026").encode(),
        headers={"X-Forwarded-Auth": f"Basic {pair}", "Content-Type": "text/plain"},
        timeout=10,
    )
    [row] = api.get("/api/sandbox/inbox/wms/").json()["results"]
    assert row["headers"]["X-Forwarded-Auth"] == "[redacted]"
    assert row["body_truncated"] is True
    assert row["body"] == "y" * 30 + "[redacted]"
    shown = json.dumps(row)
    assert "wms-pass-2026" not in shown
    assert "wms-pass" not in shown
    assert pair not in shown
