"""The loaded plan is the same on every database: one digest, committed beside this test.

Both test runs (SQLite and PostgreSQL) compare the digest of what ``load_plan`` put in the
database with ``plan.sha256``. When the fixtures change on purpose, update the file with
``python manage.py plan_digest > tests/golden/plan.sha256`` on a freshly loaded database.
"""

from pathlib import Path

from django.db import connection

from planportal.loader import plan_digest

EXPECTED = Path(__file__).with_name("plan.sha256")


def test_the_loaded_plan_has_the_committed_digest(loaded_plan):
    expected = EXPECTED.read_text(encoding="utf-8").strip()
    assert plan_digest() == expected, (
        f"The plan loaded into {connection.vendor} differs from the committed digest. If the "
        "fixtures changed on purpose, run `manage.py plan_digest > tests/golden/plan.sha256`."
    )
