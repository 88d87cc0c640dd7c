"""The share of large and medium mines has one answer, whoever asks for it.

The plan's 20.83 % is 5 medium mines of its 24 mines (its 矿山总数): a mine whose scale is
not registered still counts among the mines. The live indicator and the check of the plan's
stated figures both read ``MiningRight.objects.large_medium_shares()``.
"""

from decimal import Decimal

import pytest

from planportal.choices import Scale
from review.stated_figures import MetricError, metric_parse, metric_value
from rights.models import MiningRight
from targets.choices import LiveMetric
from targets.live import live_value
from tests import factories


@pytest.fixture
def mines(db):
    plan = factories.make_plan("share-plan-2026-2030")
    factories.make_mining_right(plan, scale=Scale.MEDIUM)
    factories.make_mining_right(plan, scale=Scale.SMALL)
    factories.make_mining_right(plan)
    factories.make_mining_right(plan)
    return plan


def test_unscaled_mines_count_among_all_mines_for_every_caller(mines):
    # 1 medium of 4 mines, two of them with no registered scale: 25 %, not 1 of 2 = 50 %.
    (row,) = MiningRight.objects.filter(plan=mines).large_medium_shares()
    assert row == {"plan": mines.pk, "large_medium_share": Decimal("25.00")}
    assert live_value(mines, LiveMetric.LARGE_MEDIUM_SHARE) == Decimal("25.0000")
    assert metric_value(mines, "mining_right.large_medium_share") == Decimal("25.00")


def test_the_share_is_unknown_while_no_mine_has_a_scale(db):
    plan = factories.make_plan("unscaled-plan-2026-2030")
    factories.make_mining_right(plan)
    assert MiningRight.objects.filter(plan=plan).large_medium_shares().get() == {
        "plan": plan.pk,
        "large_medium_share": None,
    }
    assert live_value(plan, LiveMetric.LARGE_MEDIUM_SHARE) is None
    assert metric_value(plan, "mining_right.large_medium_share") is None


def test_only_mining_rights_have_a_share_of_large_and_medium_mines():
    with pytest.raises(MetricError, match="large and medium mines"):
        metric_parse("deposit.large_medium_share")
