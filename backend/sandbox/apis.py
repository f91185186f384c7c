"""Reading and clearing the sandbox inbox (signed-in users only; recording is the public view)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.core.pagination import NewestFirstPagination
from backend.sandbox import selectors, services
from backend.sandbox.models import InboxReply, InboxRequest


class NewestReceivedFirst(NewestFirstPagination):
    ordering = ("-received_at", "-id")


class InboxOutput(serializers.Serializer):
    name = serializers.CharField()
    count = serializers.IntegerField()
    last_received_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_url(self, row: dict) -> str:
        request = self.context["request"]
        return services.sandbox_inbox_url(name=row["name"], base_url=_base_url(request))


class InboxRequestOutput(serializers.ModelSerializer):
    class Meta:
        model = InboxRequest
        fields = (
            "id",
            "name",
            "method",
            "path",
            "query",
            "headers",
            "body",
            "body_bytes",
            "body_truncated",
            "received_at",
        )


def _base_url(request: Request) -> str:
    return settings.SANDBOX_URL or settings.PUBLIC_URL or request.build_absolute_uri("/").rstrip("/")


class InboxListApi(APIView):
    """The inboxes that hold requests, most recently used first, each with the URL to send to."""

    @extend_schema(responses=InboxOutput(many=True))
    def get(self, request: Request) -> Response:
        data = InboxOutput(selectors.inbox_list(), many=True, context={"request": request}).data
        return Response({"next": None, "previous": None, "results": data})


class InboxDetailApi(APIView):
    """One inbox's requests, newest first (cursor pages); DELETE empties it."""

    @extend_schema(parameters=[OpenApiParameter("cursor", str), OpenApiParameter("limit", int)])
    def get(self, request: Request, name: str) -> Response:
        paginator = NewestReceivedFirst()
        page = paginator.paginate_queryset(selectors.inbox_requests(name=name), request, view=self)
        return paginator.get_paginated_response(InboxRequestOutput(page, many=True).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, name: str) -> Response:
        services.inbox_clear(name=name)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InboxReplyApi(APIView):
    """What an inbox answers: PUT sets `{status, body}` (a carrier's label, an ERP outage), DELETE resets it."""

    class Input(serializers.Serializer):
        status = serializers.IntegerField(min_value=200, max_value=599, default=200)
        body = serializers.JSONField(required=False, allow_null=True, default=None)

    class Output(serializers.ModelSerializer):
        class Meta:
            model = InboxReply
            fields = ("name", "status", "body", "updated_at")

    @extend_schema(responses=Output)
    def get(self, request: Request, name: str) -> Response:
        reply = get_object_or_404(InboxReply, name=name)
        return Response(self.Output(reply).data)

    @extend_schema(request=Input, responses=Output)
    def put(self, request: Request, name: str) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        reply = services.inbox_reply_set(name=name, **data.validated_data)
        return Response(self.Output(reply).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, name: str) -> Response:
        services.inbox_reply_clear(name=name)
        return Response(status=status.HTTP_204_NO_CONTENT)
