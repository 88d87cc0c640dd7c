"""One quantity, one series: targets on the same quantity read one set of yearly figures.

建筑用砂 annual output is a goal of 500 万立方米 in 专栏9 row 10 and a cap of 500 in the prose
of 二(三); 砖瓦用粘土 likewise (专栏9 row 9 and the prose). The prose targets read 专栏9's
series (``Indicator.figures_from``): a figure is entered once and judged by both.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from planportal.units import Unit
from targets.choices import Aggregation, Status, TargetKind
from targets.models import Indicator, IndicatorValue
from targets.selectors import indicator_same_quantity_targets, indicator_trend
from tests.api.urls import url
from tests.factories import make_value


def annotated(indicator):
    return Indicator.objects.with_completion().get(pk=indicator.pk)


@pytest.fixture
def sand_goal(plan):
    """专栏9 row 10: 建筑用砂 500 万立方米, the figure of 2025."""
    return Indicator.objects.get(plan=plan, group__code="column_9", seq=10)


@pytest.fixture
def sand_cap(plan):
    """The prose of 二(三): 建筑用砂年产矿石量控制在 500 万立方米."""
    return Indicator.objects.get(plan=plan, group__code="prose", seq=2)


def figure(indicator, **changes):
    return {
        "indicator": indicator.pk,
        "year": 2025,
        "value": "520",
        "unit": indicator.unit,
        "source": "statistical_report",
        **changes,
    }


def test_the_prose_targets_read_column_9s_series(plan, sand_goal, sand_cap):
    clay_goal = Indicator.objects.get(plan=plan, group__code="column_9", seq=9)
    clay_cap = Indicator.objects.get(plan=plan, group__code="prose", seq=3)
    assert sand_cap.figures_from == sand_goal
    assert clay_cap.figures_from == clay_goal
    assert (sand_cap.target_kind, sand_goal.target_kind) == (TargetKind.AT_MOST, TargetKind.VALUE)
    assert sand_cap.aggregation == clay_cap.aggregation == Aggregation.TARGET_YEAR
    # Measured once: the readers hold no figures; the 2020 baselines sit on 专栏9's rows.
    assert not IndicatorValue.objects.filter(indicator__in=[sand_cap, clay_cap]).exists()
    assert str(annotated(clay_cap).baseline_value) == "26.6000"


def test_one_figure_entered_once_moves_both_targets(sand_goal, sand_cap):
    assert annotated(sand_goal).status == annotated(sand_cap).status == Status.NO_DATA
    make_value(sand_goal, 2025, "520")
    goal, cap = annotated(sand_goal), annotated(sand_cap)
    assert str(goal.latest_value) == str(cap.latest_value) == "520.0000"
    # Each is judged by its own rule: a goal reached, a cap exceeded.
    assert goal.status == Status.MET
    assert str(goal.completion_rate) == "104.00"
    assert cap.status == Status.NOT_MET
    assert str(cap.cap_usage) == "104.00"


def test_a_reader_in_another_unit_converts_the_series(make_indicator, add_value):
    source = make_indicator(Unit.TEN_K_CUBIC_METRE, target="500")
    reader = make_indicator(
        Unit.CUBIC_METRE, target="6000000", kind=TargetKind.AT_MOST, figures_from=source
    )
    add_value(source, 2025, "520")
    row = annotated(reader)
    assert str(row.latest_value) == "5200000.0000"
    assert row.status == Status.MET


def test_a_readers_trend_draws_the_source_series_in_its_own_unit(make_indicator, add_value):
    source = make_indicator(Unit.TEN_K_CUBIC_METRE, target="500")
    reader = make_indicator(
        Unit.CUBIC_METRE, target="6000000", kind=TargetKind.AT_MOST, figures_from=source
    )
    add_value(source, 2024, "480")
    add_value(source, 2025, "520")
    trend = indicator_trend(reader)
    assert [(p.year, str(p.value)) for p in trend.points] == [
        (2024, "4800000.0000"),
        (2025, "5200000.0000"),
    ]


def test_both_verdicts_are_given_side_by_side(sand_goal, sand_cap):
    make_value(sand_goal, 2025, "520")
    (other,) = indicator_same_quantity_targets(sand_cap)
    assert other.pk == sand_goal.pk
    assert other.current_status == Status.MET
    assert "专栏9" in other.clause
    (other,) = indicator_same_quantity_targets(sand_goal)
    assert other.pk == sand_cap.pk
    assert other.current_status == Status.NOT_MET
    assert "二(三)" in other.clause


def test_a_figure_for_the_reader_is_refused_by_the_model(sand_cap):
    value = IndicatorValue(
        indicator=sand_cap, year=2025, value=1, unit=sand_cap.unit, source="statistical_report"
    )
    with pytest.raises(ValidationError) as raised:
        value.full_clean()
    assert "专栏9" in raised.value.message_dict["indicator"][0]


def test_a_figure_for_the_reader_is_refused_by_the_api(api_client, editor, sand_cap):
    api_client.force_authenticate(editor)
    response = api_client.post(url("indicator-values"), figure(sand_cap), format="json")
    assert response.status_code == 400, response.content
    assert "专栏9" in response.content.decode()
    assert not IndicatorValue.objects.filter(indicator=sand_cap).exists()


def test_a_figure_for_the_reader_is_refused_by_the_page_form(client, editor, sand_cap):
    client.force_login(editor)
    data = {k: v for k, v in figure(sand_cap).items() if k != "indicator"}
    response = client.post(reverse("targets:detail", args=[sand_cap.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not IndicatorValue.objects.filter(indicator=sand_cap).exists()


def test_a_figure_for_the_reader_is_refused_by_the_admin(client, superuser, loaded_plan, sand_cap):
    client.force_login(superuser)
    response = client.post(reverse("admin:targets_indicatorvalue_add"), figure(sand_cap))
    assert response.status_code == 200
    assert "专栏9" in str(response.context["errors"])
    assert not IndicatorValue.objects.filter(indicator=sand_cap).exists()


def test_a_target_with_figures_of_its_own_cannot_read_anothers(make_indicator, add_value):
    source = make_indicator(Unit.TEN_K_CUBIC_METRE, target="500")
    other = make_indicator(Unit.TEN_K_CUBIC_METRE, target="500")
    add_value(other, 2025, "1")
    other.figures_from = source
    with pytest.raises(ValidationError) as raised:
        other.full_clean()
    assert "figures_from" in raised.value.message_dict


def test_a_series_is_read_from_its_source_not_through_a_chain(make_indicator):
    source = make_indicator(Unit.TEN_K_CUBIC_METRE, target="500")
    reader = make_indicator(Unit.TEN_K_CUBIC_METRE, target="500", figures_from=source)
    chained = make_indicator(Unit.TEN_K_CUBIC_METRE, target="500")
    chained.figures_from = reader
    with pytest.raises(ValidationError):
        chained.full_clean()
    other_quantity = make_indicator(Unit.TEN_K_TONNE, target="500")
    other_quantity.figures_from = source
    with pytest.raises(ValidationError):
        other_quantity.full_clean()
