"""The suite's test data: one builder per kind of row, plain functions with keyword overrides.

Every ``make_*`` function saves one row with sensible defaults; any keyword names a field of
the model and overrides its default. Rows of a plan get the next free ``seq`` in that plan
(never one of the loaded plan's), minerals may be given by name (looked up, or created).
The ``many_*`` functions add many rows at once (``bulk_create``), each referring to its own
mineral, group, indicator or user, so that a query per row shows in a query count.

Fixtures compose these in the conftest files (``own_plan``, ``make_indicator`` bound to it,
``many_records``...); test modules import them from here, never from a conftest.
"""

from datetime import date
from decimal import Decimal
from itertools import count

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Max

from deposits.models import (
    Deposit,
    Mineral,
    MineralAlias,
    MineralClass,
    MineralClassMember,
    MineralRegulation,
    ResourceReserve,
)
from planportal.choices import MineStatus, Scale, Stage
from planportal.models import Plan
from planportal.units import Unit
from rights.models import ExplorationRight, MinimumScaleRule, MiningRight, ScaleStandard
from targets.choices import Attribute, TargetKind, ValueSource
from targets.models import Indicator, IndicatorGroup, IndicatorValue, KeyProject, StatedFigure
from zones.models import DevelopmentRegion, PlanningArea, ZoneKind

PASSWORD = "test-password-不可猜"

_serial = count(1)


def _next_seq(rows):
    """The next free ``seq`` among ``rows`` (a queryset of one plan, group or kind)."""
    return (rows.aggregate(last=Max("seq"))["last"] or 0) + 1


def _period(plan, period):
    return period or (plan.period_start, plan.period_end)


# ---------------------------------------------------------------------------------------
# People and clients


