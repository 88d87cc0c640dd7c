"""HTTP benchmark: the portal beside Datasette and a raw floor, on the same data (issue 12).

``make bench-http`` runs it on SQLite, then on PostgreSQL (under scripts/with_postgres.sh), and
writes docs/benchmarks.md. One run of ``.venv/bin/python bench/http.py``:

1. Data: a database with the plan loaded plus ``generate_synthetic --plans 1 --rights N
   --seed 1`` (N exploration and N/2 mining rights in plan ``synthetic-1-1``), kept in
   bench/.data/ (``--reuse`` keeps an earlier one; ``--database-file`` names one to use).
2. Servers, each on a free port and stopped at the end (also on Ctrl-C or failure): the
   portal (``gunicorn -c gunicorn.conf.py``, 2 workers, production settings with public reads),
   the same portal with its cache of whole answers off (``RESPONSE_CACHE_SECONDS=0``: every
   answer computed, the figures' own cache still on), Datasette 0.65 (bench/.venv-peers, from
   bench/requirements.txt) serving a byte-identical copy of the SQLite file immutably, and the
   floor (bench/floor.py, gunicorn with the portal's configuration: 2 threaded workers).
3. Every URL must answer 200, the floor's JSON must hold the portal's rows and the cached JSON
   must be the computed JSON; then wrk warms each server up (``--warmup`` seconds, not
   counted) and drives it (``--connections`` connections for ``--duration`` seconds,
   ``--latency``); SQL queries per request (a cached answer, a computed one) are counted
   with Django's test client on the same database; each export is timed to its first byte
   (curl) in a fresh single-worker portal whose peak memory (VmHWM) is read from /proc.
4. The tables go to stdout and to bench/.data/results-<database>.json; ``--write-report``
   turns the results of both databases into docs/benchmarks.md. Nothing here asserts on time.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
# This file is named http.py: run as a script, its folder must not shadow the standard
# library's ``http`` package (urllib and Django import it).
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != BENCH]

import argparse  # noqa: E402
import contextlib  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402

DATA = BENCH / ".data"
PEERS_VENV = BENCH / ".venv-peers"
PROJECT_PYTHON = ROOT / ".venv" / "bin" / "python"
REPORT = ROOT / "docs" / "benchmarks.md"
PLAN = "synthetic-1-1"
DATASETTE_DB = "bench"  # Datasette names the database after its file: bench.sqlite3
TABLE = "rights_explorationright"

# The targets (issue 12, "Make it fast").
TARGET_RATIO = 1.5
TARGET_P99_MS = 50
TARGET_DASHBOARD_MS = 100
TARGET_FIRST_BYTE_S = 1.0
TARGET_PEAK_MB = 200


# ---------------------------------------------------------------------------------------------
# Parsing and reporting (no I/O: tests/bench/test_http_harness.py)


def parse_wrk(text):
    """wrk --latency output → requests per second, p50 and p99 in ms, failed requests."""
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}

    def latency(percent):
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
        return float(match[1]) * units[match[2]] if match else None

    rps = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    done = re.search(r"^\s*(\d+) requests in", text, re.M)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    return {
        "requests": int(done[1]) if done else 0,
        "rps": float(rps[1]) if rps else None,
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "non_2xx": int(non_2xx[1]) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def ratio(numerator, denominator):
    """a ÷ b, or None when either is missing or b is zero."""
    if not numerator or not denominator:
        return None
    return numerator / denominator


def verdict(row):
    """The row against the issue's targets: "meets", "misses: …" or "—" (no target)."""
    portal = row["portal"]
    if row["kind"] == "compare":
        misses = []
        if row["portal_vs_datasette"] is None:
            misses.append("no Datasette figure to compare")
        elif row["portal_vs_datasette"] < TARGET_RATIO:
            misses.append(f"≥ {TARGET_RATIO}× Datasette")
        if portal.get("p99_ms") is None or portal["p99_ms"] >= TARGET_P99_MS:
            misses.append(f"p99 < {TARGET_P99_MS} ms")
    elif row["kind"] == "dashboard":
        ok = portal.get("p99_ms") is not None and portal["p99_ms"] < TARGET_DASHBOARD_MS
        misses = [] if ok else [f"p99 < {TARGET_DASHBOARD_MS} ms"]
    else:
        return "—"
    if portal.get("error"):
        return f"misses: {portal['error']}"
    return "meets" if not misses else "misses: " + ", ".join(misses)


