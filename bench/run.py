"""Benchmark: query counts and time ratios of every list, with the plan and with 100× more rows.

Run with ``make bench`` (or ``.venv/bin/python bench/run.py [--factor 100]``). It builds a
throwaway SQLite database (or uses DATABASE_URL when set to a PostgreSQL server you started),
loads the plan, measures every list page and API endpoint, then multiplies the registers by
``--factor`` and measures again. It reports, per URL, the number of SQL queries (which must not
change) and the time ratio (large / small); it never fails on time.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

URLS = [
    "/",
    "/targets/",
    "/targets/review/",
    "/deposits/",
    "/rights/exploration/",
    "/rights/mining/",
    "/zones/",
    "/api/v1/deposits/?page_size=1000",
    "/api/v1/exploration-rights/?page_size=1000",
    "/api/v1/mining-rights/?page_size=1000",
    "/api/v1/zones/?page_size=1000",
    "/api/v1/indicators/?page_size=1000",
    "/api/v1/indicator-values/?page_size=1000",
    "/api/v1/summary/",
    "/rights/exploration/export/",
]


def measure(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    queries = None
    status = None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            timings.append(time.perf_counter() - start)
        queries = len(ctx.captured_queries)
        status = response.status_code
    return status, queries, statistics.median(timings)


def multiply_registers(factor):
    """Copy every register row (factor - 1) times with new serial numbers."""
    from deposits.models import Deposit
    from rights.models import ExplorationRight, MiningRight
    from zones.models import PlanningArea

    for model in (Deposit, ExplorationRight, MiningRight, PlanningArea):
        originals = list(model.objects.all())
        top = max(o.seq for o in originals)
        copies = []
        for n in range(1, factor):
            for o in originals:
                o.pk = None
                o.id = None
                o.seq = o.seq + n * top
                copies.append(
                    model(**{f.attname: getattr(o, f.attname) for f in model._meta.concrete_fields})
                )
        model.objects.bulk_create(copies, batch_size=2000)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="planportal-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planportal.settings")
    os.environ["DEBUG"] = "true"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command("load_plan", verbosity=0, stdout=devnull)
    client = Client()

    small = {url: measure(client, url, args.repeat) for url in URLS}
    multiply_registers(args.factor)
    large = {url: measure(client, url, args.repeat) for url in URLS}

    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
        f"registers × {args.factor}, median of {args.repeat} requests"
    )
    print(f"{'url':48} {'status':>6} {'queries':>9} {'ms small':>9} {'ms large':>9} {'ratio':>6}")
    same = True
    for url in URLS:
        _s_status, s_queries, s_time = small[url]
        l_status, l_queries, l_time = large[url]
        same &= s_queries == l_queries
        print(
            f"{url:48} {l_status:>6} {s_queries:>4}→{l_queries:<4} "
            f"{s_time * 1000:>9.1f} {l_time * 1000:>9.1f} {l_time / s_time:>6.1f}"
        )
    print("query counts constant:", "yes" if same else "NO — a list grows its queries with rows")


if __name__ == "__main__":
    main()
