"""The codes of the targets app: kinds of target, live metrics, sources, statuses, roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Figures are for years of the People's Republic's plans, not typing slips like 20205.
FIRST_YEAR = 1949
LAST_YEAR = 2100

# Places of the computed figures: actual figures as stored (4), rates as the plan prints them (2).
VALUE_PLACES = 4
RATE_PLACES = 2


class Attribute(models.TextChoices):
    EXPECTED = "expected", _("expected")
    BINDING = "binding", _("binding")


class TargetKind(models.TextChoices):
    VALUE = "value", _("value")
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")
    RANGE = "range", _("range")


class LiveMetric(models.TextChoices):
    """Figures the portal computes from its registers instead of having them typed in."""

    MINE_COUNT = "mine_count", _("number of mines")
    LARGE_MEDIUM_SHARE = "large_medium_share", _("share of large and medium mines")
    EXPLORATION_RIGHT_COUNT = "exploration_right_count", _("number of exploration rights")
    NEW_SAND_CLAY_RIGHTS = "new_sand_clay_rights", _("new sand-gravel-clay mining rights per year")
    MINING_RIGHT_AREA = "mining_right_area", _("total area of mining rights")
    EXPLORATION_RIGHT_AREA = "exploration_right_area", _("total area of exploration rights")


class ValueSource(models.TextChoices):
    STATISTICAL_REPORT = "statistical_report", _("statistical report")
    REGISTER = "register", _("register")
    PLAN_TEXT = "plan_text", _("plan text")
    OTHER = "other", _("other")


class GroupRole(models.TextChoices):
    """What a group of indicators is to its plan.

    A plan sets targets for its own period and reviews the previous plan's (the 2021–2025
    plan's two 十三五 tables in 一(二)); the review tables are found by this role, not by code.
    """

    TARGETS = "targets", _("targets of the plan")
    REVIEW = "review", _("review of the previous plan")


class Status(models.TextChoices):
    """Where an indicator stands against its target (annotated by ``with_completion``)."""

    NO_TARGET = "no_target", _("no target")
    NO_DATA = "no_data", _("no data")
    MET = "met", _("met")
    NOT_MET = "not_met", _("not met")
    BELOW = "below", _("below range")
    WITHIN = "within", _("within range")
    ABOVE = "above", _("above range")


class Aggregation(models.TextChoices):
    """How a target's actual figure is formed from its yearly figures.

    The plan's table heading says it: "2021—2025 规划目标" (专栏7, 专栏8) is a total over the
    period (deposits found, resources proven, km² surveyed), "2025 年规划目标" (专栏9, 专栏10)
    the figure of the target year; a count or share of things in force is its latest value.
    """

    PERIOD_TOTAL = "period_total", _("total over the period")
    TARGET_YEAR = "target_year", _("figure of the target year")
    LATEST = "latest", _("latest figure")
