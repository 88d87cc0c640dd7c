"""The plan itself and the pieces every register shares."""

import types

from django.core import validators
from django.core.exceptions import ImproperlyConfigured
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


def natural_key_lookups(model):
    """The lookups that find a row of ``model`` by its natural key, one per key component.

    A foreign key among ``natural_key_fields`` stands for the related model's own natural key:
    Indicator's ``("group", "seq")`` is looked up as ``group__plan__code``, ``group__code``,
    ``seq``.
    """
    if not getattr(model, "natural_key_fields", ()):
        raise ImproperlyConfigured(f"{model._meta.label} declares no natural_key_fields.")
    lookups = []
    for name in model.natural_key_fields:
        field = model._meta.get_field(name)
        if field.is_relation:
            lookups += [f"{name}__{lookup}" for lookup in natural_key_lookups(field.related_model)]
        else:
            lookups.append(name)
    return lookups


def natural_key_dependencies(model):
    """The labels of the models ``model``'s natural key refers to (its key's foreign keys)."""
    fields = (model._meta.get_field(name) for name in model.natural_key_fields)
    return [field.related_model._meta.label_lower for field in fields if field.is_relation]


def _natural_key(instance):
    key = []
    for name in instance.natural_key_fields:
        value = getattr(instance, name)
        key += value.natural_key() if instance._meta.get_field(name).is_relation else [value]
    return tuple(key)


class _DeclaredNaturalKey:
    """``natural_key()`` built from the model's ``natural_key_fields``.

    Django's serializers read ``Model.natural_key.dependencies`` on the class to order the
    models they write and load; read on the class, this gives them the key's foreign keys.
    """

    def __get__(self, instance, owner):
        if instance is not None:
            return types.MethodType(_natural_key, instance)

        def natural_key(self):
            return _natural_key(self)

        natural_key.dependencies = natural_key_dependencies(owner)
        return natural_key


class NaturalKeyManager(models.Manager):
    """Finds a row by its model's declared natural key (serializers and the plan loader)."""

    def get_by_natural_key(self, *key):
        lookups = natural_key_lookups(self.model)
        if len(key) != len(lookups):
            raise TypeError(
                f"A {self.model._meta.label} natural key has {len(lookups)} parts "
                f"({', '.join(lookups)}), not {len(key)}."
            )
        return self.get(**dict(zip(lookups, key, strict=True)))


class NaturalKeyModel(models.Model):
    """A model whose rows are named, in fixtures and backups, by fields of their own.

    A subclass declares its key once, in ``natural_key_fields``; a foreign key there stands for
    the related row's own natural key. ``natural_key()``, its ``dependencies`` and the
    manager's ``get_by_natural_key()`` all follow from it. A custom manager derives from
    ``NaturalKeyManager`` (``NaturalKeyManager.from_queryset(...)`` for a queryset's methods).

    Two more declarations tell the plan loader (``planportal.loader``) what is special:
    ``natural_key_aliases`` names the reverse relation of a model whose rows are other names of
    this one (a mineral's aliases): a fixture may refer to a row by any of them, and a fixture
    row may list them under that name. ``staff_owned`` marks what staff, not the plan, own: a
    record staff entered or changed is never overwritten by a reload, not even on request.
    """

    natural_key_fields = ()
    natural_key_aliases = None
    staff_owned = False

    natural_key = _DeclaredNaturalKey()

    objects = NaturalKeyManager()

    class Meta:
        abstract = True


class PlanManager(NaturalKeyManager):
    def by_code(self, code):
        """The plan with ``code``, or None. A code that is no slug names no plan and is not
        sent to the database (PostgreSQL refuses text with a NUL character outright)."""
        if not code or not validators.slug_re.fullmatch(code):
            return None
        return self.filter(code=code).first()


