"""Signal receivers of the portal: a password change revokes the user's API tokens; a write
to the portal's data starts a new generation of cached figures (``planportal.cache``)."""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from import_export.signals import post_import
from knox.models import get_token_model

from planportal import cache


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="revoke_tokens_on_password")
def revoke_tokens_on_password_change(sender, instance, created, **kwargs):
    """A new password (the admin's form, ``set_password`` + ``save``, ``changepassword``)
    revokes every API token of the user: someone who learnt the old one loses the tokens too.

    ``set_password`` keeps the new raw password in ``_password`` until the save, which is how
    Django itself tells a password change from a hash upgrade at login (that resets it first).
    """
    if created or getattr(instance, "_password", None) is None:
        return
    get_token_model().objects.filter(user=instance).delete()


def connect_figure_invalidation():
    """Connect every model of ``cache.DATA_APPS`` (and its many-to-many links) to the cached
    figures: a saved, deleted or relinked row starts a new data generation on commit.

    Connected per model, not for every sender, so the deletes of other apps' rows (sessions,
    tokens) keep Django's fast path. Called once from ``PlanportalConfig.ready``.
    """
    for label in sorted(cache.DATA_APPS):
        for model in apps.get_app_config(label).get_models():
            uid = f"figures:{model._meta.label_lower}"
            post_save.connect(invalidate_figures, sender=model, dispatch_uid=f"{uid}:save")
            post_delete.connect(invalidate_figures, sender=model, dispatch_uid=f"{uid}:delete")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    invalidate_figures_on_links,
                    sender=field.remote_field.through,
                    dispatch_uid=f"{uid}:{field.name}",
                )
    # django-import-export's admin import writes in batches (no save signals); the batches
    # bump themselves (planportal.resources), this covers any other resource.
    post_import.connect(invalidate_figures_after_import, dispatch_uid="figures:import")


def invalidate_figures(sender, using="default", **kwargs):
    """A saved or deleted row of the portal's apps invalidates the cached figures."""
    cache.data_changed(sender, using=using)


def invalidate_figures_on_links(sender, action, using="default", **kwargs):
    """Links added, removed or cleared (``sender`` is the through model, of the owner's app)."""
    if action.startswith("post_"):
        cache.data_changed(sender, using=using)


def invalidate_figures_after_import(model, **kwargs):
    """An admin import finished (django-import-export's ``post_import``)."""
    cache.data_changed(model)
