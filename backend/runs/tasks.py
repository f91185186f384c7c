"""Celery tasks: thin; each takes ids and calls one service."""

from backend.dovetail.celery import dovetail_task
from backend.runs import services


@dovetail_task(name="runs.advance_run")
def advance_run(run_id: str) -> None:
    services.run_advance(run_id=run_id)


@dovetail_task(name="runs.sweep_runs")
def sweep_runs() -> None:
    services.run_sweep()
