import pytest
from django.apps import apps
from django.core.management import call_command

from jxjy.accounts.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

DEMO_USERS = {"admin_province", "admin_xian", "admin_weinan", "base_provincial", "base_weinan", "employer_baishui",
              "employer_yanta", "learner_baishui", "learner_yanta"}


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label.startswith(
        ("core", "org", "accounts", "plans", "catalog", "exams", "learning", "credits", "billing", "courseware"))}


def test_the_demo_data_loads_twice_without_duplicates(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert DEMO_USERS <= set(User.objects.values_list("username", flat=True))
    first = _counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    second = _counts()
    second.pop("core.AuditEntry", None)
    first.pop("core.AuditEntry", None)
    assert first == second
