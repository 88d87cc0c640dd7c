"""Rows the write and indicator tests need, made in the test's own transaction."""

from decimal import Decimal

from targets.models import Indicator, IndicatorGroup


def indicator(plan, *, unit="10k_t", target_value=Decimal("0.2"), target_kind="value", **extra):
    """An indicator of a test group, in ``unit``, with a target."""
    group, _created = IndicatorGroup.objects.get_or_create(
        plan=plan,
        code="api-test",
        defaults={"title": "API test", "period_start": 2016, "period_end": 2020, "order": 99},
    )
    seq = (group.indicators.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
    return Indicator.objects.create(
        plan=plan,
        group=group,
        seq=seq,
        name=extra.pop("name", f"测试指标 {seq}"),
        unit=unit,
        target_year=2020,
        target_kind=target_kind,
        target_value=target_value,
        **extra,
    )
