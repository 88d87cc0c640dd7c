"""The portal's roles: groups whose permissions ``manage.py setup_roles`` keeps as declared.

- 编辑 (editors): see everything; add and change the registers, zones, targets and actual
  figures. No delete: a deleted record takes its history's context with it, so deleting
  stays with administrators (superusers), who can also grant it to one person.
- 查看 (viewers): see everything in the admin, change nothing.
- 接口 (API clients): read; a client writes only what its own user is granted (add the
  model's add/change permission to that user, not to the group).

API tokens, users and groups are the administrators' alone.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

EDITOR, VIEWER, API_CLIENT = "编辑", "查看", "接口"

# What editors keep up to date (app_label, model_name).
EDITED_MODELS = [
    ("deposits", "deposit"),
    ("deposits", "resourcereserve"),
    ("rights", "explorationright"),
    ("rights", "miningright"),
    ("zones", "planningarea"),
    ("zones", "developmentregion"),
    ("targets", "indicator"),
    ("targets", "indicatorvalue"),
    ("targets", "keyproject"),
    # The evaluation's text and reasons (the figures are the portal's).
    ("targets", "evaluation"),
    ("targets", "evaluationreason"),
    # Where a right lies (the block ledger): staff's record, not the plan's.
    ("review", "blockplacement"),
]
PLAN_DATA_APPS = ("planportal", "deposits", "rights", "zones", "targets", "review")


def plan_data_models():
    """Every model holding the plan's data: not the token proxy, not the history tables."""
    return [
        model
        for label in PLAN_DATA_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy and not model.__name__.startswith("Historical")
    ]


def _permissions(pairs, actions):
    codenames = [(app, f"{action}_{model}") for app, model in pairs for action in actions]
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in=[code for _app, code in codenames]
        )
    }
    missing = [f"{app}.{code}" for app, code in codenames if (app, code) not in found]
    if missing:
        raise LookupError(f"Permissions missing (run migrate first): {', '.join(missing)}")
    return [found[pair] for pair in codenames]


def role_permissions():
    """Each role's name and its permissions, as declared above."""
    everything = [(m._meta.app_label, m._meta.model_name) for m in plan_data_models()]
    view_all = _permissions(everything, ["view"])
    return {
        EDITOR: view_all + _permissions(EDITED_MODELS, ["add", "change"]),
        VIEWER: view_all,
        API_CLIENT: view_all,
    }


@transaction.atomic
def roles_setup():
    """Create the groups, or bring their permissions back to what is declared.

    Returns ``{name: (created, number of permissions)}``.
    """
    result = {}
    for name, permissions in role_permissions().items():
        group, created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        result[name] = (created, len(permissions))
    return result