def export_verdict(export):
    """An export against "first byte within a second, peak under 200 MB"."""
    if export.get("status") != 200:
        return f"misses: answered {export.get('status')}"
    misses = []
    if export["first_byte_s"] >= TARGET_FIRST_BYTE_S:
        misses.append(f"first byte < {TARGET_FIRST_BYTE_S:g} s")
    if export["peak_mb"] is None or export["peak_mb"] >= TARGET_PEAK_MB:
        misses.append(f"peak < {TARGET_PEAK_MB} MB")
    return "meets" if not misses else "misses: " + ", ".join(misses)


def _number(value, digits=0, suffix=""):
    if value is None:
        return "—"
    return f"{value:,.{digits}f}{suffix}"


def _cell(result):
    """ "rps (p50 / p99 ms)" of one server, or why there is none."""
    if result is None:
        return "—"
    if result.get("error"):
        return f"n/a ({result['error']})"
    return (
        f"{_number(result['rps'])} "
        f"({_number(result['p50_ms'], 1)} / {_number(result['p99_ms'], 1)} ms)"
    )


def requests_table(rows):
    """The Markdown table of the wrk runs."""
    lines = [
        "| request | portal rps (p50 / p99) | portal, every answer computed "
        "| Datasette rps (p50 / p99) | floor rps (p50 / p99) | portal ÷ Datasette "
        "| computed ÷ Datasette | floor ÷ computed | SQL queries (cached / computed) | verdict |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        queries = f"{_number(row.get('queries'))} / {_number(row.get('computed_queries'))}"
        lines.append(
            f"| {row['label']} | {_cell(row['portal'])} | {_cell(row.get('computed'))} "
            f"| {_cell(row.get('datasette'))} | {_cell(row.get('floor'))} "
            f"| {_number(row['portal_vs_datasette'], 2)} "
            f"| {_number(row.get('computed_vs_datasette'), 2)} "
            f"| {_number(row['floor_vs_portal'], 1)} | {queries} | {verdict(row)} |"
        )
    return "\n".join(lines)


def exports_table(exports):
    """The Markdown table of the exports (curl and /proc)."""
    lines = [
        "| export | status | first byte | whole | size | worker peak (before → after) "
        "| SQL queries | verdict |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for export in exports:
        lines.append(
            f"| {export['label']} | {export.get('status')} "
            f"| {_number(export.get('first_byte_s'), 2, ' s')} "
            f"| {_number(export.get('total_s'), 2, ' s')} "
            f"| {_number((export.get('bytes') or 0) / 1e6, 1, ' MB')} "
            f"| {_number(export.get('baseline_mb'))} → {_number(export.get('peak_mb'), 0, ' MB')} "
            f"| {_number(export.get('queries'))} | {export_verdict(export)} |"
        )
    return "\n".join(lines)


def urls_table(rows, exports):
    """Which URL each server was asked, for the reader to repeat a measurement."""
    lines = ["| request | portal / floor | Datasette |", "|---|---|---|"]
    for row in rows:
        datasette = f"`{row['datasette_url']}`" if row.get("datasette_url") else "—"
        lines.append(f"| {row['label']} | `{row['url']}` | {datasette} |")
    for export in exports:
        lines.append(f"| {export['label']} | `{export['url']}` | — |")
    return "\n".join(lines)


def results_section(results):
    """One database's part of the report."""
    meta = results["meta"]
    title = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[results["database"]]
    notes = [
        f"{meta['rights']:,} exploration and {meta['rights'] // 2:,} mining rights in plan "
        f"`{PLAN}` (plus the plan itself); wrk {meta['connections']} connections, "
        f"{meta['duration']} s per request; measured {meta.get('date', '')}, "
        f"the run took {meta['elapsed_min']:.1f} min.",
    ]
    if results["database"] == "postgres":
        notes.append(
            "The portal and the floor read PostgreSQL; Datasette (SQLite only) serves the same "
            "data generated into SQLite, for reference."
        )
    notes += results.get("checks", [])
    return "\n".join(
        [
            f"## {title}",
            "",
            *[f"- {note}" for note in notes],
            "",
            requests_table(results["rows"]),
            "",
            exports_table(results["exports"]),
            "",
            "<details><summary>URLs</summary>",
            "",
            urls_table(results["rows"], results["exports"]),
            "",
            "</details>",
        ]
    )


def render_report(runs, machine, note=""):
    """docs/benchmarks.md from the results of one or more databases."""
    versions = ", ".join(f"{name} {version}" for name, version in machine["versions"].items())
    parts = [
        "# Benchmarks",
        "",
        *([f"> {note}", ""] if note else []),
        "Generated by `make bench-http` (bench/http.py): do not edit by hand. The portal "
        "(gunicorn, 2 workers, production settings, anonymous public reads), the same portal "
        "with its cache of whole answers off, Datasette 0.65 and a raw floor (bench/floor.py: a "
        "bare WSGI callable doing SQL + `json.dumps` of the portal's own page) on the same data, "
        "driven one at a time by wrk with `--latency` after a warm-up run that is not counted.",
        "",
        f"- Written: {machine['date']}; commit {machine['commit']}",
        f"- Machine: {machine['cpus']} cores ({machine['cpu_model']}), "
        f"{machine['memory_gb']:.1f} GB memory, {machine['os']}",
        f"- Versions: {versions}",
        "- Reproduce: `make bench-http` (30–40 min on 2 cores; `BENCH_ARGS=--quick` for a 3 s trial on "
        "small data), or `.venv/bin/python bench/http.py --help` for one database.",
        "",
        "How to read it:",
        "",
        "- rps is requests per second over the run; p50 and p99 are wrk's latency percentiles. "
        "portal ÷ Datasette compares throughput; floor ÷ computed is how far the portal, when "
        "it computes an answer, is from the cost of the SQL and the JSON alone.",
        "- The portal serves an anonymous read again from its shared cache until a write "
        "commits (planportal/response_cache.py; any write, through any channel, starts a new "
        "data generation). wrk repeats one URL, so the portal column measures those cached "
        "answers: the first request of each URL computes it, every later one is a cached "
        "answer (one SQL query: the generation). That is what a public reader of a register "
        "that changes a few times a day gets. The column *every answer computed* is the same "
        "portal with that cache off (`RESPONSE_CACHE_SECONDS=0`): what a signed-in user, the "
        "first reader after a write, or a URL nobody asked for yet costs. The verdict judges "
        "the portal column; the cached JSON is checked to be the computed JSON.",
        f"- Targets (issue 12): every compared request ≥ {TARGET_RATIO}× Datasette's throughput "
        f"with p99 < {TARGET_P99_MS} ms; `/`, `/targets/` and `/api/v1/indicators/` p99 < "
        f"{TARGET_DASHBOARD_MS} ms; exports' first byte < {TARGET_FIRST_BYTE_S:g} s with the "
        f"serving worker's peak memory < {TARGET_PEAK_MB} MB.",
        "- Datasette requests carry `_nosuggest=1` (its suggested facets alone cost about 1.2 s "
        "a request) and return raw foreign keys (no `_labels`); its time limits are raised "
        "(`sql_time_limit_ms`, `facet_time_limit_ms` 20 s) so that every answer is complete. "
        "It runs as one process (uvicorn, 3 SQL threads), the portal and the floor as 2 "
        "gunicorn workers.",
        "- wrk sends no `Accept-Encoding`: no server compresses its answers here.",
        "- Deep page: the portal and the floor use OFFSET (`?page=1000`); Datasette has no "
        "OFFSET: its equivalent is its own keyset link (`_next=<seq>,<id>`) to the same rows, "
        "which costs it an index seek whatever the depth.",
        "- Summary: the portal's `/api/v1/summary/` counts three registers by several groups; "
        "Datasette's nearest equivalent is its facets (stage and mineral) over exploration "
        "rights, filtered to the plan; the floor has none.",
        "- SQL queries: Django's test client with `CaptureQueriesContext` on the same database "
        "and URL, on the second request (the first may fill caches): with the cache of whole "
        "answers (cached), and with it off (computed).",
        "- Exports: time to first byte and to the last with curl, against a fresh single-worker "
        "portal; peak is that worker's VmHWM from /proc before and after the request.",
        "",
    ]
    for results in runs:
        parts += [results_section(results), ""]
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# Processes


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(argv, env=None, **kwargs):
    """Run a command, failing loudly with its output."""
    result = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, argv))} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def get(url, timeout=120):
    """(status, body) of a GET; an HTTP error is a status, not an exception."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@contextlib.contextmanager
def server(name, argv, env, port, ready_path="/"):
    """A server in its own process group, answering on ``port``, stopped on the way out."""
    log = open(DATA / f"{name}.log", "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        argv, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"{name} exited: see {DATA / f'{name}.log'}")
            with contextlib.suppress(OSError):
                get(f"http://127.0.0.1:{port}{ready_path}", timeout=30)
                break
            if time.monotonic() > deadline:
                raise SystemExit(f"{name} did not answer on port {port} within 60 s")
            time.sleep(0.3)
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def worker_pids(master_pid):
    """The gunicorn workers: children of the master."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def peak_memory_mb(pid):
    """VmHWM (peak resident set) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def ensure_wrk():
    if shutil.which("wrk") is None:
        print("wrk not found: installing it from Debian's packages")
        run(["apt-get", "install", "-y", "wrk"])


def ensure_peers():
    """bench/.venv-peers with Datasette, created from bench/requirements.txt when missing."""
    datasette = PEERS_VENV / "bin" / "datasette"
    if not datasette.exists():
        print("Installing Datasette into bench/.venv-peers")
        run(["python3", "-m", "venv", str(PEERS_VENV)])
        run([PEERS_VENV / "bin" / "pip", "install", "-q", "-r", BENCH / "requirements.txt"])
    return datasette


# ---------------------------------------------------------------------------------------------
# Data


def portal_env(database_url, **extra):
    """Production settings (DEBUG off) with anonymous reads, on the benchmark's database."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-http-not-a-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # wrk speaks plain HTTP to gunicorn directly, with no proxy to terminate TLS.
        "SECURE_SSL_REDIRECT": "false",
        "PLAN_PORTAL_PUBLIC_READ": "true",
        "STATIC_ROOT": str(DATA / "static"),
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def build_database(database_url, rights):
    """The plan plus ``generate_synthetic`` in the database at ``database_url``."""
    env = portal_env(database_url)
    manage = [PROJECT_PYTHON, "manage.py"]
    started = time.monotonic()
    run([*manage, "migrate", "--noinput", "-v0"], env)
    run([*manage, "createcachetable"], env)
    run([*manage, "load_plan"], env)
    run(
        [*manage, "generate_synthetic", "--plans", "1", "--rights", str(rights), "--seed", "1"], env
    )
    print(f"  built in {time.monotonic() - started:.0f} s")


