"""Dashboard panels: the authorities' open items, the learner's way in."""

from __future__ import annotations

from .conftest import file_complaint


def test_the_city_dashboard_counts_open_items(cast, api, client):
    api(cast.learner_baishui).post("me/consultations", {"title": "问题", "question": "内容"})
    file_complaint(api, cast.learner_baishui, base=cast.weinan_base.pk)
    client.force_login(cast.admin_weinan)
    page = client.get("/dashboard/").content.decode()
    assert 'id="open-consultations">1<' in page and 'id="open-complaints">1<' in page
    client.force_login(cast.admin_xian)
    page = client.get("/dashboard/").content.decode()
    assert 'id="open-consultations">0<' in page and 'id="open-complaints">0<' in page


def test_a_learner_dashboard_links_consultations_and_complaints(cast, client):
    client.force_login(cast.learner_yanta)
    page = client.get("/dashboard/").content.decode()
    assert 'id="my-consultations-link"' in page and 'id="my-complaints-link"' in page
