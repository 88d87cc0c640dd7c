"""Optimistic locking: a write made from a stale copy of a record is refused, never lost.

Every record carries a ``version`` (``TimeStampedModel``) that each save raises by one. A
writer says which version it read — the API's ``If-Match: "<version>"``, the hidden
``seen_version`` of an admin or page form — and the write goes through only while the
row still has that version: ``save_versioned`` reads the version again under a row lock
(``select_for_update``; on SQLite every transaction already holds the write lock, since
``transaction_mode`` is IMMEDIATE) and compares it inside the same transaction as the write.
A refused write raises ``StaleVersion``, whose message says who changed what meanwhile
(from the record's simple-history).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import ForeignKey
from django.utils import timezone
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, status

# Fields every record has that say nothing about its content.
BOOKKEEPING_FIELDS = {"id", "version", "created_at", "updated_at"}


class StaleVersion(Exception):
    """A write from version ``seen`` of a record that now has version ``current``.

    ``current`` is None when the record was deleted meanwhile; ``seen`` is 0 when the
    writer saw no record (a page form adding a year's figure that someone else added).
    """

    def __init__(self, model, pk, seen, current):
        self.model, self.pk, self.seen, self.current = model, pk, seen, current
        super().__init__(self.message)

    @property
    def changes(self):
        """Who changed what since version ``seen``: a list of ``Change``."""
        if self.pk is None:
            return []
        return changes_since(self.model, self.pk, self.seen)

    @property
    def message(self):
        params = {"model": self.model._meta.verbose_name}
        if self.current is None:
            return _("This %(model)s was deleted by someone else meanwhile.") % params
        described = "; ".join(str(change) for change in self.changes)
        if self.seen == 0:
            text = _("Someone else added this %(model)s meanwhile.") % params
        else:
            text = _(
                "Someone else saved this %(model)s after you opened it (your version "
                "%(seen)s, now %(current)s)."
            ) % {**params, "seen": self.seen, "current": self.current}
        if described:
            text = f"{text} {described}."
        return f"{text} " + _(
            "Your changes were not saved: reload to see the current values, then make them again."
        )


class Change:
    """One saved version by someone else: who, when, and the values of the fields changed."""

    def __init__(self, user, date, fields):
        self.user, self.date, self.fields = user, date, fields

    def __str__(self):
        who = str(self.user) if self.user is not None else _("someone")
        when = timezone.localtime(self.date).strftime("%Y-%m-%d %H:%M")
        values = ", ".join(
            _("%(field)s to “%(value)s”") % {"field": label, "value": value}
            for label, value in self.fields
        )
        if not values:
            return _("%(user)s saved it at %(date)s") % {"user": who, "date": when}
        return _("%(user)s set %(values)s at %(date)s") % {
            "user": who,
            "values": values,
            "date": when,
        }


def _shown(field, value):
    """A field's value as a person reads it: a choice's label, a related record's name."""
    if value in (None, ""):
        return "—"
    if isinstance(field, ForeignKey):
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def changes_since(model, pk, seen_version):
    """The saves of record ``pk`` after its version ``seen_version``, from its history.

    Empty when the model keeps no history (simple-history) or it has no newer entry.
    """
    history = getattr(model, "history", None)
    if history is None:
        return []
    meta = model._meta
    records = history.filter(**{meta.pk.attname: pk, "version__gt": seen_version}).order_by(
        "version", "history_date"
    )
    changes = []
    for record in records.select_related("history_user"):
        previous = record.prev_record
        if previous is not None:
            names = [change.field for change in record.diff_against(previous).changes]
        else:
            names = [field.name for field in meta.concrete_fields]
        fields = []
        for name in names:
            field = meta.get_field(name)
            if name in BOOKKEEPING_FIELDS or not field.editable:
                continue
            value = getattr(record, field.attname)
            if previous is None and value in (None, ""):
                continue
            fields.append((str(field.verbose_name), _shown(field, value)))
        changes.append(Change(record.history_user, record.history_date, fields))
    return changes


def current_version(model, pk):
    """The version the row has now, read under a row lock (None: no such row).

    Call inside a transaction: the lock holds until it ends, so a compare-and-set made
    with this value is atomic.
    """
    return (
        model._base_manager.select_for_update()
        .filter(pk=pk)
        .values_list("version", flat=True)
        .first()
    )


def save_versioned(instance, *, expected_version=None, update_fields=None):
    """Save ``instance`` if its row still has ``expected_version``; else raise StaleVersion.

    Without ``expected_version`` the save is not checked, but the new version follows the
    row's current one (never a stale copy's). ``update_fields`` writes only those fields,
    so values of other fields that someone else changed meanwhile are kept.
    """
    model = type(instance)
    with transaction.atomic(using=router.db_for_write(model, instance=instance)):
        current = current_version(model, instance.pk)
        if current is None or (expected_version is not None and current != expected_version):
            raise StaleVersion(model, instance.pk, expected_version or 0, current)
        instance.version = current
        instance.save(update_fields=update_fields)
    return instance


def delete_versioned(instance, *, expected_version=None):
    """Delete ``instance`` if its row still has ``expected_version``; else raise StaleVersion."""
    model = type(instance)
    with transaction.atomic(using=router.db_for_write(model, instance=instance)):
        current = current_version(model, instance.pk)
        if expected_version is not None and current != expected_version:
            raise StaleVersion(model, instance.pk, expected_version, current)
        instance.delete()


# ---------------------------------------------------------------------------------------
# API: ETag and If-Match


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = gettext_lazy("The record has changed since you read it.")


def etag(version):
    """The entity tag of a record's version: ``"3"`` (strong: it names one version)."""
    return quote_etag(str(version))


IF_MATCH_PARAMETER = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=gettext_lazy(
        'Optional. The ETag of the record as you read it (e.g. "3", its version). When '
        "given, the write is made only if nobody changed the record since; otherwise it "
        "answers 412 and changes nothing. Without it the write is not checked (PATCH still "
        "writes only the fields sent)."
    ),
)


