"""Policy articles carry their official files (文件原文): the province uploads PDF, Word or Excel
files (checked by content, within a size cap), anyone downloads them under their own name, the
province deletes them."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jxjy.core.models import AuditEntry
from jxjy.service.demo import notice_pdf
from jxjy.service.documents import content_disposition
from jxjy.service.models import PolicyArticle, PolicyAttachment

from .conftest import PDF

ARTICLE = {"title": "关于公需课网络培训承办单位的说明", "issuer": "陕西省人力资源和社会保障厅",
           "issued_on": "2020-09-01", "category": "INTERPRETATION", "body": "公需课网络培训承办单位由省人社厅统一确定。"}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip(main_part: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(main_part, "<x/>")
    return buf.getvalue()


DOCX = _zip("word/document.xml")
XLSX = _zip("xl/workbook.xml")
DOC = OLE2 + b"\x00" * 100 + "WordDocument".encode("utf-16-le") + b"\x00" * 50
XLS = OLE2 + b"\x00" * 100 + "Workbook".encode("utf-16-le") + b"\x00" * 50


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored_files(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT) / "service" / "policy"
    return sorted(os.listdir(root)) if root.is_dir() else []


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("陕人社函〔2020〕354号.pdf", PDF, "PDF"), ("附件1.docx", DOCX, "WORD"), ("附件2.xlsx", XLSX, "EXCEL"),
    ("old.doc", DOC, "WORD"), ("old.XLS", XLS, "EXCEL")])
def test_the_province_attaches_office_files_and_anyone_downloads_them(cast, notice, api, name, content, kind):
    r = api(cast.province_admin).post(f"policies/{notice.pk}/attachments", {}, files={"file": upload(name, content)})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["name"] == name and body["size"] == len(content) and body["kind"] == kind
    listed = api().get(f"policies/{notice.pk}").json()["attachments"]
    assert listed == [body]
    assert api().get("policies").json()["items"][0]["attachments"] == [body]
    download = api().client.get(body["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == content
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"filename*=UTF-8''{quote(name)}" in disposition


def test_a_chinese_file_name_has_an_ascii_fallback_and_rfc5987_name():
    value = content_disposition("陕人社函〔2020〕354号 附件.pdf")
    assert value == ('attachment; filename="2020354.pdf"; '
                     "filename*=UTF-8''%E9%99%95%E4%BA%BA%E7%A4%BE%E5%87%BD%E3%80%942020%E3%80%95354%E5%8F%B7"
                     "%20%E9%99%84%E4%BB%B6.pdf")
    assert content_disposition("通知.pdf").startswith('attachment; filename="attachment.pdf"; ')
    assert content_disposition('a"b;c.pdf').startswith('attachment; filename="abc.pdf"; ')


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("notice.pdf", b"MZ\x90\x00 not a pdf at all", "PDF、Word 或 Excel"),  # an executable named .pdf
    ("photo.png", b"\x89PNG\r\n\x1a\n....", "PDF、Word 或 Excel"),
    ("notice.docx", PDF, "内容与文件名不符"),  # a PDF named .docx
    ("table.xlsx", DOCX, "内容与文件名不符"),  # a Word package named .xlsx
    ("archive.docx", _zip("other.xml"), "PDF、Word 或 Excel"),  # a plain ZIP
    ("empty.pdf", b"", "为空"),
])
def test_files_are_refused_by_content_in_chinese_and_nothing_is_stored(cast, notice, api, settings, name,
                                                                        content, reason):
    r = api(cast.province_admin).post(f"policies/{notice.pk}/attachments", {}, files={"file": upload(name, content)})
    assert r.status_code == 422, r.content
    assert reason in r.json()["message"] and r.json()["code"] == "attachment_invalid"
    assert not PolicyAttachment.objects.exists() and stored_files(settings) == []


def test_the_size_cap_is_a_setting(cast, notice, api, settings):
    settings.JXJY_POLICY_ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)
    r = api(cast.province_admin).post(f"policies/{notice.pk}/attachments", {}, files={"file": upload("a.pdf", big)})
    assert r.status_code == 422 and "1 MB" in r.json()["message"]
    assert stored_files(settings) == []


def test_only_the_province_attaches_and_deletes(cast, notice, api):
    for user in (cast.admin_xian, cast.base_provincial, cast.learner_yanta):
        r = api(user).post(f"policies/{notice.pk}/attachments", {}, files={"file": upload("a.pdf", PDF)})
        assert r.status_code == 403
    item = api(cast.province_admin).post(f"policies/{notice.pk}/attachments", {},
                                         files={"file": upload("a.pdf", PDF)}).json()
    for user in (cast.admin_xian, cast.learner_yanta):
        assert api(user).delete(f"policies/{notice.pk}/attachments/{item['id']}").status_code == 403
    assert PolicyAttachment.objects.count() == 1


def test_the_province_deletes_an_attachment_and_its_file(cast, notice, api, settings,
                                                        django_capture_on_commit_callbacks):
    item = api(cast.province_admin).post(f"policies/{notice.pk}/attachments", {},
                                         files={"file": upload("a.pdf", PDF)}).json()
    assert len(stored_files(settings)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        r = api(cast.province_admin).delete(f"policies/{notice.pk}/attachments/{item['id']}")
    assert r.status_code == 204
    assert api().get(f"policies/{notice.pk}").json()["attachments"] == []
    assert api().client.get(item["url"]).status_code == 404
    assert stored_files(settings) == []
    actions = list(AuditEntry.objects.filter(action__startswith="policy.attachment").order_by("id").values_list("action", flat=True))
    assert actions == ["policy.attachment_add", "policy.attachment_delete"]


def test_an_attachment_is_reached_only_through_its_own_article(cast, notice, api):
    other = api(cast.province_admin).post("policies", ARTICLE).json()
    item = api(cast.province_admin).post(f"policies/{notice.pk}/attachments", {},
                                         files={"file": upload("a.pdf", PDF)}).json()
    assert api().get(f"policies/{other['id']}/attachments/{item['id']}").status_code == 404
    assert api(cast.province_admin).delete(f"policies/{other['id']}/attachments/{item['id']}").status_code == 404
    assert api().get(f"policies/{notice.pk}/attachments/999999").status_code == 404


def test_publishing_with_files_on_the_form_and_a_bad_one_stores_nothing(cast, client, settings):
    client.force_login(cast.province_admin)
    form = {**ARTICLE, "attachments": [upload("通知原文.pdf", PDF), upload("名单.xlsx", b"not excel")]}
    r = client.post("/policy/new/", form)
    assert r.status_code == 422
    page = r.content.decode()
    assert "名单.xlsx" in page and "PDF、Word 或 Excel" in page
    assert not PolicyArticle.objects.filter(title=ARTICLE["title"]).exists() and stored_files(settings) == []
    form = {**ARTICLE, "attachments": [upload("通知原文.pdf", PDF), upload("名单.xlsx", XLSX)]}
    r = client.post("/policy/new/", form)
    assert r.status_code == 302
    article = PolicyArticle.objects.get(title=ARTICLE["title"])
    assert sorted(article.attachments.values_list("name", flat=True)) == ["名单.xlsx", "通知原文.pdf"]
    assert len(stored_files(settings)) == 2
    entry = AuditEntry.objects.filter(action="policy.publish", object_id=str(article.pk)).get()
    assert len(entry.after["attachments"]) == 2


def test_the_article_page_lists_files_and_the_province_manages_them(cast, notice, client):
    client.force_login(cast.province_admin)
    r = client.post(f"/policy/{notice.pk}/attachments/", {"file": upload("原文.pdf", PDF)})
    assert r.status_code == 302
    item = notice.attachments.get()
    page = client.get(f"/policy/{notice.pk}/").content.decode()
    assert f"/policy/{notice.pk}/attachments/{item.pk}/" in page and 'id="attachment-form"' in page
    r = client.post(f"/policy/{notice.pk}/attachments/", {"file": upload("坏.pdf", b"nope")}, follow=True)
    assert "PDF、Word 或 Excel" in r.content.decode() and notice.attachments.count() == 1
    client.logout()
    page = client.get(f"/policy/{notice.pk}/").content.decode()
    assert "原文.pdf" in page and 'id="attachment-form"' not in page and "/delete/" not in page
    download = client.get(f"/policy/{notice.pk}/attachments/{item.pk}/")
    assert download.status_code == 200 and "filename*=UTF-8''%E5%8E%9F%E6%96%87.pdf" in download["Content-Disposition"]
    assert client.post(f"/policy/{notice.pk}/attachments/{item.pk}/delete/").status_code == 302  # to sign in
    client.force_login(cast.learner_yanta)
    assert client.post(f"/policy/{notice.pk}/attachments/{item.pk}/delete/").status_code == 403
    client.force_login(cast.province_admin)
    assert client.post(f"/policy/{notice.pk}/attachments/{item.pk}/delete/").status_code == 302
    assert not notice.attachments.exists()


def test_the_demo_attaches_a_real_pdf_in_the_embedded_font(cast, notice):
    data = notice_pdf(notice)
    assert data.startswith(b"%PDF-") and len(data) < 200_000
    assert b"WenQuanYi" in data
