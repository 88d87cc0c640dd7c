"""gunicorn settings: ``gunicorn -c gunicorn.conf.py planportal.wsgi``.

Every value comes from the environment, with defaults sized from the machine:

- ``WEB_CONCURRENCY``: the most workers to start; the default is 2 × cores + 1 (gunicorn's
  own rule of thumb), never more than ``WEB_CONCURRENCY``.
- ``BIND`` (e.g. ``unix:/run/planportal.sock``) or ``PORT`` (``0.0.0.0:$PORT``); else
  ``127.0.0.1:8000`` behind a reverse proxy on the same machine.
- ``GUNICORN_THREADS``: threads per worker (default 4).
- ``GUNICORN_TIMEOUT``, ``GUNICORN_GRACEFUL_TIMEOUT``, ``GUNICORN_KEEPALIVE`` in seconds,
  ``GUNICORN_MAX_REQUESTS``: see below.
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def workers_for(cores, limit=None):
    """2 × cores + 1 workers, at most ``limit`` when one is given."""
    workers = 2 * cores + 1
    if limit is not None:
        workers = min(workers, limit)
    return max(1, workers)


_limit = os.environ.get("WEB_CONCURRENCY", "").strip()
workers = workers_for(multiprocessing.cpu_count(), int(_limit) if _limit else None)
# Threaded workers: the master's heartbeat comes from the worker's main loop, not from the
# request, so a streamed 100,000-row export that runs longer than ``timeout`` is not killed
# (a sync worker is killed mid-download). Threads also keep client connections alive
# between requests. ``GUNICORN_THREADS`` per worker (default 4); the GIL makes extra threads
# useful for waiting on the database and the network, not for more Python per worker.
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)

if os.environ.get("BIND"):
    bind = [address.strip() for address in os.environ["BIND"].split(",") if address.strip()]
elif os.environ.get("PORT"):
    bind = [f"0.0.0.0:{int(os.environ['PORT'])}"]
else:
    bind = ["127.0.0.1:8000"]

# A worker silent for longer (stuck, not merely busy with a long download) is killed and
# replaced.
timeout = _int("GUNICORN_TIMEOUT", 60)
# On a restart or deploy (SIGTERM / SIGHUP) workers finish the requests they hold first.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Behind a load balancer that keeps connections open: longer than gunicorn's 2 s default.
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Recycle a worker after this many requests (with jitter, so they do not all restart at once):
# bounds the memory a long-lived worker can grow to. 0 turns it off. A recycled worker starts
# with an empty memo of cached answers and fresh connections: at a few hundred requests a second
# a bound of 1,000 restarted each worker every few seconds, which showed in the slowest answers.
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = max(0, max_requests // 10)

# Load Django once in the master: workers fork with the code already imported (faster start,
# shared memory). Database connections are opened per worker on first use, never in the master.
preload_app = True

# Logs to stdout/stderr for the service manager or container runtime to collect.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'

# The proxy in front sets X-Forwarded-Proto; gunicorn trusts it from these addresses only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
