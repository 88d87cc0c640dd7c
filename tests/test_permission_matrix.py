"""Every URL pattern × every role × every meaningful method answers as the table says.

The table below (``ROUTES`` for pages and API, ``ADMIN_MODELS`` and ``ADMIN_SITE`` for the
admin) names the kind of every URL pattern of the project; the kind and the role's
permissions give the expected answer class. A URL pattern that is not in the table fails
``test_every_url_pattern_is_in_the_table``: add it there, saying who may do what.

Each request runs in a savepoint that is rolled back, so a DELETE does not change what the
next cell sees.
"""

import copy
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import get_resolver
from knox.models import AuthToken

from planportal.api.urls import router
from planportal.roles import API_CLIENT, EDITED_MODELS, EDITOR, VIEWER, roles_setup
from review.models import BlockPlacement
from rights.models import MiningRight
from targets.models import Evaluation, Indicator
from zones.models import PlanningArea, ZoneKind

ROLES = ["anonymous", "viewer", "editor", "client", "superuser", "inactive"]

# Answer classes.
OK, LOGIN, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = (
    "ok",  # 2xx, or a redirect that is not to the login
    "login",  # 302 to the admin login
    "401",
    "403",
    "404",
    "405",
)
BAD = "400"  # a write the API refuses for its content (an empty body): access was granted

# Pages: a GET anyone may make; a POST that pages do not take (405).
PAGE = "page"
# The indicator page: a POST needs the figure permission (编辑, superuser).
FIGURE_FORM = "figure-form"
# API: read open, write by model permission.
API_LIST, API_DETAIL = "api-list", "api-detail"
API_READ_ONLY_LIST, API_READ_ONLY_DETAIL = "api-ro-list", "api-ro-detail"
API_INFO = "api-info"  # root, summary, schema, docs: GET only
TOKEN_LOGIN, TOKEN_LOGOUT = "token-login", "token-logout"
API_UNKNOWN = "api-unknown"
OPEN = "open"  # the language switch, the favicon, the health probes
# The yearly collection pages: staff with the add and change permission of actual figures
# (编辑, superuser); COLLECTION_GET takes no POST, COLLECTION_CONFIRM no GET (and refuses a
# confirmation of nothing uploaded in the session).
COLLECTION, COLLECTION_GET, COLLECTION_CONFIRM = (
    "collection",
    "collection-get",
    "collection-confirm",
)
# The collection import of the API: POST only, with the add and change permission.
API_IMPORT = "api-import"
# A computation anyone who may read may ask (the conformance check): POST only; the empty
# body of the matrix is refused as invalid (400).
API_CHECK = "api-check"
# The evaluation pages: read by anyone; a POST (start one, save, sign off) needs the
# evaluation permissions (编辑, superuser), as the figure form does.
EVALUATION_FORM = "evaluation-form"
# An evaluation's sign-off: POST only, with the change permission of evaluations.
API_SIGN_OFF = "api-sign-off"

