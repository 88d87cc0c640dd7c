"""gunicorn preloads planportal.wsgi in its master: the workers it forks start warm, and the
master never opens a database connection the workers would share."""

from planportal.warmup import project_templates
from tests.planportal.test_settings import PRODUCTION, python

# Nothing listens on port 1: any query during the import would fail it.
UNREACHABLE = {**PRODUCTION, "DATABASE_URL": "postgres://planportal:secret@127.0.0.1:1/planportal"}

PROBE = """
import gc, sys
import planportal.wsgi
from django.db import connections
from django.template import engines
from django.utils.translation import trans_real
loader = engines["django"].engine.template_loaders[0]
print("urls", "planportal.api.urls" in sys.modules and "rights.views" in sys.modules)
print("languages", sorted(trans_real._translations))
print("templates", len(loader.get_template_cache))
print("connections", [c.alias for c in connections.all(initialized_only=True) if c.connection])
print("frozen", gc.get_freeze_count() > 10000)
"""


def test_importing_the_wsgi_module_warms_up_without_touching_the_database():
    result = python("-c", PROBE, **UNREACHABLE)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["urls"] == "True"
    assert lines["languages"] == "['en', 'zh-hans']"
    assert int(lines["templates"]) >= len(project_templates()) > 30
    assert lines["connections"] == "[]"
    assert lines["frozen"] == "True"
