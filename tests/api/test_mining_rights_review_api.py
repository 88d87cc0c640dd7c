"""GET /api/v1/conformance/mining-rights/: each mining right classed by 专栏18."""

import pytest

URL = "/api/v1/conformance/mining-rights/"


def test_every_right_with_its_class_counts_and_rectification_list(api_client, loaded_plan):
    body = api_client.get(URL).json()
    assert body["count"] == 24
    assert body["counts"] == {
        "large": 0,
        "medium": 3,
        "small": 1,
        "below_minimum": 15,
        "unknown": 5,
    }
    rows = {row["seq"]: row for row in body["results"]}
    assert rows[1]["scale_class"] == "medium"
    assert rows[23]["scale_class"] == "small"
    assert rows[6]["alternatives"] == {"underground": "small", "open_pit": "below_minimum"}
    assert rows[2]["to_rectify"] is True
    assert rows[2]["findings"][0]["reference"] == "四(三)"
    assert rows[2]["findings"][0]["reference_url"].endswith("#s4-3")
    assert sorted(body["rectification"]) == sorted(
        row["id"] for row in body["results"] if row["scale_class"] == "below_minimum"
    )
    unknown = api_client.get(URL, {"scale_class": "unknown"}).json()
    assert sorted(row["seq"] for row in unknown["results"]) == [6, 10, 12, 20, 21]
    assert api_client.get(URL, {"rectify": "true"}).json()["count"] == 15


@pytest.mark.parametrize(
    ("query", "status", "named"),
    [
        ({"scale_class": "huge"}, 400, "scale_class"),
        ({"rectify": "1"}, 400, "rectify"),
        ({"class": "small"}, 400, "class"),
        ({"plan": "none-such"}, 404, None),
    ],
)
def test_bad_queries_are_refused(api_client, loaded_plan, query, status, named):
    response = api_client.get(URL, query)
    assert response.status_code == status
    if named:
        assert named in response.json()["errors"]


def test_the_review_is_read_only(api_client, loaded_plan, superuser):
    assert api_client.post(URL, {}, format="json").status_code == 401
    api_client.force_authenticate(superuser)
    assert api_client.post(URL, {}, format="json").status_code == 405
