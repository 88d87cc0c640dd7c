"""A ``?plan=`` that can name no plan (not a slug, a NUL character) is a 404, on every engine.

PostgreSQL refuses text holding a NUL character with an error, so such a code must never
reach the database (found by the write-fuzzing run on PostgreSQL: ``/api/v1/summary/?plan=%00``
answered 500).
"""

import pytest


@pytest.mark.parametrize("code", ["%00", "a%00b", "%E8%A7%84%E5%88%92", "x y"])
def test_the_summary_answers_404_for_a_code_no_plan_can_have(plan, client, code):
    response = client.get(f"/api/v1/summary/?plan={code}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("address", ["/", "/targets/", "/targets/review/"])
def test_pages_answer_404_for_a_code_no_plan_can_have(plan, client, address):
    assert client.get(f"{address}?plan=%00").status_code == 404


def test_a_real_plan_code_still_selects_the_plan(plan, client):
    assert client.get(f"/api/v1/summary/?plan={plan.code}").status_code == 200
    assert client.get(f"/targets/?plan={plan.code}").status_code == 200