ROUTES = {
    "i18n/setlang/": OPEN,
    "favicon.ico": OPEN,
    "healthz": OPEN,
    "readyz": OPEN,
    "": PAGE,
    "targets/": PAGE,
    "targets/export/": PAGE,
    "targets/review/": PAGE,
    "targets/review/export/": PAGE,
    "targets/<int:pk>/": FIGURE_FORM,
    "targets/collection/": COLLECTION,
    "targets/collection/template/": COLLECTION_GET,
    "targets/collection/confirm/": COLLECTION_CONFIRM,
    "targets/collection/missing/": PAGE,
    "targets/evaluations/": EVALUATION_FORM,
    "targets/evaluations/<int:pk>/": EVALUATION_FORM,
    "targets/report/<int:year>.<str:fmt>": PAGE,
    "targets/<int:pk>/records/": PAGE,
    "targets/<int:pk>/records/export/": PAGE,
    "deposits/": PAGE,
    "deposits/export/": PAGE,
    "rights/exploration/": PAGE,
    "rights/exploration/export/": PAGE,
    "rights/mining/": PAGE,
    "rights/mining/export/": PAGE,
    "zones/": PAGE,
    "zones/export/": PAGE,
    # A record's own page (planportal.registers.RecordDetailView): anyone may read it.
    "deposits/<int:pk>/": PAGE,
    "deposits/reserves/<int:pk>/": PAGE,
    "rights/exploration/<int:pk>/": PAGE,
    "rights/mining/<int:pk>/": PAGE,
    "zones/<int:pk>/": PAGE,
    "zones/regions/<int:pk>/": PAGE,
    "targets/projects/<int:pk>/": PAGE,
    "deposits/minerals/<int:pk>/": PAGE,
    "targets/projects/": PAGE,
    "targets/projects/export/": PAGE,
    "zones/regions/": PAGE,
    "zones/regions/export/": PAGE,
    "plan/": PAGE,
    "review/statements/": PAGE,
    "review/statements/export/": PAGE,
    "review/check/": PAGE,
    "review/blocks/": PAGE,
    "review/blocks/export/": PAGE,
    "review/mining-rights/": PAGE,
    "review/mining-rights/export/": PAGE,
    "api/v1/": API_INFO,
    "api/v1/summary/": API_INFO,
    "api/v1/imports/indicator-values/": API_IMPORT,
    "api/v1/conformance-checks/": API_CHECK,
    "api/v1/conformance/blocks/": API_INFO,
    "api/v1/conformance/mining-rights/": API_INFO,
    "api/v1/schema/": API_INFO,
    "api/v1/docs/": API_INFO,
    "api/v1/auth/token/": TOKEN_LOGIN,
    "api/v1/auth/logout/": TOKEN_LOGOUT,
    "api/v1/^.*$": API_UNKNOWN,
    "api/v1/^plans/$": API_READ_ONLY_LIST,
    "api/v1/^plans/(?P<code>[^/.]+)/$": API_READ_ONLY_DETAIL,
    "api/v1/^minerals/$": API_READ_ONLY_LIST,
    "api/v1/^minerals/(?P<pk>[^/.]+)/$": API_READ_ONLY_DETAIL,
    "api/v1/^scale-standards/$": API_READ_ONLY_LIST,
    "api/v1/^scale-standards/(?P<pk>[^/.]+)/$": API_READ_ONLY_DETAIL,
    "api/v1/^development-regions/$": API_READ_ONLY_LIST,
    "api/v1/^development-regions/(?P<pk>[^/.]+)/$": API_READ_ONLY_DETAIL,
    "api/v1/^indicators/$": API_READ_ONLY_LIST,
    "api/v1/^indicators/(?P<pk>[^/.]+)/$": API_READ_ONLY_DETAIL,
    "api/v1/^key-projects/$": API_READ_ONLY_LIST,
    "api/v1/^key-projects/(?P<pk>[^/.]+)/$": API_READ_ONLY_DETAIL,
    "api/v1/^evaluations/$": API_LIST,
    "api/v1/^evaluations/(?P<pk>[^/.]+)/$": API_DETAIL,
    "api/v1/^evaluations/(?P<pk>[^/.]+)/sign-off/$": API_SIGN_OFF,
    "api/v1/^evaluations/(?P<pk>[^/.]+)/report/$": API_READ_ONLY_DETAIL,
    "api/v1/^plan-sections/$": API_READ_ONLY_LIST,
    "api/v1/^plan-sections/(?P<pk>[^/.]+)/$": API_READ_ONLY_DETAIL,
    "api/v1/^plan-statements/$": API_READ_ONLY_LIST,
    "api/v1/^plan-statements/(?P<pk>[^/.]+)/$": API_READ_ONLY_DETAIL,
    **{
        route: kind
        for prefix in [
            "deposits",
            "resource-reserves",
            "exploration-rights",
            "mining-rights",
            "zones",
            "indicator-values",
            "block-placements",
        ]
        for route, kind in [
            (f"api/v1/^{prefix}/$", API_LIST),
            (f"api/v1/^{prefix}/(?P<pk>[^/.]+)/$", API_DETAIL),
        ]
    },
}