def make_user(username=None, *, staff=False, superuser=False, perms=(), **fields):
    """A user with the test password; ``perms`` are "app_label.codename" strings."""
    user = get_user_model().objects.create_user(
        username=username or f"user-{next(_serial)}",
        password=PASSWORD,
        is_staff=staff,
        is_superuser=superuser,
        **fields,
    )
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def client_in(client, language):
    """``client`` with ``language`` chosen (the cookie the language switch sets)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


# ---------------------------------------------------------------------------------------
# One row of each kind


def make_plan(code=None, *, period=(2026, 2030), **fields):
    """An empty plan of its own beside the loaded one (2026–2030 unless ``period`` says)."""
    n = next(_serial)
    return Plan.objects.create(
        **{
            "code": code or f"test-plan-{n}",
            "name": f"测试规划{n}",
            "region_name": "测试县",
            "period_start": period[0],
            "period_end": period[1],
            "base_year": period[0] - 1,
            **fields,
        }
    )


def make_mineral(name=None, *, aliases=(), **fields):
    """The mineral called ``name`` (created if the database has none); a new one without it."""
    name = name or f"测试矿{next(_serial)}"
    mineral = Mineral.objects.get_or_create(name=name, defaults=fields)[0]
    for alias in aliases:
        MineralAlias.objects.get_or_create(mineral=mineral, name=alias)
    return mineral


def _mineral(mineral):
    """A mineral given as a row, a name, or None (then a new one)."""
    return mineral if isinstance(mineral, Mineral) else make_mineral(mineral)


def make_regulation(plan, mineral=None, **fields):
    return MineralRegulation.objects.create(
        **{"plan": plan, "mineral": _mineral(mineral), "direction": "key", **fields}
    )


def make_mineral_class(plan, code=None, *, minerals=(), **fields):
    """A mineral class of ``plan`` (砂石粘土类: code ``sand_clay``) with ``minerals`` as members."""
    code = code or f"class-{next(_serial)}"
    mineral_class = MineralClass.objects.create(
        **{"plan": plan, "code": code, "name": f"{code} 类", **fields}
    )
    for mineral in minerals:
        MineralClassMember.objects.create(mineral_class=mineral_class, mineral=_mineral(mineral))
    return mineral_class


def make_deposit(plan, mineral="铁矿", **fields):
    n = next(_serial)
    return Deposit.objects.create(
        **{
            "plan": plan,
            "seq": _next_seq(Deposit.objects.filter(plan=plan)),
            "name": f"测试矿床{n}",
            "mineral": _mineral(mineral),
            "work_degree": Stage.GENERAL,
            "scale": Scale.SMALL,
            **fields,
        }
    )


def make_resource_reserve(plan, mineral="铁矿", **fields):
    return ResourceReserve.objects.create(
        **{
            "plan": plan,
            "seq": _next_seq(ResourceReserve.objects.filter(plan=plan)),
            "mineral": _mineral(mineral),
            "deposit_count": 1,
            "basis": "ore",
            "unit": Unit.TEN_K_TONNE,
            "retained_amount": Decimal("1.5"),
            "cumulative_amount": Decimal("2.5"),
            **fields,
        }
    )


def make_exploration_right(plan, mineral="铜矿", *, area_km2="2.5", **fields):
    n = next(_serial)
    return ExplorationRight.objects.create(
        **{
            "plan": plan,
            "seq": _next_seq(ExplorationRight.objects.filter(plan=plan)),
            "name": f"测试探矿权{n}",
            "mineral": _mineral(mineral),
            "area_km2": Decimal(area_km2),
            "stage": Stage.GENERAL,
            **fields,
        }
    )


def make_mining_right(plan, mineral="铁矿", *, area_km2="0.5", capacity="10", **fields):
    """A producing mine of 10 万吨/年 with no registered scale."""
    n = next(_serial)
    return MiningRight.objects.create(
        **{
            "plan": plan,
            "seq": _next_seq(MiningRight.objects.filter(plan=plan)),
            "name": f"测试采矿权{n}",
            "mineral": _mineral(mineral),
            "area_km2": Decimal(area_km2),
            "capacity": Decimal(capacity),
            "capacity_unit": Unit.TEN_K_TONNE_PER_YEAR,
            "status": MineStatus.PRODUCING,
            **fields,
        }
    )


def make_scale_standard(plan, mineral=None, **fields):
    mineral = _mineral(mineral)
    return ScaleStandard.objects.create(
        **{
            "plan": plan,
            "seq": _next_seq(ScaleStandard.objects.filter(plan=plan)),
            "mineral": mineral,
            "mineral_as_printed": mineral.name,
            "unit": Unit.TEN_K_TONNE_PER_YEAR,
            "unit_as_printed": "矿石万吨/年",
            "large_min": Decimal("100"),
            "medium_min": Decimal("30"),
            "small_min": Decimal("5"),
            **fields,
        }
    )


def make_minimum_scale_rule(plan, mineral=None, **fields):
    mineral = _mineral(mineral)
    return MinimumScaleRule.objects.create(
        **{
            "plan": plan,
            "seq": _next_seq(MinimumScaleRule.objects.filter(plan=plan)),
            "clause": "四(二)",
            "mineral": mineral,
            "min_capacity": Decimal("30"),
            "unit": Unit.TEN_K_TONNE_PER_YEAR,
            "as_printed": f"{mineral.name}30万吨/年（不含）以下",
            **fields,
        }
    )


def make_zone(plan, mineral="铁矿", *, kind=ZoneKind.EXPLORATION_BLOCK, **fields):
    """A planning area (勘查规划区块 unless ``kind`` says)."""
    n = next(_serial)
    if kind == ZoneKind.EXPLORATION_BLOCK:
        fields.setdefault("stage", Stage.GENERAL)
    return PlanningArea.objects.create(
        **{
            "plan": plan,
            "kind": kind,
            "seq": _next_seq(PlanningArea.objects.filter(plan=plan, kind=kind)),
            "name": f"测试区块{n}",
            "mineral": _mineral(mineral),
            "area_km2": Decimal("12.3"),
            **fields,
        }
    )


def make_development_region(plan, **fields):
    n = next(_serial)
    return DevelopmentRegion.objects.create(
        **{
            "plan": plan,
            "seq": _next_seq(DevelopmentRegion.objects.filter(plan=plan)),
            "name": f"测试重点区域{n}",
            "development_direction": "发展",
            "exploration_direction": "勘查",
            "exploitation_direction": "开发",
            **fields,
        }
    )


def make_key_project(plan, mineral="铁矿", **fields):
    n = next(_serial)
    return KeyProject.objects.create(
        **{
            "plan": plan,
            "group": "专栏21",
            "group_title": "重点矿山建设工程",
            "seq": _next_seq(KeyProject.objects.filter(plan=plan)),
            "name": f"测试重点项目{n}",
            "mineral": _mineral(mineral),
            "capacity": Decimal("60"),
            "capacity_unit": Unit.TEN_K_TONNE_PER_YEAR,
            **fields,
        }
    )


def make_stated_figure(plan, **fields):
    n = next(_serial)
    return StatedFigure.objects.create(
        **{
            "plan": plan,
            "seq": _next_seq(StatedFigure.objects.filter(plan=plan)),
            "clause": "二(一)",
            "subject": f"测试陈述{n}",
            "value": Decimal("8.95"),
            "unit": Unit.KM2,
            "as_printed": "面积 8.95 平方千米",
            **fields,
        }
    )


def make_group(plan, code=None, *, period=None, order=0, **fields):
    """An indicator group (专栏) spanning ``period``, the plan's own unless given."""
    code = code or f"group-{next(_serial)}"
    start, end = _period(plan, period)
    return IndicatorGroup.objects.create(
        **{
            "plan": plan,
            "code": code,
            "title": f"专栏 {code}",
            "order": order,
            "period_start": start,
            "period_end": end,
            **fields,
        }
    )


