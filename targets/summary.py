"""The plan at a glance: the figures the overview page and ``/api/v1/summary/`` show."""

from deposits.selectors import deposit_summary
from planportal.cache import cached
from rights.selectors import exploration_right_summary, mining_right_summary
from zones.selectors import planning_area_summary


def plan_summary(plan):
    """Counts and areas of a plan's registers, computed by database aggregation.

    Deposits, exploration rights and mining rights with their breakdowns by work degree,
    stage, status, scale and mineral, and each zone kind's count and area: seven queries
    whatever the size of the registers, when not already cached for the current data
    generation (``planportal.cache``; the labels make it a value per language).
    """
    return cached(("plan-summary", plan.pk), lambda: _plan_summary(plan))


def _plan_summary(plan):
    return {
        "plan": {"code": plan.code, "name": plan.name},
        "deposits": deposit_summary(plan),
        "exploration_rights": exploration_right_summary(plan),
        "mining_rights": mining_right_summary(plan),
        "zones": planning_area_summary(plan),
    }
