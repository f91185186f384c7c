"""python manage.py flows import/export/run, as an operator on a terminal uses it."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from backend.flows.models import Flow
from tests.support.documents import ORDER, webhook_transform_http

pytestmark = pytest.mark.django_db


def test_import_export_run(tmp_path, capsys, upstream):
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(webhook_transform_http(upstream.url)))
    call_command("flows", "import", str(path), "--activate")
    flow = Flow.objects.get()
    assert flow.active
    assert str(flow.id) in capsys.readouterr().out

    call_command("flows", "export", str(flow.id))
    assert json.loads(capsys.readouterr().out) == webhook_transform_http(upstream.url)

    payload = tmp_path / "order.json"
    payload.write_text(json.dumps(ORDER))
    call_command("flows", "run", str(flow.id), "--payload", str(payload))
    out = capsys.readouterr().out
    assert "succeeded" in out.splitlines()[0]
    assert [line.split()[1] for line in out.splitlines()[1:]] == ["order", "map", "post"]
    assert len(upstream.received) == 1


def test_import_of_an_invalid_file_lists_the_errors(tmp_path):
    path = tmp_path / "bad.json"
    doc = webhook_transform_http("http://127.0.0.1:9")
    doc["nodes"][2]["block"] = "core.nope"
    path.write_text(json.dumps(doc))
    with pytest.raises(CommandError, match="/nodes/2/block"):
        call_command("flows", "import", str(path))
    assert Flow.objects.count() == 0


def test_api_token_prints_a_stable_token(user, capsys):
    call_command("api_token", "ops")
    first = capsys.readouterr().out.strip()
    call_command("api_token", "ops")
    assert capsys.readouterr().out.strip() == first
    assert len(first) == 40
