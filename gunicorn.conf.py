"""Production server settings: `gunicorn -c gunicorn.conf.py jxjy.wsgi:application`.

Threaded workers (gthread): the platform's requests mostly wait on the database — a heartbeat
waits for its commit to reach the disk — and a sync worker sits idle through every such wait,
while a thread of a gthread worker lets the next request use the CPU meanwhile. Measured with
`bench/bench_heartbeat.py` on PostgreSQL (2 cores): 2 sync workers left 19 % of the machine idle
during heartbeat traffic and 2 workers of 4 threads 5 %, and heartbeats per second against a bare
Django JSON view served the same way went from 0.47× to 0.53–0.60×. One worker process per core keeps
Python's global lock from serialising the threads of the whole server. Each setting can be
overridden from the environment (GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_BIND).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", str(os.cpu_count() or 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Behind the provincial gateway (nginx): keep-alive connections from it, not from browsers.
keepalive = 5
# A worker that hangs (a stuck database connection) is replaced.
timeout = 60
graceful_timeout = 30
# No access log here: the gateway in front keeps it.
