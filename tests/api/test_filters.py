"""Filters, search, ordering and pagination over the registers, with the plan's figures."""

import pytest

from deposits.models import Mineral
from tests.api.urls import url


def seqs(body):
    return {row["seq"] for row in body["results"]}


# The examples and the counts the plan prints (专栏2, 专栏3, 专栏4, zone tables).
@pytest.mark.parametrize(
    ("resource", "params", "count"),
    [
        ("exploration-rights", {"stage": "exploration"}, 29),
        ("exploration-rights", {"stage": "detailed"}, 4),
        ("exploration-rights", {"stage": "general"}, 2),
        ("exploration-rights", {"stage": "reconnaissance"}, 1),
        ("mining-rights", {"status": "producing"}, 8),
        ("mining-rights", {"status": "suspended"}, 16),
        ("deposits", {"mineral": "铁矿"}, 20),
        ("deposits", {"mineral": "铁"}, 20),
        ("deposits", {"work_degree": "exploration"}, 1),
        ("deposits", {"scale": "medium"}, 4),
        ("deposits", {"scale": "super_large"}, 1),
        ("zones", {"kind": "exploration_block"}, 15),
        ("zones", {"kind": "mining_block"}, 14),
        ("zones", {"kind": "concentrated_area"}, 4),
        ("zones", {"kind": "key_mining_area"}, 2),
        ("zones", {"kind": "mining_block", "mineral": "建筑用砂"}, 12),
        ("resource-reserves", {"mineral": "铁矿"}, 1),
        ("mining-rights", {"mineral": "砖瓦用粘土"}, 8),
        ("plans", {"period_start": 2021}, 1),
    ],
)
def test_filter_gives_the_plans_count(resource, params, count, plan, get_json):
    status, body = get_json(url(resource, **params))
    assert status == 200
    assert body["count"] == count


def test_mineral_filter_takes_an_alias_or_an_id(plan, get_json):
    iron = Mineral.objects.get(name="铁矿")
    by_name = get_json(url("deposits", mineral="铁矿", page_size=100))[1]
    by_alias = get_json(url("deposits", mineral="铁", page_size=100))[1]
    by_id = get_json(url("deposits", mineral_id=iron.pk, page_size=100))[1]
    assert seqs(by_name) == seqs(by_alias) == seqs(by_id) == set(range(1, 21))


def test_mining_right_by_alias_of_cement_limestone(plan, get_json):
    # 专栏4 row 10 prints 水泥用石灰岩; the catalogue's canonical name is 水泥用灰岩.
    body = get_json(url("mining-rights", mineral="水泥用石灰岩"))[1]
    assert seqs(body) == {10}


def test_copper_exploration_rights_are_the_rows_the_table_marks_copper(plan, get_json):
    body = get_json(url("exploration-rights", mineral="铜矿"))[1]
    assert seqs(body) == {1, 9, 16, 17, 20, 33, 35}


def test_area_range(plan, get_json):
    body = get_json(url("exploration-rights", area_min=30))[1]
    # 专栏3: 55.41, 32.37, 41.14, 35.61, 31.21, 45.13 km².
    assert seqs(body) == {13, 27, 29, 30, 34, 35}
    body = get_json(url("exploration-rights", area_min=30, area_max=40))[1]
    assert seqs(body) == {27, 30, 34}
    body = get_json(url("mining-rights", area_max="0.03"))[1]
    assert seqs(body) == {10, 15, 17}


def test_capacity_range(plan, get_json):
    # 专栏4: 60, 10 (万吨/年) and 15, 20, 12, 10, 10, 10 (万立方米/年) are at least 10.
    body = get_json(url("mining-rights", capacity_min=10, capacity_unit="10k_t_per_year"))[1]
    assert seqs(body) == {1, 6}
    body = get_json(url("mining-rights", capacity_min=15, capacity_max=20))[1]
    assert seqs(body) == {19, 24}


def test_filters_combine(plan, get_json):
    body = get_json(url("exploration-rights", stage="exploration", mineral="金矿"))[1]
    assert seqs(body) == {6, 8, 10, 11, 15, 21, 22, 30}


def test_plan_filter_by_code(plan, get_json):
    assert get_json(url("deposits", plan=plan.code))[1]["count"] == 23


def test_minerals_filter_by_alias_and_regulation(plan, get_json):
    body = get_json(url("minerals", name="铁"))[1]
    assert [row["name"] for row in body["results"]] == ["铁矿"]
    body = get_json(url("minerals", category="metal", page_size=1000))[1]
    assert body["count"] == Mineral.objects.filter(category="metal").count() > 0
    body = get_json(url("minerals", regulation="key", page_size=1000))[1]
    expected = Mineral.objects.filter(regulations__direction="key").distinct().count()
    assert body["count"] == expected


