"""``manage.py load_plan``: load (or reload) the plan's fixtures, all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from planportal.loader import FIXTURES_DIR, FixtureError, plan_load


class Command(BaseCommand):
    help = (
        "Load the plan's tables from fixtures/ (atomic and idempotent). A record that someone "
        "changed since the last load is kept and listed (field, plan value, current value, who "
        "and when) unless --overwrite is given. Actual figures (IndicatorValue) entered or "
        "changed by staff are never overwritten, not even with --overwrite."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures",
            default=str(FIXTURES_DIR),
            help="Folder of fixture files (default: fixtures/).",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help=(
                "Put the plan's values back into records that staff changed since the last "
                "load (registers, zones, targets); actual figures entered by staff stay as "
                "they are."
            ),
        )

    def handle(self, *args, **options):
        try:
            report = plan_load(options["fixtures"], overwrite=options["overwrite"])
        except FixtureError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc
        for line in report.lines():
            self.stdout.write(line)
        if report.overwritten_records:
            self.stdout.write(
                self.style.WARNING(
                    f"Overwrote {len(report.overwritten_records)} record(s) changed since the "
                    "last load with the plan's values:"
                )
            )
            for record in report.overwritten_records:
                for line in record.lines():
                    self.stdout.write(f"  {line}")
        if report.kept_records:
            why = (
                "actual figures entered by staff are never overwritten"
                if options["overwrite"]
                else "run with --overwrite to put the plan's values back; actual figures "
                "entered by staff are always kept"
            )
            self.stdout.write(
                self.style.WARNING(
                    f"Kept {len(report.kept_records)} record(s) changed since the last load "
                    f"({why}):"
                )
            )
            for record in report.kept_records:
                for line in record.lines():
                    self.stdout.write(f"  {line}")
        if report.changed:
            self.stdout.write(self.style.SUCCESS("Plan loaded."))
        elif report.kept_records:
            self.stdout.write(
                self.style.SUCCESS("Nothing else changed: the rest of the plan is up to date.")
            )
        else:
            self.stdout.write(self.style.SUCCESS("Plan already up to date: nothing changed."))
