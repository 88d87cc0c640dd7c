"""bench/http.py's parsing and report writing (no server, no timing: the benchmark itself
is ``make bench-http``, never a test)."""

import json

import pytest

from bench import http as harness

WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:40001/api/v1/exploration-rights/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.10ms    3.20ms  1.50s    90.00%
    Req/Sec   330.00     20.00   400.00     70.00%
  Latency Distribution
     50%  850.00us
     75%   11.20ms
     90%   14.00ms
     99%    1.50s
  3300 requests in 5.00s, 9.10MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:    660.12
Transfer/sec:      1.82MB
"""


def _result(rps, p99_ms, p50_ms=1.0):
    return {"requests": 100, "rps": rps, "p50_ms": p50_ms, "p99_ms": p99_ms}


def _row(kind, portal, datasette=None, floor=None):
    return {
        "label": "first page of 50",
        "kind": kind,
        "url": "/api/v1/exploration-rights/?plan=synthetic-1-1",
        "datasette_url": "/bench/rights_explorationright.json?plan_id=2" if datasette else None,
        "portal": portal,
        "datasette": datasette,
        "floor": floor,
        "portal_vs_datasette": harness.ratio(portal.get("rps"), (datasette or {}).get("rps")),
        "floor_vs_portal": harness.ratio((floor or {}).get("rps"), portal.get("rps")),
        "queries": 3,
    }


def test_wrk_output_gives_rate_percentiles_in_ms_and_failures():
    result = harness.parse_wrk(WRK_OUTPUT)

    assert result == {
        "requests": 3300,
        "rps": 660.12,
        "p50_ms": pytest.approx(0.85),
        "p99_ms": pytest.approx(1500.0),
        "non_2xx": 4,
        "socket_errors": 3,
    }


def test_wrk_run_where_nothing_finished_has_no_rate_or_percentiles():
    result = harness.parse_wrk("  0 requests in 3.00s, 0.00B read\nRequests/sec:      0.00\n")

    assert result["requests"] == 0
    assert result["p50_ms"] is None
    assert result["p99_ms"] is None


def test_ratio_is_missing_without_both_numbers():
    assert harness.ratio(300, 100) == 3
    assert harness.ratio(None, 100) is None
    assert harness.ratio(300, 0) is None


def test_compared_request_meets_target_only_when_faster_and_p99_under_50_ms():
    meets = _row("compare", _result(300, 40), datasette=_result(150, 90))
    too_slow = _row("compare", _result(300, 60), datasette=_result(150, 90))
    behind = _row("compare", _result(200, 40), datasette=_result(150, 90))

    assert harness.verdict(meets) == "meets"
    assert harness.verdict(too_slow) == "misses: p99 < 50 ms"
    assert harness.verdict(behind) == "misses: ≥ 1.5× Datasette"


def test_dashboard_target_is_p99_under_100_ms_and_a_failed_run_never_meets_it():
    assert harness.verdict(_row("dashboard", _result(50, 99))) == "meets"
    assert harness.verdict(_row("dashboard", _result(50, 100))) == "misses: p99 < 100 ms"
    failed = _row("dashboard", {"error": "answered 500"})
    assert harness.verdict(failed).startswith("misses")
    assert harness.verdict(_row("page", _result(50, 900))) == "—"


def test_export_meets_target_with_first_byte_under_a_second_and_peak_under_200_mb():
    export = {"status": 200, "first_byte_s": 0.3, "peak_mb": 150}

    assert harness.export_verdict(export) == "meets"
    assert harness.export_verdict({**export, "first_byte_s": 12.0, "peak_mb": 646}) == (
        "misses: first byte < 1 s, peak < 200 MB"
    )
    assert harness.export_verdict({**export, "status": 400}) == "misses: answered 400"


def test_floor_json_compares_equal_across_ports_but_not_with_other_rows():
    portal = {"count": 2, "next": "http://127.0.0.1:1/x/?page=2", "results": [{"id": 1}]}
    floor = {**portal, "next": "http://127.0.0.1:2/x/?page=2"}
    other = {**portal, "results": [{"id": 9}]}
    changed = {**portal, "results": [{"id": 1, "name": "x"}]}

    assert harness.compare_json(json.dumps(portal), json.dumps(floor)) == "identical JSON"
    assert harness.compare_json(json.dumps(portal), json.dumps(other)) == "DIFFERENT ROWS"
    assert harness.compare_json(json.dumps(portal), json.dumps(changed)) == (
        "same rows, JSON differs"
    )


def test_request_plan_uses_datasette_keyset_link_for_the_deep_page():
    plan = harness.request_plan(100_000, (2, "49950,49986", 49987))
    by_label = {label: (url, datasette_url) for label, _, url, datasette_url, _ in plan}

    url, datasette_url = by_label["deep page (1000)"]
    assert url.endswith("&page=1000")
    assert "_next=49950%2C49986" in datasette_url
    assert by_label["one row"] == (
        "/api/v1/exploration-rights/49987/",
        "/bench/rights_explorationright/49987.json?_nosuggest=1",
    )
    assert all("_nosuggest=1" in d for _, d in by_label.values() if d)


def test_quick_run_uses_small_data_and_short_runs():
    quick = harness.parse_args(["--quick"])
    full = harness.parse_args([])

    assert (quick.rights, quick.duration) == (2000, 3)
    assert (full.rights, full.duration, full.connections) == (100_000, 20, 8)
    assert (quick.warmup, full.warmup) == (1, 3)


def test_report_holds_machine_versions_both_databases_and_the_verdicts():
    results = {
        "rows": [
            {
                **_row("compare", _result(300, 40), _result(150, 90), _result(900, 10)),
                "computed": _result(120, 70),
                "computed_vs_datasette": 0.8,
                "floor_vs_portal": 7.5,
                "queries": 1,
                "computed_queries": 3,
            }
        ],
        "exports": [
            {
                "label": "page export",
                "url": "/rights/exploration/export/?plan=synthetic-1-1",
                "status": 200,
                "first_byte_s": 0.2,
                "total_s": 9.0,
                "bytes": 5_000_000,
                "baseline_mb": 80,
                "peak_mb": 120,
                "queries": 3,
            }
        ],
        "checks": ["first page of 50: floor vs portal: identical JSON"],
        "meta": {"rights": 100_000, "duration": 20, "connections": 8, "elapsed_min": 12.5},
    }
    machine = {
        "date": "2026-11-30 17:00 UTC",
        "commit": "abc1234",
        "cpus": 2,
        "cpu_model": "Test CPU",
        "memory_gb": 7.8,
        "os": "Linux",
        "versions": {"Python": "3.11.7", "Datasette": "0.65.5"},
    }

    report = harness.render_report(
        [{**results, "database": "sqlite"}, {**results, "database": "postgres"}],
        machine,
        note="Trial run",
    )

    assert "> Trial run" in report
    assert "2 cores (Test CPU), 7.8 GB memory" in report
    assert "Python 3.11.7, Datasette 0.65.5" in report
    assert "commit abc1234" in report
    assert "## SQLite" in report
    assert "## PostgreSQL" in report
    assert "Datasette (SQLite only) serves the same data" in report
    assert (
        "| first page of 50 | 300 (1.0 / 40.0 ms) | 120 (1.0 / 70.0 ms) | 150 (1.0 / 90.0 ms) |"
        in report
    )
    assert "| 2.00 | 0.80 | 7.5 | 1 / 3 | meets |" in report
    assert "| page export | 200 | 0.20 s | 9.00 s | 5.0 MB | 80 → 120 MB | 3 | meets |" in report
    assert "_nosuggest=1" in report


def test_compared_request_without_a_datasette_figure_is_not_judged_a_success():
    row = _row("compare", _result(300, 40), datasette={"error": "none finished within 5 s"})

    assert harness.verdict(row) == "misses: no Datasette figure to compare"


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)", "15.18"),
        ("wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer", "4.1.0"),
        ("gunicorn (version 27.0.1)", "27.0.1"),
        ("datasette, version 0.65.5", "0.65.5"),
        ("command not found", "—"),
    ],
)
def test_version_is_read_from_each_tools_own_wording(text, version):
    assert harness.version_in(text) == version
