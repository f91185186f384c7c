from django.apps import AppConfig


class TriggersConfig(AppConfig):
    name = "backend.triggers"
    label = "triggers"
