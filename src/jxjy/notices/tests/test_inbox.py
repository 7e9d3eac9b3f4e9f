"""The inbox: the API lists, filters and pages a user's own notices and marks them read; the page
does the same with htmx; the header's bell counts the unread. Nobody reads or marks another's."""

from __future__ import annotations

import pytest

from jxjy.notices.models import Notice
from jxjy.notices.services import Outgoing, notify

pytestmark = pytest.mark.django_db


def send(user, n=1, **kw):
    for i in range(n):
        notify(recipients=[user], message=Outgoing(kind=Notice.Kind.OTHER, title=f"通知{i}", body="正文",
                                                   link="/study/", **kw))
    return list(Notice.objects.filter(recipient=user).order_by("-id"))


def test_the_api_lists_newest_first_pages_and_filters_unread(cast, api):
    notices = send(cast.learner_yanta, 5)
    send(cast.learner_baishui, 2)
    me = api(cast.learner_yanta)
    body = me.get("me/notices", limit=2).json()
    assert body["count"] == 5 and body["unread"] == 5 and [i["id"] for i in body["items"]] == [n.pk for n in notices[:2]]
    assert [i["id"] for i in me.get("me/notices", limit=2, offset=4).json()["items"]] == [notices[4].pk]
    res = me.post(f"me/notices/{notices[0].pk}/read")
    assert res.status_code == 200 and res.json()["read"] is True and res.json()["read_at"]
    unread = me.get("me/notices", unread=1).json()
    assert unread["count"] == 4 and notices[0].pk not in [i["id"] for i in unread["items"]] and unread["unread"] == 4


def test_another_user_can_neither_read_nor_mark_my_notice(cast, api):
    mine = send(cast.learner_yanta)[0]
    for other in (cast.learner_baishui, cast.province_admin, cast.employer_yanta):
        res = api(other).post(f"me/notices/{mine.pk}/read")
        assert res.status_code == 404 and res.json()["code"] == "notice_not_found"
        assert mine.pk not in [i["id"] for i in api(other).get("me/notices").json()["items"]]
        api(other).post("me/notices/read-all")
    mine.refresh_from_db()
    assert mine.read_at is None
    assert api().get("me/notices").status_code == 401


def test_read_all_marks_only_my_own(cast, api):
    send(cast.learner_yanta, 3)
    theirs = send(cast.learner_baishui, 1)[0]
    res = api(cast.learner_yanta).post("me/notices/read-all")
    assert res.json() == {"marked": 3, "unread": 0}
    assert not Notice.objects.filter(recipient=cast.learner_yanta, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_notice_is_sent_once_per_key(cast):
    send(cast.learner_yanta, 3, dedupe_key="once")
    assert Notice.objects.filter(recipient=cast.learner_yanta).count() == 1


def test_the_bell_counts_the_unread_on_every_page(cast, client):
    send(cast.learner_yanta, 2)
    client.force_login(cast.learner_yanta)
    html = client.get("/dashboard/").content.decode()
    assert 'id="notice-bell"' in html and ">2</span>" in html
    client.force_login(cast.learner_baishui)
    html = client.get("/dashboard/").content.decode()
    assert 'id="notice-count"' in html and ">0</span>" in html


def test_the_inbox_page_marks_one_read_with_htmx_and_updates_the_bell(cast, client):
    first, second = send(cast.learner_yanta, 2)
    client.force_login(cast.learner_yanta)
    page = client.get("/notices/").content.decode()
    assert f'id="notice-{first.pk}"' in page and "标为已读" in page
    res = client.post(f"/notices/{first.pk}/read/", headers={"HX-Request": "true"})
    html = res.content.decode()
    assert res.status_code == 200 and f'id="notice-{first.pk}"' in html and "标为已读" not in html
    assert 'hx-swap-oob="true"' in html and ">1</span>" in html
    first.refresh_from_db()
    assert first.read_at is not None
    unread_page = client.get("/notices/?unread=1").content.decode()
    assert f'id="notice-{second.pk}"' in unread_page and f'id="notice-{first.pk}"' not in unread_page


def test_the_inbox_page_marks_all_read(cast, client):
    send(cast.learner_yanta, 3)
    client.force_login(cast.learner_yanta)
    res = client.post("/notices/read-all/", headers={"HX-Request": "true"})
    assert res.status_code == 200 and "标为已读</button>" not in res.content.decode()
    assert not Notice.objects.filter(recipient=cast.learner_yanta, read_at__isnull=True).exists()


def test_opening_a_notice_marks_it_read_and_follows_its_link(cast, client):
    notice = send(cast.learner_yanta)[0]
    client.force_login(cast.learner_baishui)
    assert client.get(f"/notices/{notice.pk}/open/").status_code == 404
    assert client.post(f"/notices/{notice.pk}/read/").status_code == 404
    client.force_login(cast.learner_yanta)
    res = client.get(f"/notices/{notice.pk}/open/")
    assert res.status_code == 302 and res["Location"] == "/study/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_an_outside_link_is_never_followed(cast, client):
    notify(recipients=[cast.learner_yanta], message=Outgoing(kind=Notice.Kind.OTHER, title="t",
                                                             link="https://evil.example/"))
    notice = Notice.objects.get()
    client.force_login(cast.learner_yanta)
    assert client.get(f"/notices/{notice.pk}/open/")["Location"] == "/notices/"