def sqlite_database(args):
    """The SQLite file to benchmark: --database-file, a kept one (--reuse), or a new one."""
    if args.database_file:
        return Path(args.database_file).resolve()
    path = DATA / f"rights-{args.rights}.sqlite3"
    # PostgreSQL's run only needs the SQLite file for Datasette: the SQLite run just built it.
    if (args.reuse or args.database == "postgres") and path.exists():
        print(f"Reusing {path.relative_to(ROOT)}")
        return path
    for stale in DATA.glob(f"{path.name}*"):
        stale.unlink()
    print(f"Building {path.relative_to(ROOT)} ({args.rights:,} exploration rights)")
    build_database(f"sqlite:///{path}", args.rights)
    return path


def postgres_database(args):
    """The PostgreSQL database named by DATABASE_URL (scripts/with_postgres.sh), filled."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit(
            "--database postgres needs DATABASE_URL: run under scripts/with_postgres.sh"
        )
    import psycopg2

    name = url.split("?")[0].rsplit("/", 1)[1]
    admin = psycopg2.connect(url.replace(f"/{name}", "/postgres", 1))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if exists and not args.reuse:
            cursor.execute(f'DROP DATABASE "{name}"')
        if not exists or not args.reuse:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    if not (exists and args.reuse):
        print(f"Building the PostgreSQL database ({args.rights:,} exploration rights)")
        build_database(url, args.rights)
    return url


def datasette_copy(sqlite_path):
    """A byte-identical copy for Datasette: immutable mode must not see the portal's writes
    (sessions, the database cache) while it runs."""
    with contextlib.closing(sqlite3.connect(sqlite_path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = DATA / f"{DATASETTE_DB}.sqlite3"
    shutil.copyfile(sqlite_path, copy)
    return copy


def datasette_positions(sqlite_path, deep_offset):
    """Plan id, Datasette's keyset token to the deep page, and that page's first row id."""

    def at(offset):  # (seq, id) of the plan's row at this position in seq order
        return connection.execute(
            f"SELECT seq, id FROM {TABLE} WHERE plan_id = ? ORDER BY seq LIMIT 1 OFFSET ?",
            [plan_id, offset],
        ).fetchone()

    with contextlib.closing(sqlite3.connect(sqlite_path)) as connection:
        sql = "SELECT id FROM planportal_plan WHERE code = ?"
        plan_id = connection.execute(sql, [PLAN]).fetchone()[0]
        before, first = at(deep_offset - 1), at(deep_offset)
    return plan_id, f"{before[0]},{before[1]}", first[1]


# ---------------------------------------------------------------------------------------------
# Requests


def deep_page_number(rights):
    """Page 1000 of 50 at 100,000 rights (the middle); the middle page on smaller data."""
    return min(1000, max(2, rights // 100))


def request_plan(rights, positions):
    """The requests of the table: (label, kind, portal/floor URL, Datasette URL, on floor)."""
    plan_id, next_token, row_id = positions
    deep_page = deep_page_number(rights)
    api = f"/api/v1/exploration-rights/?plan={PLAN}&page_size=50"
    table = f"/{DATASETTE_DB}/{TABLE}.json?plan_id={plan_id}&_sort=seq&_size=50&_nosuggest=1"
    facets = f"/{DATASETTE_DB}/{TABLE}.json?plan_id={plan_id}&_facet=stage&_facet=mineral_id"
    return [
        ("first page of 50", "compare", api, table, True),
        ("filtered page (stage)", "compare", f"{api}&stage=exploration", f"{table}&stage=exploration", True),
        (f"deep page ({deep_page})", "compare", f"{api}&page={deep_page}", f"{table}&_next={next_token.replace(',', '%2C')}", True),
        ("one row", "compare", f"/api/v1/exploration-rights/{row_id}/", f"/{DATASETTE_DB}/{TABLE}/{row_id}.json?_nosuggest=1", True),
        ("summary / counts by group", "compare", f"/api/v1/summary/?plan={PLAN}", f"{facets}&_size=0&_nosuggest=1", False),
        ("overview `/`", "dashboard", f"/?plan={PLAN}", None, False),
        ("`/targets/`", "dashboard", f"/targets/?plan={PLAN}", None, False),
        ("`/api/v1/indicators/`", "dashboard", f"/api/v1/indicators/?plan={PLAN}", None, False),
        ("register page", "page", f"/rights/exploration/?plan={PLAN}", None, False),
    ]  # fmt: skip


EXPORTS = [
    ("page export (all rights)", f"/rights/exploration/export/?plan={PLAN}"),
    ("API export `?format=xlsx`", f"/api/v1/exploration-rights/?format=xlsx&plan={PLAN}"),
]


def wrk(url, args, duration=None):
    """One wrk run against ``url`` (``duration`` seconds, ``args.duration`` by default)."""
    output = run(
        [
            "wrk",
            f"-t{min(2, args.connections)}",
            f"-c{args.connections}",
            f"-d{duration or args.duration}s",
            "--timeout",
            "30s",
            "--latency",
            url,
        ]
    )
    result = parse_wrk(output)
    if not result["requests"]:
        # Slower than the run itself: time one request alone, so the row still says how slow.
        started = time.monotonic()
        get(url, timeout=300)
        alone = time.monotonic() - started
        result["error"] = f"none finished within {args.duration} s; one alone: {alone:.1f} s"
    elif result["non_2xx"] or result["socket_errors"]:
        result["error"] = f"{result['non_2xx']} non-2xx, {result['socket_errors']} socket errors"
    return result


def compare_json(portal_body, floor_body):
    """Does the floor answer the portal's rows? "identical", "same rows", or what differs."""
    portal, floor = json.loads(portal_body), json.loads(floor_body)
    for body in (portal, floor):  # the links name each server's own port
        for link in ("next", "previous"):
            if body.get(link):
                body[link] = re.sub(r"^https?://[^/]+", "", body[link])
    if portal == floor:
        return "identical JSON"

    def ids(body):
        return [r["id"] for r in body["results"]] if "results" in body else [body.get("id")]

    if ids(portal) != ids(floor):
        return "DIFFERENT ROWS"
    return "same rows, JSON differs"


