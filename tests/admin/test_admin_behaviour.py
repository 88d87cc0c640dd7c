"""What staff do on the admin screens: search, filter, read an indicator's actual figures,
and have the figures they enter signed with their account."""

from decimal import Decimal

from django.urls import reverse

from deposits.models import Deposit
from rights.models import ExplorationRight
from targets.models import IndicatorValue
from tests.factories import make_indicator, make_mineral, make_row


def changelist_rows(client, model, **params):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url, params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_deposit_search_finds_a_mineral_by_its_alias(admin_client_zh, test_plan):
    limestone = make_mineral("测试水泥用灰岩", aliases=["测试水泥用石灰岩"])
    wanted = make_row(Deposit, test_plan)
    wanted.mineral = limestone
    wanted.save()
    other = make_row(Deposit, test_plan)

    rows = changelist_rows(admin_client_zh, Deposit, q="测试水泥用石灰岩")

    assert wanted in rows
    assert other not in rows


def test_deposit_search_finds_the_loaded_iron_deposits(admin_client_zh, loaded_plan):
    rows = changelist_rows(admin_client_zh, Deposit, q="铁", plan__id__exact=loaded_plan.pk)
    iron = Deposit.objects.filter(plan=loaded_plan, mineral__name="铁矿")
    assert iron.exists()
    assert set(iron) <= set(rows)


def test_exploration_right_filter_by_stage(admin_client_zh, test_plan):
    exploring = make_row(ExplorationRight, test_plan)
    surveying = make_row(ExplorationRight, test_plan)
    surveying.stage = "general"
    surveying.save()

    rows = changelist_rows(
        admin_client_zh, ExplorationRight, stage__exact="general", plan__id__exact=test_plan.pk
    )

    assert rows == [surveying]
    assert exploring not in rows


def test_exploration_right_filter_matches_the_loaded_register(admin_client_zh, loaded_plan):
    rows = changelist_rows(
        admin_client_zh,
        ExplorationRight,
        stage__exact="exploration",
        plan__id__exact=loaded_plan.pk,
    )
    expected = ExplorationRight.objects.filter(plan=loaded_plan, stage="exploration")
    assert len(rows) == expected.count() > 0


def test_indicator_change_page_shows_its_actual_figures_inline(admin_client_zh, test_plan):
    indicator = make_indicator(test_plan)
    for year, value in ((2021, "12.5"), (2022, "47.25")):
        IndicatorValue.objects.create(
            indicator=indicator, year=year, value=Decimal(value), unit="10k_t", source="register"
        )
    url = reverse("admin:targets_indicator_change", args=[indicator.pk])

    response = admin_client_zh.get(url)

    assert response.status_code == 200
    (inline,) = [
        f for f in response.context["inline_admin_formsets"] if f.formset.model is IndicatorValue
    ]
    assert [form.instance.year for form in inline.formset.initial_forms] == [2021, 2022]
    page = response.content.decode()
    assert "实际值" in page
    assert "47.25" in page


def test_actual_figure_added_in_admin_is_signed_by_the_user(admin_client_zh, superuser, test_plan):
    indicator = make_indicator(test_plan)
    response = admin_client_zh.post(
        reverse("admin:targets_indicatorvalue_add"),
        {
            "indicator": indicator.pk,
            "year": 2023,
            "value": "33.3",
            "unit": "10k_t",
            "source": "statistical_report",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    value = IndicatorValue.objects.get(indicator=indicator, year=2023)
    assert value.entered_by == superuser
    assert value.value == Decimal("33.3")


def test_actual_figure_keeps_who_entered_it_when_another_user_edits(
    admin_client_zh, make_user, test_plan
):
    clerk = make_user("clerk", staff=True)
    indicator = make_indicator(test_plan)
    value = IndicatorValue.objects.create(
        indicator=indicator,
        year=2024,
        value=Decimal("1"),
        unit="10k_t",
        source="register",
        entered_by=clerk,
    )
    response = admin_client_zh.post(
        reverse("admin:targets_indicatorvalue_change", args=[value.pk]),
        {
            "indicator": indicator.pk,
            "year": 2024,
            "value": "2",
            "unit": "10k_t",
            "source": "register",
        },
    )
    assert response.status_code == 302
    value.refresh_from_db()
    assert value.value == Decimal("2")
    assert value.entered_by == clerk


def test_actual_figure_added_inline_under_its_indicator_is_signed(
    admin_client_zh, superuser, test_plan
):
    indicator = make_indicator(test_plan, mineral=make_mineral())
    url = reverse("admin:targets_indicator_change", args=[indicator.pk])
    data = {
        "plan": test_plan.pk,
        "group": indicator.group.pk,
        "seq": indicator.seq,
        "name": indicator.name,
        "mineral": indicator.mineral.pk,
        "unit": indicator.unit,
        "target_year": indicator.target_year,
        "target_kind": indicator.target_kind,
        "target_value": "45",
        "attribute": indicator.attribute,
        "values-TOTAL_FORMS": "1",
        "values-INITIAL_FORMS": "0",
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
        "values-0-year": "2025",
        "values-0-value": "51.2",
        "values-0-unit": "10k_t",
        "values-0-source": "statistical_report",
        "values-0-indicator": indicator.pk,
    }

    response = admin_client_zh.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    value = indicator.values.get(year=2025)
    assert value.value == Decimal("51.2")
    assert value.entered_by == superuser


def test_an_edit_in_admin_is_kept_in_the_history(admin_client_zh, superuser, test_plan):
    right = make_row(ExplorationRight, test_plan)
    url = reverse("admin:rights_explorationright_change", args=[right.pk])
    data = {
        "plan": test_plan.pk,
        "seq": right.seq,
        "name": "改名后的探矿权",
        "mineral": right.mineral.pk,
        "stage": "detailed",
        "area_km2": "4.98",
        "as_of": "2025-12-31",
        # The block placement inline (review/admin.py), left empty.
        "block_placement-TOTAL_FORMS": "0",
        "block_placement-INITIAL_FORMS": "0",
        "block_placement-MIN_NUM_FORMS": "0",
        "block_placement-MAX_NUM_FORMS": "1",
    }
    assert admin_client_zh.post(url, data).status_code == 302
    latest = right.history.latest()
    assert latest.name == "改名后的探矿权"
    assert latest.history_user == superuser
    history_page = admin_client_zh.get(
        reverse("admin:rights_explorationright_history", args=[right.pk])
    ).content.decode()
    assert "改名后的探矿权" in history_page
    assert superuser.username in history_page


def test_indicator_changelist_shows_the_computed_completion(admin_client_zh, loaded_plan):
    from targets.models import Indicator

    url = reverse("admin:targets_indicator_changelist")
    response = admin_client_zh.get(
        url, {"group__id__exact": loaded_plan.indicatorgroup_set.get(code="review_production").pk}
    )
    text = response.content.decode()
    # 砖瓦用粘土 26.6 / 80 = 33.25 %, as the plan prints it; status label in Chinese.
    assert "33.25" in text
    clay = next(i for i in response.context["cl"].result_list if i.name == "砖瓦用粘土")
    assert clay.current_completion_rate == Decimal("33.25")
    assert Indicator.objects.with_live().get(pk=clay.pk).current_status == "not_met"


def test_an_at_most_target_shows_the_share_of_its_cap_not_a_completion(
    admin_client_zh, loaded_plan
):
    mines = loaded_plan.indicator_set.get(live_metric="mine_count")
    url = reverse("admin:targets_indicator_changelist")
    response = admin_client_zh.get(url, {"group__id__exact": mines.group_id})
    assert "占上限 120 %" in response.content.decode()
