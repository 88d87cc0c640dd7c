"""Fixtures of the target tests: a small plan of their own and the factories bound to it.

Each ``make_*`` fixture is a factory of tests/factories.py with the plan already given.
"""

from functools import partial

import pytest

from deposits.models import SAND_CLAY_CLASS
from tests import factories


@pytest.fixture
def own_plan(db):
    """An empty 2021–2025 plan of its own, so figures of the loaded plan do not interfere."""
    return factories.make_plan("test-plan", period=(2021, 2025))


@pytest.fixture
def make_group(own_plan):
    return partial(factories.make_group, own_plan)


@pytest.fixture
def make_indicator(own_plan):
    return partial(factories.make_indicator, own_plan)


@pytest.fixture
def make_mine(own_plan):
    return partial(factories.make_mining_right, own_plan)


@pytest.fixture
def make_exploration_right(own_plan):
    return partial(factories.make_exploration_right, own_plan)


@pytest.fixture
def add_value(db):
    return factories.make_value


@pytest.fixture
def own_sand_clay(own_plan):
    """The own plan's 砂石粘土类: the sand, clay and 砂石粘土 members of the Xinyuan plan's."""
    return factories.make_mineral_class(
        own_plan,
        SAND_CLAY_CLASS,
        name="砂石粘土类",
        minerals=("建筑用砂", "砖瓦用粘土", "砂石粘土"),
    )
