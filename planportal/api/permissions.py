"""API permissions: reading the published plan is open by default, writing needs the
model permission (add / change / delete) by session or token."""

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissions

from planportal.access import may_read


class PublicReadPermission(BasePermission):
    """Views that only read (the OpenAPI schema and its docs): open while
    ``PLAN_PORTAL_PUBLIC_READ`` is on, else for signed-in users and tokens; any other method
    gets its 405 from the view."""

    def has_permission(self, request, view):
        return may_read(request.user)


class PlanDataPermission(DjangoModelPermissions):
    """Open reads (unless ``PLAN_PORTAL_PUBLIC_READ`` is off); writes need model permissions.

    An anonymous write is refused with 401 (the token authenticator names its scheme in
    ``WWW-Authenticate``), a signed-in user without the permission with 403.
    """

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            if settings.PLAN_PORTAL_PUBLIC_READ:
                return True
            return bool(request.user and request.user.is_authenticated)
        if getattr(view, "queryset", None) is None and not hasattr(view, "get_queryset"):
            # A view over no model (the summary) writes nothing: let it answer 405 to
            # whoever is signed in.
            return bool(request.user and request.user.is_authenticated)
        return super().has_permission(request, view)


class ImportPermission(PlanDataPermission):
    """An import adds and corrects rows: a POST needs the model's add *and* change permission,
    as the admin's Excel import does (``planportal.imports``)."""

    perms_map = {
        **PlanDataPermission.perms_map,
        "POST": ["%(app_label)s.add_%(model_name)s", "%(app_label)s.change_%(model_name)s"],
    }