# Every model with an admin, and who edits it: "edited" (编辑 adds and changes), "viewed"
# (编辑 and 查看 see it), "admins" (superusers only). Registers with Excel import/export
# are marked "+excel".
ADMIN_MODELS = {
    "auth.user": "admins",
    "auth.group": "admins",
    "planportal.plan": "viewed",
    "planportal.apitoken": "admins",
    "deposits.mineral": "viewed",
    "deposits.mineralregulation": "viewed",
    "deposits.mineralclass": "viewed",
    "deposits.deposit": "edited+excel",
    "deposits.resourcereserve": "edited+excel",
    "rights.explorationright": "edited+excel",
    "rights.miningright": "edited+excel",
    "rights.scalestandard": "viewed",
    "rights.minimumscalerule": "viewed",
    "zones.planningarea": "edited+excel",
    "zones.developmentregion": "edited",
    "targets.indicatorgroup": "viewed",
    "targets.indicator": "edited",
    "targets.indicatorvalue": "edited+excel",
    "targets.keyproject": "edited",
    "targets.statedfigure": "viewed",
    "targets.evaluation": "edited",
    "review.blockplacement": "edited",
}
ADMIN_MODEL_ROUTES = {
    "": "changelist",
    "add/": "add",
    "<path:object_id>/": "object",
    "<path:object_id>/change/": "change",
    "<path:object_id>/delete/": "delete",
    "<path:object_id>/history/": "history",
    "^([^/]+)/history/([^/]+)/$": "history-item",
    "import/": "import",
    "process_import/": "process-import",
    "export/": "export",
    "<id>/password/": "password",  # a user's password: who may change users
}
# The admin's own pages: login/logout open, the rest for staff.
ADMIN_SITE = {
    "admin/": "staff",
    "admin/login/": "login-page",
    "admin/logout/": "logout",
    "admin/password_change/": "staff",
    "admin/password_change/done/": "staff-get",
    "admin/autocomplete/": "autocomplete",
    "admin/jsi18n/": "staff-get",
    # "View on site": a register record (the matrix takes a mining right) has a page of
    # its own (get_absolute_url), so the shortcut redirects staff to it.
    "admin/r/<path:content_type_id>/<path:object_id>/": "staff-get",
    "admin/^(?P<app_label>auth|planportal|deposits|rights|zones|targets|review)/$": "staff",
    "admin/(?P<url>.*)$": "staff-404",
}


def url_patterns(patterns=None, prefix=""):
    """(route, pattern) for every URL pattern of the project, includes flattened."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            yield from url_patterns(pattern.url_patterns, route)
        else:
            yield route, pattern


ALL_ROUTES = [route for route, _pattern in url_patterns()]


def kind_of(route):
    """The table's entry for a route: (kind, model label or None), or None if missing."""
    if route in ROUTES:
        return ROUTES[route], None
    if route in ADMIN_SITE:
        return ADMIN_SITE[route], None
    match = re.fullmatch(r"admin/(\w+)/(\w+)/(.*)", route)
    if match and f"{match[1]}.{match[2]}" in ADMIN_MODELS and match[3] in ADMIN_MODEL_ROUTES:
        return ADMIN_MODEL_ROUTES[match[3]], f"{match[1]}.{match[2]}"
    return None


def test_every_url_pattern_is_in_the_table():
    missing = [route for route in ALL_ROUTES if kind_of(route) is None]
    assert not missing, (
        "URL patterns without an entry in tests/test_permission_matrix.py: add each to "
        f"ROUTES / ADMIN_MODELS / ADMIN_SITE with who may use it: {missing}"
    )


# --- Who holds which permission -----------------------------------------------------------


def has_perm(role, action, label, kind):
    if role == "superuser":
        return True
    if role not in ("viewer", "editor") or kind.startswith("admins"):
        return False
    if action == "view":
        return True
    edited = {f"{app}.{model}" for app, model in EDITED_MODELS}
    return role == "editor" and action in ("add", "change") and label in edited


STAFF = ("viewer", "editor", "superuser")


