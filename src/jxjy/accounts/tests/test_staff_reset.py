"""A superior resets a staff account's password: the province any city, base or employer account;
a city its own bases' administrators and employers' reviewers. The temporary password is shown
once; the account must change it at the next sign-in. Audited. Nobody else, no learner."""

import pytest

from jxjy.accounts.models import ApiToken, User
from jxjy.core.models import AuditEntry

from .conftest import signed_in

pytestmark = pytest.mark.django_db


def _reset(api, actor, target):
    return api(actor).post(f"staff-accounts/{target.pk}/reset-password")


def test_the_province_resets_a_city_admin_who_must_then_change_it(cast, api):
    old_token = api(cast.admin_xian)
    session = signed_in("admin_xian")
    res = _reset(api, cast.province_admin, cast.admin_xian)
    assert res.status_code == 200, res.content
    temporary = res.json()["temporary_password"]
    assert len(temporary) == 12
    user = User.objects.get(pk=cast.admin_xian.pk)
    assert user.check_password(temporary) and user.must_change_password
    assert old_token.get("me").status_code == 401 and session.get("/dashboard/").status_code == 302
    assert not ApiToken.objects.filter(user=user).exists()
    entry = AuditEntry.objects.get(action="password.reset.staff")
    assert entry.actor_name == "admin_province" and entry.object_id == str(user.pk)
    assert temporary not in str(entry.after)

    # Signed in with it, every page leads to the password change, and the API waits too.
    client = signed_in("admin_xian", temporary)
    res = client.get("/dashboard/")
    assert res.status_code == 302 and res.url == "/account/password/"
    assert client.get("/api/v1/stats/completion").json()["code"] == "password_change_required"
    token = api().post("auth/token", {"username": "admin_xian", "password": temporary}).json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    res = api().client.get("/api/v1/employers", headers=bearer)
    assert res.status_code == 403 and res.json()["code"] == "password_change_required"
    assert api().client.get("/api/v1/me", headers=bearer).json()["must_change_password"] is True
    res = client.post("/account/password/", {"current_password": temporary, "password": "Mine#pass2021",
                                             "password2": "Mine#pass2021"})
    assert res.status_code == 302
    assert client.get("/dashboard/").status_code == 200
    assert not User.objects.get(pk=user.pk).must_change_password


def test_a_city_resets_its_own_bases_and_employers_only(cast, api):
    assert _reset(api, cast.admin_weinan, cast.base_weinan).status_code == 200
    assert _reset(api, cast.admin_weinan, cast.employer_baishui).status_code == 200  # 白水 is in 渭南
    assert _reset(api, cast.admin_xian, cast.employer_yanta).status_code == 200
    for target in (cast.employer_yanta, cast.base_provincial, cast.admin_xian, cast.province_admin):
        res = _reset(api, cast.admin_weinan, target)
        assert res.status_code == 404 and res.json()["code"] == "staff_not_found", target
    # The provincial base sits in 西安 but answers to the province.
    assert _reset(api, cast.admin_xian, cast.base_provincial).status_code == 404


def test_nobody_resets_learners_peers_or_themselves(cast, api):
    for target in (cast.learner_yanta, cast.province_admin):
        assert _reset(api, cast.province_admin, target).status_code == 404
    assert _reset(api, cast.admin_xian, cast.admin_xian).status_code == 404
    for actor in (cast.base_provincial, cast.employer_yanta, cast.learner_yanta):
        assert _reset(api, actor, cast.employer_yanta).status_code == 404
        assert api(actor).get("staff-accounts").json()["count"] == 0
    assert User.objects.filter(must_change_password=True).count() == 0


def test_the_list_shows_the_scope(cast, api):
    names = {a["username"] for a in api(cast.admin_weinan).get("staff-accounts").json()["items"]}
    assert names == {"base_weinan", "employer_baishui"}
    names = {a["username"] for a in api(cast.province_admin).get("staff-accounts").json()["items"]}
    assert {"admin_xian", "admin_weinan", "base_provincial", "employer_yanta"} <= names
    assert "admin_province" not in names and "learner_yanta" not in names


def test_the_page_resets_by_htmx_and_shows_the_password_once(cast):
    client = signed_in("admin_weinan")
    page = client.get("/staff-accounts/").content.decode()
    assert "base_weinan" in page and "employer_yanta" not in page
    res = client.post(f"/staff-accounts/{cast.base_weinan.pk}/reset-password/", headers={"HX-Request": "true"})
    assert res.status_code == 200 and "no-store" in res.headers.get("Cache-Control", "")
    html = res.content.decode()
    assert "<html" not in html and 'class="temporary"' in html
    assert User.objects.get(pk=cast.base_weinan.pk).must_change_password
    assert client.post(f"/staff-accounts/{cast.employer_yanta.pk}/reset-password/").status_code == 404
    assert signed_in("employer_yanta").get("/staff-accounts/").status_code == 403
