"""The token bucket (in process and in Redis) and schema-driven redaction."""

from __future__ import annotations

import os
import uuid

import pytest

from connectors.sdk.ratelimit import MemoryLimiter, Rate, RedisLimiter, credential_key
from connectors.sdk.redaction import REDACTED, redact, secret_fields, secret_values

RATE = Rate(per_second=10, burst=3)


def limiters():
    yield MemoryLimiter()
    if os.environ.get("REDIS_URL"):
        yield RedisLimiter(os.environ["REDIS_URL"])


@pytest.mark.parametrize("limiter", list(limiters()), ids=lambda limiter: type(limiter).__name__)
def test_bucket_allows_the_burst_then_says_how_long_to_wait(limiter):
    key = f"test:{uuid.uuid4()}"
    assert [limiter.take(key, RATE) for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = limiter.take(key, RATE)
    assert 0 < wait <= 0.1 + 1e-6
    assert limiter.take(f"test:{uuid.uuid4()}", RATE) == 0.0  # another credential has its own bucket


def test_credential_key_does_not_contain_the_secret():
    key = credential_key("stripe", "sk_test_secret123")
    assert key.startswith("stripe:")
    assert "secret123" not in key
    assert key == credential_key("stripe", "sk_test_secret123")


SCHEMA = {
    "type": "object",
    "properties": {
        "secret_key": {"type": "string", "writeOnly": True},
        "shop": {"type": "string"},
        "pin": {"type": "string", "writeOnly": True},
    },
}


def test_write_only_fields_are_the_secrets():
    assert secret_fields(SCHEMA) == ["pin", "secret_key"]
    # a value too short to search for safely is only hidden by its field name
    assert secret_values(SCHEMA, {"secret_key": "sk_live_999999", "shop": "eu", "pin": "12"}) == ["sk_live_999999"]


def test_redact_hides_secret_names_secret_values_and_card_fields():
    value = {
        "headers": {"Authorization": "Bearer x", "X-Shopify-Access-Token": "shpat_1", "Accept": "json"},
        "url": "https://api.example/?key=sk_live_999999",
        "card": {"number": "4242424242424242", "cvc": "123", "brand": "visa"},
    }
    assert redact(value, ["sk_live_999999"]) == {
        "headers": {"Authorization": REDACTED, "X-Shopify-Access-Token": REDACTED, "Accept": "json"},
        "url": f"https://api.example/?key={REDACTED}",
        "card": {"number": REDACTED, "cvc": REDACTED, "brand": "visa"},
    }
