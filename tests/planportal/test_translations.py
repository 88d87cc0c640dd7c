"""Every string the portal shows has its Chinese translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SOURCE_DIRS = [
    "planportal",
    "deposits",
    "rights",
    "zones",
    "targets",
    "review",
    "templates",
    "static",
]


@pytest.fixture(scope="module")
def extracted_catalogue(tmp_path_factory):
    """Run makemessages over a copy of the source, into a fresh catalogue."""
    if not shutil.which("xgettext"):
        pytest.fail("gettext is not installed: `make messages` installs it")
    copy = tmp_path_factory.mktemp("source")
    for name in [*SOURCE_DIRS, "manage.py"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, copy / name, ignore=shutil.ignore_patterns("vendor", "__pycache__")
            )
        elif source.exists():
            shutil.copy(source, copy / name)
    (copy / "locale").mkdir()
    (copy / "extract_settings.py").write_text(
        "from planportal.settings import *\nLOCALE_PATHS = [BASE_DIR / 'locale']\n"
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-location", "-v0"],
        cwd=copy,
        env={
            "DJANGO_SETTINGS_MODULE": "extract_settings",
            "PYTHONPATH": str(copy),
            "PATH": "/usr/bin:/bin",
        },
        check=True,
    )
    return copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def translated_entries():
    entries = set()
    for path in ROOT.glob("locale/*/zh_Hans/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(path)):
            if entry.translated() and not entry.obsolete:
                entries.add((entry.msgctxt, entry.msgid))
    return entries


def test_every_ui_string_has_a_chinese_translation(extracted_catalogue):
    have = translated_entries()
    missing = [
        entry.msgid
        for entry in polib.pofile(str(extracted_catalogue))
        if (entry.msgctxt, entry.msgid) not in have
    ]
    assert not missing, f"strings with no Chinese in locale/*/zh_Hans: {missing}"
