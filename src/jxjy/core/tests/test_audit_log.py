import pytest

from jxjy.core.errors import Conflict
from jxjy.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _suspend(api, cast):
    return api(cast.admin_weinan).client.post(
        f"/api/v1/bases/{cast.weinan_base.pk}/status", '{"status": "SUSPENDED", "reason": "检查"}',
        content_type="application/json", headers=api(cast.admin_weinan).headers, REMOTE_ADDR="10.9.8.7")


def test_an_administrator_write_is_recorded_with_who_what_and_where(cast, api):
    assert _suspend(api, cast).status_code == 200
    entry = AuditEntry.objects.get(action="base.set_status")
    assert entry.actor_name == "admin_weinan" and entry.role == "CITY_ADMIN"
    assert entry.object_id == str(cast.weinan_base.pk)
    assert entry.before == {"status": "ACTIVE"} and entry.after["status"] == "SUSPENDED"
    assert entry.ip == "10.9.8.7"


def test_the_audit_log_cannot_be_changed_or_deleted(cast, api):
    _suspend(api, cast)
    entry = AuditEntry.objects.get(action="base.set_status")
    entry.action = "nothing"
    with pytest.raises(Conflict):
        entry.save()
    with pytest.raises(Conflict):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "base.set_status"


def test_province_admin_browses_the_audit_log(cast, api, client):
    _suspend(api, cast)
    body = api(cast.province_admin).get("audit", action="base.").json()
    assert body["count"] == 1 and body["items"][0]["actor"] == "admin_weinan"
    client.force_login(cast.province_admin)
    page = client.get("/audit/")
    assert page.status_code == 200 and "base.set_status" in page.content.decode()


def test_others_may_not_browse_the_audit_log(cast, api, client):
    for user in (cast.admin_xian, cast.base_provincial, cast.learner_yanta):
        assert api(user).get("audit").status_code == 403
    client.force_login(cast.admin_xian)
    assert client.get("/audit/").status_code == 403


def test_personal_data_in_audit_snapshots_is_masked(cast):
    from jxjy.core.audit import snapshot

    data = snapshot(cast.learner_yanta.learner)
    assert cast.learner_yanta.learner.id_number not in str(data)
    assert data["phone"] == "139****0002"
