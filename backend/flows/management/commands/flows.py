"""python manage.py flows import FILE | export ID | run ID --payload FILE"""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from backend.core.errors import ApplicationError
from backend.flows import services
from backend.flows.models import Flow
from backend.flows.templates import document_from_upload, flow_import
from backend.runs.advance import run_advance
from backend.runs.models import RunStatus
from backend.triggers.services import event_accept_payload


class Command(BaseCommand):
    help = "Import, export and run flows."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Create a flow from a flow document file.")
        imp.add_argument("file", type=Path)
        imp.add_argument("--activate", action="store_true", help="Activate it once imported.")
        exp = sub.add_parser("export", help="Print a flow's current document.")
        exp.add_argument("flow_id")
        run = sub.add_parser("run", help="Run a flow here, now, with a payload, and print its steps.")
        run.add_argument("flow_id")
        run.add_argument("--payload", type=Path, help="JSON file standing for the trigger's body.")

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except ApplicationError as exc:
            lines = [exc.message, *(f"  {e.pointer or '/'}: {e.message}" for e in exc.errors)]
            raise CommandError("\n".join(lines)) from exc

    def _flow(self, flow_id: str) -> Flow:
        flow = Flow.objects.select_related("current_version").filter(pk=flow_id).first()
        if flow is None:
            raise CommandError(f"no flow {flow_id}")
        return flow

    def _import(self, *, file: Path, activate: bool, **_):
        if not file.exists():
            raise CommandError(f"no such file: {file}")
        flow = flow_import(document=document_from_upload(file.read_bytes()))
        if activate:
            services.flow_activate(flow=flow)
        self.stdout.write(f"{flow.id}  {flow.name}  {'active' if activate else 'inactive'}")

    def _export(self, *, flow_id: str, **_):
        flow = self._flow(flow_id)
        self.stdout.write(json.dumps(flow.current_version.document, indent=2))

    def _run(self, *, flow_id: str, payload: Path | None, **_):
        flow = self._flow(flow_id)
        body = json.loads(payload.read_text()) if payload else {}
        run = event_accept_payload(flow=flow, payload=body, publish=False)
        # Run here rather than wait for a worker: the CLI is for trying a flow on a terminal,
        # so it may sit out a retry's backoff itself.
        run = run_advance(run_id=run.id)
        while run.status in (RunStatus.WAITING, RunStatus.QUEUED):
            time.sleep(max(0.0, (run.wake_at - timezone.now()).total_seconds()) if run.wake_at else 0.2)
            run = run_advance(run_id=run.id)
        self.stdout.write(f"run {run.id}  {run.status}  {run.duration_ms} ms")
        for step in run.steps.order_by("position"):
            line = f"  {step.position}. {step.node_id:<20} {step.block:<20} {step.status:<10} {step.duration_ms} ms"
            if step.error:
                line += f"  {step.error.get('message')}"
            self.stdout.write(line)
        if run.status == "failed":
            raise CommandError(f"the run failed: {(run.error or {}).get('message')}")