def make_indicator(
    plan,
    unit=Unit.TEN_K_TONNE,
    *,
    target=None,
    kind=TargetKind.VALUE,
    low=None,
    high=None,
    group="g",
    period=None,
    **fields,
):
    """An indicator in ``unit``; ``target`` is a value or bound, ``low``/``high`` a range.

    ``group`` is a group or the code of one (created spanning ``period``, by default the
    plan's, when the plan has none of that code); the target year is the group's last
    year unless ``target_year`` is given. With no target the indicator is untargeted.
    """
    if not isinstance(group, IndicatorGroup):
        group = IndicatorGroup.objects.filter(plan=plan, code=group).first() or make_group(
            plan, group, period=period
        )
    seq = _next_seq(group.indicators.all())
    indicator = Indicator(
        **{
            "plan": plan,
            "group": group,
            "seq": seq,
            "name": f"测试指标{seq}",
            "unit": unit,
            "target_year": group.period_end,
            "target_kind": kind,
            "target_value": None if target is None else Decimal(target),
            "target_low": None if low is None else Decimal(low),
            "target_high": None if high is None else Decimal(high),
            **fields,
        }
    )
    indicator.full_clean()
    indicator.save()
    return indicator


def make_value(indicator, year, value, unit=None, *, stated=None, **fields):
    """The actual figure of ``indicator`` in ``year`` (in its own unit unless ``unit``);
    ``stated`` is a completion rate as printed beside it."""
    figure = IndicatorValue(
        **{
            "indicator": indicator,
            "year": year,
            "value": Decimal(value),
            "unit": unit or indicator.unit,
            "source": ValueSource.STATISTICAL_REPORT,
            "stated_completion_rate": None if stated is None else Decimal(stated),
            **fields,
        }
    )
    figure.full_clean()
    figure.save()
    return figure


def make_row(model, plan):
    """One valid row of ``model`` in ``plan`` with every field the admin shows filled in,
    referring to a new mineral (and group, indicator) of its own."""
    if model is Plan:
        return make_plan()
    if model is Mineral:
        n = next(_serial)
        return make_mineral(f"测试矿{n}", aliases=[f"测试矿别名{n}"], category="metal")
    if model is IndicatorGroup:
        return make_group(plan)
    if model is Indicator:
        return make_indicator(
            plan,
            target="45",
            kind=TargetKind.AT_LEAST,
            group=make_group(plan),
            mineral=make_mineral(category="metal"),
            attribute=Attribute.EXPECTED,
        )
    if model is IndicatorValue:
        return make_value(make_row(Indicator, plan), plan.period_start, "12.5", source="register")
    mineral = make_mineral(category="metal")
    if model is MineralRegulation:
        return make_regulation(plan, mineral)
    if model is MineralClass:
        return make_mineral_class(plan, minerals=[mineral], clause="三(三)")
    if model is Deposit:
        return make_deposit(plan, mineral)
    if model is ResourceReserve:
        return make_resource_reserve(plan, mineral)
    if model is ExplorationRight:
        return make_exploration_right(
            plan, mineral, area_km2="4.98", stage=Stage.EXPLORATION, as_of=date(2025, 12, 31)
        )
    if model is MiningRight:
        return make_mining_right(
            plan, mineral, capacity="30", mining_method="open_pit", as_of=date(2025, 12, 31)
        )
    if model is ScaleStandard:
        return make_scale_standard(plan, mineral)
    if model is MinimumScaleRule:
        return make_minimum_scale_rule(plan, mineral)
    if model is PlanningArea:
        return make_zone(plan, mineral)
    if model is DevelopmentRegion:
        return make_development_region(plan)
    if model is KeyProject:
        return make_key_project(plan, mineral)
    if model is StatedFigure:
        return make_stated_figure(plan)
    raise LookupError(f"no factory for {model}")


