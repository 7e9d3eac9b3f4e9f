import pytest

pytestmark = pytest.mark.django_db


def test_city_admin_lists_its_city_learners_masked(cast, client):
    client.force_login(cast.admin_weinan)
    page = client.get("/org/learners/").content.decode()
    assert "张白水" in page and "李雁塔" not in page
    assert cast.learner_baishui.learner.id_number not in page
    assert cast.learner_baishui.learner.masked_id_number in page


def test_a_learner_may_not_open_the_learner_list(cast, client):
    client.force_login(cast.learner_yanta)
    res = client.get("/org/learners/")
    assert res.status_code == 403
    assert "无权" in res.content.decode()


def test_dashboards_open_for_every_role_in_chinese(cast, client):
    for user in (cast.province_admin, cast.admin_xian, cast.base_provincial, cast.employer_yanta,
                 cast.learner_yanta):
        client.force_login(user)
        res = client.get("/dashboard/")
        assert res.status_code == 200, user
        assert "我的工作台" in res.content.decode()


def test_the_home_page_speaks_chinese_to_an_english_browser(client):
    res = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "2020年度继续教育计划" in res.content.decode()
