"""GET /oauth2/callback: where the vendor sends the browser back after the user approved access."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.views.decorators.http import require_GET

from backend.core.errors import ValidationFailed
from backend.credentials.apis import callback_url
from backend.credentials.oauth2 import oauth2_callback, oauth2_state_check


@require_GET
def oauth2_callback_view(request: HttpRequest) -> HttpResponse:
    """Trade the code for tokens, then send the user back to the web app (`?oauth2=connected`).

    No session is needed: the signed, expiring `state` names the credential. A bad state or a
    refused code is a 400 with the reason in plain text; a user who declined goes back with
    `?oauth2=denied`.
    """
    state, code = request.GET.get("state", ""), request.GET.get("code", "")
    try:
        if request.GET.get("error"):
            _, back = oauth2_state_check(state=state)
            return HttpResponseRedirect(_with(back, oauth2="denied", reason=request.GET["error"]))
        credential, back = oauth2_callback(state=state, code=code, redirect_uri=callback_url(request))
    except ValidationFailed as exc:
        return HttpResponseBadRequest(f"Could not connect the credential: {exc.message}", content_type="text/plain")
    return HttpResponseRedirect(_with(back, oauth2="connected", credential=str(credential.pk)))


def _with(path: str, **params: str) -> str:
    return path + ("&" if "?" in path else "?") + urlencode(params)