def admin_expected(kind, label, role, method):
    if kind == "login-page":
        return OK
    if kind == "logout":  # POST only; a GET by someone not signed in is sent to the login
        return NOT_ALLOWED if method == "GET" and role in STAFF else OK
    if role not in STAFF:
        return LOGIN
    if kind == "staff":
        return OK
    if kind == "staff-get":
        return OK if method == "GET" else NOT_ALLOWED
    if kind == "staff-404":
        return NOT_FOUND
    if kind == "autocomplete":  # a GET without its query names no field
        return FORBIDDEN if method == "GET" else NOT_ALLOWED
    model_kind = ADMIN_MODELS[label]
    view = has_perm(role, "view", label, model_kind) or has_perm(role, "change", label, model_kind)
    change = has_perm(role, "change", label, model_kind)
    add = has_perm(role, "add", label, model_kind)
    delete = has_perm(role, "delete", label, model_kind)
    if kind == "object":  # the old address of the change page: a redirect to it
        return OK
    if kind == "process-import":  # nothing uploaded by this user in this session
        return FORBIDDEN
    if kind in ("changelist", "history", "history-item"):
        allowed = view
    elif kind == "add":
        allowed = add
    elif kind == "change":
        allowed = view if method == "GET" else change
    elif kind == "delete":
        allowed = delete
    elif kind == "password":
        allowed = change
    elif kind == "import":
        allowed = add and change
    elif kind == "export":
        allowed = view
    else:
        raise AssertionError(kind)
    return OK if allowed else FORBIDDEN


def api_expected(kind, label, role, method):
    signed_in = role in ("viewer", "editor", "client", "superuser")
    if kind == API_UNKNOWN:
        return NOT_FOUND
    if kind == TOKEN_LOGIN:
        return BAD if method == "POST" else NOT_ALLOWED
    if kind == TOKEN_LOGOUT:
        if not signed_in:
            return UNAUTHORIZED
        return OK if method == "POST" else NOT_ALLOWED
    if role == "inactive":  # its token and session no longer count: a wrong credential
        return UNAUTHORIZED
    if kind == API_CHECK:
        return NOT_ALLOWED if method == "GET" else BAD
    if kind == API_IMPORT:
        if method == "GET":
            return NOT_ALLOWED
        if not signed_in:
            return UNAUTHORIZED
        label = "targets.indicatorvalue"
        kind_of_role = "edited" if role != "client" else "admins"
        if not all(has_perm(role, a, label, kind_of_role) for a in ("add", "change")):
            return FORBIDDEN
        return "415"  # the matrix sends JSON; the import takes a multipart upload
    if kind == API_SIGN_OFF:
        if method == "GET":
            return NOT_ALLOWED
        if not signed_in:
            return UNAUTHORIZED
        edits = has_perm(role, "change", label, "edited" if role != "client" else "admins")
        return OK if edits else FORBIDDEN
    if method == "GET":
        return OK
    if not signed_in and route_needs_login(kind, label):
        return UNAUTHORIZED
    if kind == API_INFO:
        return NOT_ALLOWED
    action = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}[method]
    # Model permissions are checked before the method: without the permission, 403.
    if not has_perm(role, action, label, "edited" if role != "client" else "admins"):
        return FORBIDDEN
    if kind in (API_READ_ONLY_LIST, API_READ_ONLY_DETAIL):
        return NOT_ALLOWED
    if method == "DELETE":
        return OK
    # An empty body: refused as invalid (POST, PUT), a partial update of nothing (PATCH).
    return BAD if method in ("POST", "PUT") else OK


def route_needs_login(kind, label):
    """A write by someone not signed in: 401, except where the view itself refuses the
    method first (the schema and docs, open like the plan)."""
    return label not in ("schema", "docs")


