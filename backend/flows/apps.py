from django.apps import AppConfig


class FlowsConfig(AppConfig):
    name = "backend.flows"
    label = "flows"