# ---------------------------------------------------------------------------------------
# Many rows at once, for the query-count and paging tests

ROWS = 60


def many_minerals(plan, count, prefix="多行"):
    """``count`` new minerals, each with an alias and a regulation in ``plan``."""
    minerals = _new_minerals(count, prefix)
    MineralAlias.objects.bulk_create(
        MineralAlias(mineral=mineral, name=f"{mineral.name}别名") for mineral in minerals
    )
    MineralRegulation.objects.bulk_create(
        MineralRegulation(plan=plan, mineral=mineral, direction="key") for mineral in minerals
    )
    return minerals


def _new_minerals(count, prefix):
    minerals = Mineral.objects.bulk_create(
        Mineral(name=f"{prefix}矿{index}", category="metal") for index in range(count)
    )
    return list(Mineral.objects.filter(pk__in=[mineral.pk for mineral in minerals]))


def many_plans(plan, count):
    Plan.objects.bulk_create(
        Plan(
            code=f"many-{index}",
            name=f"测试规划{index}",
            region_name="测试县",
            region_code="654025",
            period_start=2026,
            period_end=2030,
            base_year=2025,
        )
        for index in range(count)
    )


def many_deposits(plan, count):
    Deposit.objects.bulk_create(
        Deposit(
            plan=plan,
            seq=1000 + index,
            name=f"测试矿区{index}",
            mineral=mineral,
            work_degree=Stage.GENERAL,
            scale=Scale.SMALL,
        )
        for index, mineral in enumerate(_new_minerals(count, "矿床"))
    )


def many_resource_reserves(plan, count):
    ResourceReserve.objects.bulk_create(
        ResourceReserve(
            plan=plan,
            seq=1000 + index,
            mineral=mineral,
            deposit_count=1,
            basis="ore",
            unit=Unit.TEN_K_TONNE,
            retained_amount=Decimal("1"),
            cumulative_amount=Decimal("2"),
        )
        for index, mineral in enumerate(_new_minerals(count, "资源量"))
    )


def many_exploration_rights(plan, count):
    """``count`` extra exploration rights, each of its own mineral."""
    ExplorationRight.objects.bulk_create(
        ExplorationRight(
            plan=plan,
            seq=1000 + index,
            name=f"测试探矿权 {index}",
            mineral=mineral,
            area_km2=Decimal("1.5"),
            stage=Stage.GENERAL,
        )
        for index, mineral in enumerate(_new_minerals(count, "探矿权"))
    )


def many_mining_rights(plan, count):
    MiningRight.objects.bulk_create(
        MiningRight(
            plan=plan,
            seq=1000 + index,
            name=f"测试采矿权 {index}",
            mineral=mineral,
            area_km2=Decimal("0.5"),
            capacity=Decimal("3"),
            capacity_unit=Unit.TEN_K_TONNE_PER_YEAR,
            status=MineStatus.PRODUCING,
        )
        for index, mineral in enumerate(_new_minerals(count, "采矿权"))
    )


def many_zones(plan, count):
    PlanningArea.objects.bulk_create(
        PlanningArea(
            plan=plan,
            kind=ZoneKind.EXPLORATION_BLOCK,
            seq=1000 + index,
            name=f"测试勘查区块 {index}",
            mineral=mineral,
            area_km2=Decimal("2"),
            stage=Stage.GENERAL,
        )
        for index, mineral in enumerate(_new_minerals(count, "区块"))
    )


def many_development_regions(plan, count):
    DevelopmentRegion.objects.bulk_create(
        DevelopmentRegion(
            plan=plan,
            seq=1000 + index,
            name=f"测试重点区域 {index}",
            development_direction="发展",
            exploration_direction="勘查",
            exploitation_direction="开发",
        )
        for index in range(count)
    )


def many_indicators(plan, count):
    group = make_group(plan, "many-indicators", order=98)
    return Indicator.objects.bulk_create(
        Indicator(
            plan=plan,
            group=group,
            seq=index + 1,
            name=f"测试指标{index}",
            mineral=mineral,
            unit=Unit.TEN_K_TONNE,
            target_year=group.period_end,
            target_kind=TargetKind.AT_LEAST,
            target_value=Decimal("1"),
        )
        for index, mineral in enumerate(_new_minerals(count, "指标"))
    )


