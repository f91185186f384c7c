"""Generic credential kinds, no blocks: any block may accept them (core.http_request takes all four).

A connector reuses one by naming its key in a block's `credential` (docs/connectors.md);
connectors.sdk.auth turns the credential into request headers.
"""

from collections.abc import Callable, Mapping
from typing import Any

from connectors.httpauth import kinds
from connectors.sdk import Connector, auth


def _kind(key: str, title: str, description: str, schema: dict, test: Callable[[Mapping[str, Any]], str]) -> Connector:
    """A credential kind is a connector without blocks: a key, a credential schema and a test."""
    return Connector(
        key=key, title=title, description=description, icon="key", blocks=(), credential_schema=schema, test=test
    )


connectors = (
    _kind(
        auth.HEADER,
        "API key or token (header)",
        "A secret sent in a header on every request: Authorization: Bearer …, X-Api-Key, …",
        kinds.HEADER_SCHEMA,
        kinds.nothing_to_call,
    ),
    _kind(
        auth.BASIC,
        "HTTP basic auth",
        "A username and password sent as Authorization: Basic on every request.",
        kinds.BASIC_SCHEMA,
        kinds.nothing_to_call,
    ),
    _kind(
        auth.CLIENT_CREDENTIALS,
        "OAuth2 client credentials",
        "A client id and secret traded for an access token, fetched again when it expires.",
        kinds.CLIENT_CREDENTIALS_SCHEMA,
        kinds.fetch_token,
    ),
    _kind(
        auth.AUTHORIZATION_CODE,
        "OAuth2 (sign in with the vendor)",
        "A user approves the access once (Connect); the refresh token keeps it going.",
        kinds.AUTHORIZATION_CODE_SCHEMA,
        kinds.connected_or_not,
    ),
)
