"""Credential endpoints: secrets go in, never come out (`secrets_set` says which are stored)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.credentials import services
from backend.credentials.models import Credential
from backend.credentials.oauth2 import CALLBACK_PATH, credential_connected, oauth2_authorize_url


class CredentialOutput(serializers.ModelSerializer):
    """Adds `data` (the non-secret fields), `secrets_set` (names of the secret fields stored) and
    `connected` (OAuth2 authorization code: whether tokens are stored; null for other kinds)."""

    class Meta:
        model = Credential
        fields = ("id", "name", "connector", "created_at", "updated_at")

    def to_representation(self, instance: Credential) -> dict:
        output = super().to_representation(instance)
        output["data"], output["secrets_set"] = services.credential_public_data(credential=instance)
        output["connected"] = credential_connected(credential=instance)
        return output


class CredentialCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    connector = serializers.CharField(max_length=64)
    data = serializers.DictField()


class CredentialUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    data = serializers.DictField(required=False)


class CredentialListCreateApi(APIView):
    @extend_schema(responses=CredentialOutput(many=True))
    def get(self, request: Request) -> Response:
        credentials = Credential.objects.all()
        if connector := request.query_params.get("connector"):
            credentials = credentials.filter(connector=connector)
        data = CredentialOutput(credentials, many=True).data
        return Response({"next": None, "previous": None, "results": data})

    @extend_schema(request=CredentialCreateInput, responses={201: CredentialOutput})
    def post(self, request: Request) -> Response:
        given = CredentialCreateInput(data=request.data)
        given.is_valid(raise_exception=True)
        credential = services.credential_create(**given.validated_data)
        return Response(CredentialOutput(credential).data, status=status.HTTP_201_CREATED)


class CredentialDetailApi(APIView):
    @extend_schema(responses=CredentialOutput)
    def get(self, request: Request, credential_id: str) -> Response:
        return Response(CredentialOutput(services.credential_get(credential_id=credential_id)).data)

    @extend_schema(request=CredentialUpdateInput, responses=CredentialOutput)
    def put(self, request: Request, credential_id: str) -> Response:
        given = CredentialUpdateInput(data=request.data)
        given.is_valid(raise_exception=True)
        credential = services.credential_get(credential_id=credential_id)
        credential = services.credential_update(credential=credential, **given.validated_data)
        return Response(CredentialOutput(credential).data)

    def delete(self, request: Request, credential_id: str) -> Response:
        services.credential_delete(credential=services.credential_get(credential_id=credential_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CredentialTestErrorOutput(serializers.Serializer):
    message = serializers.CharField(help_text="What the vendor said, secrets hidden.")
    status = serializers.IntegerField(allow_null=True, help_text="The vendor's HTTP status, when it answered.")
    code = serializers.CharField(help_text="credential_rejected, vendor_rejected, retryable or rate_limited.")


class CredentialTestOutput(serializers.Serializer):
    ok = serializers.BooleanField()
    detail = serializers.CharField(required=False, help_text="What the vendor showed, when ok.")
    error = CredentialTestErrorOutput(required=False, help_text="What failed, when not ok.")


class CredentialTestApi(APIView):
    """Try the credential against the vendor (one cheap call); 200 whether the vendor accepts it or not."""

    @extend_schema(request=None, responses=CredentialTestOutput)
    def post(self, request: Request, credential_id: str) -> Response:
        result = services.credential_test(credential=services.credential_get(credential_id=credential_id))
        return Response(CredentialTestOutput(result).data)


class CredentialAuthorizeOutput(serializers.Serializer):
    authorize_url = serializers.URLField(
        help_text="The vendor page to send the user to; it comes back to /oauth2/callback."
    )


class CredentialAuthorizeApi(APIView):
    """Start connecting an OAuth2 credential: the vendor's authorize URL with a signed state.

    `?next=/path` is where the callback sends the user afterwards; `?redirect=1` answers 302 to the
    vendor instead of JSON (a plain link).
    """

    @extend_schema(responses=CredentialAuthorizeOutput)
    def get(self, request: Request, credential_id: str) -> Response:
        url = oauth2_authorize_url(
            credential=services.credential_get(credential_id=credential_id),
            redirect_uri=callback_url(request),
            next_path=request.query_params.get("next", "/"),
        )
        if request.query_params.get("redirect"):
            return HttpResponseRedirect(url)
        return Response(CredentialAuthorizeOutput({"authorize_url": url}).data)


def callback_url(request: HttpRequest) -> str:
    """This backend's /oauth2/callback as the vendor must call it (PUBLIC_URL behind a proxy)."""
    return (settings.PUBLIC_URL or request.build_absolute_uri("/").rstrip("/")) + CALLBACK_PATH
