"""Signal receivers of the portal: a password change revokes the user's API tokens."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver
from knox.models import get_token_model


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
