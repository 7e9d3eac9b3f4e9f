"""The ledger-corrections page: the province or a city bureau finds a learner, reverses an entry
or adds a correction; every change is a new, audited entry, within the bureau's scope."""

from decimal import Decimal

import pytest
from django.test import Client

from jxjy.core.models import AuditEntry
from jxjy.credits.models import CreditEntry

pytestmark = pytest.mark.django_db

URL = "/credits/corrections/"


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def entry(cast):
    return CreditEntry.objects.create(learner=cast.learner_baishui.learner, year=2020, category="PUBLIC",
                                      hours=Decimal(24), source=CreditEntry.Source.IN_PERSON, reference="session:9",
                                      created_at="2020-06-01T10:00:00+08:00")


def test_the_dashboard_links_the_bureaus_to_the_page(cast):
    assert 'id="corrections-link"' in client_of(cast.admin_weinan).get("/dashboard/").content.decode()
    assert 'id="corrections-link"' not in client_of(cast.employer_baishui).get("/dashboard/").content.decode()


def test_the_province_finds_a_learner_by_name_or_id_number_shown_masked(cast, entry):
    learner = cast.learner_baishui.learner
    client = client_of(cast.province_admin)
    for q in ("白水", learner.id_number):
        page = client.post(URL, {"q": q, "year": 2020}).content.decode()
        assert f"?learner={learner.pk}&year=2020" in page
        assert learner.masked_id_number in page and learner.id_number not in page
    page = client.get(URL, {"learner": learner.pk, "year": 2020}).content.decode()
    assert f'id="entry-{entry.pk}"' in page and "撤销此条记录" in page
    assert learner.id_number not in page


def test_the_city_reverses_an_entry_with_a_reason(cast, entry):
    client = client_of(cast.admin_weinan)
    res = client.post(f"{URL}entries/{entry.pk}/reverse/", {"reason": "重复登记"})
    assert res.status_code == 302
    reversal = CreditEntry.objects.get(reverses=entry)
    assert reversal.hours == -24 and reversal.source == "CORRECTION" and reversal.note == "重复登记"
    assert reversal.created_by_id == cast.admin_weinan.pk
    assert CreditEntry.objects.get(pk=entry.pk).hours == 24
    assert AuditEntry.objects.filter(action="credit.reverse", object_id=str(entry.pk)).exists()
    page = client.get(res["Location"]).content.decode()
    assert "已由一条新记录冲销" in page and "已冲销" in page


def test_a_reversal_without_a_reason_is_refused_in_chinese(cast, entry):
    client = client_of(cast.admin_weinan)
    res = client.post(f"{URL}entries/{entry.pk}/reverse/", {"reason": " "}, follow=True)
    assert "请填写更正原因" in res.content.decode()
    assert CreditEntry.objects.count() == 1


def test_the_province_adds_a_negative_correction(cast, entry):
    learner = cast.learner_baishui.learner
    client = client_of(cast.province_admin)
    res = client.post(f"{URL}learners/{learner.pk}/add/", {
        "year": "2020", "category": "PUBLIC", "hours": "-4.5", "reason": "面授签到记录有误"})
    assert res.status_code == 302 and res["Location"] == f"{URL}?learner={learner.pk}&year=2020"
    added = CreditEntry.objects.exclude(pk=entry.pk).get()
    assert (added.year, added.category, added.hours, added.source, added.note) == (
        2020, "PUBLIC", Decimal("-4.5"), "CORRECTION", "面授签到记录有误")
    assert added.reverses_id is None and added.created_by_id == cast.province_admin.pk
    audit = AuditEntry.objects.get(action="credit.correct")
    assert audit.actor_id == cast.province_admin.pk and audit.object_id == str(added.pk)
    page = client.get(res["Location"]).content.decode()
    assert "更正已记录" in page and "19.5" in page


def test_a_correction_needs_hours_other_than_zero_and_a_category(cast, entry):
    learner = cast.learner_baishui.learner
    client = client_of(cast.province_admin)
    for bad in ({"hours": "0"}, {"hours": "abc"}, {"hours": "1.25"}, {"category": "OTHER"}, {"reason": ""}):
        form = {"year": "2020", "category": "PUBLIC", "hours": "2", "reason": "补录", **bad}
        res = client.post(f"{URL}learners/{learner.pk}/add/", form, follow=True)
        assert "更正无法记录" in res.content.decode(), bad
    assert CreditEntry.objects.count() == 1 and not AuditEntry.objects.filter(action="credit.correct").exists()


def test_another_city_cannot_see_or_correct_the_learner(cast, entry):
    learner = cast.learner_baishui.learner
    client = client_of(cast.admin_xian)
    page = client.post(URL, {"q": "白水"}).content.decode()
    assert learner.name not in page and "未找到" in page
    assert client.get(URL, {"learner": learner.pk}).status_code == 404
    assert client.post(f"{URL}entries/{entry.pk}/reverse/", {"reason": "x"}).status_code == 404
    res = client.post(f"{URL}learners/{learner.pk}/add/", {"year": "2020", "category": "PUBLIC", "hours": "2",
                                                            "reason": "x"})
    assert res.status_code == 404
    assert CreditEntry.objects.count() == 1


def test_learners_employers_and_bases_may_not_open_or_post(cast, entry):
    learner = cast.learner_baishui.learner
    for user in (cast.learner_baishui, cast.employer_baishui, cast.base_weinan):
        client = client_of(user)
        res = client.get(URL)
        assert res.status_code == 403 and "只有省人社厅或市人社局可以更正学时" in res.content.decode()
        assert client.post(f"{URL}entries/{entry.pk}/reverse/", {"reason": "x"}).status_code == 403
        assert client.post(f"{URL}learners/{learner.pk}/add/", {"year": "2020", "category": "PUBLIC",
                                                                 "hours": "2", "reason": "x"}).status_code == 403
    assert CreditEntry.objects.count() == 1
    assert Client().get(URL).status_code == 302
