"""Session login for the web app: me, login, logout."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.core.errors import FieldError, ValidationFailed


class UserOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class MeApi(APIView):
    # The web app asks this first; setting the CSRF cookie here also serves the Vite dev server,
    # whose index.html does not come from Django.
    @method_decorator(ensure_csrf_cookie)
    @extend_schema(responses=UserOutput)
    def get(self, request: Request) -> Response:
        return Response(UserOutput(request.user).data)


class LoginApi(APIView):
    permission_classes = (AllowAny,)

    class Input(serializers.Serializer):
        username = serializers.CharField()
        password = serializers.CharField(style={"input_type": "password"})

    @extend_schema(request=Input, responses=UserOutput)
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request, **data.validated_data)
        if user is None:
            raise ValidationFailed(
                "wrong username or password", errors=[FieldError("/password", "wrong username or password")]
            )
        login(request._request, user)
        return Response(UserOutput(user).data)


class LogoutApi(APIView):
    permission_classes = (AllowAny,)

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)
