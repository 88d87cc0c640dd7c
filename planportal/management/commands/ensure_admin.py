"""``manage.py ensure_admin``: make sure an administrator can log in, never with a fixed password."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the administrator account if none exists. The password comes from "
        "ADMIN_PASSWORD or is generated and written to var/admin-password.txt."
    )

    def handle(self, *args, **options):
        user_model = get_user_model()
        username = os.environ.get("ADMIN_USERNAME", "admin")
        password_file = Path(settings.BASE_DIR) / "var" / "admin-password.txt"
        if user_model.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                f"An administrator exists. Log in at /admin/ with its password "
                f"(generated ones are in {password_file}; ADMIN_PASSWORD if you set one)."
            )
            return
        password = os.environ.get("ADMIN_PASSWORD")
        source = "the ADMIN_PASSWORD environment variable"
        if not password:
            password = secrets.token_urlsafe(12)
            password_file.parent.mkdir(exist_ok=True)
            password_file.write_text(password + "\n", encoding="utf-8")
            password_file.chmod(0o600)
            source = f"{password_file} (generated; set ADMIN_PASSWORD to choose one)"
        user_model.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(f"Administrator “{username}” created; its password is in {source}.")
        )
