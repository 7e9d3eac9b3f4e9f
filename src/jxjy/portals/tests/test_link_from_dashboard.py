"""A signed-in user links a portal identity from the dashboard's 「已关联的政务平台账号」 panel."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from jxjy.accounts.validators import make_id_number
from jxjy.conftest import PASSWORD
from jxjy.core.models import AuditEntry
from jxjy.portals.models import ExternalIdentity

from .conftest import session_user_id

pytestmark = pytest.mark.django_db


def _signed_in(user):
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


def _link_via(client, provider, *, name, id_number="", phone="", decision="approve"):
    """「关联」 → the sandbox portal → approve; returns the callback's response."""
    start = client.post(f"/sso/{provider}/link/")
    assert start.status_code == 302, start.content
    authorize_url = start["Location"]
    assert client.get(authorize_url).status_code == 200
    params = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()}
    back = client.post(urlsplit(authorize_url).path, {**params, "decision": decision, "person": "new", "name": name,
                                                     "id_number": id_number, "phone": phone})
    assert back.status_code == 302
    return client.get(back["Location"])


def _person(user):
    learner = user.learner
    return {"name": learner.name, "id_number": learner.id_number, "phone": learner.phone}


def test_the_panel_offers_each_unlinked_portal(cast):
    page = _signed_in(cast.learner_yanta).get("/dashboard/").content.decode()
    for name in ("sxzwfw", "sxrst", "sx12333"):
        assert f'action="/sso/{name}/link/"' in page
    assert "尚未关联政务平台账号" in page and ">关联</button>" in page


def test_a_learner_links_the_government_portal_from_the_dashboard(cast):
    client = _signed_in(cast.learner_yanta)
    response = _link_via(client, "sxzwfw", **_person(cast.learner_yanta))
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    link = ExternalIdentity.objects.get(user=cast.learner_yanta)
    assert link.provider == "sxzwfw"
    assert AuditEntry.objects.filter(action="identity.link.dashboard", object_id=str(link.pk)).exists()
    assert session_user_id(client) == cast.learner_yanta.pk
    page = client.get("/dashboard/").content.decode()
    assert "政务平台身份已关联到您的账号" in page
    assert 'action="/sso/sxzwfw/link/"' not in page and 'action="/sso/sxrst/link/"' in page
    assert f"/sso/identities/{link.pk}/unlink/" in page
    # The portal now signs the learner in directly.
    again = Client()
    start = again.get("/sso/sxzwfw/start/")
    params = {k: v[0] for k, v in parse_qs(urlsplit(start["Location"]).query).items()}
    back = again.post(urlsplit(start["Location"]).path, {**params, "decision": "approve", "person": "new",
                                                         **_person(cast.learner_yanta)})
    again.get(back["Location"])
    assert session_user_id(again) == cast.learner_yanta.pk


def test_staff_and_wechat_identities_link_too(cast):
    client = _signed_in(cast.employer_yanta)
    _link_via(client, "sx12333", name="雁塔人事", phone="13600000021")
    _link_via(client, "sxzwfw", name="人事专员", id_number=make_id_number("610113", "19840101", "222"),
              phone="13600000022")
    assert set(ExternalIdentity.objects.filter(user=cast.employer_yanta).values_list("provider", flat=True)) == {
        "sx12333", "sxzwfw"}


def test_another_persons_id_number_is_refused_and_nothing_is_stored(cast):
    client = _signed_in(cast.learner_yanta)
    response = _link_via(client, "sxzwfw", name="孙他人", id_number=make_id_number("610113", "19910101", "333"),
                         phone="13600000002")
    assert response["Location"] == "/dashboard/"
    page = client.get("/dashboard/").content.decode()
    assert "政务平台认证的身份不是本账号的持有人" in page
    assert not ExternalIdentity.objects.exists()
    assert session_user_id(client) == cast.learner_yanta.pk


def test_an_identity_linked_to_someone_else_is_refused(cast):
    # 李雁塔's WeChat is linked to 李雁塔; 张白水, signed in, tries to link the same WeChat identity.
    _link_via(_signed_in(cast.learner_yanta), "sx12333", name="李雁塔", phone="13900000002")
    first = ExternalIdentity.objects.get()
    client = _signed_in(cast.learner_baishui)
    _link_via(client, "sx12333", name="李雁塔", phone="13900000002")
    page = client.get("/dashboard/").content.decode()
    assert "该政务平台身份已关联其他账号" in page
    assert list(ExternalIdentity.objects.values_list("pk", "user_id")) == [(first.pk, cast.learner_yanta.pk)]


def test_linking_the_same_identity_again_changes_nothing(cast):
    client = _signed_in(cast.learner_yanta)
    _link_via(client, "sx12333", name="李雁塔", phone="13900000002")
    _link_via(client, "sx12333", name="李雁塔", phone="13900000002")
    assert ExternalIdentity.objects.count() == 1
    assert "该政务平台身份早已关联到您的账号" in client.get("/dashboard/").content.decode()


def test_a_second_identity_at_the_same_portal_is_refused(cast):
    client = _signed_in(cast.learner_yanta)
    _link_via(client, "sx12333", name="李雁塔", phone="13900000002")
    _link_via(client, "sx12333", name="别人", phone="13900000009")
    assert "该账号已关联此平台的另一个身份" in client.get("/dashboard/").content.decode()
    assert ExternalIdentity.objects.count() == 1


def test_linking_needs_a_signed_in_post(cast):
    assert Client().post("/sso/sxzwfw/link/").status_code == 302  # to the login page
    assert _signed_in(cast.learner_yanta).get("/sso/sxzwfw/link/").status_code == 405
    assert not ExternalIdentity.objects.exists()


def test_the_link_is_refused_when_another_account_signed_in_meanwhile(cast):
    client = _signed_in(cast.learner_yanta)
    start = client.post("/sso/sx12333/link/")
    authorize_url = start["Location"]
    params = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()}
    back = client.post(urlsplit(authorize_url).path, {**params, "decision": "approve", "person": "new",
                                                      "name": "李雁塔", "phone": "13900000002"})
    # Signing out empties the session (and its pending sign-ins): the callback is refused.
    client.logout()
    client.login(username="learner_baishui", password=PASSWORD)
    assert client.get(back["Location"]).status_code == 400
    assert not ExternalIdentity.objects.exists()


def test_the_link_goes_only_to_the_account_that_asked(cast):
    client = _signed_in(cast.learner_yanta)
    start = client.post("/sso/sx12333/link/")
    authorize_url = start["Location"]
    params = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()}
    # A session whose pending link names another account than the one signed in now.
    session = client.session
    session["_jxjy_sso_pending"][params["state"]]["user_id"] = cast.learner_baishui.pk
    session.save()
    back = client.post(urlsplit(authorize_url).path, {**params, "decision": "approve", "person": "new",
                                                      "name": "李雁塔", "phone": "13900000002"})
    response = client.get(back["Location"])
    assert response.status_code == 400 and "您已不再登录发起关联的账号" in response.content.decode()
    assert not ExternalIdentity.objects.exists()
