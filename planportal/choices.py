"""Choices shared by several apps: stable English codes, translated labels.

The codes are part of the API contract (DESIGN.md, "Codes exposed to other systems").
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Exploration stage, also used for a deposit's work degree (工作程度)."""

    RECONNAISSANCE = "reconnaissance", _("reconnaissance")
    GENERAL = "general", _("general exploration")
    DETAILED = "detailed", _("detailed exploration")
    EXPLORATION = "exploration", _("exploration")


class Scale(models.TextChoices):
    SMALL = "small", _("small")
    MEDIUM = "medium", _("medium")
    LARGE = "large", _("large")
    SUPER_LARGE = "super_large", _("super-large")


class MineStatus(models.TextChoices):
    PRODUCING = "producing", _("producing")
    SUSPENDED = "suspended", _("suspended")
    UNDER_CONSTRUCTION = "under_construction", _("under construction")
    CLOSED = "closed", _("closed")


class MiningMethod(models.TextChoices):
    UNDERGROUND = "underground", _("underground mining")
    OPEN_PIT = "open_pit", _("open-pit mining")
