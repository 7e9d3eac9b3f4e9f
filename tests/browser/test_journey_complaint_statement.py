"""On a phone: the 渭南 base finds a complaint its bureau has accepted from its dashboard, answers
it with a statement (htmx, the card updates in place), and the complainant reads the statement
in the complaint's timeline."""

from __future__ import annotations

import pytest

from jxjy.conftest import PASSWORD
from jxjy.service.services import complaint_accept, complaint_file

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATEMENT = "经核查，资料费系代收教材费用，已全额退还学员。"


def test_the_base_answers_an_accepted_complaint(cast, page, open_context, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    complaint = complaint_file(actor=cast.learner_baishui, base=cast.weinan_base.pk, reason="OVERCHARGING",
                               description="面授培训另收资料费200元，未开发票。")
    complaint_accept(actor=cast.admin_weinan, complaint=complaint)

    base = open_context().new_page()
    login(base, "base_weinan", PASSWORD)
    base.wait_for_url("**/dashboard/")
    assert base.locator("#base-open-complaints").inner_text() == "1"
    base.click("#base-complaints-link")
    base.locator(f'[data-complaint="{complaint.pk}"] a').click()
    base.wait_for_url(f"**/complaints/{complaint.pk}/")
    base.wait_for_selector("#complaint")
    assert cast.learner_baishui.learner.name not in base.content()
    base.fill("#statement-text", STATEMENT)
    base.get_by_role("button", name="提交情况说明").click()
    base.wait_for_selector('#timeline [data-event="statement"]', timeout=10_000)
    assert "情况说明已提交主管部门" in base.locator("#complaint").inner_text()

    login(page, "learner_baishui", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto(f"/complaints/{complaint.pk}/")
    assert STATEMENT in page.locator("#timeline").inner_text()