def page_expected(kind, role, method):
    if kind in (COLLECTION, COLLECTION_GET, COLLECTION_CONFIRM):
        if (kind, method) in ((COLLECTION_GET, "POST"), (COLLECTION_CONFIRM, "GET")):
            return NOT_ALLOWED
        if role in ("anonymous", "inactive", "client"):
            return LOGIN
        if role == "viewer" or kind == COLLECTION_CONFIRM:
            return FORBIDDEN  # a confirmation of nothing this session uploaded
        return OK
    if method == "GET" or kind == OPEN:
        return OK
    if kind in (FIGURE_FORM, EVALUATION_FORM):
        if role in ("anonymous", "inactive", "client"):
            return LOGIN
        return OK if role in ("editor", "superuser") else FORBIDDEN
    return NOT_ALLOWED


# Admin pages that take no form: a GET is all there is to ask.
ADMIN_GET_ONLY = {"history", "history-item", "object", "staff-get", "autocomplete", "staff-404"}


def methods_for(kind, role=None, admin=False):
    if admin and (kind in ADMIN_GET_ONLY or (role not in STAFF and kind != "logout")):
        # Everyone who is not staff meets the same login redirect of the admin, whatever
        # the method: one GET shows it.
        return ["GET"]
    if kind in (API_LIST, API_READ_ONLY_LIST):
        return ["GET", "POST"]
    if kind in (API_DETAIL, API_READ_ONLY_DETAIL):
        return ["GET", "PUT", "PATCH", "DELETE"]
    if kind == API_UNKNOWN:
        return ["GET", "POST", "PUT", "PATCH", "DELETE"]
    return ["GET", "POST"]


# --- Making the requests ------------------------------------------------------------------


def api_model(prefix):
    for registered, viewset, _basename in router.registry:
        if registered == prefix:
            return viewset.serializer_class.Meta.model
    raise LookupError(prefix)


# The model of each record page's ``<int:pk>``.
RECORD_PAGES = {
    "deposits/<int:pk>/": "deposits.deposit",
    "deposits/reserves/<int:pk>/": "deposits.resourcereserve",
    "rights/exploration/<int:pk>/": "rights.explorationright",
    "rights/mining/<int:pk>/": "rights.miningright",
    "zones/<int:pk>/": "zones.planningarea",
    "zones/regions/<int:pk>/": "zones.developmentregion",
    "targets/projects/<int:pk>/": "targets.keyproject",
    "deposits/minerals/<int:pk>/": "deposits.mineral",
}


def concrete(route, plan):
    """The route with real ids and codes of the loaded plan in place of its converters."""
    label = (kind_of(route) or (None, None))[1]
    model = apps.get_model(label) if label else None
    api = re.match(r"api/v1/\^([\w-]+)/", route)
    if api:
        model = api_model(api[1])
    if route.startswith("targets/"):
        model = Indicator
    if route.startswith("targets/evaluations/"):
        model = Evaluation
    if route in RECORD_PAGES:
        model = apps.get_model(RECORD_PAGES[route])
    obj = None
    if model is not None:
        queryset = model._default_manager.all()
        if model is Indicator:
            queryset = queryset.exclude(live_metric="")
        obj = queryset.order_by("pk").first()
    values = {
        "pk": obj.pk if obj else None,
        "object_id": obj.pk if obj else None,
        "code": plan.code,
        "app_label": "rights",
        "url": "no-such-page/",
        "content_type_id": None,
        "id": obj.pk if obj else None,
        "year": plan.period_end,  # the evaluation report's year
        "fmt": "xlsx",
    }
    if "content_type_id" in route:
        from django.contrib.contenttypes.models import ContentType

        from rights.models import MiningRight

        right = MiningRight.objects.order_by("pk").first()
        values.update(content_type_id=ContentType.objects.get_for_model(right).pk)
        values.update(object_id=right.pk)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m[1]]), route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m[1]]), path)
    if "([^/]+)/history/([^/]+)" in path:
        history = obj.history.order_by("history_id").first()
        path = path.replace("([^/]+)/history/([^/]+)", f"{obj.pk}/history/{history.history_id}")
    path = path.replace("^.*$", "indicator-values/0.5/").replace("^", "").replace("$", "")
    return "/" + path


