"""The demo part: certificates for the demo learners' complete years, and a word when there are none."""

import io

import pytest

from jxjy.certificates import demo
from jxjy.certificates.models import Certificate

from .conftest import complete_year

pytestmark = pytest.mark.django_db


def test_without_a_complete_year_the_demo_issues_nothing_and_says_so(cast):
    out = io.StringIO()
    demo.seed(cast, out)
    assert "no demo learner has a complete year" in out.getvalue() and not Certificate.objects.exists()


def test_a_complete_demo_year_gets_its_certificate_once(cast, year):
    complete_year(cast.learner_yanta, year)
    for _ in range(2):
        out = io.StringIO()
        demo.seed(cast, out)
    assert Certificate.objects.count() == 1 and "already issued" in out.getvalue()
