"""URL map: /api/ (DRF), /hooks/<token>, /oauth2/callback, /sandbox/inbox/ (request bin), /admin/, the web app."""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from backend.accounts import apis as accounts
from backend.blocks import apis as blocks
from backend.credentials import apis as credentials
from backend.credentials.views import oauth2_callback_view
from backend.flows import apis as flows
from backend.runs import apis as runs
from backend.sandbox import apis as sandbox
from backend.sandbox.views import inbox
from backend.triggers.views import webhook
from backend.web.views import index

api = [
    path("auth/me/", accounts.MeApi.as_view()),
    path("auth/login/", accounts.LoginApi.as_view()),
    path("auth/logout/", accounts.LogoutApi.as_view()),
    path("blocks/", blocks.BlockListApi.as_view()),
    path("flow-schema/", blocks.FlowSchemaApi.as_view()),
    path("connectors/", blocks.ConnectorListApi.as_view()),
    path("credentials/", credentials.CredentialListCreateApi.as_view()),
    path("credentials/<str:credential_id>/", credentials.CredentialDetailApi.as_view()),
    path("credentials/<str:credential_id>/test/", credentials.CredentialTestApi.as_view()),
    path("credentials/<str:credential_id>/oauth2/authorize/", credentials.CredentialAuthorizeApi.as_view()),
    path("flows/", flows.FlowListCreateApi.as_view()),
    path("flows/import/", flows.FlowImportApi.as_view()),
    path("flows/validate/", flows.FlowValidateApi.as_view()),
    path("flows/<uuid:flow_id>/", flows.FlowDetailApi.as_view()),
    path("flows/<uuid:flow_id>/activate/", flows.FlowActivateApi.as_view()),
    path("flows/<uuid:flow_id>/deactivate/", flows.FlowDeactivateApi.as_view()),
    path("flows/<uuid:flow_id>/rotate-webhook-token/", flows.FlowWebhookTokenRotateApi.as_view()),
    path("flows/<uuid:flow_id>/versions/", flows.FlowVersionListApi.as_view()),
    path("flows/<uuid:flow_id>/alerts/", flows.FlowAlertsApi.as_view()),
    path("flows/<uuid:flow_id>/export/", flows.FlowExportApi.as_view()),
    path("flows/<uuid:flow_id>/run/", flows.FlowRunApi.as_view()),
    path("templates/", flows.TemplateListApi.as_view()),
    path("templates/<slug:slug>/use/", flows.TemplateUseApi.as_view()),
    path("runs/", runs.RunListApi.as_view()),
    path("runs/replay/", runs.RunBulkReplayApi.as_view()),
    path("runs/stats/", runs.RunStatsApi.as_view()),
    path("runs/<uuid:run_id>/", runs.RunDetailApi.as_view()),
    path("runs/<uuid:run_id>/cancel/", runs.RunCancelApi.as_view()),
    path("runs/<uuid:run_id>/replay/", runs.RunReplayApi.as_view()),
    path("runs/<uuid:run_id>/retry/", runs.RunRetryApi.as_view()),
    path("sandbox/inbox/", sandbox.InboxListApi.as_view()),
    path("sandbox/inbox/<slug:name>/", sandbox.InboxDetailApi.as_view()),
    path("sandbox/inbox/<slug:name>/reply/", sandbox.InboxReplyApi.as_view()),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema")),
]

urlpatterns = [
    path("api/", include(api)),
    path("hooks/<str:token>", webhook, name="webhook"),
    path("oauth2/callback", oauth2_callback_view, name="oauth2-callback"),
    re_path(r"^sandbox/inbox/(?P<name>[-\w]+)(?P<path>/.*)?$", inbox, name="sandbox-inbox"),
    path("admin/", admin.site.urls),
    re_path(r"^(?!api/|hooks/|oauth2/|static/|admin/|sandbox/inbox/).*$", index),
]
