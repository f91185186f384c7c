"""Fewer, smaller indexes on the run tables: what a stored run costs beyond its rows.

- The indexes by status hold only finished runs (the runs list's status filter) or only active
  ones (the sweeper, the concurrency queue): a run's row is written three times, and each write
  added an entry to every status index.
- Ascending rather than descending: new runs go to the rightmost leaf, which splits 90/10; a
  descending index split its leftmost leaf 50/50 and stayed half empty. Newest first is a
  backward scan.
- No index of their own for run.flow, step.run and stepattempt.step: run_flow_created,
  step_unique_key and stepattempt_unique_number start with those columns. run.replay_of's index
  holds the few replays only.

The foreign keys' indexes are dropped by name rather than by AlterField, which on SQLite would
copy each table.
"""

import django.db.models.deletion
from django.db import migrations, models

# (table, column, model, field) of foreign keys whose own index goes.
FK_INDEXES = [
    ("runs_run", "flow_id", "run", "flow"),
    ("runs_run", "replay_of_id", "run", "replay_of"),
    ("runs_step", "run_id", "step", "run"),
    ("runs_stepattempt", "step_id", "stepattempt", "step"),
]


def _fk_index(schema_editor, table, column):
    """The name of the plain one-column index Django made for a foreign key, or None."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    for name, info in constraints.items():
        if info["index"] and not info["unique"] and not info["primary_key"] and info["columns"] == [column]:
            return name
    return None


def drop_fk_indexes(apps, schema_editor):
    for table, column, _model, _field in FK_INDEXES:
        name = _fk_index(schema_editor, table, column)
        if name:
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def create_fk_indexes(apps, schema_editor):
    for table, column, model_name, field_name in FK_INDEXES:
        if _fk_index(schema_editor, table, column) is None:
            model = apps.get_model("runs", model_name)
            schema_editor.execute(schema_editor._create_index_sql(model, fields=[model._meta.get_field(field_name)]))


class Migration(migrations.Migration):
    dependencies = [
        ("flows", "0004_webhook_subscription"),
        ("runs", "0003_step_output_from_event"),
        ("triggers", "0006_event_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="run", name="run_flow_created"),
        migrations.RemoveIndex(model_name="run", name="run_status_created"),
        migrations.RemoveIndex(model_name="run", name="run_created"),
        migrations.RemoveIndex(model_name="run", name="run_status_wake"),
        migrations.RemoveIndex(model_name="run", name="run_flow_key_status"),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_fk_indexes, create_fk_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="run",
                    name="flow",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="runs",
                        to="flows.flow",
                    ),
                ),
                migrations.AlterField(
                    model_name="run",
                    name="replay_of",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        help_text="The failed run this one replays or retries.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="replays",
                        to="runs.run",
                    ),
                ),
                migrations.AlterField(
                    model_name="step",
                    name="run",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="steps",
                        to="runs.run",
                    ),
                ),
                migrations.AlterField(
                    model_name="stepattempt",
                    name="step",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attempts",
                        to="runs.step",
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="run",
            index=models.Index(fields=["flow", "created_at"], name="run_flow_created"),
        ),
        migrations.AddIndex(
            model_name="run",
            index=models.Index(
                condition=models.Q(("status__in", ["cancelled", "failed", "skipped", "succeeded"])),
                fields=["status", "created_at"],
                name="run_finished_status",
            ),
        ),
        migrations.AddIndex(
            model_name="run",
            index=models.Index(fields=["created_at", "id"], name="run_created"),
        ),
        migrations.AddIndex(
            model_name="run",
            index=models.Index(
                condition=models.Q(("status__in", ["queued", "running", "waiting"])),
                fields=["status", "created_at"],
                name="run_active",
            ),
        ),
        migrations.AddIndex(
            model_name="run",
            index=models.Index(
                condition=models.Q(("status__in", ["queued", "running", "waiting"])),
                fields=["flow", "concurrency_key", "status"],
                name="run_active_flow_key",
            ),
        ),
        migrations.AddIndex(
            model_name="run",
            index=models.Index(
                condition=models.Q(("replay_of__isnull", False)),
                fields=["replay_of"],
                name="run_replay_of",
            ),
        ),
    ]
