"""The floor of bench/http.py: the fewest steps that answer the portal's exploration-rights JSON.

A bare WSGI callable (``gunicorn bench.floor:application``): one SQL query for the page (plus
one for the count), ``json.dumps``, nothing else; DATABASE_URL says which database (SQLite
file or PostgreSQL through psycopg2). It serves ``/api/v1/exploration-rights/`` (``plan``,
``stage``, ``page``, ``page_size``) and ``/api/v1/exploration-rights/<id>/``.
"""

import json
import os
import re
import sqlite3
import threading
from urllib.parse import parse_qsl, urlencode

STAGES = {"reconnaissance": "预查", "general": "普查", "detailed": "详查", "exploration": "勘探"}
FIELDS = "r.id, p.code, r.seq, r.name, m.id, m.name, r.mineral_as_printed, r.area_km2, r.as_of, "
FIELDS += (
    "r.permit_no, r.holder, r.holder_credit_code, r.valid_from, r.valid_to, r.stage, r.version"
)
FROM = " FROM rights_explorationright r JOIN planportal_plan p ON p.id = r.plan_id"
JOIN = " JOIN deposits_mineral m ON m.id = r.mineral_id"
_local = threading.local()  # one connection per worker thread, opened after the fork


def query(sql, params):
    url = os.environ["DATABASE_URL"]
    connection = getattr(_local, "connection", None)
    if connection is None and url.startswith("postgres"):
        import psycopg2

        connection = _local.connection = psycopg2.connect(url)
        connection.autocommit = True
    elif connection is None:
        connection = _local.connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    if not url.startswith("postgres"):
        sql = sql.replace("%s", "?")
    cursor = connection.cursor()
    cursor.execute(sql, params)
    return cursor.fetchall()


def row(r):
    keys = ["id", "plan", "seq", "name", "mineral_as_printed", "area_km2", "as_of", "permit_no"]
    keys += ["holder", "holder_credit_code", "valid_from", "valid_to", "stage", "version"]
    values = dict(zip(keys, r[:4] + r[6:], strict=True))
    values["area_km2"] = float(values["area_km2"])
    values["mineral"] = {"id": r[4], "name": r[5]}
    values["stage_display"] = STAGES[values["stage"]]
    order = ["id", "plan", "seq", "name", "mineral", *keys[4:], "stage_display", "version"]
    return {key: values[key] for key in order}


def page(environ, params):
    where, args = " WHERE p.code = %s", [params.get("plan", "")]
    if "stage" in params:
        where, args = where + " AND r.stage = %s", [*args, params["stage"]]
    number, size = int(params.get("page", 1)), int(params.get("page_size", 50))
    count = query("SELECT count(*)" + FROM + where, args)[0][0]
    sql = f"SELECT {FIELDS}{FROM}{JOIN}{where} ORDER BY r.plan_id, r.seq LIMIT %s OFFSET %s"
    rows = query(sql, [*args, size, (number - 1) * size])
    base = f"http://{environ['HTTP_HOST']}{environ['PATH_INFO']}?"

    def link(n):  # DRF's links: sorted parameters, no page=1
        return base + urlencode(sorted({**params, "page": n}.items() - {("page", 1)}))

    return {
        "count": count,
        "next": link(number + 1) if number * size < count else None,
        "previous": link(number - 1) if number > 1 else None,
        "results": [row(r) for r in rows],
    }


def application(environ, start_response):
    params = dict(parse_qsl(environ.get("QUERY_STRING", "")))
    path = environ["PATH_INFO"]
    if detail := re.fullmatch(r"/api/v1/exploration-rights/(\d+)/", path):
        found = query(f"SELECT {FIELDS}{FROM}{JOIN} WHERE r.id = %s", [int(detail[1])])
        body = row(found[0]) if found else None
    else:
        body = page(environ, params) if path == "/api/v1/exploration-rights/" else None
    status = "200 OK" if body is not None else "404 Not Found"
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
    )
    return [data]
