"""A person sees and unlinks their own portal identities, and nobody else's."""

from __future__ import annotations

import pytest
from django.test import Client

from jxjy.conftest import PASSWORD
from jxjy.core.models import AuditEntry
from jxjy.portals.models import ExternalIdentity

from .conftest import session_user_id, sign_in_via

pytestmark = pytest.mark.django_db


def _link(cast):
    learner = cast.learner_yanta.learner
    client = Client()
    sign_in_via(client, "sxzwfw", name=learner.name, id_number=learner.id_number, phone=learner.phone)
    return client, ExternalIdentity.objects.get(user=cast.learner_yanta)


def test_a_learner_unlinks_from_the_dashboard(cast):
    client, link = _link(cast)
    page = client.get("/dashboard/").content.decode()
    assert f"/sso/identities/{link.pk}/unlink/" in page and "解除关联" in page
    response = client.post(f"/sso/identities/{link.pk}/unlink/", follow=True)
    assert "已解除该政务平台身份的关联" in response.content.decode()
    assert not ExternalIdentity.objects.exists()
    assert AuditEntry.objects.filter(action="identity.unlink", object_id=str(link.pk)).exists()
    # Unlinked, the portal identity is matched by ID number again: a learner's link comes back.
    again = Client()
    sign_in_via(again, "sxzwfw", name=link.user.learner.name, id_number=link.user.learner.id_number,
                phone=link.user.learner.phone)
    assert session_user_id(again) == cast.learner_yanta.pk


def test_nobody_unlinks_another_persons_identity(cast):
    _client, link = _link(cast)
    for user in (cast.learner_baishui, cast.province_admin):
        other = Client()
        other.login(username=user.username, password=PASSWORD)
        other.post(f"/sso/identities/{link.pk}/unlink/")
    assert ExternalIdentity.objects.filter(pk=link.pk).exists()
    assert Client().post(f"/sso/identities/{link.pk}/unlink/").status_code == 302  # to the login page
    assert ExternalIdentity.objects.filter(pk=link.pk).exists()


def test_unlinking_needs_a_post(cast):
    client, link = _link(cast)
    assert client.get(f"/sso/identities/{link.pk}/unlink/").status_code == 405
    assert ExternalIdentity.objects.filter(pk=link.pk).exists()


def test_the_api_lists_and_unlinks_ones_own_identities(cast, api):
    _client, link = _link(cast)
    rows = api(cast.learner_yanta).get("me/identities").json()
    assert [(r["id"], r["provider"], r["portal"]) for r in rows] == [(link.pk, "sxzwfw", "陕西省政务服务网")]
    assert api(cast.learner_baishui).get("me/identities").json() == []
    missing = api(cast.learner_baishui).delete(f"me/identities/{link.pk}")
    assert missing.status_code == 404 and missing.json()["code"] == "identity_not_found"
    assert api().get("me/identities").status_code == 401
    assert api(cast.learner_yanta).delete(f"me/identities/{link.pk}").status_code == 204
    assert not ExternalIdentity.objects.exists()
