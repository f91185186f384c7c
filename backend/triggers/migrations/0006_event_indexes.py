"""Event indexes for what is asked of events: by age (retention deletes old events) rather than
by flow and age, which no query used; event.flow has no index of its own, event_unique_dedup_key
starts with it. The foreign key's index is dropped by name: AlterField would copy the table on
SQLite."""

import django.db.models.deletion
from django.db import migrations, models


def _flow_index(schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "triggers_event")
    for name, info in constraints.items():
        if info["index"] and not info["unique"] and not info["primary_key"] and info["columns"] == ["flow_id"]:
            return name
    return None


def drop_flow_index(apps, schema_editor):
    name = _flow_index(schema_editor)
    if name:
        schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def create_flow_index(apps, schema_editor):
    if _flow_index(schema_editor) is None:
        model = apps.get_model("triggers", "event")
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[model._meta.get_field("flow")]))


class Migration(migrations.Migration):
    dependencies = [
        ("flows", "0004_webhook_subscription"),
        ("triggers", "0005_event_search"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="event", name="event_flow_received"),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_flow_index, create_flow_index)],
            state_operations=[
                migrations.AlterField(
                    model_name="event",
                    name="flow",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="flows.flow",
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["received_at"], name="event_received"),
        ),
    ]
