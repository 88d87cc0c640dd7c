"""Every admin screen opens, in Chinese by default and in English when the user picks it."""

import pytest
from django.contrib import admin
from django.urls import reverse

from deposits.models import Deposit, Mineral, MineralClass, MineralRegulation, ResourceReserve
from planportal.models import Plan
from rights.models import ExplorationRight, MinimumScaleRule, MiningRight, ScaleStandard
from targets.models import Indicator, IndicatorGroup, IndicatorValue, KeyProject, StatedFigure
from tests.factories import make_row
from zones.models import DevelopmentRegion, PlanningArea

PORTAL_MODELS = [
    Plan,
    Mineral,
    MineralRegulation,
    MineralClass,
    Deposit,
    ResourceReserve,
    ExplorationRight,
    MiningRight,
    ScaleStandard,
    MinimumScaleRule,
    PlanningArea,
    DevelopmentRegion,
    IndicatorGroup,
    Indicator,
    IndicatorValue,
    KeyProject,
    StatedFigure,
]
LANGUAGES = {"zh-hans": "admin_client_zh", "en": "admin_client_en"}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_of_the_portal_has_an_admin():
    for model in PORTAL_MODELS:
        assert admin.site.is_registered(model), f"{model.__name__} has no admin screen"


def test_every_admin_keeps_change_history():
    from simple_history.admin import SimpleHistoryAdmin

    for model in PORTAL_MODELS:
        assert isinstance(admin.site._registry[model], SimpleHistoryAdmin), model.__name__


@pytest.fixture(params=list(LANGUAGES))
def language_client(request):
    return request.param, request.getfixturevalue(LANGUAGES[request.param])


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=lambda m: m.__name__)
def test_changelist_add_change_and_history_pages_open(model, language_client, test_plan):
    language, client = language_client
    row = make_row(model, test_plan)
    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", row.pk),
        admin_url(model, "history", row.pk),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'lang="{language}"' in response.content.decode(), url


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=lambda m: m.__name__)
def test_changelist_lists_the_loaded_plan(model, admin_client_zh):
    response = admin_client_zh.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count()


def test_admin_index_is_in_chinese_by_default(admin_client_zh):
    page = admin_client_zh.get(reverse("admin:index")).content.decode()
    assert "规划门户管理" in page
    assert "探矿权" in page
    assert "采矿权" in page
    assert "矿床" in page


def test_admin_index_is_in_english_when_picked(admin_client_en):
    page = admin_client_en.get(reverse("admin:index")).content.decode()
    assert "Plan Portal administration" in page
    assert "Exploration rights" in page
    assert "Mining rights" in page


def test_exploration_right_changelist_shows_chinese_labels(admin_client_zh, test_plan):
    make_row(ExplorationRight, test_plan)
    page = admin_client_zh.get(
        admin_url(ExplorationRight, "changelist"), {"plan__id__exact": test_plan.pk}
    ).content.decode()
    for label in ("探矿权", "勘查阶段", "勘探", "面积（平方千米）", "专栏3", "矿种"):
        assert label in page, label
    assert "exploration right" not in page


def test_exploration_right_changelist_in_english(admin_client_en, test_plan):
    make_row(ExplorationRight, test_plan)
    page = admin_client_en.get(
        admin_url(ExplorationRight, "changelist"), {"plan__id__exact": test_plan.pk}
    ).content.decode()
    for label in ("exploration right", "Stage", "Box 3", "Mineral"):
        assert label in page, label


def test_mining_right_changelist_shows_capacity_with_unit_and_status(admin_client_zh, test_plan):
    make_row(MiningRight, test_plan)
    page = admin_client_zh.get(
        admin_url(MiningRight, "changelist"), {"plan__id__exact": test_plan.pk}
    ).content.decode()
    for label in ("30 万吨/年", "生产", "露天开采", "生产规模", "专栏4"):
        assert label in page, label


def test_planning_area_source_table_follows_its_kind(admin_client_zh, test_plan):
    area = make_row(PlanningArea, test_plan)
    url = admin_url(PlanningArea, "changelist")
    page = admin_client_zh.get(url, {"plan__id__exact": test_plan.pk}).content.decode()
    assert "专栏15" in page
    assert "勘查规划区块" in page
    area.kind = "concentrated_area"
    area.save()
    page = admin_client_zh.get(url, {"plan__id__exact": test_plan.pk}).content.decode()
    assert "砂石粘土集中开采区" in page
    assert "专栏15" not in page


def test_seq_is_the_first_column_of_the_plan_tables():
    for model in (Deposit, ExplorationRight, MiningRight, PlanningArea, ResourceReserve):
        assert admin.site._registry[model].list_display[0] == "seq", model.__name__
