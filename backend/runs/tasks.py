"""Celery tasks: thin; each takes ids and calls one service."""

from backend.dovetail.celery import dovetail_task
from backend.runs import services
from backend.runs.advance import run_advance, run_drain


@dovetail_task(name="runs.advance_run")
def advance_run(run_id: str) -> None:
    run_advance(run_id=run_id)


@dovetail_task(name="runs.drain_runs")
def drain_runs(token: str) -> None:
    run_drain(token=token)


@dovetail_task(name="runs.sweep_runs")
def sweep_runs() -> None:
    services.run_sweep()


@dovetail_task(name="runs.prune_runs")
def prune_runs() -> None:
    services.run_prune()


@dovetail_task(name="runs.notify_failure")
def notify_failure(run_id: str) -> None:
    services.run_notify_failure(run_id=run_id)