def count_queries(database_url, urls):
    """SQL queries of each URL's last request, with Django's test client (in-process):
    {url: (with the cache of whole answers, with every answer computed)}."""
    os.environ.update(portal_env(database_url))
    os.environ["DJANGO_SETTINGS_MODULE"] = "planportal.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    def count(url, repeat):
        client = Client(HTTP_HOST="127.0.0.1")
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
                if response.streaming:
                    b"".join(response.streaming_content)
        return len(queries.captured_queries)

    counts = {}
    for url, repeat in urls:
        cached = count(url, repeat)
        with override_settings(RESPONSE_CACHE_SECONDS=0):
            counts[url] = (cached, count(url, repeat))
    connection.close()
    return counts


def measure_export(label, url, env):
    """First byte, whole time and the worker's peak memory of one export, in a fresh worker."""
    port = free_port()
    argv = [ROOT / ".venv" / "bin" / "gunicorn", "-c", "gunicorn.conf.py", "planportal.wsgi"]
    env = {**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", "GUNICORN_MAX_REQUESTS": "0"}
    with server("export", argv, env, port, ready_path="/healthz") as master:
        (worker,) = worker_pids(master.pid)
        baseline = peak_memory_mb(worker)
        curl = subprocess.run(
            [
                "curl",
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code} %{time_starttransfer} %{time_total} %{size_download}",
                "--max-time",
                "600",
                f"http://127.0.0.1:{port}{url}",
            ],
            capture_output=True,
            text=True,
        )
        status, first_byte, total, size = curl.stdout.split()
        peak = peak_memory_mb(worker) if Path(f"/proc/{worker}").exists() else None
    return {
        "label": label,
        "url": url,
        "status": int(status),
        "first_byte_s": float(first_byte),
        "total_s": float(total),
        "bytes": int(size),
        "baseline_mb": baseline,
        "peak_mb": peak,
    }


