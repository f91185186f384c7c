"""The Django project: settings, URLs, Celery app, WSGI entry point."""

from backend.dovetail.celery import app as celery_app

__all__ = ["celery_app"]
