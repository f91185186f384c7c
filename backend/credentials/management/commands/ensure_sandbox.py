"""python manage.py ensure_sandbox: one "<Vendor> sandbox" credential per simulator, created once."""

from django.core.management.base import BaseCommand

from backend.credentials.models import Credential
from backend.credentials.services import credential_create
from connectors.sdk import default_registry
from connectors.simulators import sandbox_credentials


class Command(BaseCommand):
    help = "Create credentials that point at the local vendor simulators (the sandbox), if missing."

    def handle(self, *args, **options):
        for connector, data in sandbox_credentials().items():
            name = f"{default_registry().connectors[connector].title} sandbox"
            if not Credential.objects.filter(name=name, connector=connector).exists():
                credential_create(name=name, connector=connector, data=data)
            where = data.get("base_url") or data.get("token_url")
            self.stdout.write(f"{name}: credential for the simulator at {where}")
