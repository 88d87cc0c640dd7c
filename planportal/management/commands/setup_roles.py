"""``manage.py setup_roles``: the groups 编辑, 查看 and 接口 with their permissions."""

from django.core.management.base import BaseCommand

from planportal.roles import roles_setup


class Command(BaseCommand):
    help = (
        "Create the groups 编辑 (edit), 查看 (view) and 接口 (API clients), or reset their "
        "permissions to the declared ones (planportal/roles.py). Safe to run again."
    )

    def handle(self, *args, **options):
        for name, (created, count) in roles_setup().items():
            if options["verbosity"] < 1:
                continue
            state = "created" if created else "updated"
            self.stdout.write(f"{name}: {state}, {count} permissions")