def server_commands(ports, datasette_file):
    """How each server starts: the portal (its port from BIND), Datasette, the floor."""
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    # Time limits raised so that Datasette answers every request in full, facets included.
    limits = [
        "--setting",
        "sql_time_limit_ms",
        "20000",
        "--setting",
        "facet_time_limit_ms",
        "20000",
    ]
    return {
        "portal": [gunicorn, "-c", "gunicorn.conf.py", "planportal.wsgi"],
        "computed": [gunicorn, "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{ports['computed']}", "planportal.wsgi"],
        "datasette": [ensure_peers(), "serve", "-i", datasette_file, "-h", "127.0.0.1", "-p", str(ports["datasette"]), *limits],
        "floor": [gunicorn, "-c", "gunicorn.conf.py", "-w", "2", "-b", f"127.0.0.1:{ports['floor']}", "bench.floor:application"],
    }  # fmt: skip


def measure_request(base, request, args, checks):
    """One row of the table: every server must answer 200 (the floor the portal's rows, the
    cached answer the computed one), then wrk warms up and drives each in turn."""
    label, kind, url, datasette_url, on_floor = request
    targets = {
        "portal": url,
        "computed": url,
        "datasette": datasette_url,
        "floor": url if on_floor else None,
    }
    row = {"label": label, "kind": kind, "url": url, "datasette_url": datasette_url}
    bodies = {}
    for name, target in targets.items():
        if target:
            status, bodies[name] = get(base[name] + target)
            if name == "portal":  # the second time from the cache
                status, bodies[name] = get(base[name] + target)
            if status != 200:
                row[name] = {"error": f"answered {status}"}
    if on_floor and "portal" not in row and "floor" not in row:
        checks.append(
            f"{label}: floor vs portal: {compare_json(bodies['portal'], bodies['floor'])}"
        )
    if "portal" not in row and "computed" not in row and url.startswith("/api/"):
        checks.append(
            f"{label}: cached vs computed: {compare_json(bodies['portal'], bodies['computed'])}"
        )
    for name, target in targets.items():
        if target and name not in row:
            print(f"  wrk {name:9} {target}", flush=True)
            if args.warmup:
                wrk(base[name] + target, args, duration=args.warmup)
            row[name] = wrk(base[name] + target, args)
    row["portal_cache"] = cache_header(base["portal"] + url)
    row["portal_vs_datasette"] = ratio(
        row["portal"].get("rps"), (row.get("datasette") or {}).get("rps")
    )
    row["computed_vs_datasette"] = ratio(
        (row.get("computed") or {}).get("rps"), (row.get("datasette") or {}).get("rps")
    )
    row["floor_vs_portal"] = ratio(
        (row.get("floor") or {}).get("rps"), (row.get("computed") or {}).get("rps")
    )
    return row  # fmt: skip


