"""The generic credential kinds on core.http_request, end to end: API → flow run → the request that arrived.

Header and basic against the recording upstream; OAuth2 against the OAuth2 simulator (real sockets).
"""

from __future__ import annotations

import base64
import io
import json
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.management import call_command

from backend.credentials.models import Credential
from backend.flows import services as flows
from backend.runs.advance import run_advance
from backend.triggers.services import event_accept_payload

pytestmark = pytest.mark.django_db


def created(api, connector: str, data: dict) -> dict:
    response = api.post("/api/credentials/", {"name": connector, "connector": connector, "data": data}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def run_http(credential_id: str, url: str):
    """manual → core.http_request GET `url` with the credential; the run, advanced to its end."""
    document = {
        "schema": 1,
        "name": "call the ERP",
        "nodes": [
            {"id": "start", "block": "core.manual"},
            {
                "id": "call",
                "block": "core.http_request",
                "credential": credential_id,
                "config": {"method": "GET", "url": url},
            },
        ],
        "edges": [{"from": "start", "to": "call"}],
    }
    run = event_accept_payload(flow=flows.flow_create(document=document), payload={}, publish=False)
    return run_advance(run_id=run.id)


def run_detail(api, run) -> str:
    response = api.get(f"/api/runs/{run.id}/")
    assert response.status_code == 200
    return json.dumps(response.json())


def test_a_header_credential_arrives_as_that_header_and_is_nowhere_in_the_run(api, upstream):
    credential = created(api, "http_header", {"header_name": "X-Api-Key", "value": "erp-key-7f3a9c"})
    upstream.reply = {"echo": "erp-key-7f3a9c"}  # an API that echoes the key back
    run = run_http(credential["id"], upstream.url + "/orders")
    assert run.status == "succeeded"
    assert upstream.received[0].headers["X-Api-Key"] == "erp-key-7f3a9c"
    assert "erp-key-7f3a9c" not in run_detail(api, run)
    assert "erp-key-7f3a9c" not in json.dumps(api.get(f"/api/credentials/{credential['id']}/").json())
    assert credential["secrets_set"] == ["value"]
    assert credential["connected"] is None


def test_a_basic_credential_arrives_as_basic_auth(api, upstream):
    credential = created(api, "http_basic", {"username": "dovetail", "password": "wms-pass-2026"})
    run = run_http(credential["id"], upstream.url + "/stock")
    assert run.status == "succeeded"
    expected = "Basic " + base64.b64encode(b"dovetail:wms-pass-2026").decode()
    assert upstream.received[0].headers["Authorization"] == expected
    assert "wms-pass-2026" not in run_detail(api, run)
    assert expected.split()[1] not in run_detail(api, run)


def test_client_credentials_fetch_one_token_for_several_runs_and_a_new_one_after_expiry(api, oauth2_sim):
    oauth2_sim.expires_in = 2
    credential = created(api, "oauth2_client_credentials", oauth2_sim.credential())
    first = run_http(credential["id"], oauth2_sim.url + "/api/echo")
    second = run_http(credential["id"], oauth2_sim.url + "/api/echo")
    assert (first.status, second.status) == ("succeeded", "succeeded")
    assert oauth2_sim.grants == ["client_credentials"]
    assert second.steps.get(node_id="call").output["body"]["grant"] == "client_credentials"
    time.sleep(2.05)
    assert run_http(credential["id"], oauth2_sim.url + "/api/echo").status == "succeeded"
    assert oauth2_sim.grants == ["client_credentials", "client_credentials"]
    detail = run_detail(api, second)
    assert "sim_at_" not in detail
    assert oauth2_sim.client_secret not in detail


def test_a_token_the_api_refuses_is_fetched_again_once_and_the_step_succeeds(api, oauth2_sim):
    credential = created(api, "oauth2_client_credentials", oauth2_sim.credential())
    assert run_http(credential["id"], oauth2_sim.url + "/api/echo").status == "succeeded"
    oauth2_sim.expire_tokens()  # revoked early: our cache still thinks it valid
    run = run_http(credential["id"], oauth2_sim.url + "/api/echo")
    assert run.status == "succeeded"
    assert oauth2_sim.grants == ["client_credentials", "client_credentials"]
    statuses = [entry.get("status") for entry in run.steps.get(node_id="call").attempts.get().log]
    assert statuses == [401, 200, 200]  # refused, token fetched, sent again
    assert "sim_at_" not in run_detail(api, run)


def test_tokens_are_stored_encrypted_on_the_credential_row(api, oauth2_sim):
    credential = created(api, "oauth2_client_credentials", oauth2_sim.credential())
    run_http(credential["id"], oauth2_sim.url + "/api/echo")
    row = Credential.objects.values().get(pk=credential["id"])
    assert row["tokens_encrypted"]
    assert "sim_at_" not in json.dumps(row, default=str)


def connect(api, credential_id: str) -> requests.Response:
    """Press Connect: the authorize URL, the simulator's approval redirect, our callback."""
    started = api.get(f"/api/credentials/{credential_id}/oauth2/authorize/?next=/flows/1")
    assert started.status_code == 200, started.content
    approved = requests.get(started.json()["authorize_url"], allow_redirects=False, timeout=5)
    assert approved.status_code == 302
    location = urlsplit(approved.headers["Location"])
    assert location.path == "/oauth2/callback"
    return api.get(location.path, {k: v[0] for k, v in parse_qs(location.query).items()})


def test_an_authorization_code_credential_connects_runs_and_refreshes(api, oauth2_sim):
    oauth2_sim.expires_in = 2
    credential = created(api, "oauth2", oauth2_sim.credential("oauth2"))
    assert credential["connected"] is False
    before = run_http(credential["id"], oauth2_sim.url + "/api/echo")
    assert before.status == "failed"
    error = before.steps.get(node_id="call").error
    assert error["code"] == "credential_not_connected"
    assert "not connected" in error["message"]

    back = connect(api, credential["id"])
    assert back.status_code == 302
    assert back["Location"] == f"/flows/1?oauth2=connected&credential={credential['id']}"
    assert api.get(f"/api/credentials/{credential['id']}/").json()["connected"] is True
    row = json.dumps(Credential.objects.values().get(pk=credential["id"]), default=str)
    assert "sim_at_" not in row
    assert "sim_rt_" not in row

    run = run_http(credential["id"], oauth2_sim.url + "/api/echo")
    assert run.status == "succeeded"
    assert run.steps.get(node_id="call").output["body"]["grant"] == "authorization_code"
    time.sleep(2.05)
    refreshed = run_http(credential["id"], oauth2_sim.url + "/api/echo")
    assert refreshed.status == "succeeded"
    assert oauth2_sim.grants == ["authorization_code", "refresh_token"]
    assert refreshed.steps.get(node_id="call").output["body"]["grant"] == "refresh_token"
    for shown in (run_detail(api, run), run_detail(api, refreshed)):
        assert "sim_at_" not in shown
        assert "sim_rt_" not in shown
        assert oauth2_sim.client_secret not in shown


def test_a_tampered_state_is_refused_and_stores_nothing(api, oauth2_sim):
    credential = created(api, "oauth2", oauth2_sim.credential("oauth2"))
    started = api.get(f"/api/credentials/{credential['id']}/oauth2/authorize/").json()["authorize_url"]
    state = parse_qs(urlsplit(started).query)["state"][0]
    response = api.get("/oauth2/callback", {"code": "x", "state": state[:-2] + "xx"})
    assert response.status_code == 400
    assert "state is not one Dovetail signed" in response.content.decode()
    assert api.get(f"/api/credentials/{credential['id']}/").json()["connected"] is False


def test_the_authorize_endpoint_can_redirect_and_refuses_other_kinds(api, oauth2_sim):
    credential = created(api, "oauth2", oauth2_sim.credential("oauth2"))
    redirect = api.get(f"/api/credentials/{credential['id']}/oauth2/authorize/?redirect=1")
    assert redirect.status_code == 302
    assert redirect["Location"].startswith(oauth2_sim.url + "/oauth/authorize?response_type=code")
    other = created(api, "oauth2_client_credentials", oauth2_sim.credential())
    assert api.get(f"/api/credentials/{other['id']}/oauth2/authorize/").status_code == 400


def test_a_declined_approval_goes_back_saying_so(api, oauth2_sim):
    credential = created(api, "oauth2", oauth2_sim.credential("oauth2"))
    started = api.get(f"/api/credentials/{credential['id']}/oauth2/authorize/?next=/x").json()["authorize_url"]
    state = parse_qs(urlsplit(started).query)["state"][0]
    response = api.get("/oauth2/callback", {"error": "access_denied", "state": state})
    assert response.status_code == 302
    assert response["Location"] == "/x?oauth2=denied&reason=access_denied"


def checked(api, credential_id: str) -> dict:
    response = api.post(f"/api/credentials/{credential_id}/test/")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_credential_test_endpoint_speaks_for_each_kind(api, oauth2_sim):
    header = created(api, "http_header", {"header_name": "Authorization", "value": "Bearer abc123456"})
    assert checked(api, header["id"])["ok"] is True
    assert "nothing to call" in checked(api, header["id"])["detail"]

    client = created(api, "oauth2_client_credentials", oauth2_sim.credential())
    assert checked(api, client["id"])["detail"].startswith("The token URL issued an access token")
    wrong = created(api, "oauth2_client_credentials", {**oauth2_sim.credential(), "client_secret": "not-it-42"})
    result = checked(api, wrong["id"])
    assert result["ok"] is False
    assert result["error"]["code"] == "credential_rejected"
    assert "invalid_client" in result["error"]["message"]

    code = created(api, "oauth2", oauth2_sim.credential("oauth2"))
    not_yet = checked(api, code["id"])
    assert not_yet["ok"] is False
    assert not_yet["error"]["code"] == "credential_not_connected"
    connect(api, code["id"])
    assert checked(api, code["id"]) == {"ok": True, "detail": "Connected: the access token is valid"}


def test_changing_the_client_forgets_the_tokens(api, oauth2_sim):
    credential = created(api, "oauth2", oauth2_sim.credential("oauth2"))
    connect(api, credential["id"])
    changed = api.put(
        f"/api/credentials/{credential['id']}/",
        {"data": {**oauth2_sim.credential("oauth2"), "scopes": "x"}},
        format="json",
    )
    assert changed.status_code == 200
    assert changed.json()["connected"] is False


def test_the_http_block_lists_every_kind_and_does_not_require_one(api):
    blocks = {b["key"]: b for b in api.get("/api/blocks/").json()["results"]}
    http = blocks["core.http_request"]
    assert http["credential_kinds"] == ["http_header", "http_basic", "oauth2_client_credentials", "oauth2"]
    assert http["credential_required"] is False
    connectors = {c["key"]: c for c in api.get("/api/connectors/").json()["results"]}
    assert connectors["oauth2"]["credential_schema"]["properties"]["client_secret"]["writeOnly"] is True
    assert connectors["http_header"]["blocks"] == []


def test_the_callback_never_sends_the_user_to_another_host(api, oauth2_sim):
    credential = created(api, "oauth2", oauth2_sim.credential("oauth2"))
    started = api.get(f"/api/credentials/{credential['id']}/oauth2/authorize/?next=//evil.example/x").json()
    approved = requests.get(started["authorize_url"], allow_redirects=False, timeout=5)
    location = urlsplit(approved.headers["Location"])
    back = api.get(location.path, {k: v[0] for k, v in parse_qs(location.query).items()})
    assert back["Location"].startswith("/?oauth2=connected")


def test_the_sandbox_has_an_oauth2_client_credential_for_the_simulator():
    call_command("ensure_sandbox", stdout=io.StringIO())
    names = set(Credential.objects.values_list("name", "connector"))
    assert ("OAuth2 client credentials sandbox", "oauth2_client_credentials") in names
    assert ("Stripe sandbox", "stripe") in names
