"""The policy library: the province publishes, anyone reads and searches (jieba words)."""

from __future__ import annotations

from jxjy.core.models import AuditEntry
from jxjy.service.models import PolicyArticle

ARTICLE = {"title": "关于公需课网络培训承办单位的说明", "doc_number": "陕人社函〔2020〕400号",
           "issuer": "陕西省人力资源和社会保障厅", "issued_on": "2020-09-01", "category": "INTERPRETATION",
           "body": "公需课网络培训承办单位由省人社厅统一确定。"}


def test_the_2020_notice_is_the_first_article_and_anyone_reads_it(notice, api):
    r = api().get("policies")
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["doc_number"] == "陕人社函〔2020〕354号" and item["issued_on"] == "2020-08-21"
    assert set(item) >= {"id", "title", "issuer", "category", "category_display", "excerpt"}
    detail = api().get(f"policies/{item['id']}").json()
    assert "政策在线咨询" in detail["body"] and "投诉在线受理" in detail["body"]


def test_search_finds_the_notice_by_words_of_its_body(notice, api):
    assert api().get("policies", q="电子发票").json()["count"] == 1
    assert api().get("policies", q="继续教育基地考核").json()["count"] == 1
    assert api().get("policies", q="量子计算机").json()["count"] == 0


def test_title_matches_rank_first(cast, notice, api):
    other = api(cast.province_admin).post("policies", ARTICLE)
    assert other.status_code == 201
    items = api().get("policies", q="公需课").json()["items"]
    assert [i["id"] for i in items] == [other.json()["id"], notice.pk]


def test_the_province_publishes_and_it_is_audited(cast, api):
    r = api(cast.province_admin).post("policies", ARTICLE)
    assert r.status_code == 201, r.content
    entry = AuditEntry.objects.get(action="policy.publish")
    assert entry.object_id == str(r.json()["id"]) and entry.actor == cast.province_admin


def test_a_city_admin_cannot_publish(cast, api):
    r = api(cast.admin_xian).post("policies", ARTICLE)
    assert r.status_code == 403
    assert r.json()["code"] == "policy_province_only"
    assert not PolicyArticle.objects.exists()


def test_publishing_lists_every_missing_field_in_chinese(cast, api):
    r = api(cast.province_admin).post("policies", {"issued_on": "2020-13-01"})
    assert r.status_code == 422
    fields = {e["field"] for e in r.json()["detail"]["errors"]}
    assert fields == {"title", "issuer", "body", "issued_on"}
    assert "必填" in r.json()["message"] or "日期" in r.json()["message"]


def test_an_unknown_article_is_404(db, api):
    r = api().get("policies/999")
    assert r.status_code == 404 and r.json()["code"] == "policy_not_found"


def test_policy_pages_list_search_and_show(notice, client):
    page = client.get("/policy/", {"q": "电子发票"})
    assert page.status_code == 200
    assert notice.title in page.content.decode()
    assert "未找到" in client.get("/policy/", {"q": "量子计算机"}).content.decode()
    detail = client.get(f"/policy/{notice.pk}/").content.decode()
    assert "陕人社函〔2020〕354号" in detail
    assert client.get("/policy/999/").status_code == 404


def test_only_the_province_opens_the_publish_page(cast, client):
    client.force_login(cast.admin_xian)
    assert client.get("/policy/new/").status_code == 404
    client.force_login(cast.province_admin)
    r = client.post("/policy/new/", {**ARTICLE})
    assert r.status_code == 302
    assert PolicyArticle.objects.filter(title=ARTICLE["title"]).exists()
