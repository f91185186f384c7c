"""Run endpoints: list (filtered, cursor-paginated, newest first) and detail with steps."""

from __future__ import annotations

import json

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.core.errors import FieldError, ValidationFailed
from backend.core.pagination import NewestFirstPagination
from backend.runs import selectors, services
from backend.runs.models import Run, RunStatus, Step, StepAttempt
from backend.runs.outputs import step_input, step_output


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
            "replay_of",
            "concurrency_key",
            "wake_at",
            "cancel_requested",
            "keep",
            "created_at",
            "started_at",
            "finished_at",
            "duration_ms",
            "error",
        )


class AttemptOutput(serializers.ModelSerializer):
    class Meta:
        model = StepAttempt
        fields = ("number", "outcome", "error", "log", "started_at", "finished_at", "duration_ms")


class StepOutput(serializers.ModelSerializer):
    attempts = AttemptOutput(many=True)
    input = serializers.SerializerMethodField()
    output = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.ANY)
    def get_input(self, step: Step) -> object:
        return step_input(step=step, run=step.run)

    @extend_schema_field(OpenApiTypes.ANY)
    def get_output(self, step: Step) -> object:
        return step_output(step=step, run=step.run)

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
            "idempotency_key",
            "copied",
            "next_attempt_at",
            "started_at",
            "finished_at",
            "duration_ms",
            "attempts",
        )


class RunDetailOutput(RunOutput):
    trigger = serializers.SerializerMethodField()
    steps = StepOutput(many=True)
    graph = serializers.SerializerMethodField(
        help_text="The flow version's nodes [{id, block, title}], edges [{from, to, port}] and saved positions."
    )

    class Meta(RunOutput.Meta):
        fields = (*RunOutput.Meta.fields, "trigger", "steps", "graph")

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_graph(self, run: Run) -> dict:
        return selectors.run_graph(run=run)

    def get_trigger(self, run: Run) -> object:
        trigger = next((s for s in run.steps.all() if s.position == 0), None)
        if trigger is not None:
            return step_output(step=trigger, run=run)
        return json.loads(run.event.body) if run.event else None


class RunFilter(serializers.Serializer):
    flow = serializers.UUIDField(required=False)
    status = serializers.ChoiceField(choices=RunStatus.choices, required=False)
    since = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)
    search = serializers.CharField(required=False, max_length=200, trim_whitespace=True)


class RunRowOutput(RunOutput):
    trigger_summary = serializers.SerializerMethodField()
    attempts = serializers.IntegerField(source="attempt_count", default=0)

    class Meta(RunOutput.Meta):
        fields = (*RunOutput.Meta.fields, "trigger_summary", "attempts")

    def get_trigger_summary(self, run: Run) -> str:
        return selectors.trigger_summary(run.event.body if run.event else None)


def _valid(serializer: serializers.Serializer) -> dict:
    if not serializer.is_valid():
        raise ValidationFailed(
            "invalid filter", errors=[FieldError(f"/{k}", str(v[0])) for k, v in serializer.errors.items()]
        )
    return serializer.validated_data


class RunListApi(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("flow", str, description="Only runs of this flow (id)."),
            OpenApiParameter("status", str, enum=RunStatus.values),
            OpenApiParameter("since", str, description="ISO 8601; runs created at or after."),
            OpenApiParameter("until", str, description="ISO 8601; runs created before."),
            OpenApiParameter("search", str, description="Text inside the trigger payload (order number, email…)."),
            OpenApiParameter("cursor", str),
        ],
        responses=RunRowOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        runs = selectors.run_list(**_valid(RunFilter(data=request.query_params)))
        paginator = NewestFirstPagination()
        page = paginator.paginate_queryset(runs, request, view=self)
        return paginator.get_paginated_response(RunRowOutput(page, many=True).data)


class RunStatsApi(APIView):
    """The dashboard: runs in a window by status and over time, per-flow health, grouped errors."""

    class Input(serializers.Serializer):
        window = serializers.ChoiceField(choices=list(selectors.WINDOWS), default="24h")
        flow = serializers.UUIDField(required=False)

    @extend_schema(parameters=[Input], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        return Response(selectors.run_stats(**_valid(self.Input(data=request.query_params))))


class RunDetailApi(APIView):
    @extend_schema(responses=RunDetailOutput)
    def get(self, request: Request, run_id: str) -> Response:
        run = get_object_or_404(
            Run.objects.select_related("flow", "flow_version", "event").prefetch_related("steps__attempts"), pk=run_id
        )
        return Response(RunDetailOutput(run).data)


def _run(run_id: str) -> Run:
    return get_object_or_404(Run.objects.select_related("flow", "flow_version", "event"), pk=run_id)


class RunCreatedOutput(serializers.Serializer):
    run_id = serializers.UUIDField(source="id")
    status = serializers.CharField()


class RunCancelApi(APIView):
    @extend_schema(request=None, responses=RunOutput)
    def post(self, request: Request, run_id: str) -> Response:
        return Response(RunOutput(services.run_cancel(run=_run(run_id))).data)


AGAIN_HELP = (
    "Start another run even though this run was replayed or retried already (409 `already_replayed` "
    "otherwise): what it does upstream is then done again."
)


class RunReplayApi(APIView):
    """Re-run a failed run from its failed step; steps that succeeded are not executed again.

    A run is replayed once: 409 `already_replayed`, naming the replay, unless `again` is true."""

    class Input(serializers.Serializer):
        trigger = serializers.JSONField(required=False, help_text="Replaces the trigger's output (the payload).")
        again = serializers.BooleanField(required=False, default=False, help_text=AGAIN_HELP)

    @extend_schema(request=Input, responses={202: RunCreatedOutput})
    def post(self, request: Request, run_id: str) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        new = services.run_replay(
            run=_run(run_id), trigger=data.validated_data.get("trigger"), again=data.validated_data["again"]
        )
        return Response(RunCreatedOutput(new).data, status=status.HTTP_202_ACCEPTED)


class RunRetryApi(APIView):
    """A fresh run from the same event, from the start, on the flow's current version.

    Once per run, like a replay: 409 `already_replayed` unless `again` is true."""

    class Input(serializers.Serializer):
        again = serializers.BooleanField(required=False, default=False, help_text=AGAIN_HELP)

    @extend_schema(request=Input, responses={202: RunCreatedOutput})
    def post(self, request: Request, run_id: str) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        new = services.run_retry(run=_run(run_id), again=data.validated_data["again"])
        return Response(RunCreatedOutput(new).data, status=status.HTTP_202_ACCEPTED)


class RunBulkReplayApi(APIView):
    """Replay every failed run matching a filter (at most `limit`, default 100)."""

    class Input(serializers.Serializer):
        flow = serializers.UUIDField(required=False)
        since = serializers.DateTimeField(required=False)
        until = serializers.DateTimeField(required=False)
        search = serializers.CharField(required=False, max_length=200)
        limit = serializers.IntegerField(required=False, default=100, min_value=1, max_value=1000)

    class Output(serializers.Serializer):
        replayed = serializers.ListField(child=serializers.DictField())

    @extend_schema(request=Input, responses={202: Output})
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        runs = services.run_replay_many(**data.validated_data)
        replayed = [{"run_id": str(new.id), "replay_of": str(new.replay_of_id)} for new in runs]
        return Response({"replayed": replayed}, status=status.HTTP_202_ACCEPTED)
