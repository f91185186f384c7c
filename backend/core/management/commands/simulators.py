"""python manage.py simulators start: the vendor simulators (the sandbox) on 127.0.0.1, in the foreground.

`make run` starts them with the rest; this runs them alone, e.g. beside a `runserver`, or for a
connector's developer. Ctrl-C or SIGTERM stops them.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from connectors.simulators import PORTS
from connectors.simulators.__main__ import main as serve_simulators


class Command(BaseCommand):
    help = "Run the vendor simulators (Stripe, Shopify, OAuth2) until interrupted."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        start = sub.add_parser("start", help="Start every simulator and serve until Ctrl-C.")
        start.add_argument("--host", default="127.0.0.1")
        start.add_argument(
            "--base-port",
            type=int,
            default=None,
            help="Ports base, base+1, … instead of the fixed ones ("
            + ", ".join(f"{k} {v}" for k, v in PORTS.items())
            + ").",
        )

    def handle(self, *args, action: str, host: str, base_port: int | None, **options):
        serve_simulators(host, base_port)
