"""Benchmark: an admin Excel import of many new mining rights, then the same file again.

Run with ``.venv/bin/python bench/import_rows.py [--rows 10000] [--profile]``. It builds a
throwaway SQLite database (or uses DATABASE_URL when set to a PostgreSQL server you started),
loads the plan, and posts a workbook of ``--rows`` new mining rights to the admin import (the
preview, a dry run), confirms it, then posts the same workbook again (every row unchanged,
so skipped). It prints the time and rows/s of each request and the peak resident memory of
the process. ``--profile`` prints the 25 costliest functions of the preview.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADERS = ["plan", "seq", "name", "mineral", "area_km2", "capacity", "capacity_unit", "status"]


def workbook(plan_code, rows):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("采矿权")
    sheet.append(HEADERS)
    for seq in range(1000, 1000 + rows):
        sheet.append(
            [
                plan_code,
                seq,
                f"基准测试采矿权{seq}",
                "铁矿",
                0.25,
                seq % 90 + 0.5,
                "万吨/年",
                "生产",
            ]
        )
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="planportal-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planportal.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from planportal.models import Plan
    from rights.models import MiningRight

    settings.ALLOWED_HOSTS = ["*"]
    # DEBUG off (no query log growing with the rows), without collectstatic's manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command("load_plan", verbosity=0, stdout=devnull)
    user = get_user_model().objects.create_superuser("bench", password="bench-only-password")
    client = Client()
    client.force_login(user)
    plan = Plan.objects.get()
    data = workbook(plan.code, args.rows)
    before = MiningRight.objects.count()
    url = reverse("admin:rights_miningright_import")

    def preview():
        upload = SimpleUploadedFile("bench.xlsx", data)
        return client.post(url, {"import_file": upload, "format": "0", "resource": "0"})

    def timed(label, call):
        start = time.perf_counter()
        response = call()
        seconds = time.perf_counter() - start
        print(
            f"{label:34} {seconds:7.2f} s {args.rows / seconds:8.0f} rows/s "
            f"peak RSS {peak_mb():6.0f} MB  (HTTP {response.status_code})"
        )
        return response

    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
        f"{args.rows:,} new mining rights, workbook {len(data) / 1024:.0f} KB"
    )
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        preview()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        return

    response = timed("preview (dry run), new rows", preview)
    form = response.context_data["confirm_form"]
    fields = {name: form.initial[name] for name in form.fields}
    timed(
        "confirm, new rows",
        lambda: client.post(reverse("admin:rights_miningright_process_import"), fields),
    )
    assert MiningRight.objects.count() == before + args.rows
    response = timed("preview, same file again (unchanged)", preview)
    assert response.context_data["result"].totals["skip"] == args.rows


if __name__ == "__main__":
    main()
