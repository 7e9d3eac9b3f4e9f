"""Helpers for the in-person session tests."""

import datetime as dt

from jxjy.org.models import Specialty

FIRST_DAY = dt.date(2020, 6, 10)
LAST_DAY = dt.date(2020, 6, 11)


def session_payload(**changes):
    data = {"subject": "现代农业技术推广", "category": "PROFESSIONAL",
            "specialty_id": Specialty.objects.get(code="NY").pk, "starts_on": FIRST_DAY.isoformat(),
            "ends_on": LAST_DAY.isoformat(), "hours": 8, "place": "渭南市临渭区朝阳大街1号", "capacity": 2}
    data.update(changes)
    return data


def schedule(api, cast, **changes):
    res = api(cast.base_weinan).post("in-person-sessions", session_payload(**changes))
    assert res.status_code == 201, res.content
    return res.json()


def pay(user, registration_id, capture):
    """Pays the registration's order through billing's sandbox, as the learner would."""
    from jxjy.billing.models import Order
    from jxjy.billing.services import sandbox_pay

    order = Order.objects.get(kind="SESSION", reference_id=registration_id)
    with capture(execute=True):
        sandbox_pay(actor=user, order=order)
