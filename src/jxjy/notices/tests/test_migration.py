"""Migrations 0002–0003 on a database with notices already in it: the rows written before keep
their stored Chinese words (read in any language), and going back stores the words of the rows
worded at read time, so the older code still shows them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import override

from jxjy.notices.models import Notice

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("notices", "0001_initial")]


def latest() -> list[tuple[str, str]]:
    return [("notices", name) for _app, name in MigrationExecutor(connection).loader.graph.leaf_nodes("notices")]


def migrate(target: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_rows_written_before_keep_their_words_and_going_back_stores_words(cast):
    head = latest()
    try:
        old = migrate(BEFORE).get_model("notices", "Notice")
        old.objects.create(recipient_id=cast.learner_yanta.pk, kind="CLAIM_REJECTED", title="同等学时认证未通过：旧申请",
                           body="单位审核意见：旧理由", created_at=timezone.now())
        migrate(head)
        legacy = Notice.objects.get()
        assert legacy.params is None and legacy.stored_title == "同等学时认证未通过：旧申请"
        with override("en"):
            assert (legacy.title, legacy.body) == ("同等学时认证未通过：旧申请", "单位审核意见：旧理由")

        worded = Notice.objects.create(recipient=cast.learner_yanta, kind=Notice.Kind.CERTIFICATE_AVAILABLE,
                                       params={"year": 2020}, created_at=timezone.now())
        old = migrate(BEFORE).get_model("notices", "Notice")
        assert old.objects.get(pk=worded.pk).title == "您的2020年度继续教育证书可以打印了"
        assert old.objects.get(pk=legacy.pk).body == "单位审核意见：旧理由"
    finally:
        migrate(head)
    assert Notice.objects.count() == 2
