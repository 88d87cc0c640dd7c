"""``manage.py load_plan``: load (or reload) the plan's fixtures, all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from targets.plan_fixtures import FIXTURES_DIR, FixtureError, plan_load


class Command(BaseCommand):
    help = "Load the plan's tables from fixtures/ (atomic and idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures",
            default=str(FIXTURES_DIR),
            help="Folder of fixture files (default: fixtures/).",
        )

    def handle(self, *args, **options):
        try:
            report = plan_load(options["fixtures"])
        except FixtureError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc
        for line in report.lines():
            self.stdout.write(line)
        if report.changed:
            self.stdout.write(self.style.SUCCESS("Plan loaded."))
        else:
            self.stdout.write(self.style.SUCCESS("Plan already up to date: nothing changed."))