class VersionedViewSetMixin:
    """ETag on every record read or written; If-Match honoured on PUT, PATCH and DELETE.

    ``If-Match`` is optional: without it a write is not checked against the version read
    (a PATCH still writes only the fields it sends). With it, a stale version is a 412
    and nothing is written. ``*`` matches any version.
    """

    def expected_version(self):
        """The version named by ``If-Match`` (None without the header or with ``*``)."""
        header = self.request.headers.get("If-Match")
        if header is None:
            return None
        tags = parse_etags(header.strip())
        if tags == ["*"]:
            return None
        versions = [tag.strip('"') for tag in tags if not tag.startswith("W/")]
        if len(versions) != 1 or not versions[0].isdigit():
            raise exceptions.ValidationError(
                {
                    "If-Match": [
                        _('Give the ETag of the record as read, e.g. If-Match: "3".'),
                    ]
                }
            )
        return int(versions[0])

    def refuse_stale(self, error):
        raise PreconditionFailed(error.message)

    def perform_update(self, serializer):
        try:
            serializer.save(expected_version=self.expected_version())
        except StaleVersion as error:
            self.refuse_stale(error)

    def perform_destroy(self, instance):
        try:
            delete_versioned(instance, expected_version=self.expected_version())
        except StaleVersion as error:
            self.refuse_stale(error)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if (
            self.action in {"retrieve", "create", "update", "partial_update"}
            and response.status_code < 300
            and isinstance(data, dict)
            and data.get("version") is not None
        ):
            response["ETag"] = etag(data["version"])
        return response


class VersionedSerializerMixin:
    """A ModelSerializer whose update writes only the fields sent, from a version checked.

    ``save(expected_version=…)`` passes the version to ``save_versioned``; the fields
    written are those validated (plus any given to ``save()``), never a stale copy of the
    others.
    """

    def save(self, expected_version=None, **kwargs):
        self._expected_version = expected_version
        return super().save(**kwargs)

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        save_versioned(
            instance,
            expected_version=getattr(self, "_expected_version", None),
            update_fields=list(validated_data),
        )
        return instance


# ---------------------------------------------------------------------------------------
# Forms: admin change forms (and inline rows) and page forms


class VersionedFormMixin(forms.Form):
    """A hidden ``seen_version``: the record's version when the form was shown.

    On saving a changed form, ``clean()`` reads the row's version under a lock (the admin
    wraps the whole request in a transaction, so the lock holds until the save) and
    refuses the form when someone else saved the record meanwhile, saying who changed what.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            self.fields["seen_version"].initial = instance.version

    def clean(self):
        cleaned_data = super().clean()
        instance = getattr(self, "instance", None)
        seen = cleaned_data.get("seen_version")
        if instance is None or instance.pk is None or seen is None:
            return cleaned_data
        if not self.has_changed():
            # Nothing of this form is written (VersionedAdminMixin.save_model, and an inline
            # formset skips unchanged rows), so nothing can be lost.
            return cleaned_data
        model = type(instance)
        current = current_version(model, instance.pk)
        if current != seen:
            raise ValidationError(
                StaleVersion(model, instance.pk, seen, current).message, code="stale"
            )
        instance.version = current
        return cleaned_data


def versioned_form(form_class):
    """``form_class`` with the hidden ``seen_version`` field and its check."""
    if issubclass(form_class, VersionedFormMixin):
        return form_class
    return type(f"Versioned{form_class.__name__}", (VersionedFormMixin, form_class), {})


class VersionedAdminMixin:
    """A ModelAdmin or inline whose forms refuse a save from a stale version.

    The admin runs each change view in a transaction, so the version read in the form's
    ``clean()`` is locked until the record is saved.
    """

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = versioned_form(kwargs.get("form", self.form))
        return super().get_form(request, obj, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = versioned_form(kwargs.get("form", self.form))
        return super().get_formset(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        # A record whose own form is unchanged (only an inline row was edited) is not
        # written again: no new version, no empty history entry, nothing to overwrite.
        if change and not form.has_changed():
            return
        super().save_model(request, obj, form, change)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        names = {
            name
            for _name, options in fieldsets
            for line in options.get("fields", ())
            for name in (line if isinstance(line, list | tuple) else (line,))
        }
        if "seen_version" in names:
            return fieldsets
        (title, options), *rest = fieldsets
        fields = [*options.get("fields", ()), "seen_version"]
        return [(title, {**options, "fields": fields}), *rest]
