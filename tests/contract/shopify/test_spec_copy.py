"""The schema the simulator ships with is the official one the contract tests use."""

from pathlib import Path

from connectors.shopify.simulator import SCHEMA_FILE

OFFICIAL = Path(__file__).resolve().parents[4] / "shared" / "api-specs" / "shopify" / SCHEMA_FILE.name


def test_the_shipped_schema_is_byte_for_byte_the_official_one():
    assert SCHEMA_FILE.read_bytes() == OFFICIAL.read_bytes()
