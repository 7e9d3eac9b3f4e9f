# The ledger is tested with the studying fixtures (a fake clock, a course, an enrolment).
from jxjy.learning.tests.conftest import clock, course, enrolment, exam_passed  # noqa: F401
