"""The flows API as a script or the web app uses it."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from backend.flows.models import Flow
from tests.support.documents import webhook_transform_http

pytestmark = pytest.mark.django_db
DOC = webhook_transform_http("http://127.0.0.1:9")


def test_create_returns_the_flow_with_version_1_inactive(api):
    response = api.post("/api/flows/", DOC, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Order to ERP"
    assert body["version"] == 1
    assert body["active"] is False
    assert body["trigger_block"] == "core.webhook"
    assert body["webhook_url"].startswith("http://testserver/hooks/")
    assert body["document"] == DOC


def test_invalid_document_answers_400_with_every_error_and_writes_nothing(api):
    doc = json.loads(json.dumps(DOC))
    doc["nodes"][2]["config"]["url"] = 42
    doc["nodes"][1]["block"] = "core.nope"
    doc["edges"].append({"from": "post", "to": "ghost"})
    response = api.post("/api/flows/", doc, format="json")
    assert response.status_code == 400
    pointers = {e["pointer"] for e in response.json()["errors"]}
    assert {"/nodes/2/config/url", "/nodes/1/block", "/edges/2/to"} <= pointers
    assert all(e["message"] for e in response.json()["errors"])
    assert Flow.objects.count() == 0


def test_body_that_is_not_an_object_is_refused(api):
    response = api.post("/api/flows/", [1, 2], format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["pointer"] == ""


def test_put_saves_a_new_version_and_keeps_the_old(api):
    flow_id = api.post("/api/flows/", DOC, format="json").json()["id"]
    changed = {**DOC, "name": "Order to ERP v2"}
    response = api.put(f"/api/flows/{flow_id}/", changed, format="json")
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.json()["name"] == "Order to ERP v2"
    versions = api.get(f"/api/flows/{flow_id}/versions/").json()["results"]
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[1]["document"]["name"] == "Order to ERP"


def test_invalid_put_keeps_the_current_version(api):
    flow_id = api.post("/api/flows/", DOC, format="json").json()["id"]
    response = api.put(f"/api/flows/{flow_id}/", {**DOC, "edges": []}, format="json")
    assert response.status_code == 400
    assert api.get(f"/api/flows/{flow_id}/").json()["version"] == 1


def test_activate_and_deactivate(api):
    flow_id = api.post("/api/flows/", DOC, format="json").json()["id"]
    assert api.post(f"/api/flows/{flow_id}/activate/").json()["active"] is True
    assert api.post(f"/api/flows/{flow_id}/deactivate/").json()["active"] is False


def test_export_then_import_gives_the_same_document(api):
    flow_id = api.post("/api/flows/", DOC, format="json").json()["id"]
    exported = api.get(f"/api/flows/{flow_id}/export/")
    assert exported.status_code == 200
    assert 'filename="order-to-erp.json"' in exported["Content-Disposition"]
    imported = api.post("/api/flows/import/", exported.json(), format="json")
    assert imported.status_code == 201
    assert imported.json()["document"] == DOC
    assert imported.json()["id"] != flow_id


def test_import_of_an_uploaded_file_with_bad_json_names_the_problem(api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("flow.json", b'{"schema": 1,', content_type="application/json")
    response = api.post("/api/flows/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["message"]


def test_delete_removes_the_flow(api):
    flow_id = api.post("/api/flows/", DOC, format="json").json()["id"]
    assert api.delete(f"/api/flows/{flow_id}/").status_code == 204
    assert api.get(f"/api/flows/{flow_id}/").status_code == 404


def test_list_shows_flows(api):
    api.post("/api/flows/", DOC, format="json")
    results = api.get("/api/flows/").json()["results"]
    assert [f["name"] for f in results] == ["Order to ERP"]


def test_anonymous_requests_are_refused():
    response = APIClient().get("/api/flows/")
    assert response.status_code in (401, 403)
    assert response.json()["message"]


def test_token_auth_works_for_scripts(user):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/flows/").status_code == 200


def test_blocks_lists_every_builtin_with_its_schema(api):
    blocks = {b["key"]: b for b in api.get("/api/blocks/").json()["results"]}
    assert {"core.webhook", "core.manual", "core.transform", "core.filter", "core.branch", "core.http_request"} <= set(
        blocks
    )
    assert blocks["core.branch"]["ports"] == ["true", "false"]
    assert blocks["core.http_request"]["config_schema"]["required"] == ["url"]
    assert blocks["core.webhook"]["kind"] == "trigger"


def test_openapi_schema_is_served(api):
    response = api.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/flows/" in response.content


def test_session_login_then_me(client, user):
    response = client.post(
        "/api/auth/login/", {"username": "ops", "password": "correct horse battery"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert client.get("/api/auth/me/").json()["username"] == "ops"


def test_wrong_password_names_the_field(client, user):
    response = client.post("/api/auth/login/", {"username": "ops", "password": "nope"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == [{"pointer": "/password", "message": "wrong username or password"}]


def test_a_draft_is_saved_with_its_errors_but_cannot_be_activated_or_run(api):
    draft = {**DOC, "edges": []}
    response = api.post("/api/flows/?draft=1", draft, format="json")
    assert response.status_code == 201
    body = response.json()
    assert {e["pointer"] for e in body["errors"]} == {"/nodes/1", "/nodes/2"}
    activate = api.post(f"/api/flows/{body['id']}/activate/")
    assert activate.status_code == 400
    assert api.post(f"/api/flows/{body['id']}/run/", {"payload": {}}, format="json").status_code == 400
    fixed = api.put(f"/api/flows/{body['id']}/?draft=1", DOC, format="json").json()
    assert (fixed["version"], fixed["errors"]) == (2, [])
    assert api.post(f"/api/flows/{body['id']}/activate/").json()["active"] is True


def test_an_active_flow_refuses_an_invalid_draft(api):
    flow_id = api.post("/api/flows/", DOC, format="json").json()["id"]
    api.post(f"/api/flows/{flow_id}/activate/")
    response = api.put(f"/api/flows/{flow_id}/?draft=1", {**DOC, "edges": []}, format="json")
    assert response.status_code == 400
    assert api.get(f"/api/flows/{flow_id}/").json()["version"] == 1


def test_validate_reports_errors_without_saving(api):
    response = api.post("/api/flows/validate/", {**DOC, "edges": []}, format="json")
    assert response.status_code == 200
    assert response.json()["valid"] is False
    assert response.json()["errors"][0]["pointer"].startswith("/nodes/")
    assert api.post("/api/flows/validate/", DOC, format="json").json() == {"valid": True, "errors": []}
    assert Flow.objects.count() == 0
