"""The plan's text is data of the repository: pinned, loaded with the plan, read from nowhere else.

The text (fixtures/plan/xinyuan-mineral-plan-2021-2025.txt) is what every golden test compares
with; ``load_plan`` puts it into ``Plan.text`` so pages can show it. Its SHA-256 is committed
beside this test: a changed text must be a deliberate change, made together with the tests and
fixtures that quote it (then update ``plan-text.sha256`` with ``sha256sum``).
"""

import hashlib
import re
from pathlib import Path

from django.conf import settings

from planportal.models import Plan

REPOSITORY = Path(settings.BASE_DIR)
EXPECTED = Path(__file__).with_name("plan-text.sha256")


def test_the_plan_text_has_the_pinned_digest(plan_text, plan_text_path):
    digest = hashlib.sha256(plan_text.encode("utf-8")).hexdigest()
    assert digest == EXPECTED.read_text(encoding="utf-8").strip(), (
        f"{plan_text_path.relative_to(REPOSITORY)} changed; if on purpose, update {EXPECTED.name}."
    )


def test_the_plan_names_its_text_in_the_repository(loaded_plan, plan_text_path):
    assert loaded_plan.source_text == "fixtures/plan/xinyuan-mineral-plan-2021-2025.txt"
    assert (REPOSITORY / loaded_plan.source_text).resolve() == plan_text_path


def test_load_plan_loads_the_text_into_the_plan(loaded_plan, plan_text):
    text = Plan.objects.values_list("text", flat=True).get(pk=loaded_plan.pk)
    assert text == plan_text
    assert "新源县矿产资源总体规划" in text


# A path that leaves the repository (the old golden tests read the plan from the folder beside it).
OUTSIDE = re.compile(r"""\.\./|parent\s*/\s*["']shared["']|["']shared/""")


def test_no_test_reads_a_file_outside_the_repository():
    offending = [
        f"{path.relative_to(REPOSITORY)}:{number}: {line.strip()}"
        for path in sorted((REPOSITORY / "tests").rglob("*.py"))
        if path != Path(__file__)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if OUTSIDE.search(line)
    ]
    assert not offending, "Tests must read only files inside the repository:\n" + "\n".join(
        offending
    )
