"""The single-page app's index.html; the CSRF cookie the app sends back is set here."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import ensure_csrf_cookie

NOT_BUILT = (
    "<!doctype html><title>Dovetail</title><p>The web app is not built. Run <code>make run</code> "
    "(or <code>npm --prefix frontend run build</code>). The API is at <a href='/api/docs/'>/api/docs/</a>.</p>"
)


@ensure_csrf_cookie
def index(request: HttpRequest) -> HttpResponse:
    page = settings.FRONTEND_DIST / "index.html"
    if not page.exists():
        return HttpResponse(NOT_BUILT, status=503)
    return HttpResponse(page.read_bytes(), content_type="text/html; charset=utf-8")
