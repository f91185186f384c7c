"""python manage.py runs replay ID [--payload FILE] | retry ID | cancel ID | replay-failed [--flow ID]"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backend.core.errors import ApplicationError
from backend.runs import services
from backend.runs.models import Run


class Command(BaseCommand):
    help = "Replay, retry or cancel runs (the workers execute them)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        replay = sub.add_parser("replay", help="Re-run a failed run from its failed step.")
        replay.add_argument("run_id")
        replay.add_argument("--payload", type=Path, help="JSON file replacing the trigger's output.")
        sub.add_parser("retry", help="A fresh run from the same event.").add_argument("run_id")
        sub.add_parser("cancel", help="Cancel a queued, waiting or running run.").add_argument("run_id")
        many = sub.add_parser("replay-failed", help="Replay every failed run (of a flow).")
        many.add_argument("--flow")
        many.add_argument("--limit", type=int, default=100)

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, "_" + action.replace("-", "_"))(**options)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc

    def _run(self, run_id: str) -> Run:
        run = Run.objects.select_related("event", "flow_version").filter(pk=run_id).first()
        if run is None:
            raise CommandError(f"no run {run_id}")
        return run

    def _replay(self, *, run_id: str, payload: Path | None, **_):
        trigger = json.loads(payload.read_text()) if payload else None
        new = services.run_replay(run=self._run(run_id), trigger=trigger)
        self.stdout.write(f"replaying as run {new.id}")

    def _retry(self, *, run_id: str, **_):
        self.stdout.write(f"retrying as run {services.run_retry(run=self._run(run_id)).id}")

    def _cancel(self, *, run_id: str, **_):
        run = services.run_cancel(run=self._run(run_id))
        self.stdout.write(f"run {run.id}: {'cancel requested' if run.cancel_requested else run.status}")

    def _replay_failed(self, *, flow: str | None, limit: int, **_):
        for new in services.run_replay_many(flow=flow, limit=limit):
            self.stdout.write(f"{new.replay_of_id} -> {new.id}")
