"""A trigram index on the raw event body, so the runs list's payload search is an index scan on
PostgreSQL. The index is on UPPER(body) because that is what `icontains` sends:
`UPPER(body) LIKE UPPER('%1001%')`. SQLite has no such index; there the search scans."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS event_body_trgm ON triggers_event USING gin (UPPER(body) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS event_body_trgm")


class Migration(migrations.Migration):
    dependencies = [("triggers", "0002_durable")]
    operations = [migrations.RunPython(forwards, backwards)]
