"""The playback's player key, and `jxjy_heartbeat_v1` on PostgreSQL (see
`learning/sql/heartbeat_v1.sql` for why)."""

from pathlib import Path

from django.db import migrations, models

SQL = Path(__file__).resolve().parent.parent / "sql" / "heartbeat_v1.sql"


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SQL.read_text(encoding="utf-8"), params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS jxjy_heartbeat_v1", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("learning", "0002_studying"),
    ]

    operations = [
        migrations.AddField(
            model_name="playback",
            name="player_digest",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="Player key (digest)"),
        ),
        migrations.RunPython(install, remove),
    ]
