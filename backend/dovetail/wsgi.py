"""WSGI entry point (`granian --interface wsgi backend.dovetail.wsgi:application`, as `manage.py serve` runs it)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.dovetail.settings")
application = get_wsgi_application()
