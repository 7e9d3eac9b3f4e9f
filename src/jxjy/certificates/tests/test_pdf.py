"""The printable certificate: an A4 PDF with the Chinese text, the embedded CJK font, the code
and a QR code to the verify page; superseded certificates print as void."""

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from jxjy.certificates.models import Certificate

from .conftest import complete_year, credit

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(cast, api, year):
    complete_year(cast.learner_yanta, year)
    return api(cast.learner_yanta).post(f"me/certificates/{year}").json()


def _text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_learner_downloads_a_chinese_a4_certificate(cast, api, year, issued):
    res = api(cast.learner_yanta).get(f"me/certificates/{year}/pdf")
    assert res.status_code == 200 and res["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(res.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (round(A4[0]), round(A4[1]))
    text = _text(res.content)
    learner = cast.learner_yanta.learner
    for words in ("陕西省专业技术人员继续教育证书", "学时证明", f"{year}年度", learner.name, learner.masked_id_number,
                  learner.employer.name, "公需课", "专业课", "软件工程项目管理实务", issued["code"]):
        assert words in text, words
    assert learner.id_number not in text


def test_the_cjk_font_is_embedded(cast, api, year, issued):
    content = api(cast.learner_yanta).get(f"me/certificates/{year}/pdf").content
    embedded = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/DescendantFonts" not in font and "/FontDescriptor" not in font:
                continue  # one of the standard 14 fonts ReportLab names at page start; nothing is drawn in it
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            if "/FontFile2" in descendant["/FontDescriptor"].get_object():  # the TrueType program itself
                embedded.add(str(font["/BaseFont"]))
    assert any("WenQuanYi" in f for f in embedded), embedded


def test_the_certificate_links_to_the_verify_page(cast, api, year, issued):
    text = _text(api(cast.learner_yanta).get(f"me/certificates/{year}/pdf").content)
    assert "/certificates/verify/?code=" in text.replace("\n", "")


def test_many_entries_run_onto_further_pages(cast, api, year):
    complete_year(cast.learner_yanta, year)
    for i in range(60):
        credit(cast.learner_yanta, year, "PROFESSIONAL", 1, f"enrolment:{5000 + i}", f"专业课程第{i + 1}讲")
    api(cast.learner_yanta).post(f"me/certificates/{year}")
    content = api(cast.learner_yanta).get(f"me/certificates/{year}/pdf").content
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) >= 2 and "专业课程第60讲" in _text(content)


def test_a_superseded_certificate_prints_as_void(cast, api, year, issued):
    credit(cast.learner_yanta, year, "PUBLIC", 1, "session:991")
    api(cast.learner_yanta).get("me/certificates")  # reissues
    old = Certificate.objects.get(pk=issued["id"])
    assert old.status == Certificate.Status.SUPERSEDED
    text = _text(api(cast.province_admin).get(f"certificates/{old.pk}/pdf").content)
    assert "作废" in text
    current = api(cast.learner_yanta).get(f"me/certificates/{year}/pdf").content
    assert "作废" not in _text(current) and "第2版" in _text(current)


def test_no_pdf_before_the_certificate_is_issued(cast, api, year):
    complete_year(cast.learner_yanta, year)
    res = api(cast.learner_yanta).get(f"me/certificates/{year}/pdf")
    assert res.status_code == 404 and res.json()["code"] == "certificate_not_found"
