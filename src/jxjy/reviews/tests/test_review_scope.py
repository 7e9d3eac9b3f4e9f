"""Who sees which review: the province all, a bureau its city's city bases, a base its own."""

import pytest

from jxjy.reviews.models import BaseReview

from .conftest import scores

pytestmark = pytest.mark.django_db


def test_a_base_sees_only_its_own_review(cast, api, weinan_review, provincial_review):
    base = api(cast.base_weinan)
    listed = base.get("reviews").json()
    assert [r["id"] for r in listed["items"]] == [weinan_review.pk]
    assert base.get(f"reviews/{provincial_review.pk}").status_code == 404
    assert base.get("me/review").json()["base"]["name"] == cast.weinan_base.name


def test_a_city_bureau_sees_only_its_citys_city_bases(cast, api, weinan_review, provincial_review):
    xian = api(cast.admin_xian)
    assert xian.get("reviews").json()["count"] == 0
    res = xian.get(f"reviews/{weinan_review.pk}")
    assert res.status_code == 404 and res.json()["message"] == "未找到该基地考核"
    # The provincial base sits in 西安 but is the province's business.
    assert xian.get(f"reviews/{provincial_review.pk}").status_code == 404
    assert api(cast.admin_weinan).get("reviews").json()["count"] == 1
    assert api(cast.province_admin).get("reviews").json()["count"] == 2


def test_another_citys_bureau_cannot_assess_and_a_base_cannot_assess_itself(cast, api, weinan_submitted):
    assert api(cast.admin_xian).post(f"reviews/{weinan_submitted.pk}/assessment",
                                     {"scores": scores()}).status_code == 404
    own = api(cast.base_weinan).post(f"reviews/{weinan_submitted.pk}/assessment", {"scores": scores()})
    assert own.status_code == 403 and own.json()["message"] == "只有基地的主管部门可以考核该基地"
    # The province confirms city bases' conclusions but does not score them itself.
    assert api(cast.province_admin).post(f"reviews/{weinan_submitted.pk}/assessment",
                                         {"scores": scores()}).status_code == 403


def test_only_the_province_confirms_or_returns(cast, api, weinan_submitted):
    api(cast.admin_weinan).post(f"reviews/{weinan_submitted.pk}/assessment", {"scores": scores()})
    assert api(cast.admin_weinan).post(f"reviews/{weinan_submitted.pk}/confirm", {}).status_code == 403
    assert api(cast.base_weinan).post(f"reviews/{weinan_submitted.pk}/return", {"reason": "x"}).status_code == 403
    weinan_submitted.refresh_from_db()
    assert weinan_submitted.status == BaseReview.Status.AWAITING_CONFIRMATION


def test_only_the_base_fills_in_its_self_assessment(cast, api, weinan_review):
    res = api(cast.admin_weinan).post(f"reviews/{weinan_review.pk}/self-assessment", {"items": {}})
    assert res.status_code == 403 and res.json()["code"] == "review_own_base_only"


def test_learners_and_employers_see_no_reviews(cast, api, weinan_review):
    for user in (cast.learner_yanta, cast.employer_yanta):
        assert api(user).get("reviews").status_code == 403
        assert api(user).get("review-rounds").status_code == 403
        assert api(user).get(f"reviews/{weinan_review.pk}").status_code == 404
    assert api(cast.admin_weinan).get("me/review").status_code == 403
    assert api().get("reviews").status_code == 401
