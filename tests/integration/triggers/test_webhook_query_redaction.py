"""POST /hooks/<token>?api_key=…: a secret in the query string is kept and shown redacted, like a secret header."""

from __future__ import annotations

import json

import pytest

from backend.core.redaction import redact_query
from backend.flows import services
from backend.runs.advance import run_advance
from tests.support.documents import ORDER, webhook_transform_http

pytestmark = pytest.mark.django_db

QUERY = "api_key=QSECRET123&token=QTOKEN456&key=QKEY789&sig=QSIG012&access_token=QAT345&source=shop&page=2"


@pytest.fixture
def flow(upstream):
    flow = services.flow_create(document=webhook_transform_http(upstream.url))
    return services.flow_activate(flow=flow)


def test_secret_query_parameters_are_redacted_in_the_run_the_api_shows(client, api, flow):
    accepted = client.post(
        f"/hooks/{flow.webhook_token}?{QUERY}", data=json.dumps(ORDER), content_type="application/json"
    )
    assert accepted.status_code == 202, accepted.content
    run_advance(run_id=accepted.json()["run_id"])

    detail = api.get(f"/api/runs/{accepted.json()['run_id']}/").json()
    trigger = detail["trigger"]
    assert trigger["query"] == {
        "api_key": "[redacted]",
        "token": "[redacted]",
        "key": "[redacted]",
        "sig": "[redacted]",
        "access_token": "[redacted]",
        "source": "shop",  # what is not a secret is still there for the flow to read
        "page": "2",
    }
    shown = json.dumps([detail, api.get(f"/api/runs/?flow={flow.id}").json()])
    for secret in ("QSECRET123", "QTOKEN456", "QKEY789", "QSIG012", "QAT345"):
        assert secret not in shown


def test_query_names_that_are_not_secrets_are_kept():
    query = {"sort_key": "date", "keyword": "shirt", "monkey": "1", "code": "ORDER_PAID", "x": ["1", "2"]}
    assert redact_query(query) == query
    assert redact_query({}) == {}
    assert redact_query({"X-Api-Key": "k", "client_secret": "s", "password": "p"}) == {
        "X-Api-Key": "[redacted]",
        "client_secret": "[redacted]",
        "password": "[redacted]",
    }