@pytest.fixture
def clients(loaded_plan, make_user):
    roles_setup()
    # Staff's record, not the plan's: one placement, so that its pages have a row to show.
    BlockPlacement.objects.create(
        mining_right=MiningRight.objects.filter(plan=loaded_plan).order_by("pk").first(),
        block=PlanningArea.objects.filter(plan=loaded_plan, kind=ZoneKind.MINING_BLOCK).first(),
    )

    # Staff's record too: an open evaluation of the plan, for its pages and API.
    Evaluation.objects.create(plan=loaded_plan, year=loaded_plan.period_end)

    def member(name, role, staff=True):
        user = make_user(name, staff=staff)
        user.groups.add(Group.objects.get(name=role))
        return user

    users = {
        "viewer": member("查看人", VIEWER),
        "editor": member("编辑人", EDITOR),
        "client": member("接口客户", API_CLIENT, staff=False),
        "superuser": make_user("超级", staff=True, superuser=True),
        "inactive": member("停用人", EDITOR),
    }
    result = {"anonymous": Client()}
    for role, user in users.items():
        _instance, token = AuthToken.objects.create(user=user)
        client = Client(HTTP_AUTHORIZATION=f"Token {token}")
        if role != "client":
            client.force_login(user)
        result[role] = client
    users["inactive"].is_active = False
    users["inactive"].save()
    return result


def answer_class(response):
    code = response.status_code
    if code == 302 and "/admin/login/" in response.get("Location", ""):
        return LOGIN
    if code < 400:
        return OK
    return str(code)


def area(route):
    """Routes are tested in groups (one set of users each): pages, API, admin site, a model."""
    if route.startswith("api/"):
        return "api"
    if not route.startswith("admin/"):
        return "pages"
    return kind_of(route)[1] or "admin"


AREAS = sorted({area(route) for route in ALL_ROUTES if kind_of(route)})


@pytest.mark.parametrize("group", AREAS)
def test_every_role_gets_the_expected_answer(group, clients, loaded_plan):
    wrong = []
    for route in ALL_ROUTES:
        if kind_of(route) and area(route) == group:
            wrong.extend(check_route(route, clients, loaded_plan))
    assert not wrong, "\n".join(wrong)


def check_route(route, clients, loaded_plan):
    kind, label = kind_of(route)
    path = concrete(route, loaded_plan)
    wrong = []
    for role in ROLES:
        for method in methods_for(kind, role, admin=route.startswith("admin/")):
            if route.startswith("api/"):
                expected = api_expected(kind, label or api_label(route), role, method)
            elif route.startswith("admin/"):
                expected = admin_expected(kind, label, role, method)
            else:
                expected = page_expected(kind, role, method)
            # Cookies as before (a logout clears them), the database too.
            cookies = copy.deepcopy(clients[role].cookies)
            with transaction.atomic():
                response = clients[role].generic(
                    method,
                    path,
                    "{}" if route.startswith("api/") else "",
                    content_type="application/json"
                    if route.startswith("api/")
                    else "application/x-www-form-urlencoded",
                )
                transaction.set_rollback(True)
            clients[role].cookies = cookies
            got = answer_class(response)
            if got != expected:
                wrong.append(f"{role} {method} {path}: expected {expected}, got {got}")
    return wrong


def api_label(route):
    match = re.match(r"api/v1/\^([\w-]+)/", route)
    if match:
        return api_model(match[1])._meta.label_lower
    return route.removeprefix("api/v1/").strip("/") or "root"


def test_setup_roles_is_idempotent(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("setup_roles", stdout=StringIO())
    first = {group.name: set(group.permissions.all()) for group in Group.objects.all()}
    group = Group.objects.get(name=VIEWER)
    group.permissions.clear()  # someone tampered with a role: running again restores it
    call_command("setup_roles", stdout=StringIO())
    again = {group.name: set(group.permissions.all()) for group in Group.objects.all()}
    assert again == first
    assert set(first) >= {EDITOR, VIEWER, API_CLIENT}
    assert not any(p.codename.startswith(("add_", "change_", "delete_")) for p in first[VIEWER])
    assert not any(p.codename.startswith("delete_") for p in first[EDITOR])