class Plan(NaturalKeyModel, TimeStampedModel):
    """A mineral-resources master plan (矿产资源总体规划) for one region and period."""

    code = models.SlugField(
        _("code"),
        max_length=64,
        unique=True,
        help_text=_("Stable identifier used by fixtures and the API, e.g. xinyuan-2021-2025."),
    )
    name = models.CharField(_("name"), max_length=200)
    region_name = models.CharField(
        _("region"), max_length=100, help_text=_("Region the plan covers.")
    )
    region_code = models.CharField(
        _("region code"),
        max_length=12,
        blank=True,
        help_text=_("Administrative division code (行政区划代码)."),
    )
    period_start = models.PositiveSmallIntegerField(
        _("period start year"), help_text=_("First year of the planning period.")
    )
    period_end = models.PositiveSmallIntegerField(
        _("period end year"), help_text=_("Last year of the planning period.")
    )
    base_year = models.PositiveSmallIntegerField(
        _("base year"), help_text=_("Base year (基准年) of the plan's figures.")
    )
    outlook_year = models.PositiveSmallIntegerField(
        _("outlook year"),
        null=True,
        blank=True,
        help_text=_("Year the plan looks ahead to (展望年)."),
    )
    issuer = models.CharField(
        _("issued by"), max_length=100, blank=True, help_text=_("Authority that issued the plan.")
    )
    approval_date = models.DateField(
        _("approval date"),
        null=True,
        blank=True,
        help_text=_("Date of approval or publication; the plan may give only a month."),
    )
    published_as_printed = models.CharField(
        _("publication date as printed"),
        max_length=50,
        blank=True,
        help_text=_("The publication date exactly as printed."),
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
    is_draft = models.BooleanField(
        _("draft"),
        default=False,
        help_text=_(
            "A plan being prepared: carried over from the previous plan's registers and "
            "final figures, for staff to complete. Not yet approved."
        ),
    )

    natural_key_fields = ("code",)

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


class PlanRecord(NaturalKeyModel, TimeStampedModel):
    """A row of one of the plan's tables: the plan it belongs to and its 序号 there."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, verbose_name=_("plan"))
    seq = models.PositiveIntegerField(
        _("serial number"),
        validators=[MinValueValidator(1)],
        help_text=_("序号 of the row in the plan's table."),
    )

    # Records that carry their table's 序号 are found by (plan code, seq).
    natural_key_fields = ("plan", "seq")

    class Meta:
        abstract = True


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


class SectionKind(models.TextChoices):
    FRONT = "front", _("front matter")
    CHAPTER = "chapter", _("chapter")
    SECTION = "section", _("section")
    BOX = "box", _("box")


class PlanSection(TimeStampedModel):
    """A section of the plan's text: the front matter, a chapter 一、, a section （一） or a
    专栏 box, with the anchor pages link to.

    Derived from ``Plan.text`` by ``planportal.plan_text`` whenever the plan is loaded; never
    edited. A plan without text has none.
    """

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="sections", verbose_name=_("plan")
    )
    anchor = models.SlugField(
        _("anchor"),
        max_length=30,
        help_text=_("Stable identifier of the section in the page's address, e.g. s4-2, box-18."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SectionKind.choices)
    number = models.CharField(
        _("number"), max_length=20, blank=True, help_text=_("The number as printed.")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    order = models.PositiveSmallIntegerField(_("order"))
    line_start = models.PositiveIntegerField(
        _("first line"), help_text=_("Line of the plan's text the section starts on.")
    )
    line_end = models.PositiveIntegerField(
        _("last line"), help_text=_("Last line of the plan's text the section covers.")
    )
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "anchor"], name="plansection_unique_anchor"),
            models.UniqueConstraint(fields=["plan", "order"], name="plansection_unique_order"),
        ]

    def __str__(self):
        return " ".join(part for part in (self.number, self.title) if part) or self.anchor


class ApiToken(AuthToken):
    """An API client's token (django-rest-knox), shown under its own name in the admin.

    Tokens are stored hashed: the admin shows the key once, when the token is issued.
    """

    class Meta:
        proxy = True
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]
