"""The webhook ingress's short way through Django: `/hooks/<token>` skips the other middleware.

A vendor's webhook needs none of what the rest of the stack adds for people in a browser
(sessions, the signed-in user, CSRF, flash messages, static files, framing and referrer headers),
and on the ingress, the hottest path there is, that middleware cost about a quarter of the
request's CPU (docs/performance.md). This middleware is first in `MIDDLEWARE`: a `/hooks/<token>`
request goes straight to the view, everything else on down the chain. The Host header is still
checked against ALLOWED_HOSTS, as CommonMiddleware would, and Django's handler still opens and
closes the request (database connections, signals, errors as responses). Under granian the POST
does not reach Django's handler at all (`wsgi.py`); this is the way for the test client and runserver.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from backend.triggers.views import webhook

HOOK_PATH = re.compile(r"/hooks/(?P<token>[^/]+)")


def webhook_ingress(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        match = HOOK_PATH.fullmatch(request.path_info)
        if match is None:
            return get_response(request)
        request.get_host()  # DisallowedHost (a 400) for a Host not in ALLOWED_HOSTS
        return webhook(request, match["token"])

    return middleware
