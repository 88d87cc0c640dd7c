"""The plan itself and the pieces every register shares."""

from django.core import validators
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken
from simple_history.models import HistoricalRecords

# The most significant digits a decimal column may hold. SQLite stores a decimal as a
# double, which keeps 15 significant digits exactly; with more, a value that validates is
# saved but cannot be read back (Django's converter raises InvalidOperation and every list
# that reads it fails). PostgreSQL keeps them all, so 15 is what both store and read back.
DECIMAL_MAX_DIGITS = 15


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic locking: every save of a record raises its version by one, and a write made
    # from a stale copy (an older version) is refused instead of silently replacing it.
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised by one on every save; a write from an older version is refused."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Every save of an existing row raises its version. The check that the row still
        # has the version the writer read is planportal.concurrency's (a compare-and-set
        # inside the transaction); here nothing is refused, so loaders and services keep
        # working with a plain save().
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            if not update_fields:
                return  # Django saves nothing then; nothing changes, no new version.
            kwargs["update_fields"] = {*update_fields, "version", "updated_at"}
        adding = self._state.adding
        if not adding:
            self.version = (self.version or 0) + 1
        try:
            super().save(*args, **kwargs)
        except BaseException:
            if not adding:
                self.version -= 1
            raise


class PlanManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)

    def by_code(self, code):
        """The plan with ``code``, or None. A code that is no slug names no plan and is not
        sent to the database (PostgreSQL refuses text with a NUL character outright)."""
        if not code or not validators.slug_re.fullmatch(code):
            return None
        return self.filter(code=code).first()


class Plan(TimeStampedModel):
    """A mineral-resources master plan (矿产资源总体规划) for one region and period."""

    code = models.SlugField(
        _("code"),
        max_length=64,
        unique=True,
        help_text=_("Stable identifier used by fixtures and the API, e.g. xinyuan-2021-2025."),
    )
    name = models.CharField(_("name"), max_length=200)
    region_name = models.CharField(_("region"), max_length=100)
    region_code = models.CharField(
        _("region code"),
        max_length=12,
        blank=True,
        help_text=_("Administrative division code (行政区划代码)."),
    )
    period_start = models.PositiveSmallIntegerField(_("period start year"))
    period_end = models.PositiveSmallIntegerField(_("period end year"))
    base_year = models.PositiveSmallIntegerField(_("base year"))
    outlook_year = models.PositiveSmallIntegerField(_("outlook year"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=100, blank=True)
    approval_date = models.DateField(
        _("approval date"),
        null=True,
        blank=True,
        help_text=_("Date of approval or publication; the plan may give only a month."),
    )
    published_as_printed = models.CharField(
        _("publication date as printed"), max_length=50, blank=True
    )
    source_text = models.CharField(
        _("source text"),
        max_length=255,
        blank=True,
        help_text=_("The full text this plan's records were transcribed from."),
    )
    text = models.TextField(
        _("text of the plan"),
        blank=True,
        editable=False,
        help_text=_("The plan's full text, loaded from the repository with the plan."),
    )

    objects = PlanManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-period_start", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="plan_period_ordered",
                violation_error_message=_("The period must end after it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.period_start}-{self.period_end}）"

    def natural_key(self):
        return (self.code,)


class PlanRecordManager(models.Manager):
    """Records that carry their table's 序号 are found by (plan code, seq)."""

    def get_by_natural_key(self, plan_code, seq):
        return self.get(plan__code=plan_code, seq=seq)


class PlanRecord(TimeStampedModel):
    """A row of one of the plan's tables: the plan it belongs to and its 序号 there."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, verbose_name=_("plan"))
    seq = models.PositiveIntegerField(
        _("serial number"),
        validators=[MinValueValidator(1)],
        help_text=_("序号 of the row in the plan's table."),
    )

    objects = PlanRecordManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.plan.code, self.seq)

    natural_key.dependencies = ["planportal.plan"]


def non_negative(field_name, model_label):
    """A CheckConstraint that keeps a figure at zero or above (NULL allowed)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field_name}__gte": 0}) | Q(**{f"{field_name}__isnull": True}),
        name=f"{model_label}_{field_name}_non_negative",
        violation_error_message=_("This figure cannot be negative."),
    )


def capacity_unit_in_range(field_name, model_label):
    """A CheckConstraint that keeps a capacity in a per-year or per-day unit (or blank)."""
    from planportal.units import CAPACITY_UNITS

    return models.CheckConstraint(
        condition=Q(**{f"{field_name}__in": [unit.value for unit in CAPACITY_UNITS]})
        | Q(**{field_name: ""}),
        name=f"{model_label}_{field_name}_is_a_capacity",
        violation_error_message=_("A capacity is given per year or per day."),
    )


class ApiToken(AuthToken):
    """An API client's token (django-rest-knox), shown under its own name in the admin.

    Tokens are stored hashed: the admin shows the key once, when the token is issued.
    """

    class Meta:
        proxy = True
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]
