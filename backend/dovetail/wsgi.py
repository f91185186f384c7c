"""WSGI entry point (`granian --interface wsgi backend.dovetail.wsgi:application`, as `manage.py serve` runs it).

A request body sent with `Transfer-Encoding: chunked` has no Content-Length, and Django reads
a body only as far as Content-Length says: it saw an empty body, so a webhook from a sender that
streams its bodies got 400 "not valid JSON", a 4xx that senders do not retry (the event was
lost). The server hands the application the whole decoded body; here it is read, up to one byte
past Django's own limit, and its length set, so the views see it as if its length had been sent
(and one past the limit is refused as too big, as a declared length would be).
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable, Iterable
from typing import Any

from django.core.wsgi import get_wsgi_application

from backend.core.redaction import HookTokenFilter

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.dovetail.settings")
_django = get_wsgi_application()
from backend.triggers.wsgi import webhook_ingress_app  # noqa: E402 (needs the apps loaded)

# A webhook's POST goes past Django's request handler (backend/triggers/wsgi.py); the rest to Django.
_app = webhook_ingress_app(_django)

# However granian was started (`manage.py serve` gives it a log config that does the same; the
# Dockerfile and docker-compose.yml start it directly): its access log shows no webhook token.
logging.getLogger("granian.access").addFilter(HookTokenFilter())


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    if "CONTENT_LENGTH" not in environ and "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        from django.conf import settings

        body = environ["wsgi.input"].read(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
    return _app(environ, start_response)
