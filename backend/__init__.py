"""Dovetail backend: Django project, apps and the pure engine."""
