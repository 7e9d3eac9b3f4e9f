"""The first version of the privacy policy, shipped as data (accounts/data/privacy_policy_1.0.json);
later versions are added in Django admin. core's reference data loads it again after every migrate
and flush (a flushed test database has none), idempotently."""

import datetime as dt
import json
from pathlib import Path

from django.db import migrations

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "privacy_policy_1.0.json"


def add_v1(apps, schema_editor):
    PrivacyPolicy = apps.get_model("accounts", "PrivacyPolicy")
    doc = json.loads(SHIPPED.read_text(encoding="utf-8"))
    PrivacyPolicy.objects.get_or_create(version=doc["version"], defaults={
        "effective_on": dt.date.fromisoformat(doc["effective_on"]), "title": doc["title"], "body": doc["body"]})


def remove_v1(apps, schema_editor):
    PrivacyPolicy = apps.get_model("accounts", "PrivacyPolicy")
    PrivacyPolicy.objects.filter(version="1.0", consents__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_privacy")]
    operations = [migrations.RunPython(add_v1, remove_v1)]
