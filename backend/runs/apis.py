"""Run endpoints: list (filtered, cursor-paginated, newest first) and detail with steps."""

from __future__ import annotations

import json

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.core.errors import FieldError, ValidationFailed
from backend.core.pagination import NewestFirstPagination
from backend.runs.models import Run, RunStatus, Step


class FlowRefOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class RunOutput(serializers.ModelSerializer):
    flow = FlowRefOutput()
    flow_version = serializers.IntegerField(source="flow_version.number")
    duration_ms = serializers.IntegerField(allow_null=True)

    class Meta:
        model = Run
        fields = (
            "id",
            "flow",
            "flow_version",
            "status",
            "is_test",
            "created_at",
            "started_at",
            "finished_at",
            "duration_ms",
            "error",
        )


class StepOutput(serializers.ModelSerializer):
    class Meta:
        model = Step
        fields = (
            "id",
            "key",
            "node_id",
            "block",
            "status",
            "input",
            "output",
            "port",
            "error",
            "attempt",
            "started_at",
            "finished_at",
            "duration_ms",
        )


class RunDetailOutput(RunOutput):
    trigger = serializers.SerializerMethodField()
    steps = StepOutput(many=True)

    class Meta(RunOutput.Meta):
        fields = (*RunOutput.Meta.fields, "trigger", "steps")

    def get_trigger(self, run: Run) -> object:
        trigger = next((s for s in run.steps.all() if s.position == 0), None)
        if trigger is not None:
            return trigger.output
        return json.loads(run.event.body) if run.event else None


class RunFilter(serializers.Serializer):
    flow = serializers.UUIDField(required=False)
    status = serializers.ChoiceField(choices=RunStatus.choices, required=False)


class RunListApi(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("flow", str, description="Only runs of this flow (id)."),
            OpenApiParameter("status", str, enum=RunStatus.values),
            OpenApiParameter("cursor", str),
        ],
        responses=RunOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        filters = RunFilter(data=request.query_params)
        if not filters.is_valid():
            raise ValidationFailed(
                "invalid filter",
                errors=[FieldError(f"/{k}", str(v[0])) for k, v in filters.errors.items()],
            )
        runs = Run.objects.select_related("flow", "flow_version")
        runs = runs.filter(**filters.validated_data)
        paginator = NewestFirstPagination()
        page = paginator.paginate_queryset(runs, request, view=self)
        return paginator.get_paginated_response(RunOutput(page, many=True).data)


class RunDetailApi(APIView):
    @extend_schema(responses=RunDetailOutput)
    def get(self, request: Request, run_id: str) -> Response:
        run = get_object_or_404(
            Run.objects.select_related("flow", "flow_version", "event").prefetch_related("steps"), pk=run_id
        )
        return Response(RunDetailOutput(run).data)
