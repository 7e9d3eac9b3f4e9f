"""The demo: the sandbox portals know the demo learners (and one newcomer), once."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from jxjy.portals import demo
from jxjy.portals.models import SandboxPerson

from .conftest import authorize_at_sandbox, session_user_id

pytestmark = pytest.mark.django_db


def test_the_demo_people_are_seeded_once_and_a_demo_learner_signs_in(cast):
    demo.seed(cast, io.StringIO())
    demo.seed(cast, io.StringIO())
    ids = set(SandboxPerson.objects.values_list("id_number", flat=True))
    assert cast.learner_yanta.learner.id_number in ids and cast.learner_baishui.learner.id_number in ids
    assert SandboxPerson.objects.count() == 3
    client = Client()
    person = SandboxPerson.objects.get(id_number=cast.learner_baishui.learner.id_number)
    back = authorize_at_sandbox(client, "sxzwfw", person=person)
    client.get(back["Location"])
    assert session_user_id(client) == cast.learner_baishui.pk
