"""The API with JSON nesting too deep, or documents of the wrong shape: a 400 in the API's error
shape (`{message, code, errors: [{pointer, message}]}`), never a 500."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from backend.core.jsondepth import MAX_DEPTH
from backend.flows.models import Flow
from backend.runs.models import Run
from tests.support.documents import webhook_transform_http

pytestmark = pytest.mark.django_db
DOC = webhook_transform_http("http://127.0.0.1:9")
BRACKETS = "[" * 100_000 + "]" * 100_000


def nested(levels: int) -> str:
    return '{"a":' * levels + "1" + "}" * levels


def send(api, url: str, raw: str):
    return api.post(url, data=raw, content_type="application/json")


def assert_too_deep(response) -> None:
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "json_too_deep"
    assert f"deeper than {MAX_DEPTH} levels" in body["message"]
    assert body["errors"] == [{"pointer": "", "message": body["message"]}]


@pytest.mark.parametrize("url", ["/api/flows/validate/", "/api/flows/", "/api/flows/import/"])
@pytest.mark.parametrize("raw", [BRACKETS, nested(3000)], ids=["100000-brackets", "3000-objects"])
def test_a_body_too_deep_to_parse_answers_400(api, url, raw):
    assert_too_deep(send(api, url, raw))
    assert Flow.objects.count() == 0


def test_a_flow_document_nesting_over_the_limit_is_refused(api):
    doc = json.loads(json.dumps(DOC))
    doc["nodes"][2]["config"]["body"] = json.loads(nested(MAX_DEPTH))
    assert_too_deep(api.post("/api/flows/", doc, format="json"))
    assert Flow.objects.count() == 0


def test_a_test_run_with_a_payload_too_deep_is_refused_and_starts_no_run(api):
    flow_id = api.post("/api/flows/", DOC, format="json").json()["id"]
    assert_too_deep(send(api, f"/api/flows/{flow_id}/run/", '{"payload": ' + nested(3000) + "}"))
    assert Run.objects.count() == 0


def test_a_replay_with_an_edited_trigger_too_deep_is_refused(api):
    flow_id = api.post("/api/flows/", DOC, format="json").json()["id"]
    run_id = api.post(f"/api/flows/{flow_id}/run/", {"payload": {"order_number": 1}}, format="json").json()["run_id"]
    Run.objects.filter(id=run_id).update(status="failed")
    assert_too_deep(send(api, f"/api/runs/{run_id}/replay/", '{"trigger": ' + nested(MAX_DEPTH + 5) + "}"))
    assert Run.objects.count() == 1


@override_settings(SANDBOX_URL="http://testserver")
@pytest.mark.parametrize(
    ("nodes", "pointer"), [(["a"], "/nodes/0"), ({"a": 1}, "/nodes")], ids=["node-not-an-object", "nodes-an-object"]
)
def test_import_refuses_nodes_of_the_wrong_shape_as_create_does(api, nodes, pointer):
    doc = {**DOC, "nodes": nodes}
    created = api.post("/api/flows/", doc, format="json")
    imported = api.post("/api/flows/import/", doc, format="json")
    assert created.status_code == imported.status_code == 400
    assert imported.json() == created.json()
    assert pointer in {e["pointer"] for e in imported.json()["errors"]}
    assert Flow.objects.count() == 0


def test_import_refuses_a_flow_whose_config_nests_3000_levels(api):
    """Import parses with a parser of its own: the document is still refused, not stored (500)."""
    doc = json.loads(json.dumps(DOC))
    doc["nodes"][2]["config"]["body"] = "DEEP"
    assert_too_deep(send(api, "/api/flows/import/", json.dumps(doc).replace('"DEEP"', nested(3000))))
    assert Flow.objects.count() == 0