def cache_header(url):
    """The portal's ``X-Cache`` answer header for ``url`` (HIT, MISS or none)."""
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        return response.headers.get("X-Cache", "none")


def benchmark(args, database_url, sqlite_path):
    """Serve, check and drive every request, time the exports, count the SQL queries:
    (rows, exports, checks)."""
    datasette_file = datasette_copy(sqlite_path)
    deep_offset = (deep_page_number(args.rights) - 1) * 50
    plan = request_plan(args.rights, datasette_positions(datasette_file, deep_offset))
    ports = {name: free_port() for name in ("portal", "computed", "datasette", "floor")}
    env = portal_env(database_url, BIND=f"127.0.0.1:{ports['portal']}")
    envs = {
        "computed": {**env, "BIND": f"127.0.0.1:{ports['computed']}", "RESPONSE_CACHE_SECONDS": "0"}
    }
    run([PROJECT_PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    checks = []
    with contextlib.ExitStack() as stack:
        for name, argv in server_commands(ports, datasette_file).items():
            ready = "/healthz" if name in ("portal", "computed") else "/"
            stack.enter_context(server(name, argv, envs.get(name, env), ports[name], ready))
        base = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        rows = [measure_request(base, request, args, checks) for request in plan]
        checks.append(datasette_deep_page_check(base, plan))
    exports = []
    for label, url in EXPORTS:
        print(f"  export {url}", flush=True)
        exports.append(measure_export(label, url, env))
    print("  counting SQL queries", flush=True)
    repeats = [(row["url"], 2) for row in rows] + [(url, 1) for _, url in EXPORTS]
    counts = count_queries(database_url, repeats)
    for item in rows + exports:
        item["queries"], item["computed_queries"] = counts[item["url"]]
    checks += [
        f"{row['label']}: the portal's answers during the run: X-Cache {row['portal_cache']}"
        for row in rows
    ]
    return rows, exports, checks  # fmt: skip


def datasette_deep_page_check(base, plan):
    """Datasette's keyset link reaches the rows of the portal's deep page."""
    (label, _, url, datasette_url, _) = plan[2]
    portal = json.loads(get(base["portal"] + url)[1])
    datasette = json.loads(get(base["datasette"] + datasette_url)[1])
    same = [r["id"] for r in portal["results"]] == [r[0] for r in datasette["rows"]]
    return f"{label}: Datasette's `_next` rows {'are' if same else 'are NOT'} the portal's rows"


# ---------------------------------------------------------------------------------------------
# Machine and versions


def version_in(text):
    """The first dotted version number in a tool's ``--version`` text."""
    match = re.search(r"\d+(?:\.\d+)+", text)
    return match[0] if match else "—"


def machine_info():
    """Machine, versions, date and commit for the report's header."""

    def output(argv):
        try:
            result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=30)
        except OSError:
            return ""
        return (result.stdout + result.stderr).strip()

    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
    commit = output(["git", "rev-parse", "--short", "HEAD"])
    if output(["git", "status", "--porcelain", "--untracked-files=no"]):
        commit += " with uncommitted changes"
    django_version = output([PROJECT_PYTHON, "-c", "import django; print(django.get_version())"])
    postgres = output(["sh", "-c", "ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1"])
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "cpus": os.cpu_count(),
        "cpu_model": model[1] if model else platform.processor(),
        "memory_gb": memory_kb / 1024 / 1024,
        "os": platform.platform(),
        "versions": {
            "Python": platform.python_version(),
            "Django": django_version,
            "SQLite": sqlite3.sqlite_version,
            "PostgreSQL": version_in(output([f"{postgres}/postgres", "--version"])) if postgres else "—",
            "Datasette": version_in(output([PEERS_VENV / "bin" / "datasette", "--version"])),
            "wrk": version_in(output(["wrk", "-v"])),
            "gunicorn": version_in(output([ROOT / ".venv" / "bin" / "gunicorn", "--version"])),
        },
    }  # fmt: skip


