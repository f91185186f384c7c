"""Editing node settings in Chromium: data-picker inserts, number fields with expressions, undo of a
JSON body and the error port (QA issues 1-4 of the editor)."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.e2e


def test_editor_keeps_what_the_fields_show(stack, browser_test):
    """Given a saved webhook → HTTP flow whose headers, JSON body and timeout expression are set
    and whose failures go through the error port, when an operator inserts a data path into one
    header, edits and undoes the body, types an expression into the number field and switches
    "On failure" back to "Fail the run", then what is saved is what the panel showed (asserted in
    editor-fields.test.mjs against GET /api/flows/{id}/)."""
    document = {
        "schema": 1,
        "name": f"Editor fields {time.time_ns()}",
        "nodes": [
            {"id": "webhook", "block": "core.webhook", "config": {}},
            {
                "id": "send",
                "block": "core.http_request",
                "on_error": "port",
                "config": {
                    "method": "POST",
                    "url": "https://erp.example.com/orders",
                    "headers": {"X-Shop": "shop-1", "Authorization": "Bearer {{ trigger.body.email }}"},
                    "body": {"a": 2},
                    "timeout": "{{ trigger.body.id }}",
                },
            },
            {"id": "alert", "block": "core.http_request", "config": {"url": "https://erp.example.com/alerts"}},
        ],
        "edges": [{"from": "webhook", "to": "send"}, {"from": "send", "to": "alert", "port": "error"}],
    }
    created = stack.api("POST", "/api/flows/", params={"draft": 1}, json=document)
    assert created.status_code == 201, created.text
    browser_test("editor-fields.test.mjs", FLOW_ID=created.json()["id"])
