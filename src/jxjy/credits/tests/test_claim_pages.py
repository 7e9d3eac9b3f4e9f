"""The claim pages: the learner's form and list, the employer's queue and decision (htmx or a
plain post), the dashboard panels that lead there."""

import pytest
from django.test import Client

from jxjy.credits.models import CreditEntry, EquivalentHoursClaim

from .conftest import claim_form, evidence, file_claim

pytestmark = pytest.mark.django_db


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_learner_files_a_claim_through_the_form(cast):
    client = client_of(cast.learner_yanta)
    page = client.get("/study/claims/new/").content.decode()
    assert "在公开出版刊物发表专业论文" in page and 'type="file"' in page
    res = client.post("/study/claims/new/", {**claim_form(), "evidence": evidence()})
    claim = EquivalentHoursClaim.objects.get()
    assert res.status_code == 302 and res["Location"] == f"/claims/{claim.pk}/"
    page = client.get(res["Location"]).content.decode()
    assert "软件缺陷预测方法研究" in page and "待审核" in page and "撤回申请" in page
    listing = client.get("/study/claims/").content.decode()
    assert "软件缺陷预测方法研究" in listing and "/me/claims" not in listing
    assert client.get(f"/claims/{claim.pk}/evidence/").status_code == 200


def test_the_form_shows_every_problem_in_chinese_and_keeps_what_was_typed(cast):
    client = client_of(cast.learner_yanta)
    res = client.post("/study/claims/new/", {**claim_form(hours="99", title="我的论文"), "claim_type": "PAPER"})
    assert res.status_code == 422
    page = res.content.decode()
    assert "每次申请最多 16 学时" in page and "请上传证明材料" in page and 'value="我的论文"' in page
    assert not EquivalentHoursClaim.objects.exists()


def test_the_employer_reviews_from_the_dashboard_queue(cast, api):
    claim = file_claim(api, cast.learner_yanta).json()
    client = client_of(cast.employer_yanta)
    dashboard = client.get("/dashboard/").content.decode()
    assert "同等学时认证待审核" in dashboard and "/claims/?status=PENDING" in dashboard
    queue = client.get("/claims/?status=PENDING").content.decode()
    assert "李雁塔" in queue and f"/claims/{claim['id']}/" in queue
    page = client.get(f"/claims/{claim['id']}/").content.decode()
    assert 'id="approve-form"' in page and "paper.pdf" in page
    res = client.post(f"/claims/{claim['id']}/approve/", {"hours": "10", "note": ""}, headers={"HX-Request": "true"})
    assert res.status_code == 200
    fragment = res.content.decode()
    assert fragment.lstrip().startswith("<section") and 'data-status="APPROVED"' in fragment
    assert CreditEntry.objects.get().hours == 10


def test_a_refused_decision_comes_back_in_the_card(cast, api):
    claim = file_claim(api, cast.learner_yanta).json()
    client = client_of(cast.employer_yanta)
    res = client.post(f"/claims/{claim['id']}/reject/", {"reason": ""}, headers={"HX-Request": "true"})
    assert res.status_code == 200 and "请填写驳回理由" in res.content.decode()
    res = client.post(f"/claims/{claim['id']}/reject/", {"reason": "材料不清晰"})
    assert res.status_code == 302
    assert EquivalentHoursClaim.objects.get().status == "REJECTED"


def test_another_employer_cannot_open_or_decide_the_claim(cast, api):
    claim = file_claim(api, cast.learner_yanta).json()
    client = client_of(cast.employer_baishui)
    assert client.get(f"/claims/{claim['id']}/").status_code == 404
    assert client.get(f"/claims/{claim['id']}/evidence/").status_code == 404
    assert client.post(f"/claims/{claim['id']}/approve/", {}).status_code == 404
    assert EquivalentHoursClaim.objects.get().status == "PENDING"
    assert "李雁塔" not in client.get("/claims/").content.decode()


def test_the_learner_withdraws_on_the_claim_page(cast, api):
    claim = file_claim(api, cast.learner_yanta).json()
    res = client_of(cast.learner_yanta).post(f"/claims/{claim['id']}/withdraw/", headers={"HX-Request": "true"})
    assert 'data-status="WITHDRAWN"' in res.content.decode()


def test_the_learners_dashboard_leads_to_the_claims(cast):
    page = client_of(cast.learner_yanta).get("/dashboard/").content.decode()
    assert "/study/claims/new/" in page and "/study/claims/" in page


def test_the_pages_are_for_the_right_people(cast):
    assert client_of(cast.employer_yanta).get("/study/claims/new/").status_code == 403
    assert client_of(cast.learner_yanta).get("/claims/").status_code == 403
    assert Client().get("/study/claims/").status_code == 302  # to sign in
