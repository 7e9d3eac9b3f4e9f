"""The demo part: reminders for the demo learners and a code in the sandbox outbox, once."""

from __future__ import annotations

from io import StringIO

import pytest

from jxjy.notices import demo
from jxjy.notices.models import Notice, SandboxSms

pytestmark = pytest.mark.django_db


def test_the_demo_reminds_the_demo_learners_and_fills_the_outbox_once(cast, committed):
    with committed():
        demo.seed(cast, StringIO())
    for user in (cast.learner_yanta, cast.learner_baishui):
        assert Notice.objects.filter(recipient=user, kind=Notice.Kind.HOURS_REMINDER).count() == 1
    assert SandboxSms.objects.filter(phone=cast.learner_yanta.learner.phone, text__contains="验证码").count() == 1
    counts = (Notice.objects.count(), SandboxSms.objects.count())
    with committed():
        demo.seed(cast, StringIO())
    assert (Notice.objects.count(), SandboxSms.objects.count()) == counts
