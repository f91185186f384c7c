"""/api/credentials/ and /api/connectors/: what an operator sees; secrets go in and never come out."""

from __future__ import annotations

import pytest

from backend.credentials.models import Credential
from backend.credentials.services import credential_resolve, credential_rotate_all

pytestmark = pytest.mark.django_db

STRIPE = {"secret_key": "sk_test_abc123XYZ", "webhook_secret": "whsec_abc123XYZ", "base_url": "http://127.0.0.1:8781"}


def create(api, data=STRIPE, name="Shop Stripe", connector="stripe"):
    return api.post("/api/credentials/", {"name": name, "connector": connector, "data": data}, format="json")


def test_create_returns_no_secret_only_which_are_set(api):
    response = create(api)
    assert response.status_code == 201
    body = response.json()
    assert body["data"] == {"base_url": "http://127.0.0.1:8781"}
    assert body["secrets_set"] == ["secret_key", "webhook_secret"]
    assert "sk_test_abc123XYZ" not in response.content.decode()
    listed = api.get("/api/credentials/").json()["results"]
    assert [c["id"] for c in listed] == [body["id"]]
    assert "sk_test_abc123XYZ" not in api.get(f"/api/credentials/{body['id']}/").content.decode()


def test_data_is_stored_encrypted_and_resolves_for_a_step(api):
    credential_id = create(api).json()["id"]
    stored = Credential.objects.get(pk=credential_id).data_encrypted
    assert "sk_test_abc123XYZ" not in stored
    assert credential_resolve(credential_id=credential_id) == STRIPE


def test_invalid_data_is_reported_by_json_pointer_without_echoing_secrets(api):
    response = create(api, data={"secret_key": "pk_live_oops", "extra": 1})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_failed"
    pointers = sorted(e["pointer"] for e in body["errors"])
    assert pointers == ["/data/extra", "/data/secret_key"]
    assert "pk_live_oops" not in response.content.decode()


def test_missing_required_field_and_unknown_connector(api):
    missing = create(api, data={"webhook_secret": "whsec_x"}).json()
    assert missing["errors"] == [{"pointer": "/data/secret_key", "message": "secret_key is required"}]
    unknown = create(api, connector="nope").json()
    assert unknown["errors"] == [{"pointer": "/connector", "message": "unknown"}]


def test_update_keeps_secrets_that_are_not_sent_again(api):
    credential_id = create(api).json()["id"]
    response = api.put(
        f"/api/credentials/{credential_id}/",
        {"name": "Renamed", "data": {"base_url": "http://127.0.0.1:9"}},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Renamed"
    assert credential_resolve(credential_id=credential_id) == {**STRIPE, "base_url": "http://127.0.0.1:9"}


def test_delete_and_not_found(api):
    credential_id = create(api).json()["id"]
    assert api.delete(f"/api/credentials/{credential_id}/").status_code == 204
    response = api.get(f"/api/credentials/{credential_id}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert api.get("/api/credentials/not-a-uuid/").status_code == 404


def test_rotation_re_encrypts_with_the_new_first_key(api, monkeypatch):
    from cryptography.fernet import Fernet

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("CREDENTIALS_KEY", old)
    credential_id = create(api).json()["id"]
    monkeypatch.setenv("CREDENTIALS_KEY", f"{new},{old}")
    assert credential_rotate_all() == 1
    monkeypatch.setenv("CREDENTIALS_KEY", new)
    assert credential_resolve(credential_id=credential_id) == STRIPE


def test_credentials_need_a_login(client):
    assert client.get("/api/credentials/").status_code in (401, 403)


def test_connectors_list_their_credential_schema_and_blocks(api):
    connectors = {c["key"]: c for c in api.get("/api/connectors/").json()["results"]}
    stripe = connectors["stripe"]
    assert stripe["credential_schema"]["properties"]["secret_key"]["writeOnly"] is True
    keys = {b["key"] for b in stripe["blocks"]}
    assert {"stripe.create_refund", "stripe.payment_intent_succeeded", "stripe.create_customer"} <= keys
    assert connectors["core"]["credential_schema"] is None


def test_credentials_can_be_listed_for_one_connector(api):
    from connectors.simulators import sandbox_credentials

    for connector, data in sandbox_credentials().items():
        assert (
            api.post(
                "/api/credentials/", {"name": f"{connector} one", "connector": connector, "data": data}, format="json"
            ).status_code
            == 201
        )
    listed = api.get("/api/credentials/?connector=stripe").json()["results"]
    assert [c["connector"] for c in listed] == ["stripe"]