@pytest.mark.parametrize(
    ("resource", "params", "field"),
    [
        ("exploration-rights", {"stage": "nonsense"}, "stage"),
        ("exploration-rights", {"area_min": "abc"}, "area_min"),
        ("mining-rights", {"capacity_max": "十"}, "capacity_max"),
        ("mining-rights", {"status": "running"}, "status"),
        ("deposits", {"mineral": "不存在的矿"}, "mineral"),
        ("deposits", {"mineral_id": "x"}, "mineral_id"),
        ("deposits", {"scale": "huge"}, "scale"),
        ("deposits", {"plan": "no-such-plan"}, "plan"),
        ("zones", {"kind": "park"}, "kind"),
        ("indicators", {"attribute": "maybe"}, "attribute"),
        ("indicator-values", {"year": "last"}, "year"),
        ("deposits", {"ordering": "price"}, "ordering"),
        ("deposits", {"page_size": "many"}, "page_size"),
        ("deposits", {"page_size": "0"}, "page_size"),
    ],
)
def test_invalid_filter_value_is_a_400_naming_the_parameter(
    resource, params, field, plan, get_json
):
    status, body = get_json(url(resource, **params))
    assert status == 400
    assert field in body["errors"]
    assert field in body["detail"]
    assert "results" not in body


@pytest.mark.parametrize(
    ("resource", "term", "expected"),
    [
        ("exploration-rights", "玉希莫勒盖", {1, 33}),
        ("deposits", "式可布台", {1}),
        ("mining-rights", "砖厂", {13, 14, 15, 16, 17, 18, 22}),
        ("zones", "集中开采区", {1, 2, 3, 4}),
    ],
)
def test_search_over_names(resource, term, expected, plan, get_json):
    body = get_json(url(resource, search=term))[1]
    assert seqs(body) == expected


def test_search_by_mineral_name(plan, get_json):
    body = get_json(url("exploration-rights", search="白云岩"))[1]
    assert seqs(body) == {31}


def test_ordering_by_area_both_ways(plan, get_json):
    body = get_json(url("exploration-rights", ordering="-area_km2", page_size=3))[1]
    assert [row["seq"] for row in body["results"]] == [13, 35, 29]
    body = get_json(url("exploration-rights", ordering="area_km2", page_size=2))[1]
    assert [row["area_km2"] for row in body["results"]] == [0.86, 1.61]


def test_ordering_by_mineral_then_seq(plan, get_json):
    body = get_json(url("deposits", ordering="-seq"))[1]
    assert body["results"][0]["seq"] == 23


def test_pages_cover_every_row_once(plan, get_json):
    seen = []
    address = url("exploration-rights", page_size=10, ordering="area_km2")
    pages = 0
    while address:
        body = get_json(address)[1]
        assert body["count"] == 36
        seen.extend(row["seq"] for row in body["results"])
        address = body["next"]
        pages += 1
    assert pages == 4
    assert sorted(seen) == list(range(1, 37))


def test_second_page_links_back(plan, get_json):
    body = get_json(url("mining-rights", page_size=10, page=2))[1]
    assert len(body["results"]) == 10
    assert "page_size=10" in body["previous"]
    assert "page=3" in body["next"]


def test_default_page_size_is_50_and_at_most_1000(plan, get_json, make_user):
    from tests.factories import many_exploration_rights

    many_exploration_rights(plan, 1100)
    body = get_json(url("exploration-rights"))[1]
    assert len(body["results"]) == 50
    body = get_json(url("exploration-rights", page_size=5000))[1]
    assert len(body["results"]) == 1000
    assert body["count"] == 36 + 1100


def test_page_beyond_the_last_is_a_json_404(plan, get_json):
    status, body = get_json(url("deposits", page=99))
    assert status == 404
    assert body["detail"]


# ---------------------------------------------------------------------------------------
# Whole-number filters: ids and years


def filters_of_every_list():
    """(resource, parameter, filter) of every FilterSet the API registers."""
    from planportal.api.urls import router

    return [
        (prefix, name, filter_)
        for prefix, viewset, _basename in router.registry
        if getattr(viewset, "filterset_class", None) is not None
        for name, filter_ in viewset.filterset_class.base_filters.items()
    ]


