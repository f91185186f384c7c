from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "backend.credentials"
    label = "credentials"
