"""/sandbox/inbox/<name>[/<path>]: the public request bin an HTTP block can call. It records and answers 200."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from backend.core.errors import ApplicationError
from backend.sandbox.models import InboxReply
from backend.sandbox.services import inbox_request_record


def _query(request: HttpRequest) -> dict[str, str | list[str]]:
    return {k: v[0] if len(v) == 1 else v for k, v in request.GET.lists()}


@csrf_exempt
def inbox(request: HttpRequest, name: str, path: str | None = None) -> JsonResponse:
    """Any method; the answer is `{"received": true, "id": …}` (so the calling step succeeds), or the
    inbox's reply when one is set (PUT /api/sandbox/inbox/<name>/reply/)."""
    try:
        body = request.body
    except RequestDataTooBig:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return JsonResponse({"message": f"the body is over {limit} bytes", "code": "payload_too_large"}, status=413)
    try:
        recorded = inbox_request_record(
            name=name,
            method=request.method or "GET",
            path=path or "",
            query=_query(request),
            headers=dict(request.headers),
            body=body,
        )
    except ApplicationError as exc:
        errors = [e.as_json() for e in exc.errors]
        return JsonResponse({"message": exc.message, "code": exc.code, "errors": errors}, status=exc.status)
    reply = InboxReply.objects.filter(name=name).first()
    if reply is not None:
        return JsonResponse(reply.body, status=reply.status, safe=False)
    return JsonResponse({"received": True, "id": recorded.id, "inbox": name})
