"""The Celery app and `dovetail_task`, the one decorator every task goes through."""

import os
from collections.abc import Callable
from typing import Any

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.dovetail.settings")

app = Celery("dovetail")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["backend.runs", "backend.triggers"])


@task_prerun.connect
@task_postrun.connect
def _recycle_database_connections(**kwargs: Any) -> None:
    """Around each task, what Django does around each request: drop a connection that broke or aged."""
    from django.db import close_old_connections

    close_old_connections()


def dovetail_task(name: str, **options: Any) -> Callable[[Callable[..., Any]], Any]:
    """Register a task under an explicit name with the project's delivery settings.

    acks_late + reject_on_worker_lost: a message is acknowledged only when the task
    returns, so a worker that dies mid-task leaves it for another worker; the task
    itself must therefore be safe to run twice (it claims its run first).
    """
    defaults = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}
    return app.task(name=name, **{**defaults, **options})