def many_indicator_values(plan, count):
    """``count`` figures: ten years of each of count / 10 indicators, each entered by a user."""
    user = make_user("many-values")
    indicators = many_indicators(plan, -(-count // 10))
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicators[index // 10],
            year=2030 + index % 10,
            value=Decimal("1"),
            unit=indicators[index // 10].unit,
            source=ValueSource.OTHER,
            entered_by=user,
        )
        for index in range(count)
    )


def many_key_projects(plan, count):
    KeyProject.objects.bulk_create(
        KeyProject(
            plan=plan,
            group="专栏99",
            group_title="测试重点项目",
            seq=index + 1,
            name=f"测试项目{index}",
            mineral=mineral,
        )
        for index, mineral in enumerate(_new_minerals(count, "项目"))
    )


def many_scale_standards(plan, count):
    ScaleStandard.objects.bulk_create(
        ScaleStandard(
            plan=plan,
            seq=1000 + index,
            mineral=mineral,
            mineral_as_printed=mineral.name,
            unit=Unit.TEN_K_TONNE_PER_YEAR,
            unit_as_printed="万吨/年",
            large_min=Decimal("100"),
            medium_min=Decimal("30"),
            small_min=Decimal("5"),
        )
        for index, mineral in enumerate(_new_minerals(count, "标准"))
    )


# The API resource each ``many_*`` function fills.
MANY = {
    "plans": many_plans,
    "minerals": many_minerals,
    "deposits": many_deposits,
    "resource-reserves": many_resource_reserves,
    "exploration-rights": many_exploration_rights,
    "mining-rights": many_mining_rights,
    "zones": many_zones,
    "development-regions": many_development_regions,
    "indicators": many_indicators,
    "indicator-values": many_indicator_values,
    "key-projects": many_key_projects,
    "scale-standards": many_scale_standards,
}


def add_many_records(plan, n=120):
    """Add ``n`` rows to every register of ``plan`` and a group of ``n // 10`` indicators
    with five yearly figures each: enough to fill several pages of every list."""
    iron = Mineral.objects.resolve("铁矿")
    start = 1000
    Deposit.objects.bulk_create(
        Deposit(
            plan=plan,
            seq=start + i,
            name=f"测试矿床{i}",
            mineral=iron,
            work_degree=Stage.GENERAL,
            scale=Scale.SMALL,
        )
        for i in range(n)
    )
    ExplorationRight.objects.bulk_create(
        ExplorationRight(
            plan=plan,
            seq=start + i,
            name=f"测试探矿权{i}",
            mineral=iron,
            stage=Stage.GENERAL,
            area_km2=Decimal("1.5"),
        )
        for i in range(n)
    )
    MiningRight.objects.bulk_create(
        MiningRight(
            plan=plan,
            seq=start + i,
            name=f"测试采矿权{i}",
            mineral=iron,
            area_km2=Decimal("0.5"),
            capacity=Decimal("10"),
            capacity_unit=Unit.TEN_K_TONNE_PER_YEAR,
            status=MineStatus.PRODUCING,
        )
        for i in range(n)
    )
    PlanningArea.objects.bulk_create(
        PlanningArea(
            plan=plan,
            seq=start + i,
            kind=ZoneKind.MINING_BLOCK,
            name=f"测试区块{i}",
            mineral=iron,
            area_km2=Decimal("0.2"),
        )
        for i in range(n)
    )
    group = make_group(plan, "many-test", order=99, title="测试专栏")
    indicators = Indicator.objects.bulk_create(
        Indicator(
            plan=plan,
            group=group,
            seq=i + 1,
            name=f"测试指标{i}",
            unit=Unit.TEN_K_TONNE,
            target_year=plan.period_end,
            target_kind=TargetKind.AT_LEAST,
            target_value=Decimal("100"),
            target_as_printed="≥100",
            attribute=Attribute.EXPECTED,
        )
        for i in range(n // 10)
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator,
            year=plan.period_start + k,
            value=Decimal(10 * (k + 1)),
            unit=Unit.TONNE,
            source=ValueSource.STATISTICAL_REPORT,
        )
        for indicator in indicators
        for k in range(5)
    )
    return indicators


def admin_form_data(response):
    """The admin change form in ``response`` as the browser posts it back, unchanged: the
    main form, and every inline formset with its management form."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            elif isinstance(value, date | Decimal | int):
                value = str(value)
            data[bound.html_name] = value
    return data
