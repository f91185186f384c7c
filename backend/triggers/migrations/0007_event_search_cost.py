"""dovetail_event_search as 0005_event_search now creates it, for a database that ran 0005 before.

PARALLEL UNSAFE: its exception block starts a subtransaction, which fails in any process of a
parallel query, the leader included ("cannot start subtransactions during a parallel operation"). COST 5000: computing it is
a JSON parse (~0.3 ms), and at the default cost the planner would rather walk the runs newest
first and compute it for each one's event than read the index, for a word found once in 200,000.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER FUNCTION dovetail_event_search(text) PARALLEL UNSAFE COST 5000")


class Migration(migrations.Migration):
    dependencies = [("triggers", "0006_event_indexes")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
