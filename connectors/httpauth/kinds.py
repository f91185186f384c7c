"""The generic credential kinds' schemas (secrets `writeOnly`) and their credential tests."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from connectors.sdk import auth

_URL = {"type": "string", "pattern": "^https?://"}
_CLIENT = {
    "client_id": {"title": "Client ID", "type": "string", "minLength": 1},
    "client_secret": {
        "title": "Client secret",
        "description": "Sent to the token URL by HTTP Basic; never shown again once saved.",
        "type": "string",
        "minLength": 1,
        "writeOnly": True,
    },
}

HEADER_SCHEMA = {
    "type": "object",
    "title": "API key or token",
    "additionalProperties": False,
    "required": ["header_name", "value"],
    "properties": {
        "header_name": {
            "title": "Header",
            "description": "The header the API reads the key from.",
            "type": "string",
            "pattern": "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$",
            "default": "Authorization",
            "examples": ["Authorization", "X-Api-Key"],
        },
        "value": {
            "title": "Value",
            "description": "The header's whole value, e.g. `Bearer eyJ…` or the bare API key.",
            "type": "string",
            "minLength": 1,
            "writeOnly": True,
            "examples": ["Bearer 3f9c…"],
        },
    },
}

BASIC_SCHEMA = {
    "type": "object",
    "title": "HTTP basic auth",
    "additionalProperties": False,
    "required": ["username", "password"],
    "properties": {
        "username": {"title": "Username", "type": "string", "minLength": 1},
        "password": {"title": "Password", "type": "string", "minLength": 1, "writeOnly": True},
    },
}

CLIENT_CREDENTIALS_SCHEMA = {
    "type": "object",
    "title": "OAuth2 client credentials",
    "additionalProperties": False,
    "required": ["token_url", "client_id", "client_secret"],
    "properties": {
        "token_url": {
            **_URL,
            "title": "Token URL",
            "description": "Where the access token is fetched.",
            "examples": ["https://erp.example.com/oauth/token"],
        },
        **_CLIENT,
        "scope": {"title": "Scope", "description": "Space-separated, when the API wants one.", "type": "string"},
        "audience": {"title": "Audience", "description": "Only for APIs that ask for it (Auth0).", "type": "string"},
    },
}

AUTHORIZATION_CODE_SCHEMA = {
    "type": "object",
    "title": "OAuth2 authorization code",
    "additionalProperties": False,
    "required": ["authorize_url", "token_url", "client_id", "client_secret"],
    "properties": {
        "authorize_url": {
            **_URL,
            "title": "Authorize URL",
            "description": "The vendor page where a user approves the access.",
            "examples": ["https://erp.example.com/oauth/authorize"],
        },
        "token_url": {**_URL, "title": "Token URL", "examples": ["https://erp.example.com/oauth/token"]},
        **_CLIENT,
        "scopes": {"title": "Scopes", "description": "Space-separated.", "type": "string", "examples": ["orders:read"]},
    },
}


def nothing_to_call(credential: Mapping[str, Any]) -> str:
    """A header or a password cannot be checked without knowing which API it is for."""
    return "Saved. There is nothing to call for this kind: a step using it shows whether the API accepts it."


def fetch_token(credential: Mapping[str, Any]) -> str:
    """Ask the token URL for a token; its errors (invalid_client, …) say what is wrong."""
    form = {
        "grant_type": "client_credentials",
        "scope": credential.get("scope"),
        "audience": credential.get("audience"),
    }
    tokens = auth.token_request(credential, form)
    return f"The token URL issued an access token{_lifetime(tokens)}"


def connected_or_not(credential: Mapping[str, Any]) -> str:
    """A connected credential gets a valid token (refreshed when due); one not connected says so."""
    auth.request_auth(credential)
    return "Connected: the access token is valid"


def _lifetime(tokens: Mapping[str, Any]) -> str:
    if tokens.get("expires_at") is None:
        return ""
    return f" (valid for about {max(0, round(tokens['expires_at'] - time.time()))} s)"
