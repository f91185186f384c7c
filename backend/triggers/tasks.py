"""Celery tasks of the triggers app."""

from backend.dovetail.celery import dovetail_task
from backend.triggers.polling import poll_tick
from backend.triggers.schedules import schedule_tick


@dovetail_task(name="triggers.tick_schedules")
def tick_schedules() -> None:
    schedule_tick()


@dovetail_task(name="triggers.tick_polls")
def tick_polls() -> None:
    poll_tick()
