"""Flow endpoints: one class per action, each validate → one service → serialize."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.core.errors import FieldError, ValidationFailed
from backend.core.parsers import JSONParser
from backend.flows import services
from backend.flows.models import Flow, FlowVersion
from backend.flows.selectors import flow_webhook_url
from backend.flows.templates import document_from_upload, flow_import, template_list, template_use
from backend.triggers.selectors import flow_polling_status
from backend.triggers.services import event_accept_payload


class FlowOutput(serializers.ModelSerializer):
    version = serializers.IntegerField(source="current_version.number", default=None)
    trigger_block = serializers.SerializerMethodField()
    webhook_url = serializers.SerializerMethodField()

    class Meta:
        model = Flow
        fields = ("id", "name", "active", "version", "trigger_block", "webhook_url", "created_at", "updated_at")

    def get_trigger_block(self, flow: Flow) -> str | None:
        if flow.current_version is None:
            return None
        block = services.flow_trigger_block(document=flow.current_version.document)
        return block.key if block else None

    def get_webhook_url(self, flow: Flow) -> str | None:
        return flow_webhook_url(flow=flow, request=self.context.get("request"))


class AlertsSerializer(serializers.Serializer):
    email = serializers.EmailField(source="alert_email", required=False, allow_blank=True, default="")
    webhook_url = serializers.URLField(source="alert_webhook_url", required=False, allow_blank=True, default="")


class PollingOutput(serializers.Serializer):
    block = serializers.CharField()
    cursor = serializers.JSONField(help_text="Where the next poll starts (the connector's cursor).")
    armed_at = serializers.DateTimeField()
    last_polled_at = serializers.DateTimeField(allow_null=True)
    last_success_at = serializers.DateTimeField(allow_null=True)
    next_poll_at = serializers.DateTimeField()
    failures = serializers.IntegerField(help_text="Polls failed in a row.")
    last_error = serializers.JSONField(allow_null=True, help_text="The last poll's error; null after a success.")


class FlowDetailOutput(FlowOutput):
    document = serializers.JSONField(source="current_version.document", default=None)
    errors = serializers.JSONField(source="current_version.errors", default=list)
    alerts = AlertsSerializer(source="*")
    polling = serializers.SerializerMethodField()

    class Meta(FlowOutput.Meta):
        fields = (*FlowOutput.Meta.fields, "document", "errors", "alerts", "polling")

    @extend_schema_field(PollingOutput(allow_null=True))
    def get_polling(self, flow: Flow) -> dict[str, Any] | None:
        status = flow_polling_status(flow_id=flow.pk)
        return PollingOutput(status).data if status else None


class VersionOutput(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", default=None)

    class Meta:
        model = FlowVersion
        fields = ("number", "checksum", "created_by", "created_at", "document")


def _document(request: Request) -> dict[str, Any]:
    if not isinstance(request.data, dict):
        raise ValidationFailed(
            "the body must be a flow document (a JSON object)", errors=[FieldError("", "expected an object")]
        )
    return request.data


DRAFT = OpenApiParameter(
    "draft", bool, description="Save even if invalid (editor work in progress); `errors` lists what is wrong."
)


def _draft(request: Request) -> bool:
    return request.query_params.get("draft", "").lower() in {"1", "true", "yes"}


def _flow(flow_id: str) -> Flow:
    return get_object_or_404(Flow.objects.select_related("current_version"), pk=flow_id)


def _detail(flow: Flow, request: Request, code: int = status.HTTP_200_OK) -> Response:
    flow = _flow(flow.pk)
    return Response(FlowDetailOutput(flow, context={"request": request}).data, status=code)


class FlowListCreateApi(APIView):
    @extend_schema(responses=FlowOutput(many=True))
    def get(self, request: Request) -> Response:
        flows = Flow.objects.select_related("current_version").order_by("-updated_at")
        data = FlowOutput(flows, many=True, context={"request": request}).data
        return Response({"next": None, "previous": None, "results": data})

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: FlowDetailOutput}, parameters=[DRAFT])
    def post(self, request: Request) -> Response:
        flow = services.flow_create(document=_document(request), user=request.user, draft=_draft(request))
        return _detail(flow, request, status.HTTP_201_CREATED)


class FlowDetailApi(APIView):
    @extend_schema(responses=FlowDetailOutput)
    def get(self, request: Request, flow_id: str) -> Response:
        return _detail(_flow(flow_id), request)

    @extend_schema(request=OpenApiTypes.OBJECT, responses=FlowDetailOutput, parameters=[DRAFT])
    def put(self, request: Request, flow_id: str) -> Response:
        flow = _flow(flow_id)
        services.flow_version_create(flow=flow, document=_document(request), user=request.user, draft=_draft(request))
        return _detail(flow, request)

    def delete(self, request: Request, flow_id: str) -> Response:
        services.flow_delete(flow=_flow(flow_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class FlowActivateApi(APIView):
    @extend_schema(request=None, responses=FlowDetailOutput)
    def post(self, request: Request, flow_id: str) -> Response:
        flow = _flow(flow_id)
        return _detail(
            services.flow_activate(flow=flow, webhook_url=flow_webhook_url(flow=flow, request=request)), request
        )


class FlowDeactivateApi(APIView):
    @extend_schema(request=None, responses=FlowDetailOutput)
    def post(self, request: Request, flow_id: str) -> Response:
        return _detail(services.flow_deactivate(flow=_flow(flow_id)), request)


class FlowWebhookTokenRotateApi(APIView):
    @extend_schema(request=None, responses=FlowDetailOutput)
    def post(self, request: Request, flow_id: str) -> Response:
        return _detail(services.flow_webhook_token_rotate(flow=_flow(flow_id)), request)


class FlowVersionListApi(APIView):
    @extend_schema(responses=VersionOutput(many=True))
    def get(self, request: Request, flow_id: str) -> Response:
        versions = _flow(flow_id).versions.select_related("created_by").order_by("-number")
        return Response({"next": None, "previous": None, "results": VersionOutput(versions, many=True).data})


class FlowImportApi(APIView):
    """Create a flow from a document: a JSON body, or a multipart upload in the field `file`."""

    parser_classes = (JSONParser, MultiPartParser)

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: FlowDetailOutput})
    def post(self, request: Request) -> Response:
        upload = request.FILES.get("file")
        document = document_from_upload(upload.read()) if upload else _document(request)
        flow = flow_import(document=document, user=request.user)
        return _detail(flow, request, status.HTTP_201_CREATED)


class FlowExportApi(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, flow_id: str) -> HttpResponse:
        flow = _flow(flow_id)
        slug = re.sub(r"[^a-z0-9]+", "-", flow.name.lower()).strip("-") or "flow"
        response = Response(flow.current_version.document if flow.current_version else {})
        response["Content-Disposition"] = f'attachment; filename="{slug}.json"'
        return response


class FlowRunApi(APIView):
    """A manual test run of the current version with a payload; it runs on a worker like any other."""

    class Input(serializers.Serializer):
        payload = serializers.JSONField(required=False, default=dict, help_text="Stands for the trigger's body.")
        headers = serializers.DictField(child=serializers.CharField(), required=False, default=dict)
        query = serializers.DictField(required=False, default=dict)

    class Output(serializers.Serializer):
        run_id = serializers.UUIDField()
        status = serializers.CharField()

    @extend_schema(request=Input, responses={202: Output})
    def post(self, request: Request, flow_id: str) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        flow = _flow(flow_id)
        if flow.current_version is None:
            raise ValidationFailed("the flow has no saved version", errors=[FieldError("", "save it first")])
        services.flow_document_check(document=flow.current_version.document)  # a draft may be invalid
        run = event_accept_payload(flow=flow, **data.validated_data)
        return Response({"run_id": run.id, "status": run.status}, status=status.HTTP_202_ACCEPTED)


class FlowValidateApi(APIView):
    """Check a document without saving it: every error with its JSON pointer (for the editor)."""

    class Output(serializers.Serializer):
        valid = serializers.BooleanField()
        errors = serializers.ListField(child=serializers.DictField())

    @extend_schema(request=OpenApiTypes.OBJECT, responses=Output)
    def post(self, request: Request) -> Response:
        errors = services.flow_document_errors(document=request.data)
        return Response({"valid": not errors, "errors": errors})


class FlowAlertsApi(APIView):
    """Failure notifications of a flow: an email address and/or a webhook URL."""

    @extend_schema(request=AlertsSerializer, responses=AlertsSerializer)
    def put(self, request: Request, flow_id: str) -> Response:
        data = AlertsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        flow = services.flow_alerts_set(
            flow=_flow(flow_id),
            email=data.validated_data["alert_email"],
            webhook_url=data.validated_data["alert_webhook_url"],
        )
        return Response(AlertsSerializer(flow).data)


class TemplateOutput(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    connectors = serializers.ListField(child=serializers.CharField())
    document = serializers.JSONField()


class TemplateListApi(APIView):
    """The template gallery: flows/*.json."""

    @extend_schema(responses=TemplateOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response({"next": None, "previous": None, "results": TemplateOutput(template_list(), many=True).data})


class TemplateUseApi(APIView):
    """Import a template as a new draft flow; the answer lists the credentials it still needs."""

    @extend_schema(request=None, responses={201: FlowDetailOutput})
    def post(self, request: Request, slug: str) -> Response:
        flow, missing = template_use(slug=slug, user=request.user)
        response = _detail(flow, request, status.HTTP_201_CREATED)
        response.data["credentials_needed"] = missing
        return response
