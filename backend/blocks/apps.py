from django.apps import AppConfig


class BlocksConfig(AppConfig):
    name = "backend.blocks"
    label = "blocks"
