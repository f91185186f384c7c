"""GET /api/blocks/ and /api/flow-schema/: what the editor needs to draw and check a flow."""

from __future__ import annotations

import json
from pathlib import Path

from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from connectors.sdk import default_registry

FLOW_SCHEMA = Path(__file__).resolve().parents[1] / "engine" / "flow.schema.json"


class BlockListApi(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        blocks = [block.manifest() for block in default_registry().values()]
        return Response({"next": None, "previous": None, "results": blocks})


class FlowSchemaApi(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        return Response(json.loads(FLOW_SCHEMA.read_text()))


class ConnectorListApi(APIView):
    """Each connector with its credential schema (secrets marked writeOnly) and its blocks' manifests."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        connectors = [connector.manifest() for connector in default_registry().connectors.values()]
        return Response({"next": None, "previous": None, "results": connectors})
