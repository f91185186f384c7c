"""`POST /hooks/<token>` served past Django's request handler: what `backend/dovetail/wsgi.py` runs under granian.

The webhook ingress is the hottest path there is, and a vendor's delivery needs nothing of
Django's handler but the request object and its way of turning an exception into a response: no
middleware (`middleware.py` skips it inside the handler, for the test client and runserver), no
URL resolving, no request signals. In-process, the handler was 9-14 % of the web's CPU per
signed delivery (docs/performance.md, round 15). What it did that matters here is done here:
the database connections are closed when unusable or past CONN_MAX_AGE, before and after the
request (`close_old_connections`, which its request_started and request_finished signals run);
the Host header is checked against ALLOWED_HOSTS; and an exception gets the response Django
would give (`response_for_exception`: 400 for a disallowed Host, else a logged 500). The
ingress reads no cache and resolves no URL, the other things those signals reset. Every other
request goes to Django.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.handlers.exception import response_for_exception
from django.core.handlers.wsgi import WSGIRequest
from django.db import close_old_connections

from backend.triggers.middleware import HOOK_PATH
from backend.triggers.views import webhook

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def webhook_ingress_app(django: WSGIApp) -> WSGIApp:
    """A WSGI application serving `POST /hooks/<token>` itself and everything else with `django`."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST":
            match = HOOK_PATH.fullmatch(environ.get("PATH_INFO", ""))
            if match is not None:
                return _serve(environ, start_response, match["token"])
        return django(environ, start_response)

    return application


def _serve(environ: dict[str, Any], start_response: Callable[..., Any], token: str) -> Iterable[bytes]:
    close_old_connections()
    request = WSGIRequest(environ)
    try:
        request.get_host()  # DisallowedHost (a 400) for a Host not in ALLOWED_HOSTS
        response = webhook(request, token)
    except Exception as exc:  # what Django's handler answers and logs for it
        response = response_for_exception(request, exc)
    finally:
        close_old_connections()
    start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
    return [response.content]
