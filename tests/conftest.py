"""Shared fixtures: an authenticated API client, a recording upstream server."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.support.upstream import Upstream


@pytest.fixture(scope="session", autouse=True)
def forget_test_queue():
    """This session's queue (settings_test.py) and what it left in Redis, deleted at the end."""
    yield
    from django.conf import settings

    if settings.REDIS_URL:
        from tests.support.stack import forget_queue

        forget_queue(settings.REDIS_URL, settings.CELERY_TASK_DEFAULT_QUEUE)


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(username="ops", password="correct horse battery")


@pytest.fixture
def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture(autouse=True)
def fresh_shopify_budget(monkeypatch):
    """Every Shopify simulator is the same shop: a cost bucket one test spent must not hold the next one back."""
    from connectors.shopify import client as shopify_client

    monkeypatch.setattr(shopify_client, "budget", shopify_client._Budget())


@pytest.fixture
def upstream():
    server = Upstream().start()
    yield server
    server.stop()
