"""The project's catalogues never change the meaning of one of Django's own strings.

``LOCALE_PATHS`` come before every app's catalogue, so a project entry for a msgid Django
also translates wins everywhere, the admin included: the bare "group" translated as the
indicator group made ``/admin/auth/group/`` read "选择 指标组 来修改". An ambiguous word takes
a message context (``pgettext``, ``{% translate … context … %}``); a word meant as Django
means it takes Django's translation.
"""

from pathlib import Path

import django
import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DJANGO_ROOT = Path(django.__file__).parent


def django_translations():
    """``(msgctxt, msgid)`` → {msgstr: catalogue} over Django's own zh_Hans catalogues."""
    catalogues = [
        DJANGO_ROOT / "conf" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po",
        *sorted(DJANGO_ROOT.glob("contrib/*/locale/zh_Hans/LC_MESSAGES/django.po")),
    ]
    translations = {}
    for path in catalogues:
        for entry in polib.pofile(str(path)):
            if entry.translated() and not entry.obsolete:
                translations.setdefault((entry.msgctxt, entry.msgid), {})[translation(entry)] = str(
                    path.relative_to(DJANGO_ROOT)
                )
    return translations


def translation(entry):
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
    return entry.msgstr


def test_django_catalogues_are_read():
    translations = django_translations()
    # The check below is only as good as this read: Django's own word for an auth group.
    assert translations[(None, "group")] == {
        "组": "contrib/auth/locale/zh_Hans/LC_MESSAGES/django.po"
    }


def test_no_project_msgid_shadows_one_of_djangos_with_another_translation():
    theirs = django_translations()
    shadowing = []
    for path in sorted(ROOT.glob("locale/*/zh_Hans/LC_MESSAGES/django.po")):
        for entry in polib.pofile(str(path)):
            if not entry.translated() or entry.obsolete:
                continue
            django_words = theirs.get((entry.msgctxt, entry.msgid))
            if django_words and translation(entry) not in django_words:
                shadowing.append(
                    f"{path.relative_to(ROOT)}: {entry.msgid!r} → {translation(entry)!r}, "
                    f"Django says {sorted(django_words)!r} ({', '.join(django_words.values())})"
                )
    assert not shadowing, (
        "project translations that override Django's own with another word; give the "
        "project's string a message context (pgettext) or use Django's word:\n"
        + "\n".join(shadowing)
    )


@pytest.mark.django_db
def test_group_admin_shows_djangos_word_for_group(client, superuser):
    client.force_login(superuser)
    page = client.get("/admin/auth/group/", headers={"accept-language": "zh-hans"})
    text = page.content.decode()
    assert page.status_code == 200
    # The heading and the title: the indicator groups keep their own name in the sidebar.
    assert "<h1>选择 组 来修改</h1>" in text
    assert "选择 指标组 来修改" not in text
