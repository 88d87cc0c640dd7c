"""Benchmark: peak memory and time to first byte of the register exports (not a timed test).

    .venv/bin/python bench/export_memory.py --database /tmp/b4.sqlite3 --plan synthetic-1-1
    .venv/bin/python bench/export_memory.py --rows 100000      # builds its own database

Each export runs in a fresh Python process (so one export's peak cannot hide another's),
through Django's test client in that process, without a server: the page's Excel export
(``/rights/exploration/export/``), the API's ``?format=xlsx`` and the admin's export of
the same register, each of every exploration right of the plan. Reported per channel: the
rows written, the peak resident memory of the process (``ru_maxrss``) and the part of it
the export added over the process at rest, the seconds to the first byte and to the last.

``--database`` is a SQLite file that already holds the plan (work on a copy: the admin
export needs a user, and one named ``bench-export`` is created in it when missing). Without
it, a throwaway database is built with ``generate_synthetic --rights N``. ``--root`` runs
the exports of another checkout of the code (e.g. an unpacked ``git archive HEAD``), for a
before/after comparison on one database.
"""

import sys
from pathlib import Path

# This folder holds http.py (the HTTP benchmark): off the path, or it shadows the standard
# library's http package that Django imports.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHANNELS = ("page", "api", "admin")
USERNAME = "bench-export"


def rss_kb():
    """The process's resident memory now, in KB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def admin_request(plan_code):
    from django.contrib import admin

    from planportal.models import Plan
    from rights.models import ExplorationRight

    resource = admin.site._registry[ExplorationRight].resource_classes[0]
    fields = resource().get_export_order()
    data = {
        "format": "0",
        "resource": "0",
        **{f"{resource.__name__.lower()}_{name}": "on" for name in fields},
    }
    plan = Plan.objects.get(code=plan_code)
    return "post", f"/admin/rights/explorationright/export/?plan__id__exact={plan.pk}", data


def request_for(channel, plan_code):
    """(method, address, form data) of the channel's export of the plan's exploration rights."""
    if channel == "admin":
        return admin_request(plan_code)
    if channel == "page":
        return "get", f"/rights/exploration/export/?plan={plan_code}", {}
    return "get", f"/api/v1/exploration-rights/?plan={plan_code}&format=xlsx", {}


def child(channel, plan_code, warm_plan):
    """Run one export in this process and print its figures as JSON.

    A first export of ``warm_plan`` (a small one) warms the process up, as a served worker
    is: the URLconf, views and translations are loaded before the measured request."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planportal.settings")
    os.environ.setdefault("SECRET_KEY", "bench-export-memory")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    if channel == "admin":
        user, _ = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"is_staff": True, "is_superuser": True}
        )
        client.force_login(user)
    if warm_plan:
        method, address, data = request_for(channel, warm_plan)
        warm = getattr(client, method)(address, data, secure=True)
        b"".join(warm.streaming_content) if warm.streaming else warm.content
    method, address, data = request_for(channel, plan_code)
    at_rest = rss_kb()
    started = time.perf_counter()
    # secure: production settings redirect plain HTTP to HTTPS.
    response = getattr(client, method)(address, data, secure=True)
    first = None
    size = 0
    chunks = response.streaming_content if response.streaming else [response.content]
    for chunk in chunks:
        if first is None and chunk:
            first = time.perf_counter() - started
        size += len(chunk)
    total = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "channel": channel,
                "status": response.status_code,
                "streamed": bool(response.streaming),
                "bytes": size,
                "first_byte_s": round(first or total, 3),
                "total_s": round(total, 2),
                "peak_rss_mb": round(peak / 1024, 1),
                "added_mb": round((peak - at_rest) / 1024, 1),
            }
        )
    )


def build_database(rows, workdir):
    """A throwaway SQLite database: the plan, then a synthetic plan of ``rows`` rights."""
    path = Path(workdir) / "export-bench.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "DEBUG": "true"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "-v0"],
        ["load_plan"],
        ["generate_synthetic", "--rights", str(rows)],
    ):
        subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="SQLite file with the plan (work on a copy)")
    parser.add_argument("--plan", default="synthetic-1-1", help="Code of the plan to export")
    parser.add_argument(
        "--warm-plan", default="xinyuan-2021-2025", help="Small plan exported first ('' for none)"
    )
    parser.add_argument("--rows", type=int, default=100_000, help="Rights to build (no --database)")
    parser.add_argument("--root", default=str(ROOT), help="Checkout whose exports are measured")
    parser.add_argument("--channels", default=",".join(CHANNELS))
    parser.add_argument("--child", choices=CHANNELS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.plan, args.warm_plan)
        return
    with tempfile.TemporaryDirectory() as workdir:
        database = Path(args.database) if args.database else build_database(args.rows, workdir)
        root = Path(args.root).resolve()
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{database.resolve()}",
            "PYTHONPATH": str(root),
        }
        env.pop("DEBUG", None)  # DEBUG would keep every query in memory
        print(
            f"{'channel':8} {'status':>6} {'file MB':>8} {'1st byte s':>10} "
            f"{'total s':>8} {'peak RSS MB':>11} {'added MB':>9}"
        )
        for channel in args.channels.split(","):
            command = [sys.executable, str(Path(__file__).resolve()), "--child", channel]
            result = subprocess.run(
                [*command, "--plan", args.plan, "--warm-plan", args.warm_plan],
                env=env,
                cwd=root,
                capture_output=True,
                text=True,
                check=False,
            )
            lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
            if result.returncode or not lines:
                print(f"{channel:8} failed:\n{result.stderr[-2000:]}")
                continue
            figures = json.loads(lines[-1])
            print(
                f"{channel:8} {figures['status']:>6} {figures['bytes'] / 2**20:>8.1f} "
                f"{figures['first_byte_s']:>10} {figures['total_s']:>8} "
                f"{figures['peak_rss_mb']:>11} {figures['added_mb']:>9}"
                + ("" if figures["streamed"] else "  (not streamed)")
            )


if __name__ == "__main__":
    main()
