"""A base sees the learners registered to its in-person sessions, and no one else's."""

import pytest

from .sessions import schedule

pytestmark = pytest.mark.django_db


def test_a_base_sees_the_learners_registered_to_its_sessions(cast, api, clock):
    baishui = cast.learner_baishui.learner.pk
    assert api(cast.base_weinan).get(f"learners/{baishui}").status_code == 404
    sid = schedule(api, cast)["id"]
    api(cast.learner_baishui).post(f"in-person-sessions/{sid}/registrations")
    assert api(cast.base_weinan).get(f"learners/{baishui}").status_code == 200
    assert [x["id"] for x in api(cast.base_weinan).get("learners").json()["items"]] == [baishui]


def test_another_base_does_not_see_them(cast, api, clock):
    sid = schedule(api, cast)["id"]
    api(cast.learner_baishui).post(f"in-person-sessions/{sid}/registrations")
    assert api(cast.base_provincial).get(f"learners/{cast.learner_baishui.learner.pk}").status_code == 404
