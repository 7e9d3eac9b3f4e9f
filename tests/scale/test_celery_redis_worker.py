"""The scale path: tasks go through a Redis broker to a real Celery worker process.

Runs when CI provides a Redis server (JXJY_TEST_REDIS_URL) and the database is PostgreSQL, so
that a separate worker process can reach the test database.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from django.db import connection

from jxjy.billing import services as billing
from jxjy.billing.models import Invoice, Order
from jxjy.catalog.models import Category, Course
from jxjy.celery import app as celery_app
from jxjy.learning.models import Enrolment

REDIS = os.environ.get("JXJY_TEST_REDIS_URL", "")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.skipif(not REDIS, reason="needs a Redis broker (JXJY_TEST_REDIS_URL)"),
]


@pytest.fixture
def worker(settings):
    if connection.vendor != "postgresql":
        pytest.skip("a worker process can only share a server database")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    queue = f"jxjy-test-{os.getpid()}"
    env = {**os.environ, "DATABASE_URL": url, "JXJY_BROKER_URL": REDIS, "JXJY_DEBUG": "1",
           "JXJY_TASK_QUEUE": queue}
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "jxjy", "worker", "--pool", "solo", "--concurrency", "1",
         "-Q", queue, "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "WARNING"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    old = (celery_app.conf.task_always_eager, celery_app.conf.broker_url, celery_app.conf.task_default_queue)
    celery_app.conf.update(task_always_eager=False, broker_url=REDIS, task_default_queue=queue)
    # The producer pools were made for the in-memory broker.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield proc
    finally:
        celery_app.conf.update(task_always_eager=old[0], broker_url=old[1], task_default_queue=old[2])
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        proc.terminate()
        proc.wait(timeout=20)


def test_payment_and_invoice_run_on_a_worker_through_redis(cast, worker):
    course = Course.objects.create(base=cast.provincial_base, category=Category.PROFESSIONAL, title="队列课程",
                                   hours=8, status=Course.Status.PUBLISHED)
    learner = cast.learner_yanta.learner
    enrolment = Enrolment.objects.create(learner=learner, course=course, year=2020)
    order = billing.order_create(learner=learner, base=course.base, mode="online", hours=8, year=2020,
                                 description=course.title, kind="ENROLMENT", reference_id=enrolment.pk)
    billing.sandbox_pay(actor=cast.learner_yanta, order=order)
    # The notification and the invoice are the worker's work: nothing happened here yet.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        invoice = Invoice.objects.filter(order=order).first()
        if invoice is not None and invoice.number:
            break
        time.sleep(0.3)
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert Invoice.objects.filter(order=order).count() == 1
    assert Invoice.objects.get(order=order).number
    assert worker.poll() is None
