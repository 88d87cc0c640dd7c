"""The pages' catalogue translates every string the templates mark for translation."""

import re
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "pages" / "zh_Hans" / "LC_MESSAGES" / "django.po"
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def catalogue():
    """msgid -> msgstr (the first plural form for plural entries)."""
    text = CATALOGUE.read_text(encoding="utf-8")
    entries = {}
    for msgid, msgstr in re.findall(
        r'^msgid "(.*)"\n(?:msgid_plural ".*"\n)?msgstr(?:\[0\])? "(.*)"$', text, re.M
    ):
        entries[msgid] = msgstr
    return entries


def test_every_entry_has_a_chinese_translation():
    entries = catalogue()
    assert len(entries) > 100
    untranslated = [msgid for msgid, msgstr in entries.items() if msgid and not msgstr]
    assert not untranslated, f"untranslated in {CATALOGUE}: {untranslated}"


def test_every_translate_tag_of_the_templates_is_in_the_catalogue():
    entries = catalogue()
    missing, checked = [], 0
    for template in TEMPLATES.rglob("*.html"):
        source = template.read_text(encoding="utf-8")
        for _quote, text in re.findall(r"""{% translate (["'])(.+?)\1 %}""", source):
            checked += 1
            if text not in entries:
                missing.append(f"{template.name}: {text}")
    assert checked > 50
    assert not missing, "run makemessages for the pages and translate: " + "; ".join(missing)
