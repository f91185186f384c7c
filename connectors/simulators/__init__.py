"""Every vendor simulator, startable together: `python -m connectors.simulators`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connectors.httpauth import simulator as oauth2
from connectors.shopify import simulator as shopify
from connectors.stripe import simulator as stripe

# Fixed ports so sandbox credentials can name them (base_url http://127.0.0.1:<port>).
PORTS: dict[str, int] = {"stripe": 8781, "shopify": 8782, "oauth2": 8783}
FACTORIES: dict[str, Callable[..., Any]] = {
    "stripe": stripe.make_server,
    "shopify": shopify.make_server,
    "oauth2": oauth2.make_server,
}


def start_all(host: str = "127.0.0.1", base_port: int | None = None) -> dict[str, Any]:
    """Start each simulator on its fixed port (or base_port, base_port + 1, …); returns {vendor: server}."""
    ports = PORTS if base_port is None else {name: base_port + i for i, name in enumerate(PORTS)}
    return {name: FACTORIES[name](host=host, port=port) for name, port in ports.items()}


def sandbox_credentials(host: str = "127.0.0.1") -> dict[str, dict[str, str]]:
    """{connector: credential data} that work against the simulators on their fixed ports."""
    return {
        "stripe": {
            "secret_key": stripe.SECRET_KEY,
            "webhook_secret": stripe.WEBHOOK_SECRET,
            "base_url": f"http://{host}:{PORTS['stripe']}",
        },
        "shopify": {
            "shop_domain": shopify.SHOP_DOMAIN,
            "access_token": shopify.ACCESS_TOKEN,
            "webhook_secret": shopify.WEBHOOK_SECRET,
            "base_url": f"http://{host}:{PORTS['shopify']}",
        },
        # The generic OAuth2 kinds, against the OAuth2 simulator (its /api/echo is the API to call).
        "oauth2_client_credentials": {
            "token_url": f"http://{host}:{PORTS['oauth2']}/oauth/token",
            "client_id": oauth2.CLIENT_ID,
            "client_secret": oauth2.CLIENT_SECRET,
            "scope": "echo:read",
        },
    }
