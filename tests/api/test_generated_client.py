"""A Python client generated from the served schema reads and writes on the first try.

openapi-python-client (pinned in requirements-dev.txt) generates the client from
/api/v1/schema/ of a live test server, with no warning; generated_client_script.py then
lists, filters, pages, reads, logs in, creates, updates and deletes an actual figure and
meets a 400 through it, in a process of its own, as an integrator would.
"""

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from tests.factories import make_indicator

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
SCRIPT = Path(__file__).with_name("generated_client_script.py")
PASSWORD = "client-password-不可猜"

# No ruff (or any other post-hook) run on the generated code: the test works offline and
# checks what the generator itself writes.
GENERATOR_CONFIG = """\
project_name_override: plan-portal-client
package_name_override: plan_portal_client
post_hooks: []
"""


def generate_client(schema_url, directory):
    """Generates the client package into ``directory``; returns the generator's output."""
    with urllib.request.urlopen(schema_url) as response:
        schema = json.load(response)
    schema_file = directory / "schema.json"
    schema_file.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    config = directory / "config.yaml"
    config.write_text(GENERATOR_CONFIG, encoding="utf-8")
    result = subprocess.run(
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(schema_file),
            "--config",
            str(config),
            "--meta",
            "none",
            "--output-path",
            str(directory / "plan_portal_client"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


def test_a_generated_client_reads_and_writes_on_the_first_try(live_server, loaded_plan, tmp_path):
    user = get_user_model().objects.create_user(username="integrator", password=PASSWORD)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="targets",
            codename__in=[
                "view_indicatorvalue",
                "add_indicatorvalue",
                "change_indicatorvalue",
                "delete_indicatorvalue",
            ],
        )
    )
    target = make_indicator(loaded_plan, unit="10k_t")

    output = generate_client(f"{live_server.url}/api/v1/schema/?format=json", tmp_path)
    assert "warning" not in output.lower(), output

    result = subprocess.run(
        [sys.executable, str(SCRIPT), live_server.url, user.username, PASSWORD, str(target.pk)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "every step passed" in result.stdout
