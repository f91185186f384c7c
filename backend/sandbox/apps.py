from django.apps import AppConfig


class SandboxConfig(AppConfig):
    name = "backend.sandbox"
    label = "sandbox"