# ---------------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-file", help="SQLite file with the data already in it")
    parser.add_argument("--reuse", action="store_true", help="keep the data of an earlier run")
    parser.add_argument("--rights", type=int, help="exploration rights (default 100,000)")
    parser.add_argument("--duration", type=int, help="seconds of wrk per request (default 20)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--warmup", type=int, help="seconds of wrk before each run (default 3)")
    parser.add_argument("--quick", action="store_true", help="2,000 rights, 3 s runs")
    parser.add_argument("--write-report", action="store_true", help="only write docs/benchmarks.md")
    parser.add_argument("--note", default="", help="a line at the top of docs/benchmarks.md")
    args = parser.parse_args(argv)
    args.rights = args.rights or (2000 if args.quick else 100_000)
    args.duration = args.duration or (3 if args.quick else 20)
    if args.warmup is None:
        args.warmup = 1 if args.quick else 3
    return args


def write_report(note):
    runs = [
        json.loads((DATA / f"results-{database}.json").read_text())
        for database in ("sqlite", "postgres")
        if (DATA / f"results-{database}.json").exists()
    ]
    if not runs:
        raise SystemExit("No results in bench/.data/: run bench/http.py first")
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(render_report(runs, machine_info(), note), encoding="utf-8")
    print(f"Wrote {REPORT.relative_to(ROOT)}")


def main(argv=None):
    args = parse_args(argv)
    if args.write_report:
        write_report(args.note)
        return
    started = time.monotonic()
    DATA.mkdir(exist_ok=True)
    ensure_wrk()
    ensure_peers()
    sqlite_path = sqlite_database(args)
    database_url = (
        postgres_database(args) if args.database == "postgres" else f"sqlite:///{sqlite_path}"
    )
    print(f"Benchmarking on {args.database}: {args.duration} s per request")
    rows, exports, checks = benchmark(args, database_url, sqlite_path)
    results = {
        "database": args.database,
        "rows": rows,
        "exports": exports,
        "checks": checks,
        "meta": {
            "rights": args.rights,
            "duration": args.duration,
            "connections": args.connections,
            "elapsed_min": (time.monotonic() - started) / 60,
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        },
    }
    (DATA / f"results-{args.database}.json").write_text(json.dumps(results, indent=1))
    print()
    print(results_section(results))


if __name__ == "__main__":
    # A TERM (a CI timeout, kill) unwinds like Ctrl-C: the servers are stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("Terminated: servers stopped."))
    try:
        main()
    except KeyboardInterrupt:
        raise SystemExit("Interrupted: servers stopped.") from None