def bounded_integer_filters():
    """(resource, parameter, largest value) of every id or year filter of every list."""
    from planportal.api.filters import BoundedIntegerFilter

    return [
        (resource, name, filter_.extra["max_value"])
        for resource, name, filter_ in filters_of_every_list()
        if isinstance(filter_, BoundedIntegerFilter)
    ]


def test_every_id_and_year_filter_is_a_bounded_whole_number():
    from planportal.api.filters import MAX_ID

    bounded = bounded_integer_filters()
    assert ("deposits", "mineral_id", MAX_ID) in bounded
    assert ("indicator-values", "indicator", MAX_ID) in bounded
    assert ("plans", "period_start", 9999) in bounded
    # The only plain number filters left are the decimal ranges (area, capacity).
    plain = [
        (resource, name)
        for resource, name, filter_ in filters_of_every_list()
        if type(filter_).__name__ == "NumberFilter"
    ]
    assert plain
    assert all(name.endswith(("_min", "_max")) for _resource, name in plain), plain


BOUNDED = bounded_integer_filters()


@pytest.mark.parametrize(
    "value", ["1.5", "0", "-1", "9223372036854775808", "99999999999999999999999", "1e3", "一"]
)
@pytest.mark.parametrize(("resource", "param", "largest"), BOUNDED)
def test_an_id_or_year_filter_refuses_fractions_and_out_of_range_numbers(
    resource, param, largest, value, plan, get_json
):
    status, body = get_json(url(resource, **{param: value}))
    assert status == 400, body
    assert set(body["errors"]) == {param}
    assert param in body["detail"]
    assert str(largest) in body["errors"][param][0]


@pytest.mark.parametrize(("resource", "param", "largest"), BOUNDED)
def test_an_id_or_year_filter_takes_its_largest_value(resource, param, largest, plan, get_json):
    status, body = get_json(url(resource, **{param: largest}))
    assert status == 200, body
    assert body["count"] == 0


def test_an_indicator_id_beyond_sqlites_integers_is_a_400_not_a_500(plan, get_json):
    status, body = get_json(url("indicator-values", indicator="99999999999999999999999"))
    assert status == 400
    assert "indicator" in body["errors"]


def test_a_mineral_id_with_a_fraction_is_not_rounded(plan, get_json):
    status, body = get_json(url("deposits", mineral_id="1.5"))
    assert status == 400
    assert "mineral_id" in body["errors"]


# ---------------------------------------------------------------------------------------
# Unknown query parameters


@pytest.mark.parametrize(
    ("resource", "params", "unknown"),
    [
        ("exploration-rights", {"status": "producing"}, "status"),
        ("exploration-rights", {"stag": "exploration"}, "stag"),
        ("mining-rights", {"stage": "exploration"}, "stage"),
        ("deposits", {"mineral": "铁矿", "minerals": "铜矿"}, "minerals"),
        ("plans", {"period": "2021"}, "period"),
        ("summary", {"plna": "xinyuan-2021-2025"}, "plna"),
    ],
)
def test_an_unknown_query_parameter_is_a_400_naming_it(resource, params, unknown, plan, get_json):
    status, body = get_json(url(resource, **params))
    assert status == 400
    assert set(body["errors"]) == {unknown}
    assert unknown in body["detail"]
    assert "results" not in body


def test_an_unknown_parameter_on_a_detail_is_a_400(plan, get_json):
    status, body = get_json(url("deposits", 1, stag="1"))
    assert status == 400
    assert "stag" in body["errors"]


def documented_list_parameters():
    """(path, the query parameters the schema documents for its GET)."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (path, sorted(p["name"] for p in item["get"].get("parameters", []) if p["in"] == "query"))
        for path, item in schema["paths"].items()
        if "get" in item and "{" not in path
    ]


@pytest.mark.parametrize(("path", "documented"), documented_list_parameters())
def test_the_400_lists_exactly_the_documented_parameters(path, documented, plan, get_json):
    status, body = get_json(f"{path}?no_such_parameter=1")
    assert status == 400
    (message,) = body["errors"]["no_such_parameter"]
    listed = message.rstrip("。.").rsplit(": ", 1)[-1].rsplit("：", 1)[-1].split(", ")
    assert sorted(set(listed) - {"format"}) == documented


@pytest.mark.parametrize(("path", "documented"), documented_list_parameters())
def test_every_documented_parameter_is_accepted(path, documented, plan, api_client):
    for name in documented:
        response = api_client.get(f"{path}?{name}=")
        assert response.status_code == 200, (path, name, response.json())
